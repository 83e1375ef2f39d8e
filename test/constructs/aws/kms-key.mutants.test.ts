import { KmsKey, KmsKeyProps } from "../../../constructs/aws/kms-key";
import { validationErrorOf } from "../../helpers/errors";
import { Json, onlyResource, synthConstruct } from "../../helpers/synth";

/*
 * Survivors of `npm run test:mutation` on constructs/aws/kms-key.ts (2026-12-01): a disabled key
 * and validation patterns that lost an anchor went unnoticed.
 */
const base: KmsKeyProps = {
  purpose: "logs",
  aliasName: "acme-ai-prod-logs",
  accountId: "222222222222",
  adminRoleArn: "arn:aws:iam::222222222222:role/blueprint-key-admin",
};

function synthKey(props: Partial<KmsKeyProps> = {}): Json {
  return synthConstruct((scope) => new KmsKey(scope, "key", { ...base, ...props }));
}

function codesFor(props: Partial<KmsKeyProps>): string[] {
  return validationErrorOf(() => synthKey(props)).problems.map((p) => p.code);
}

describe("aws KmsKey (mutation survivors)", () => {
  test("the key is enabled", () => {
    expect(onlyResource(synthKey(), "aws_kms_key")["is_enabled"]).toBe(true);
  });

  test.each([
    ["a 12-digit id with a prefix", "x222222222222"],
    ["a 12-digit id with a suffix", "222222222222x"],
  ])("accountId: %s is AWS_ACCOUNT_ID_INVALID", (_why, accountId) => {
    expect(codesFor({ accountId })).toEqual(["AWS_ACCOUNT_ID_INVALID"]);
  });

  test.each([
    ["a role ARN with a prefix", "x-arn:aws:iam::222222222222:role/admin"],
    ["a role ARN followed by a space and more", "arn:aws:iam::222222222222:role/admin x"],
  ])("adminRoleArn: %s is AWS_KMS_ADMIN_ROLE_INVALID", (_why, adminRoleArn) => {
    expect(codesFor({ adminRoleArn })).toEqual(["AWS_KMS_ADMIN_ROLE_INVALID"]);
  });

  test.each([
    ["a prefix outside the alphabet", "!acme-ai-prod-logs"],
    ["a suffix outside the alphabet", "acme-ai-prod-logs!"],
  ])("aliasName: %s is AWS_KMS_ALIAS_INVALID", (_why, aliasName) => {
    expect(codesFor({ aliasName })).toEqual(["AWS_KMS_ALIAS_INVALID"]);
  });
});

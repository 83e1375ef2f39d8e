import { SigningKey, SigningKeyProps } from "../../../constructs/aws/signing-key";
import { rule as keyAdminsSeparated } from "../../../policies/rules/aws/key-admins-cannot-use-keys";
import { rule as keysRotate } from "../../../policies/rules/aws/keys-rotate";
import { rule as signingRestricted } from "../../../policies/rules/aws/signing-keys-are-publisher-only";
import { runCase } from "../../policies/rule-cases";
import { validationErrorOf } from "../../helpers/errors";
import { Json, onlyResource, resourcesOf, synthConstruct } from "../../helpers/synth";

const ADMIN = "arn:aws:iam::222222222222:role/blueprint-key-admin";
const PUBLISHER_A = "arn:aws:iam::222222222222:role/fraud-scoring-publisher";
const PUBLISHER_B = "arn:aws:iam::222222222222:role/llm-adapters-publisher";
const GATE = "arn:aws:iam::222222222222:role/promotion-gate";
const DEPLOYER = "arn:aws:iam::222222222222:role/ci-deployer";

const base: SigningKeyProps = {
  aliasName: "acme-ai-prod-signing",
  accountId: "222222222222",
  adminRoleArn: ADMIN,
  publisherRoleArns: [PUBLISHER_A, PUBLISHER_B],
  publicKeyReaderArns: [DEPLOYER],
};

function synthKey(props: Partial<SigningKeyProps> = {}): Json {
  return synthConstruct((scope) => new SigningKey(scope, "signing", { ...base, ...props }));
}

interface Statement {
  Sid: string;
  [key: string]: unknown;
}

function statements(stack: Json): Statement[] {
  return (JSON.parse(onlyResource(stack, "aws_kms_key")["policy"] as string) as { Statement: Statement[] }).Statement;
}

function statement(stack: Json, sid: string): Statement | undefined {
  return statements(stack).find((s) => s.Sid === sid);
}

describe("aws SigningKey", () => {
  test("is an ECC_NIST_P256 SIGN_VERIFY key without automatic rotation (asymmetric keys cannot rotate)", () => {
    const key = onlyResource(synthKey(), "aws_kms_key");
    expect(key["customer_master_key_spec"]).toBe("ECC_NIST_P256");
    expect(key["key_usage"]).toBe("SIGN_VERIFY");
    expect(key["enable_key_rotation"]).toBe(false);
    expect(key["rotation_period_in_days"]).toBeUndefined();
    expect(key["multi_region"]).toBe(false);
    expect(key["bypass_policy_lockout_safety_check"]).toBe(false);
    expect(key["tags"]).toEqual({ purpose: "signing" });
    expect(key["description"]).toBe("acme-ai-prod-signing: model signatures (publishers sign, the promotion gate verifies)");
  });

  test("deletion window 30 days and prevent_destroy by default; loosening is explicit", () => {
    expect(onlyResource(synthKey(), "aws_kms_key")["deletion_window_in_days"]).toBe(30);
    expect(onlyResource(synthKey(), "aws_kms_key")["lifecycle"]).toEqual({ prevent_destroy: true });
    const loose = onlyResource(synthKey({ deletionWindowDays: 7, preventDestroy: false }), "aws_kms_key");
    expect(loose["deletion_window_in_days"]).toBe(7);
    expect(loose["lifecycle"]).toEqual({ prevent_destroy: false });
  });

  test("alias alias/<name> targets the key by attribute", () => {
    const alias = onlyResource(synthKey(), "aws_kms_alias");
    expect(alias["name"]).toBe("alias/acme-ai-prod-signing");
    expect(alias["target_key_id"]).toMatch(/^\$\{aws_kms_key\.signing_[A-Z0-9]+\.key_id\}$/);
  });

  test("key policy starts with the account root and admin statements of every KmsKey", () => {
    const [root, admin] = statements(synthKey());
    expect(root).toEqual({ Sid: "AccountRootDelegatesToIam", Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:root" }, Action: "kms:*", Resource: "*" });
    expect(admin!.Sid).toBe("AdminRoleManagesKey");
    expect(admin!["Principal"]).toEqual({ AWS: ADMIN });
  });

  test("kms:Sign is denied to every principal but the publishers, and allowed to them", () => {
    const stack = synthKey();
    expect(statement(stack, "DenySignExceptPublishers")).toEqual({
      Sid: "DenySignExceptPublishers",
      Effect: "Deny",
      Principal: "*",
      Action: "kms:Sign",
      Resource: "*",
      Condition: { ArnNotEquals: { "aws:PrincipalArn": [PUBLISHER_A, PUBLISHER_B] } },
    });
    expect(statement(stack, "PublishersSign")).toEqual({
      Sid: "PublishersSign",
      Effect: "Allow",
      Principal: { AWS: [PUBLISHER_A, PUBLISHER_B] },
      Action: ["kms:Sign", "kms:GetPublicKey"],
      Resource: "*",
    });
  });

  test("with no publisher nobody can sign: an unconditional Deny and no Allow", () => {
    const stack = synthKey({ publisherRoleArns: [] });
    expect(statement(stack, "DenySignExceptPublishers")).toEqual({ Sid: "DenySignExceptPublishers", Effect: "Deny", Principal: "*", Action: "kms:Sign", Resource: "*" });
    expect(statement(stack, "PublishersSign")).toBeUndefined();
  });

  test("kms:Verify is denied to all but the admin role by default (no gate yet)", () => {
    const stack = synthKey();
    expect(statement(stack, "DenyVerifyExceptVerifiers")).toEqual({
      Sid: "DenyVerifyExceptVerifiers",
      Effect: "Deny",
      Principal: "*",
      Action: "kms:Verify",
      Resource: "*",
      Condition: { ArnNotEquals: { "aws:PrincipalArn": [ADMIN] } },
    });
    expect(statement(stack, "VerifiersVerify")).toBeUndefined();
  });

  test("a gate role verifies and reads the public key", () => {
    const stack = synthKey({ verifierRoleArns: [GATE] });
    expect(statement(stack, "DenyVerifyExceptVerifiers")!["Condition"]).toEqual({ ArnNotEquals: { "aws:PrincipalArn": [GATE, ADMIN] } });
    expect(statement(stack, "VerifiersVerify")).toEqual({
      Sid: "VerifiersVerify",
      Effect: "Allow",
      Principal: { AWS: [GATE] },
      Action: ["kms:Verify", "kms:GetPublicKey", "kms:DescribeKey"],
      Resource: "*",
    });
    expect(statement(stack, "DenyPublicKeyExceptNamed")!["Condition"]).toEqual({ ArnNotEquals: { "aws:PrincipalArn": [PUBLISHER_A, PUBLISHER_B, GATE, ADMIN, DEPLOYER] } });
  });

  test("GetPublicKey is denied to all but publishers, the admin role and the named readers", () => {
    expect(statement(synthKey(), "DenyPublicKeyExceptNamed")).toEqual({
      Sid: "DenyPublicKeyExceptNamed",
      Effect: "Deny",
      Principal: "*",
      Action: "kms:GetPublicKey",
      Resource: "*",
      Condition: { ArnNotEquals: { "aws:PrincipalArn": [PUBLISHER_A, PUBLISHER_B, ADMIN, DEPLOYER] } },
    });
  });

  test("by default the deployer reading the public key is the caller's session issuer (the role, not the session)", () => {
    const stack = synthKey({ publicKeyReaderArns: undefined });
    const session = resourcesOf({ resource: (stack["data"] as Json) ?? {} }, "aws_iam_session_context");
    expect(Object.values(session)).toEqual([{ arn: expect.stringMatching(/^\$\{data\.aws_caller_identity\.signing_Deployer_[A-Z0-9]+\.arn\}$/) }]);
    const readers = (statement(stack, "DenyPublicKeyExceptNamed")!["Condition"] as { ArnNotEquals: Record<string, string[]> }).ArnNotEquals["aws:PrincipalArn"]!;
    expect(readers).toEqual([PUBLISHER_A, PUBLISHER_B, ADMIN, expect.stringMatching(/^\$\{data\.aws_iam_session_context\.signing_DeployerSession_[A-Z0-9]+\.issuer_arn\}$/)]);
  });

  test("the public key PEM is read from KMS by the key's ARN, after the key exists", () => {
    const stack = synthKey();
    const publicKeys = resourcesOf({ resource: (stack["data"] as Json) ?? {} }, "aws_kms_public_key");
    expect(Object.values(publicKeys)).toEqual([{ key_id: expect.stringMatching(/^\$\{aws_kms_key\.signing_[A-Z0-9]+\.arn\}$/) }]);
    const exposed: string[] = [];
    synthConstruct((scope) => exposed.push(new SigningKey(scope, "signing", base).publicKeyPem));
    expect(exposed[0]).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
  });

  test("KEY-ADMIN-SEPARATED-AWS passes (the admin role cannot use the key) and KEY-ROTATION-AWS does not apply", () => {
    const stack = synthKey({ verifierRoleArns: [GATE] });
    const separated = runCase(keyAdminsSeparated, { name: "signing key", stack });
    expect(separated.findings.map((f) => f.message)).toEqual([]);
    expect(separated.tally?.compliant).toBe(1);
    const rotation = runCase(keysRotate, { name: "signing key", stack });
    expect(rotation.findings.map((f) => f.message)).toEqual([]);
    expect(rotation.tally?.compliant).toBe(0);
  });

  test("SIGNING-KEY-RESTRICTED-AWS passes with publishers and with none", () => {
    for (const publisherRoleArns of [[PUBLISHER_A], []]) {
      const { findings, tally } = runCase(signingRestricted, { name: "signing key", stack: synthKey({ publisherRoleArns }) });
      expect(findings.map((f) => f.message)).toEqual([]);
      expect(tally?.compliant).toBe(1);
    }
  });

  test("rejects bad values, each with its code", () => {
    const error = validationErrorOf(() =>
      synthConstruct((scope) =>
        new SigningKey(scope, "signing", {
          aliasName: "aws/reserved",
          accountId: "12345",
          partition: "azure",
          adminRoleArn: "arn:aws:iam::222222222222:user/alice",
          publisherRoleArns: ["not-an-arn", ADMIN, GATE],
          verifierRoleArns: ["arn:aws:iam::222222222222:root", GATE],
          deletionWindowDays: 31,
        }),
      ),
    );
    expect(error.problems.map((p) => [p.code, p.prop])).toEqual([
      ["AWS_KMS_DELETION_WINDOW_OUT_OF_RANGE", "deletionWindowDays"],
      ["AWS_KMS_ALIAS_INVALID", "aliasName"],
      ["AWS_ACCOUNT_ID_INVALID", "accountId"],
      ["AWS_PARTITION_INVALID", "partition"],
      ["AWS_KMS_ADMIN_ROLE_INVALID", "adminRoleArn"],
      ["AWS_SIGNING_PUBLISHER_INVALID", "publisherRoleArns[0]"],
      ["AWS_SIGNING_VERIFIER_INVALID", "verifierRoleArns[0]"],
      ["AWS_SIGNING_PUBLISHER_IS_VERIFIER", "publisherRoleArns[2]"],
    ]);
  });

  test("a publisher that is also the admin role is refused (it could sign and re-policy the key)", () => {
    const error = validationErrorOf(() => synthConstruct((scope) => new SigningKey(scope, "signing", { ...base, publisherRoleArns: [ADMIN] })));
    expect(error.problems.map((p) => [p.code, p.prop, p.value])).toEqual([["AWS_SIGNING_PUBLISHER_IS_ADMIN", "publisherRoleArns[0]", JSON.stringify(ADMIN)]]);
  });

  test("another purpose (the gate's attestation key) changes only the description and the purpose tag", () => {
    const key = onlyResource(synthKey({ purpose: { tag: "gate-attestation", description: "promotion gate decision records" } }), "aws_kms_key");
    expect(key["tags"]).toEqual({ purpose: "gate-attestation" });
    expect(key["description"]).toBe("acme-ai-prod-signing: promotion gate decision records");
    expect(key["customer_master_key_spec"]).toBe("ECC_NIST_P256");
    expect(key["key_usage"]).toBe("SIGN_VERIFY");
  });
});

import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { KMS_ADMIN_ACTIONS, KmsKey, KmsKeyProps } from "../../../constructs/aws/kms-key";
import { coveredActions } from "../../checkers/check";
import { awsKeysRotate } from "../../checkers/key-rotation";
import { AWS_KMS_USE_ACTIONS, awsKeyAdminsCannotUseKeys } from "../../checkers/least-privilege";
import { validationErrorOf } from "../../helpers/errors";
import { resolved } from "../../helpers/resolve";
import { Json, onlyResource, synthConstruct } from "../../helpers/synth";

const base: KmsKeyProps = {
  purpose: "logs",
  aliasName: "acme-ai-prod-logs",
  accountId: "222222222222",
  adminRoleArn: "arn:aws:iam::222222222222:role/blueprint-key-admin",
};

function synthKey(props: Partial<KmsKeyProps> = {}): Json {
  return synthConstruct((scope) => new KmsKey(scope, "key", { ...base, ...props }));
}

interface Statement {
  Sid: string;
  Effect: string;
  Principal: { AWS: string } | string;
  Action: string | string[];
}

function policyOf(stack: Json): { Statement: Statement[] } {
  return JSON.parse(onlyResource(stack, "aws_kms_key")["policy"] as string) as { Statement: Statement[] };
}

describe("aws KmsKey", () => {
  test("is a symmetric customer-managed key with automatic rotation every 90 days", () => {
    const key = onlyResource(synthKey(), "aws_kms_key");
    expect(key["customer_master_key_spec"]).toBe("SYMMETRIC_DEFAULT");
    expect(key["key_usage"]).toBe("ENCRYPT_DECRYPT");
    expect(key["enable_key_rotation"]).toBe(true);
    expect(key["rotation_period_in_days"]).toBe(90);
    expect(key["multi_region"]).toBe(false);
    expect(key["bypass_policy_lockout_safety_check"]).toBe(false);
  });

  test("the description names the alias and what the key protects", () => {
    expect(onlyResource(synthKey(), "aws_kms_key")["description"]).toBe("acme-ai-prod-logs: immutable audit-log storage and audit trails");
    expect(onlyResource(synthKey({ purpose: "state", aliasName: "acme-ai-tfstate" }), "aws_kms_key")["description"]).toBe("acme-ai-tfstate: Terraform remote state");
  });

  test("deletion window defaults to 30 days and prevent_destroy to true", () => {
    const key = onlyResource(synthKey(), "aws_kms_key");
    expect(key["deletion_window_in_days"]).toBe(30);
    expect(key["lifecycle"]).toEqual({ prevent_destroy: true });
  });

  test("loosening is explicit: a 7-day window and no prevent_destroy", () => {
    const key = onlyResource(synthKey({ deletionWindowDays: 7, preventDestroy: false }), "aws_kms_key");
    expect(key["deletion_window_in_days"]).toBe(7);
    expect(key["lifecycle"]).toEqual({ prevent_destroy: false });
  });

  test("#1 key policy: the account root delegates to IAM, the admin role manages; both statements whole", () => {
    expect(JSON.parse(onlyResource(synthKey(), "aws_kms_key")["policy"] as string)).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "AccountRootDelegatesToIam", Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:root" }, Action: "kms:*", Resource: "*" },
        {
          Sid: "AdminRoleManagesKey",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::222222222222:role/blueprint-key-admin" },
          Action: [
            "kms:CancelKeyDeletion",
            "kms:CreateAlias",
            "kms:Delete*",
            "kms:Describe*",
            "kms:Disable*",
            "kms:Enable*",
            "kms:Get*",
            "kms:List*",
            "kms:Put*",
            "kms:Revoke*",
            "kms:RotateKeyOnDemand",
            "kms:ScheduleKeyDeletion",
            "kms:TagResource",
            "kms:UntagResource",
            "kms:Update*",
          ],
          Resource: "*",
        },
      ],
    });
  });

  test("#1 no admin action, wildcards expanded, is a use action (kms:Generate*, kms:Create* or kms:* would be)", () => {
    const admin = policyOf(synthKey()).Statement.find((s) => s.Sid === "AdminRoleManagesKey")!;
    expect(coveredActions([admin.Action].flat(), AWS_KMS_USE_ACTIONS)).toEqual([]);
    // The exported list too: any other construct that grants it is held to the same rule.
    expect(coveredActions([...KMS_ADMIN_ACTIONS], AWS_KMS_USE_ACTIONS)).toEqual([]);
  });

  test("the checkers find the admin role unable to use the key (guarded or not) and rotation on", () => {
    const key = [expect.stringMatching(/^aws_kms_key\.key_[A-Z0-9]+$/)];
    expect(awsKeyAdminsCannotUseKeys(synthKey())).toEqual({ status: "compliant", checked: key });
    expect(awsKeyAdminsCannotUseKeys(synthKey({ evidenceGuard: {} }))).toEqual({ status: "compliant", checked: key });
    expect(awsKeysRotate(synthKey())).toEqual({ status: "compliant", checked: key });
  });

  test("root principal follows the partition", () => {
    const { Statement } = policyOf(synthKey({ partition: "aws-us-gov", adminRoleArn: "arn:aws-us-gov:iam::222222222222:role/admin" }));
    expect(Statement[0]!.Principal).toEqual({ AWS: "arn:aws-us-gov:iam::222222222222:root" });
  });

  test("alias targets the key", () => {
    const stack = synthKey();
    const alias = onlyResource(stack, "aws_kms_alias");
    expect(alias["name"]).toBe("alias/acme-ai-prod-logs");
    expect(alias["target_key_id"]).toMatch(/^\$\{aws_kms_key\.key_[A-Z0-9]+\.key_id\}$/);
  });

  test("#1 exposes the alias name as the alias resource's attribute, not a re-spelled literal", () => {
    const exposed: unknown[] = [];
    synthConstruct((scope) => {
      const key = new KmsKey(scope, "key", base);
      exposed.push(resolved(scope, key.aliasName), resolved(scope, key.keyArn), resolved(scope, key.keyId));
    });
    expect(exposed).toEqual([
      expect.stringMatching(/^\$\{aws_kms_alias\.key_Alias_[A-Z0-9]+\.name\}$/),
      expect.stringMatching(/^\$\{aws_kms_key\.key_[A-Z0-9]+\.arn\}$/),
      expect.stringMatching(/^\$\{aws_kms_key\.key_[A-Z0-9]+\.key_id\}$/),
    ]);
  });

  test("tags the key with its purpose", () => {
    expect(onlyResource(synthKey(), "aws_kms_key")["tags"]).toEqual({ purpose: "logs" });
  });

  describe("#12 evidence guard (strict logs key)", () => {
    const tamperActions = ["kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:DisableKeyRotation", "kms:PutKeyPolicy", "kms:DeleteAlias", "kms:UpdateAlias", "kms:CreateGrant"];

    test("without a guard the key keeps the lockout safety check and no deny", () => {
      const stack = synthKey();
      expect(onlyResource(stack, "aws_kms_key")["bypass_policy_lockout_safety_check"]).toBe(false);
      expect(policyOf(stack).Statement.map((s) => s.Effect)).toEqual(["Allow", "Allow"]);
    });

    test("#12 without a break-glass role, deletion, disabling, re-policying, alias and grant changes are denied to everyone", () => {
      const { Statement } = policyOf(synthKey({ evidenceGuard: {} }));
      expect(Statement.filter((s) => s.Effect === "Deny")).toEqual([
        { Sid: "KeyDenyTampering", Effect: "Deny", Principal: "*", Action: tamperActions, Resource: "*" },
      ]);
    });

    test("#12 with a break-glass role, everyone else is denied, and the role too without MFA", () => {
      const { Statement } = policyOf(synthKey({ evidenceGuard: { breakGlassRoleArn: "arn:aws:iam::222222222222:role/evidence-break-glass" } }));
      expect(Statement.filter((s) => s.Effect === "Deny")).toEqual([
        {
          Sid: "KeyDenyTamperingExceptBreakGlass",
          Effect: "Deny",
          Principal: "*",
          Action: tamperActions,
          Resource: "*",
          Condition: { ArnNotEquals: { "aws:PrincipalArn": "arn:aws:iam::222222222222:role/evidence-break-glass" } },
        },
        {
          Sid: "KeyDenyTamperingWithoutMfa",
          Effect: "Deny",
          Principal: "*",
          Action: tamperActions,
          Resource: "*",
          Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
        },
      ]);
    });

    test("#12 a guarded key bypasses the lockout safety check (CreateKey would refuse a policy denying the caller PutKeyPolicy)", () => {
      expect(onlyResource(synthKey({ evidenceGuard: {} }), "aws_kms_key")["bypass_policy_lockout_safety_check"]).toBe(true);
    });

    test("a guard leaves the deployer's create and refresh calls allowed", () => {
      const { Statement } = policyOf(synthKey({ evidenceGuard: {} }));
      const denied = Statement.filter((s) => s.Effect === "Deny").flatMap((s) => s.Action);
      for (const call of ["kms:EnableKeyRotation", "kms:CreateAlias", "kms:TagResource", "kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"]) {
        expect(denied).not.toContain(call);
      }
      expect(denied.filter((a) => a.includes("*"))).toEqual([]);
    });
  });

  describe("validation", () => {
    const errorOf = (props: Partial<KmsKeyProps>) => validationErrorOf(() => synthKey(props));

    test.each([
      ["rotationPeriodDays", { rotationPeriodDays: 0 }, "AWS_KMS_ROTATION_OUT_OF_RANGE", "an integer from 90 to 2560"],
      ["rotationPeriodDays", { rotationPeriodDays: 89 }, "AWS_KMS_ROTATION_OUT_OF_RANGE", "an integer from 90 to 2560"],
      ["rotationPeriodDays", { rotationPeriodDays: 2561 }, "AWS_KMS_ROTATION_OUT_OF_RANGE", "an integer from 90 to 2560"],
      ["deletionWindowDays", { deletionWindowDays: 6 }, "AWS_KMS_DELETION_WINDOW_OUT_OF_RANGE", "an integer from 7 to 30"],
      ["deletionWindowDays", { deletionWindowDays: 31 }, "AWS_KMS_DELETION_WINDOW_OUT_OF_RANGE", "an integer from 7 to 30"],
      ["deletionWindowDays", { deletionWindowDays: 7.5 }, "AWS_KMS_DELETION_WINDOW_OUT_OF_RANGE", "an integer from 7 to 30"],
      ["aliasName", { aliasName: "aws/reserved" }, "AWS_KMS_ALIAS_INVALID", "not starting with aws/"],
      ["adminRoleArn", { adminRoleArn: "*" }, "AWS_KMS_ADMIN_ROLE_INVALID", "an IAM role ARN"],
      ["accountId", { accountId: "1234" }, "AWS_ACCOUNT_ID_INVALID", "12 digits"],
      ["partition", { partition: "aws-mars" }, "AWS_PARTITION_INVALID", "aws, aws-cn or aws-us-gov"],
      ["evidenceGuard.breakGlassRoleArn", { evidenceGuard: { breakGlassRoleArn: "break-glass" } }, "AWS_KMS_BREAK_GLASS_ROLE_INVALID", "an IAM role ARN"],
    ])("%s out of range is rejected (%j)", (prop, props, code, accepted) => {
      const error = errorOf(props);
      expect(error.problems).toHaveLength(1);
      expect(error.problems[0]).toMatchObject({ code, prop, constructPath: "test/key" });
      expect(error.message).toContain(`test/key: ${prop} =`);
      expect(error.message).toContain(accepted);
    });

    test("reports every problem at once", () => {
      const error = errorOf({ rotationPeriodDays: 1, deletionWindowDays: 90 });
      expect(error.problems.map((p) => p.prop)).toEqual(["rotationPeriodDays", "deletionWindowDays"]);
    });

    test("an account id known only at apply (DataAwsCallerIdentity) passes, and so do role ARNs built from it", () => {
      const stack = synthConstruct((scope) => {
        const caller = new DataAwsCallerIdentity(scope, "caller");
        new KmsKey(scope, "key", {
          ...base,
          accountId: caller.accountId,
          adminRoleArn: `arn:aws:iam::${caller.accountId}:role/blueprint-key-admin`,
          evidenceGuard: { breakGlassRoleArn: `arn:aws:iam::${caller.accountId}:role/evidence-break-glass` },
        });
      });
      expect(policyOf(stack).Statement.slice(0, 2).map((s) => s.Principal)).toEqual([
        { AWS: "arn:aws:iam::${data.aws_caller_identity.caller.account_id}:root" },
        { AWS: "arn:aws:iam::${data.aws_caller_identity.caller.account_id}:role/blueprint-key-admin" },
      ]);
    });

    test("a literal account id is still checked next to a token-valued admin role", () => {
      const error = validationErrorOf(() =>
        synthConstruct((scope) => {
          const caller = new DataAwsCallerIdentity(scope, "caller");
          new KmsKey(scope, "key", { ...base, accountId: "2222", adminRoleArn: `arn:aws:iam::${caller.accountId}:role/admin` });
        }),
      );
      expect(error.problems.map((p) => [p.code, p.prop])).toEqual([["AWS_ACCOUNT_ID_INVALID", "accountId"]]);
    });
  });
});

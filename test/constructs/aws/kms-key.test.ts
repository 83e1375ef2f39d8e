import { KMS_ADMIN_ACTIONS, KmsKey, KmsKeyProps } from "../../../constructs/aws/kms-key";
import { validationErrorOf } from "../../helpers/errors";
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

  test("key policy names the account root and the admin role, never *", () => {
    const { Statement } = policyOf(synthKey());
    const principals = Statement.map((s) => s.Principal);
    expect(principals).toEqual([{ AWS: "arn:aws:iam::222222222222:root" }, { AWS: "arn:aws:iam::222222222222:role/blueprint-key-admin" }]);
    expect(JSON.stringify(principals)).not.toContain('"*"');
    expect(Statement.every((s) => s.Effect === "Allow")).toBe(true);
  });

  test("the admin role manages the key but cannot use it", () => {
    const admin = policyOf(synthKey()).Statement.find((s) => s.Sid === "AdminRoleManagesKey")!;
    expect(admin.Action).toEqual([...KMS_ADMIN_ACTIONS]);
    for (const use of ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:CreateGrant", "kms:Create*", "kms:*"]) {
      expect(admin.Action).not.toContain(use);
    }
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
    const names: string[] = [];
    synthConstruct((scope) => {
      names.push(new KmsKey(scope, "key", base).aliasName);
    });
    expect(names[0]).not.toBe("alias/acme-ai-prod-logs");
    expect(names[0]).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
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
      ["rotationPeriodDays", { rotationPeriodDays: 0 }, "KMS_ROTATION_OUT_OF_RANGE", "an integer from 90 to 2560"],
      ["rotationPeriodDays", { rotationPeriodDays: 89 }, "KMS_ROTATION_OUT_OF_RANGE", "an integer from 90 to 2560"],
      ["rotationPeriodDays", { rotationPeriodDays: 2561 }, "KMS_ROTATION_OUT_OF_RANGE", "an integer from 90 to 2560"],
      ["deletionWindowDays", { deletionWindowDays: 6 }, "KMS_DELETION_WINDOW_OUT_OF_RANGE", "an integer from 7 to 30"],
      ["deletionWindowDays", { deletionWindowDays: 31 }, "KMS_DELETION_WINDOW_OUT_OF_RANGE", "an integer from 7 to 30"],
      ["deletionWindowDays", { deletionWindowDays: 7.5 }, "KMS_DELETION_WINDOW_OUT_OF_RANGE", "an integer from 7 to 30"],
      ["aliasName", { aliasName: "aws/reserved" }, "KMS_ALIAS_INVALID", "not starting with aws/"],
      ["adminRoleArn", { adminRoleArn: "*" }, "KMS_ADMIN_ROLE_INVALID", "an IAM role ARN"],
      ["accountId", { accountId: "1234" }, "AWS_ACCOUNT_ID_INVALID", "12 digits"],
      ["partition", { partition: "aws-mars" }, "AWS_PARTITION_INVALID", "aws, aws-cn or aws-us-gov"],
      ["evidenceGuard.breakGlassRoleArn", { evidenceGuard: { breakGlassRoleArn: "break-glass" } }, "KMS_BREAK_GLASS_ROLE_INVALID", "an IAM role ARN"],
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
  });
});

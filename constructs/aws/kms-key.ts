import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey as KmsKeyResource } from "@cdktf/provider-aws/lib/kms-key";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { EvidenceGuard, KMS_EVIDENCE_PROTECTED_ACTIONS, evidenceGuardStatements } from "./evidence-guard";
import { KEY_PURPOSE_DESCRIPTIONS, KeyPurpose } from "../shared/key-purposes";
import { AWS_ACCOUNT_ID, AWS_KMS_DELETION_WINDOW_DAYS, AWS_KMS_ROTATION_DAYS, AWS_PARTITION, IAM_ROLE_ARN, KMS_ALIAS_NAME } from "../shared/limits/aws";
import { awsAccountRootArn } from "../shared/naming";
import { PropValidator } from "../shared/validation-error";
import { PolicyDocument, PolicyStatement } from "./policy-document";

/**
 * Actions the admin role gets: manage the key's lifecycle, not encrypt or decrypt with it, and
 * not create grants (`kms:CreateGrant` would hand out use). `kms:PutKeyPolicy` stays: the role
 * owns the policy, so treat it as privileged.
 */
export const KMS_ADMIN_ACTIONS = [
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
] as const;

/** A customer-managed KMS key other constructs can encrypt with. */
export interface IKmsKey {
  /** ARN of the key (`arn:<partition>:kms:<region>:<account>:key/<id>`), the form services return on read. */
  readonly keyArn: string;
  /** Key id (a UUID), the resource's `key_id` attribute. */
  readonly keyId: string;
  /** Alias without `alias/`, as the alias resource's attribute (a reference, never a literal). */
  readonly aliasName: string;
  /**
   * The key resource, for `dependsOn`: a resource that must not outlive the key (a bucket whose
   * objects it encrypts) depends on it, so Terraform destroys that resource first.
   */
  readonly resource: ITerraformDependable;
  /** Adds a statement to the key policy (e.g. a service that encrypts with the key). */
  addToKeyPolicy(statement: PolicyStatement): void;
}

export interface KmsKeyProps {
  /** What the key protects; selects the description and tags the key with `purpose`. */
  readonly purpose: KeyPurpose;
  /**
   * Alias without the `alias/` prefix, e.g. `acme-ai-prod-logs`: 1-250 of letters, digits,
   * `/ _ -`, not starting with `aws/` (reserved for AWS managed keys).
   */
  readonly aliasName: string;
  /**
   * AWS account that owns the key (12 digits); its root principal keeps IAM delegation working.
   * May be a token (e.g. `DataAwsCallerIdentity.accountId`): it is then checked at apply.
   */
  readonly accountId: string;
  /** Partition of the account's region (`aws`, `aws-cn`, `aws-us-gov`). @default "aws" */
  readonly partition?: string;
  /** ARN of the role allowed to administer (not use) the key, `arn:<partition>:iam::<account>:role/<name>`. */
  readonly adminRoleArn: string;
  /** Days between automatic rotations, 90-2560. @default 90 */
  readonly rotationPeriodDays?: number;
  /** Days a scheduled deletion can be cancelled, 7-30. @default 30 (the longest window) */
  readonly deletionWindowDays?: number;
  /** Refuse any plan that destroys the key. @default true */
  readonly preventDestroy?: boolean;
  /**
   * Deny deleting, disabling, re-policying the key, moving or deleting its alias and creating
   * grants to everyone but an optional break-glass role with MFA (the evidence key of `strict`).
   * Irreversible without a break-glass role: nobody can change the key policy again, so every
   * later policy change in Terraform needs that role. Opt-in because a frozen key policy is an
   * explicit, permanent decision, like an Object Lock in COMPLIANCE mode.
   * @default - no guard: the key stays manageable by the admin role and the account
   */
  readonly evidenceGuard?: EvidenceGuard;
}

/**
 * Symmetric customer-managed KMS key with automatic rotation, the longest deletion window and a
 * key policy that names its principals (the account root and one admin role), plus an alias.
 *
 * @example
 * const key = new KmsKey(this, "logs", {
 *   purpose: "logs",
 *   aliasName: "acme-ai-prod-logs",
 *   accountId: "222222222222",
 *   adminRoleArn: "arn:aws:iam::222222222222:role/blueprint-admin",
 * });
 */
export class KmsKey extends Construct implements IKmsKey {
  public readonly keyArn: string;
  public readonly keyId: string;
  public readonly aliasName: string;
  public readonly resource: KmsKeyResource;
  private readonly policy: PolicyDocument;

  constructor(scope: Construct, id: string, props: KmsKeyProps) {
    const rotationPeriodDays = props.rotationPeriodDays ?? 90;
    const deletionWindowDays = props.deletionWindowDays ?? AWS_KMS_DELETION_WINDOW_DAYS.max;
    new PropValidator(scope, id)
      .integerInRange("rotationPeriodDays", rotationPeriodDays, AWS_KMS_ROTATION_DAYS.min, AWS_KMS_ROTATION_DAYS.max, "AWS_KMS_ROTATION_OUT_OF_RANGE")
      .integerInRange("deletionWindowDays", deletionWindowDays, AWS_KMS_DELETION_WINDOW_DAYS.min, AWS_KMS_DELETION_WINDOW_DAYS.max, "AWS_KMS_DELETION_WINDOW_OUT_OF_RANGE")
      .matches("aliasName", props.aliasName, KMS_ALIAS_NAME, "AWS_KMS_ALIAS_INVALID")
      .matches("accountId", props.accountId, AWS_ACCOUNT_ID, "AWS_ACCOUNT_ID_INVALID")
      .matches("partition", props.partition, AWS_PARTITION, "AWS_PARTITION_INVALID")
      .matches("adminRoleArn", props.adminRoleArn, IAM_ROLE_ARN, "AWS_KMS_ADMIN_ROLE_INVALID")
      .matches("evidenceGuard.breakGlassRoleArn", props.evidenceGuard?.breakGlassRoleArn, IAM_ROLE_ARN, "AWS_KMS_BREAK_GLASS_ROLE_INVALID")
      .throwIfInvalid();
    super(scope, id);

    const partition = props.partition ?? "aws";
    const guard = props.evidenceGuard;
    this.policy = new PolicyDocument([
      ...keyPolicy(partition, props.accountId, props.adminRoleArn),
      ...(guard ? evidenceGuardStatements("Key", KMS_EVIDENCE_PROTECTED_ACTIONS, "*", guard) : []),
    ]);
    this.resource = new KmsKeyResource(this, "Resource", {
      description: `${props.aliasName}: ${KEY_PURPOSE_DESCRIPTIONS[props.purpose]}`,
      keyUsage: "ENCRYPT_DECRYPT",
      customerMasterKeySpec: "SYMMETRIC_DEFAULT",
      enableKeyRotation: true,
      rotationPeriodInDays: rotationPeriodDays,
      deletionWindowInDays: deletionWindowDays,
      isEnabled: true,
      multiRegion: false,
      // CreateKey refuses a policy that keeps the caller from a later PutKeyPolicy unless the
      // lockout safety check is bypassed (KMS API reference, CreateKey
      // BypassPolicyLockoutSafetyCheck; the provider passes the flag to CreateKey and
      // PutKeyPolicy, internal/service/kms/key.go). The guard denies PutKeyPolicy to the deployer
      // on purpose, so only a guarded key bypasses it; every other key keeps the check.
      bypassPolicyLockoutSafetyCheck: guard !== undefined,
      policy: this.policy.render(),
      tags: { purpose: props.purpose },
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    const alias = new KmsAlias(this, "Alias", { name: `alias/${props.aliasName}`, targetKeyId: this.resource.keyId });

    this.keyArn = this.resource.arn;
    this.keyId = this.resource.keyId;
    // The attribute, not the literal: a consumer that names the alias then depends on it.
    this.aliasName = alias.name;
  }

  public addToKeyPolicy(statement: PolicyStatement): void {
    this.policy.add(statement);
  }
}

/**
 * The account root statement is what AWS itself creates: without it IAM policies cannot grant
 * use of the key and a lost admin role makes the key unmanageable. No statement uses `*` as a
 * principal. Exported for the other key constructs of this cloud (the signing key), so every
 * key policy starts from the same two statements.
 */
export function keyPolicy(partition: string, accountId: string, adminRoleArn: string): PolicyStatement[] {
  return [
    {
      Sid: "AccountRootDelegatesToIam",
      Effect: "Allow",
      Principal: { AWS: awsAccountRootArn(partition, accountId) },
      Action: "kms:*",
      Resource: "*",
    },
    {
      Sid: "AdminRoleManagesKey",
      Effect: "Allow",
      Principal: { AWS: adminRoleArn },
      Action: [...KMS_ADMIN_ACTIONS],
      Resource: "*",
    },
  ];
}

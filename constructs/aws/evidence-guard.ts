import { PolicyStatement } from "./policy-document";

/**
 * What `strict` adds to the evidence (the logs key and the log bucket): the listed actions are
 * denied to every principal, the account root included, except one break-glass role, and that
 * role only in a session created with MFA. Without a break-glass role nobody can ever perform
 * them: irreversible by design, like an Object Lock in COMPLIANCE mode.
 */
export interface EvidenceGuard {
  /**
   * ARN of the role (`arn:<partition>:iam::<account>:role/<name>`) that may still perform the
   * denied actions, only with MFA. A condition value, not a principal: the role need not exist
   * when the policy is put.
   * @default - no exception: the actions are denied to everyone, for good
   */
  readonly breakGlassRoleArn?: string;
}

/**
 * Key actions that would destroy or hide the evidence, or hand out use of the key: deleting or
 * disabling the key or its rotation, re-policying it, moving or deleting its alias (a writer
 * that encrypts by alias would silently switch keys), and grants (a grant gives use without a
 * policy change). Terraform's own create path (CreateKey, EnableKeyRotation, CreateAlias,
 * TagResource) and its refresh (DescribeKey, GetKeyPolicy, GetKeyRotationStatus,
 * ListResourceTags) stay allowed.
 */
export const KMS_EVIDENCE_PROTECTED_ACTIONS = [
  "kms:ScheduleKeyDeletion",
  "kms:DisableKey",
  "kms:DisableKeyRotation",
  "kms:PutKeyPolicy",
  "kms:DeleteAlias",
  "kms:UpdateAlias",
  "kms:CreateGrant",
] as const;

/**
 * Bucket actions that would shorten or lift the write-once guarantee: the Object Lock
 * configuration, governance bypass, lifecycle (which also covers DeleteBucketLifecycle), default
 * encryption, and the bucket policy itself (without them any administrator removes this deny
 * first). The account root can still put and delete a bucket policy whatever it says (S3
 * PutBucketPolicy API reference): CloudTrail records that as a management event.
 */
export const S3_EVIDENCE_PROTECTED_ACTIONS = [
  "s3:PutBucketObjectLockConfiguration",
  "s3:BypassGovernanceRetention",
  "s3:PutLifecycleConfiguration",
  "s3:PutEncryptionConfiguration",
  "s3:PutBucketPolicy",
  "s3:DeleteBucketPolicy",
] as const;

/**
 * The deny statements of a guard. Two statements because IAM ANDs the conditions of one
 * statement: one denies everyone but the break-glass role, the other denies any session without
 * MFA (`BoolIfExists`, so a session with no MFA information at all is denied too).
 */
export function evidenceGuardStatements(
  sidPrefix: string,
  actions: readonly string[],
  resource: string | readonly string[],
  guard: EvidenceGuard,
): PolicyStatement[] {
  const base = { Effect: "Deny" as const, Principal: "*" as const, Action: [...actions], Resource: resource };
  if (guard.breakGlassRoleArn === undefined) {
    return [{ Sid: `${sidPrefix}DenyTampering`, ...base }];
  }
  return [
    { Sid: `${sidPrefix}DenyTamperingExceptBreakGlass`, ...base, Condition: { ArnNotEquals: { "aws:PrincipalArn": guard.breakGlassRoleArn } } },
    { Sid: `${sidPrefix}DenyTamperingWithoutMfa`, ...base, Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } } },
  ];
}

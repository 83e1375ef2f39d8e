import { Construct } from "constructs";
import { AccessLogBucket } from "../constructs/aws/access-log-bucket";
import { AuditTrail } from "../constructs/aws/audit-trail";
import { EvidenceGuard } from "../constructs/aws/evidence-guard";
import { ImmutableLogBucket } from "../constructs/aws/immutable-log-bucket";
import { KmsKey } from "../constructs/aws/kms-key";
import {
  awsAccessLogBucketName,
  awsAccountRootArn,
  awsFunctionRoleName,
  awsGateFunctionName,
  awsIamRoleArn,
  awsServiceHost,
  pascalCase,
  awsKmsAliasArn,
  awsLogBucketName,
  awsLogsKeyAlias,
  awsS3BucketArn,
  awsTrailArn,
  awsTrailName,
} from "../constructs/shared/naming";
import { PROTECTION, ProtectionLevel } from "../constructs/shared/protection";
import { PROVENANCE_PREFIX } from "../functions/promotion-gate/record/record-key";
import { RetentionTier } from "../constructs/shared/retention-tier";
import { PropValidator } from "../constructs/shared/validation-error";
import { EnvironmentInputs } from "./environment-inputs";

/*
 * Names both sides of the AWS log-archive layout use. The evidence stack creates the bucket and
 * the key alias; each environment stack names them across the account boundary, where no
 * attribute can reach (another stack, another account). One function per name (in
 * constructs/shared/naming.ts), used by both stacks, so the two spellings can never drift apart.
 */

/** Scope of the evidence account's own resources; no environment can take it (no hyphen allowed). */
export const AWS_LOG_ARCHIVE_SCOPE = "log-archive";

/** Where an environment's evidence lives in the dedicated evidence account. */
export interface AwsEvidenceNames {
  /** The evidence account, 12 digits. */
  readonly accountId: string;
  /** Region of the bucket and the key (a KMS key for CloudTrail must be in the bucket's region). */
  readonly region: string;
  /** The environment's write-once log bucket there (`awsLogBucketName`). */
  readonly bucketName: string;
  /** `arn:<partition>:s3:::<bucketName>`. */
  readonly bucketArn: string;
  /** Alias name without `alias/`. */
  readonly keyAlias: string;
  /** `arn:<partition>:kms:<region>:<account>:alias/<alias>`: DescribeKey across accounts takes this form. */
  readonly keyAliasArn: string;
}

/** The names of `environment`'s evidence in the evidence account `evidence`. */
export function awsEvidenceNames(
  organization: string,
  environment: string,
  partition: string,
  evidence: { readonly accountId: string; readonly region: string },
): AwsEvidenceNames {
  const bucketName = awsLogBucketName(organization, environment, evidence.accountId);
  const keyAlias = awsLogsKeyAlias(organization, environment);
  return {
    accountId: evidence.accountId,
    region: evidence.region,
    bucketName,
    bucketArn: awsS3BucketArn(partition, bucketName),
    keyAlias,
    keyAliasArn: awsKmsAliasArn(partition, evidence.region, evidence.accountId, keyAlias),
  };
}

/** One environment whose evidence the evidence account holds. */
export interface AwsEvidenceEnvironment {
  /** Environment name, e.g. `prod`. */
  readonly environment: string;
  /** The environment's account: its trail delivers, its root may look the key up. */
  readonly accountId: string;
  /** The environment's region: home region of its trail, part of the trail ARN. */
  readonly region: string;
  /** The environment's protection: key deletion window, prevent_destroy and, when strict, the guard. */
  readonly protectionLevel: ProtectionLevel;
  /** Days between rotations of the environment's logs key. */
  readonly keyRotationDays: number;
  /** The environment's retention tier and Object Lock mode. */
  readonly logs: EnvironmentInputs["logs"];
  /**
   * The environment's model registries: each one's promotion gate writes its decision records
   * under `provenance/<registry>/` of the environment's log bucket here.
   * @default [] (no gate writes here)
   */
  readonly registries?: readonly string[];
}

export interface EvidenceAwsProps {
  /** Organisation slug (`organization.name`), the first part of every name. */
  readonly organization: string;
  /** The dedicated evidence account (12 digits), which administers every bucket and key below. */
  readonly accountId: string;
  /** Region of every bucket and key of the stack (CloudTrail delivers to a bucket in any region). */
  readonly region: string;
  /** Partition of `region` (`aws`, `aws-cn`, `aws-us-gov`). */
  readonly partition: string;
  /** Role of the evidence account that administers (not uses) the keys, `arn:<partition>:iam::<account>:role/<name>`. */
  readonly adminRoleArn: string;
  /**
   * Role of the evidence account that may, with MFA, still perform what the guard of `strict`
   * environments denies.
   * @default - none: the guarded actions are denied to everyone, for good
   */
  readonly breakGlassRoleArn?: string;
  /** Every AWS environment, in config order; at least one. */
  readonly environments: readonly AwsEvidenceEnvironment[];
}

/** What the evidence account holds for one environment. */
export interface AwsEnvironmentEvidence {
  /** The environment's logs key, in the evidence account. */
  readonly key: KmsKey;
  /** The environment's write-once log bucket, encrypted with `key`. */
  readonly logBucket: ImmutableLogBucket;
  /** Receives the server access logs of `logBucket`. */
  readonly accessLogBucket: AccessLogBucket;
}

/**
 * The log archive of the AWS environments (the pattern of the AWS Control Tower log archive
 * account): per environment, its logs key, its write-once log bucket with the environment's tier,
 * lock mode and protection (and, when strict, the evidence guard with the evidence account's
 * break-glass role), and an access-log bucket for that log bucket; the bucket and key policies
 * let exactly that environment's trail deliver, its promotion gates write and read their own
 * registry's decision records (grantGateRecords), and its account look the key up
 * (DescribeKey), and nothing else. Plus the evidence account's own trail, delivering into a log
 * bucket of its own, recording management events and every read and tampering write on every
 * evidence bucket: who touched the evidence is recorded where the environments' administrators
 * cannot reach.
 *
 * The own trail keeps its record as long as the longest-kept evidence: the tier with the latest
 * expiry among the environments, `strict` when any environment is, COMPLIANCE when any
 * environment locks that way, and the shortest rotation period.
 *
 * @example
 * new EvidenceAws(this, "evidence", {
 *   organization: "acme-ai", accountId: "444444444444", region: "eu-west-1", partition: "aws",
 *   adminRoleArn: "arn:aws:iam::444444444444:role/blueprint-key-admin",
 *   environments: [{ environment: "prod", accountId: "222222222222", region: "eu-west-1", protectionLevel: "strict", keyRotationDays: 90, logs }],
 * });
 */
export class EvidenceAws extends Construct {
  /** By environment name. */
  public readonly environments: Readonly<Record<string, AwsEnvironmentEvidence>>;
  /** The evidence account's own trail. */
  public readonly trail: AuditTrail;

  constructor(scope: Construct, id: string, props: EvidenceAwsProps) {
    const shared = props.environments.filter((e) => e.accountId === props.accountId).map((e) => e.environment);
    new PropValidator(scope, id)
      .require(props.environments.length > 0, "AWS_EVIDENCE_NO_ENVIRONMENT", "environments", "[]", "at least one environment")
      .require(shared.length === 0, "AWS_EVIDENCE_ACCOUNT_SHARED", "environments", shared.join(", "), `environments in accounts other than the evidence account ${props.accountId}`)
      .throwIfInvalid();
    super(scope, id);

    const guardOf = (level: ProtectionLevel): EvidenceGuard | undefined =>
      PROTECTION[level].guardEvidence ? (props.breakGlassRoleArn ? { breakGlassRoleArn: props.breakGlassRoleArn } : {}) : undefined;
    const held: Record<string, AwsEnvironmentEvidence> = {};
    for (const env of props.environments) {
      const names = awsEvidenceNames(props.organization, env.environment, props.partition, props);
      const evidence = this.store(new Construct(this, env.environment), {
        aliasName: names.keyAlias,
        bucketName: names.bucketName,
        accessLogBucketName: awsAccessLogBucketName(props.organization, env.environment, props.accountId),
        protectionLevel: env.protectionLevel,
        keyRotationDays: env.keyRotationDays,
        retentionTier: env.logs.retentionTier,
        lockRetention: env.logs.lockRetention,
        guard: guardOf(env.protectionLevel),
        props,
      });
      // Exactly this environment's trail may deliver, under its own account's prefix only.
      evidence.logBucket.grantDelivery({
        partition: props.partition,
        accountId: env.accountId,
        trailArn: awsTrailArn(props.partition, env.region, env.accountId, awsTrailName(props.organization, env.environment)),
      });
      // The environment's stack looks the key up (its trail needs the key ARN). DescribeKey
      // returns metadata only; cross-account it also needs the caller's IAM permission.
      evidence.key.addToKeyPolicy({
        Sid: "EnvironmentAccountDescribesKey",
        Effect: "Allow",
        Principal: { AWS: awsAccountRootArn(props.partition, env.accountId) },
        Action: "kms:DescribeKey",
        Resource: "*",
      });
      grantGateRecords(evidence, {
        partition: props.partition,
        region: props.region,
        accountId: env.accountId,
        gateRoleArns: (env.registries ?? []).map((registry) => ({
          registry,
          roleArn: awsIamRoleArn(props.partition, env.accountId, awsFunctionRoleName(awsGateFunctionName(props.organization, env.environment, registry))),
        })),
      });
      held[env.environment] = evidence;
    }
    this.environments = held;

    const archive = archiveSettings(props.environments);
    const own = this.store(new Construct(this, AWS_LOG_ARCHIVE_SCOPE), {
      aliasName: awsLogsKeyAlias(props.organization, AWS_LOG_ARCHIVE_SCOPE),
      bucketName: awsLogBucketName(props.organization, AWS_LOG_ARCHIVE_SCOPE, props.accountId),
      accessLogBucketName: awsAccessLogBucketName(props.organization, AWS_LOG_ARCHIVE_SCOPE, props.accountId),
      ...archive,
      guard: guardOf(archive.protectionLevel),
      props,
    });
    this.trail = new AuditTrail(this, "audit-trail", {
      trailName: awsTrailName(props.organization, AWS_LOG_ARCHIVE_SCOPE),
      accountId: props.accountId,
      partition: props.partition,
      region: props.region,
      logBucket: own.logBucket,
      evidenceBucketArns: Object.values(held).map((e) => e.logBucket.bucketArn),
    });
  }

  /** A logs key, a write-once bucket encrypted with it and the bucket's access-log bucket. */
  private store(
    scope: Construct,
    s: {
      aliasName: string;
      bucketName: string;
      accessLogBucketName: string;
      protectionLevel: ProtectionLevel;
      keyRotationDays: number;
      retentionTier: RetentionTier;
      lockRetention: boolean;
      guard: EvidenceGuard | undefined;
      props: EvidenceAwsProps;
    },
  ): AwsEnvironmentEvidence {
    const protection = PROTECTION[s.protectionLevel];
    const guard = s.guard ? { evidenceGuard: s.guard } : {};
    const key = new KmsKey(scope, "logs-key", {
      purpose: "logs",
      aliasName: s.aliasName,
      accountId: s.props.accountId,
      partition: s.props.partition,
      adminRoleArn: s.props.adminRoleArn,
      rotationPeriodDays: s.keyRotationDays,
      deletionWindowDays: protection.keyDeletionWindowDays,
      preventDestroy: protection.preventDestroy,
      ...guard,
    });
    const logBucket = new ImmutableLogBucket(scope, "log-bucket", {
      bucketName: s.bucketName,
      kmsKey: key,
      retentionTier: s.retentionTier,
      lockRetention: s.lockRetention,
      preventDestroy: protection.preventDestroy,
      ...guard,
    });
    const accessLogBucket = new AccessLogBucket(scope, "access-log-bucket", {
      bucketName: s.accessLogBucketName,
      accountId: s.props.accountId,
      retentionTier: s.retentionTier,
      preventDestroy: protection.preventDestroy,
    });
    accessLogBucket.logsFrom("log-bucket", logBucket);
    return { key, logBucket, accessLogBucket };
  }
}

/**
 * Settings of the evidence account's own trail: the record of who touched the evidence must be
 * kept, and locked, at least as long as the evidence it is about.
 */
export function archiveSettings(environments: readonly AwsEvidenceEnvironment[]): {
  protectionLevel: ProtectionLevel;
  keyRotationDays: number;
  retentionTier: RetentionTier;
  lockRetention: boolean;
} {
  const longest = environments.reduce((a, b) => {
    const [ta, tb] = [a.logs.retentionTier, b.logs.retentionTier];
    return tb.expireAfterDays > ta.expireAfterDays || (tb.expireAfterDays === ta.expireAfterDays && tb.immutabilityDays > ta.immutabilityDays) ? b : a;
  });
  return {
    protectionLevel: environments.some((e) => e.protectionLevel === "strict") ? "strict" : "standard",
    keyRotationDays: Math.min(...environments.map((e) => e.keyRotationDays)),
    retentionTier: longest.logs.retentionTier,
    lockRetention: environments.some((e) => e.logs.lockRetention),
  };
}

/**
 * Lets each registry's promotion gate of one environment write and read its decision records
 * under `provenance/<registry>/` of the environment's log bucket here, and use the logs key for
 * them only through S3 for that bucket: the resource side of a cross-account call, whose
 * identity side is the gate role's own policy (modules/ai-supply-chain-aws.ts, gateGrants).
 *
 * The principal is the environment account's root narrowed by `aws:PrincipalArn`, never the
 * role itself: this stack is applied before the environment's, and S3 and KMS refuse a policy
 * naming a role that does not exist yet ("Invalid principal in policy"; KMS
 * MalformedPolicyDocumentException), while a condition value is not resolved (IAM User Guide,
 * "AWS global condition context keys", aws:PrincipalArn; "Policy evaluation for requests
 * within a single account / cross-account").
 */
export function grantGateRecords(
  evidence: AwsEnvironmentEvidence,
  t: { partition: string; region: string; accountId: string; gateRoleArns: readonly { registry: string; roleArn: string }[] },
): void {
  if (t.gateRoleArns.length === 0) return;
  const root = { AWS: awsAccountRootArn(t.partition, t.accountId) };
  const bucketArn = evidence.logBucket.bucketArn;
  const roles = t.gateRoleArns.map((g) => g.roleArn);
  for (const gate of t.gateRoleArns) {
    evidence.logBucket.addToResourcePolicy({
      Sid: `GateRecords${pascalCase(gate.registry)}`,
      Effect: "Allow",
      Principal: root,
      Action: ["s3:PutObject", "s3:GetObject"],
      Resource: `${bucketArn}/${PROVENANCE_PREFIX}${gate.registry}/*`,
      Condition: { ArnEquals: { "aws:PrincipalArn": gate.roleArn } },
    });
  }
  // A record not yet written reads as 404 only to a caller with s3:ListBucket (else 403).
  evidence.logBucket.addToResourcePolicy({
    Sid: "GatesListRecords",
    Effect: "Allow",
    Principal: root,
    Action: "s3:ListBucket",
    Resource: bucketArn,
    Condition: { ArnEquals: { "aws:PrincipalArn": roles } },
  });
  evidence.key.addToKeyPolicy({
    Sid: "GatesEncryptRecordsThroughS3",
    Effect: "Allow",
    Principal: root,
    Action: ["kms:GenerateDataKey", "kms:Decrypt"],
    Resource: "*",
    Condition: {
      ArnEquals: { "aws:PrincipalArn": roles },
      // S3 calls KMS from the bucket's region; with a bucket key the context is the bucket ARN.
      StringEquals: { "kms:ViaService": awsServiceHost("s3", t.partition, t.region), "kms:EncryptionContext:aws:s3:arn": bucketArn },
    },
  });
}

import { DataAwsKmsKey } from "@cdktf/provider-aws/lib/data-aws-kms-key";
import { Construct } from "constructs";
import { AccessLogBucket } from "../constructs/aws/access-log-bucket";
import { AuditTrail, RemoteLogBucket } from "../constructs/aws/audit-trail";
import { Budget } from "../constructs/aws/budget";
import { EvidenceGuard } from "../constructs/aws/evidence-guard";
import { ImmutableLogBucket } from "../constructs/aws/immutable-log-bucket";
import { KmsKey } from "../constructs/aws/kms-key";
import { ENVIRONMENT_KEY_PURPOSES, EnvironmentKeyPurpose } from "../constructs/shared/key-purposes";
import { awsAccessLogBucketName, awsLogBucketName, awsTrailName, resourceName } from "../constructs/shared/naming";
import { EnvironmentInputs, ModuleOutput } from "./environment-inputs";
import { ModelRegistrySpec } from "../constructs/shared/model-registry-spec";
import { AwsEvidenceNames } from "./evidence-aws";

export interface AiSupplyChainAwsProps extends EnvironmentInputs {
  /**
   * The environment's model registries (`clouds.aws.environments.<env>.registries`), principals
   * in this cloud's form. @default [] (no registry)
   */
  readonly registries?: readonly ModelRegistrySpec[];
  /** The environment's account, 12 digits: owner of its keys, buckets and trail. */
  readonly accountId: string;
  /** The environment's region: home of its keys, buckets and trail. */
  readonly region: string;
  /** Partition of `region` (`aws`, `aws-cn`, `aws-us-gov`). */
  readonly partition: string;
  /** IAM role that administers the environment's keys, `arn:<partition>:iam::<account>:role/<name>`. */
  readonly adminRoleArn: string;
  /**
   * Buckets in this account whose object reads and writes the trail records (e.g. Terraform state).
   * @default - none: only the log bucket's reads and tampering writes
   */
  readonly dataEventBucketArns?: readonly string[];
  /**
   * Guard the evidence (logs key and log bucket) against deletion, disabling, re-policying and
   * unlocking: what `strict` promises. Standard environments leave it off, so they stay
   * destroyable.
   * @default - no guard
   */
  readonly evidenceGuard?: EvidenceGuard;
  /**
   * The log-archive layout (`clouds.aws.evidence`): the environment's write-once log bucket and
   * its logs key live in the dedicated evidence account (stack `evidence-aws`), and the trail
   * delivers there across the account boundary. This stack then creates neither a logs key nor
   * a log bucket; it looks the key up by its alias ARN (the trail needs the key ARN, see
   * RemoteLogBucket). The names come from `awsEvidenceNames`, the one function both stacks use.
   * @default - the environment's own logs key and log bucket, in its own account
   */
  readonly evidence?: AwsEvidenceNames;
}

/**
 * The AI supply chain of one AWS environment: one customer-managed key per purpose, the
 * write-once audit-log bucket, its server access logs in a bucket of their own, a multi-region
 * CloudTrail into the log bucket, and the environment's budget. Under `evidence` the logs key
 * and the log bucket are the evidence account's, and the trail delivers there.
 */
export class AiSupplyChainAws extends Construct {
  /** Outputs the stack emits for this environment (registries, signing key, image registry). */
  public readonly outputs: ModuleOutput[] = [];
  /** The environment's keys; no `logs` key under `evidence` (it is the evidence account's). */
  public readonly keys: Readonly<Partial<Record<EnvironmentKeyPurpose, KmsKey>>>;
  /** ARN of the key of each purpose, the logs key's included wherever it lives. */
  public readonly keyArns: Readonly<Record<EnvironmentKeyPurpose, string>>;
  /** The environment's own log bucket; none under `evidence`. */
  public readonly logBucket?: ImmutableLogBucket;
  public readonly accessLogBucket: AccessLogBucket;
  public readonly trail: AuditTrail;

  constructor(scope: Construct, id: string, props: AiSupplyChainAwsProps) {
    super(scope, id);
    const keys = new Construct(this, "keys");
    const guard = props.evidenceGuard;
    const make = (purpose: EnvironmentKeyPurpose): KmsKey =>
      new KmsKey(keys, purpose, {
        purpose,
        aliasName: resourceName(props.organization, props.environment, purpose),
        accountId: props.accountId,
        partition: props.partition,
        adminRoleArn: props.adminRoleArn,
        rotationPeriodDays: props.keyRotationDays,
        deletionWindowDays: props.protection.keyDeletionWindowDays,
        preventDestroy: props.protection.preventDestroy,
        // Only the key that protects evidence is frozen; the others stay manageable.
        ...(guard && purpose === "logs" ? { evidenceGuard: guard } : {}),
      });
    const evidence = props.evidence;
    // Under `evidence` the logs key is the evidence account's: none is created here.
    const purposes = ENVIRONMENT_KEY_PURPOSES.filter((p) => !(evidence && p === "logs"));
    const ownKeys: Partial<Record<EnvironmentKeyPurpose, KmsKey>> = Object.fromEntries(purposes.map((p) => [p, make(p)]));
    this.keys = ownKeys;

    if (!evidence) {
      this.logBucket = new ImmutableLogBucket(this, "log-bucket", {
        bucketName: awsLogBucketName(props.organization, props.environment, props.accountId),
        kmsKey: ownKeys.logs!,
        retentionTier: props.logs.retentionTier,
        lockRetention: props.logs.lockRetention,
        preventDestroy: props.protection.preventDestroy,
        ...(guard ? { evidenceGuard: guard } : {}),
      });
    }
    // Stays in the environment's account under `evidence` too, for the environment's other
    // buckets (the registry's, later): S3 delivers access logs within one account and region.
    this.accessLogBucket = new AccessLogBucket(this, "access-log-bucket", {
      bucketName: awsAccessLogBucketName(props.organization, props.environment, props.accountId),
      accountId: props.accountId,
      retentionTier: props.logs.retentionTier,
      preventDestroy: props.protection.preventDestroy,
    });
    const trailProps = {
      trailName: awsTrailName(props.organization, props.environment),
      accountId: props.accountId,
      partition: props.partition,
      region: props.region,
      dataEventBucketArns: props.dataEventBucketArns ?? [],
    };
    let logsKeyArn: string;
    if (this.logBucket) {
      this.accessLogBucket.logsFrom("log-bucket", this.logBucket);
      this.trail = new AuditTrail(this, "audit-trail", { ...trailProps, logBucket: this.logBucket });
      logsKeyArn = ownKeys.logs!.keyArn;
    } else {
      // DescribeKey works across accounts by alias ARN, given the key policy's permission (KMS
      // API reference, DescribeKey, "Cross-account use"); keys are regional, so the lookup runs
      // in the evidence region. The trail gets the key ARN, the form CloudTrail returns on read.
      const names = evidence!;
      const key = new DataAwsKmsKey(this, "evidence-logs-key", { keyId: names.keyAliasArn, region: names.region });
      const remote: RemoteLogBucket = { bucketName: names.bucketName, bucketArn: names.bucketArn, kmsKeyArn: key.arn };
      this.trail = new AuditTrail(this, "audit-trail", { ...trailProps, remoteLogBucket: remote });
      logsKeyArn = key.arn;
    }
    this.keyArns = {
      logs: logsKeyArn,
      registry: ownKeys.registry!.keyArn,
      functions: ownKeys.functions!.keyArn,
    };
    const registryKey = ownKeys.registry!;
    this.addRegistries(props, registryKey);
    this.addSigningKeyAndImages(props, registryKey);
    if (props.budget) {
      new Budget(this, "budget", {
        name: resourceName(props.organization, props.environment, "monthly"),
        monthlyLimitUsd: props.budget.monthlyLimitUsd,
        recipients: props.budget.recipients,
        alerts: props.budget.alerts,
        costFilterTags: { environment: props.environment },
      });
    }
  }

  /**
   * One ModelRegistry per configured registry: its bucket under the registry key, server access
   * logs into the environment's access-log bucket, the publishers' and readers' grants, and the
   * registry's outputs.
   */
  private addRegistries(props: AiSupplyChainAwsProps, registryKey: KmsKey): void {
    void props;
    void registryKey;
  }

  /**
   * The environment's model-signing key (publishers sign, the gate verifies), the ECR
   * repository for model-serving images and one SageMaker model package group per registry.
   */
  private addSigningKeyAndImages(props: AiSupplyChainAwsProps, registryKey: KmsKey): void {
    void props;
    void registryKey;
  }
}

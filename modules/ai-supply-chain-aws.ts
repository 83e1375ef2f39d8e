import { DataAwsKmsKey } from "@cdktf/provider-aws/lib/data-aws-kms-key";
import { Construct } from "constructs";
import { AccessLogBucket } from "../constructs/aws/access-log-bucket";
import { AuditTrail, RemoteLogBucket } from "../constructs/aws/audit-trail";
import { Budget } from "../constructs/aws/budget";
import { ContainerRegistry } from "../constructs/aws/container-registry";
import { EvidenceGuard } from "../constructs/aws/evidence-guard";
import { ImmutableLogBucket } from "../constructs/aws/immutable-log-bucket";
import { KmsKey } from "../constructs/aws/kms-key";
import { ModelPackageGroup } from "../constructs/aws/model-package-group";
import { SigningKey } from "../constructs/aws/signing-key";
import { ModelRegistry } from "../constructs/aws/model-registry";
import { ENVIRONMENT_KEY_PURPOSES, EnvironmentKeyPurpose } from "../constructs/shared/key-purposes";
import { awsAccessLogBucketName, awsImageRepositoryName, awsLogBucketName, awsModelPackageGroupName, awsSigningKeyAlias, awsTrailName, resourceName } from "../constructs/shared/naming";
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
  private signing?: SigningKey;
  private images?: ContainerRegistry;
  private readonly packageGroups: Record<string, ModelPackageGroup> = {};

  /** The environment's model-signing key; none without registries (nobody to sign). */
  public get signingKey(): SigningKey | undefined {
    return this.signing;
  }

  /** The ECR repository for model-serving images; none without registries. */
  public get containerRegistry(): ContainerRegistry | undefined {
    return this.images;
  }

  /** One SageMaker model package group per registry, by registry name. */
  public get modelPackageGroups(): Readonly<Record<string, ModelPackageGroup>> {
    return this.packageGroups;
  }
  /** The environment's model registries, in config order. */
  public readonly registries: ModelRegistry[] = [];

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
    const scope = new Construct(this, "registries");
    for (const spec of props.registries ?? []) {
      // The registry's name is its construct id: stable when another registry is added.
      // Its constructor grants spec.publishers publishing and spec.readers reading.
      const registry = new ModelRegistry(scope, spec.name, {
        spec,
        organization: props.organization,
        environment: props.environment,
        accountId: props.accountId,
        region: props.region,
        partition: props.partition,
        kmsKey: registryKey,
        accessLogBucket: this.accessLogBucket,
        preventDestroy: props.protection.preventDestroy,
      });
      this.registries.push(registry);
      this.outputs.push(
        { id: `registry-${spec.name}-bucket`, value: registry.bucketName, description: `S3 bucket of model registry ${spec.name}: publishers upload under incoming/<model>/<version>/ with the lineage tags` },
        { id: `registry-${spec.name}-uri`, value: registry.approvedUri, description: `Approved models of registry ${spec.name} (s3://<bucket>/approved/): what MLflow and serving read` },
      );
    }
  }

  /**
   * The environment's model-signing key (publishers sign, the gate verifies), the ECR
   * repository for model-serving images and one SageMaker model package group per registry.
   */
  private addSigningKeyAndImages(props: AiSupplyChainAwsProps, registryKey: KmsKey): void {
    const registries = props.registries ?? [];
    // No registry, no publisher and no reader: a signing key nobody may use and a repository
    // nobody may push to would only cost money (a KMS key is billed monthly) and, for the
    // repository, take over the account's registry scanning configuration. The first registry
    // in config creates both.
    if (registries.length === 0) return;
    const union = (pick: (r: ModelRegistrySpec) => readonly string[]): string[] => [...new Set(registries.flatMap(pick))].sort();
    const publishers = union((r) => r.publishers);
    const readers = union((r) => r.readers);
    const org = props.organization;
    const env = props.environment;

    const signing = new SigningKey(this, "signing-key", {
      aliasName: awsSigningKeyAlias(org, env),
      accountId: props.accountId,
      partition: props.partition,
      adminRoleArn: props.adminRoleArn,
      publisherRoleArns: publishers,
      deletionWindowDays: props.protection.keyDeletionWindowDays,
      preventDestroy: props.protection.preventDestroy,
    });
    this.signing = signing;
    this.images = new ContainerRegistry(this, "image-registry", {
      repositoryName: awsImageRepositoryName(org, env, "model-serving"),
      kmsKey: registryKey,
      readerRoleArns: readers,
      publisherRoleArns: publishers,
      // One registry scanning configuration per account and region: config checks that no two
      // environments with registries share an account and region.
      manageRegistryScanning: true,
    });
    this.outputs.push(
      { id: "signing-key", value: signing.keyArn, description: "ARN of the model-signing KMS key (ECC_NIST_P256, SIGN_VERIFY): publishers sign the DSSE PAE digest of model.sig with it" },
      { id: "signing-public-key", value: signing.publicKeyPem, description: "PEM public key of the model-signing key: verifies model.sig bundles; its sha256 is the bundle's publicKey.hint" },
      { id: "image-registry", value: this.images.repositoryUrl, description: "ECR repository URL for model-serving images (immutable tags, scanned on push); deploy by digest" },
    );
    const groups = new Construct(this, "model-package-groups");
    for (const registry of registries) {
      const group = new ModelPackageGroup(groups, registry.name, {
        groupName: awsModelPackageGroupName(org, env, registry.name),
        description: `Model versions of registry ${registry.name}: registered as PendingManualApproval, approved only by the promotion gate`,
        accountId: props.accountId,
        region: props.region,
        partition: props.partition,
        readerRoleArns: registry.readers,
        publisherRoleArns: registry.publishers,
      });
      this.packageGroups[registry.name] = group;
      this.outputs.push({ id: `registry-${registry.name}-model-package-group`, value: group.groupArn, description: `ARN of the SageMaker model package group of registry ${registry.name}` });
    }
  }
}

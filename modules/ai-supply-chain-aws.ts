import { DataAwsKmsKey } from "@cdktf/provider-aws/lib/data-aws-kms-key";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { AccessLogBucket } from "../constructs/aws/access-log-bucket";
import { AlertTopic } from "../constructs/aws/alert-topic";
import { CostAnomalyMonitor } from "../constructs/aws/cost-anomaly-monitor";
import { FunctionAnomalyAlarms } from "../constructs/aws/function-anomaly-alarms";
import { TrailAlarms } from "../constructs/aws/trail-alarms";
import { GUARDDUTY_SCAN_STATUS_TAG, MalwareProtection } from "../constructs/aws/malware-protection";
import { ThreatDetector } from "../constructs/aws/threat-detector";
import { AuditTrail, RemoteLogBucket } from "../constructs/aws/audit-trail";
import { Budget } from "../constructs/aws/budget";
import { ContainerRegistry } from "../constructs/aws/container-registry";
import { EvidenceGuard } from "../constructs/aws/evidence-guard";
import { ImmutableLogBucket } from "../constructs/aws/immutable-log-bucket";
import { KmsKey } from "../constructs/aws/kms-key";
import { ModelPackageGroup } from "../constructs/aws/model-package-group";
import { SigningKey } from "../constructs/aws/signing-key";
import { ModelRegistry } from "../constructs/aws/model-registry";
import { FunctionCodeSigning } from "../constructs/aws/function-code-signing";
import { FunctionVpcConfig, LockedDownFunction } from "../constructs/aws/locked-down-function";
import { ObjectCreatedTrigger } from "../constructs/aws/object-created-trigger";
import { IdentityPolicyStatement } from "../constructs/aws/model-registry";
import { gatePackageFor, GateArtifact } from "../functions/bundle/gate-package";
import { awsGateEnvironmentVariables } from "../functions/promotion-gate/handlers/aws/environment";
import { AWS_GATE_HANDLER, AWS_GATE_PACKAGE } from "../functions/promotion-gate/handlers/aws/package";
import { gateEnvironmentVariables, gatePolicyUri, gateVerifierId } from "../functions/promotion-gate/handlers/gate-environment";
import { DEFAULT_GATE_SETTINGS, GateSettings } from "../functions/promotion-gate/gate/policy";
import { ENVIRONMENT_KEY_PURPOSES, EnvironmentKeyPurpose } from "../constructs/shared/key-purposes";
import {
  awsAccessLogBucketName, awsAttestationKeyAlias, awsFunctionCodeBucketName, awsFunctionSigningProfileName, awsGateFunctionName, awsGateRuleName,
  awsImageRepositoryName, awsLogBucketName, awsModelPackageGroupName, awsServiceHost, awsSigningKeyAlias, awsTrailName, resourceName, stableSuffix,
} from "../constructs/shared/naming";
import { EnvironmentInputs, ModuleOutput } from "./environment-inputs";
import { ModelRegistrySpec, registryPrefix, SIGNATURE_FILE_NAME } from "../constructs/shared/model-registry-spec";
import { PROVENANCE_PREFIX } from "../functions/promotion-gate/record/record-key";
import { AwsEvidenceNames } from "./evidence-aws";

/** A registry as config holds it: the spec plus what its promotion gate checks. */
export type AwsGateRegistrySpec = ModelRegistrySpec & {
  /** The registry's `gate` settings. @default DEFAULT_GATE_SETTINGS */
  readonly gate?: GateSettings;
};

/** `clouds.aws.environments.<env>.functions`: how the environment's functions (the gates) run. */
export interface AwsFunctionsSettings {
  /** Customer-managed policy ARN set as every function role's permissions boundary. @default - none */
  readonly permissionsBoundary?: string;
  /** Subnets and security groups the functions run in. @default - not in a VPC */
  readonly vpc?: FunctionVpcConfig;
  /** `zip` (signed) or `image`, which LockedDownFunction refuses (images cannot be signed). @default "zip" */
  readonly packageType?: "zip" | "image";
}

export interface AiSupplyChainAwsProps extends EnvironmentInputs {
  /**
   * The environment's model registries (`clouds.aws.environments.<env>.registries`), principals
   * in this cloud's form; each gets a promotion gate. @default [] (no registry)
   */
  readonly registries?: readonly AwsGateRegistrySpec[];
  /**
   * Roles besides the admin role, the publishers and the verifiers that may read the signing
   * key's public key: the CI plan and deploy roles of a CI environment (README, "Release
   * automation"), whose plans read it through `aws_kms_public_key`. A fixed list keeps the key
   * policy the same whoever applies.
   * @default - the identity applying the stack
   */
  readonly signingPublicKeyReaderArns?: readonly string[];
  /** How the functions run. @default - zip packages, signed, no boundary, no VPC */
  readonly functions?: AwsFunctionsSettings;
  /**
   * The gate's package. @default - built from AWS_GATE_PACKAGE at synth (esbuild, cached under
   * node_modules/.cache/promotion-gate/)
   */
  readonly gatePackage?: GateArtifact;
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
  /**
   * `clouds.aws.threatDetection`: whether this stack creates the region's GuardDuty detector.
   * Off where the organisation runs GuardDuty from a delegated administrator (the detector then
   * exists already; one per account and region). Malware Protection for S3 on the registries
   * stays on either way: the promotion gate reads its scan tag.
   * @default { guardDuty: true }
   */
  readonly threatDetection?: { readonly guardDuty: boolean };
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
  private readonly gateFunctions: Record<string, LockedDownFunction> = {};
  private attestation?: SigningKey;
  /** The environment's alert topic (KMS-encrypted SNS): every alarm, finding and anomaly goes here. */
  public readonly alertTopic: AlertTopic;
  /** ARN of the alert topic, for alarms built outside this module (TrailAlarms). */
  public readonly alertTopicArn: string;
  /** The key of the alert topic (purpose `monitoring`). */
  public readonly monitoringKey: KmsKey;

  /** The promotion gate of each registry, by registry name. */
  public get gates(): Readonly<Record<string, LockedDownFunction>> {
    return this.gateFunctions;
  }

  /** The gate attestation key (signs decision records); none without registries. */
  public get attestationKey(): SigningKey | undefined {
    return this.attestation;
  }

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

    // The alert topic's and the trail's CloudWatch Logs copy's key: its policy admits the
    // services that publish alerts, which no data key should.
    this.monitoringKey = new KmsKey(keys, "monitoring", {
      purpose: "monitoring",
      aliasName: resourceName(props.organization, props.environment, "monitoring"),
      accountId: props.accountId,
      partition: props.partition,
      adminRoleArn: props.adminRoleArn,
      rotationPeriodDays: props.keyRotationDays,
      deletionWindowDays: props.protection.keyDeletionWindowDays,
      preventDestroy: props.protection.preventDestroy,
    });
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
    // The registries come before the trail, which records writes under each one's approved/.
    this.addRegistries(props, ownKeys.registry!);
    const trailName = awsTrailName(props.organization, props.environment);
    const trailProps = {
      trailName,
      accountId: props.accountId,
      partition: props.partition,
      region: props.region,
      dataEventBucketArns: props.dataEventBucketArns ?? [],
      registryBucketArns: this.registries.map((r) => r.bucketArn),
      // The copy the metric filters read (TrailAlarms); the write-once S3 copy stays the evidence.
      cloudWatchLogs: { kmsKey: this.monitoringKey, retentionDays: props.protection.functionLogRetentionDays, logGroupName: `/aws/cloudtrail/${resourceName(props.organization, props.environment, "trail-events")}` },
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
    this.addSigningKeyAndImages(props, registryKey);
    const logBucket = this.logBucket
      ? { bucketName: this.logBucket.bucketName, bucketArn: this.logBucket.bucketArn }
      : { bucketName: evidence!.bucketName, bucketArn: evidence!.bucketArn };
    // Under `evidence` the log bucket and its key are in the evidence region.
    this.addGates(props, registryKey, ownKeys.functions!, { ...logBucket, keyArn: logsKeyArn, region: evidence?.region ?? props.region });
    if (props.budget) {
      new Budget(this, "budget", {
        name: resourceName(props.organization, props.environment, "monthly"),
        monthlyLimitUsd: props.budget.monthlyLimitUsd,
        recipients: props.budget.recipients,
        alerts: props.budget.alerts,
        costFilterTags: { environment: props.environment },
      });
    }
    this.alertTopic = this.addMonitoring(props, registryKey, this.monitoringKey);
    this.alertTopicArn = this.alertTopic.topicArn;
  }

  /**
   * Detection and alerting, under the `monitoring` scope: the alert topic; the GuardDuty detector
   * and its findings rule (unless `threatDetection.guardDuty` is off); Malware Protection for S3
   * on each registry's `incoming/` prefix with its THREATS_FOUND rule; anomaly and rejection
   * alarms on each gate; cost anomaly monitors. Names are `<org>-<env>-<purpose>`.
   */
  private addMonitoring(props: AiSupplyChainAwsProps, registryKey: KmsKey, monitoringKey: KmsKey): AlertTopic {
    const org = props.organization;
    const env = props.environment;
    const scope = new Construct(this, "monitoring");
    // EventBridge rule and IAM role names are at most 64 characters (see awsGateFunctionName).
    const limit64 = (name: string): string => (name.length <= 64 ? name : `${name.slice(0, 55)}-${stableSuffix(8, name)}`);
    const topic = new AlertTopic(scope, "alert-topic", {
      topicName: resourceName(org, env, "alerts"),
      accountId: props.accountId,
      region: props.region,
      partition: props.partition,
      kmsKey: monitoringKey,
      // Every alarm of the environment is named `<org>-<env>-...` (here and in TrailAlarms).
      alarmNamePrefix: resourceName(org, env, ""),
      ...(props.monitoring.emails !== undefined ? { emails: props.monitoring.emails } : {}),
      ...(props.monitoring.webhookUrl !== undefined ? { webhookUrl: props.monitoring.webhookUrl } : {}),
    });
    if (props.threatDetection?.guardDuty ?? true) {
      new ThreatDetector(scope, "threat-detector", { ruleName: limit64(resourceName(org, env, "guardduty-findings")), topic });
    }
    const specs = props.registries ?? [];
    for (const [index, spec] of specs.entries()) {
      const registry = this.registries[index]!;
      const scanner = new MalwareProtection(scope, `malware-${spec.name}`, {
        bucket: { bucketName: registry.bucketName, bucketArn: registry.bucketArn },
        kmsKey: registryKey,
        objectPrefix: registryPrefix("incoming"),
        // Not one name for both: a rule named like the role would read as a literal use of it.
        roleName: limit64(resourceName(org, env, `malware-${spec.name}`)),
        ruleName: limit64(resourceName(org, env, `malware-found-${spec.name}`)),
        accountId: props.accountId,
        region: props.region,
        partition: props.partition,
        topic,
        ...(props.functions?.permissionsBoundary !== undefined ? { permissionsBoundaryArn: props.functions.permissionsBoundary } : {}),
      });
      // The gate trusts the verdict tag, and publishers upload with tags: a publisher who wrote
      // GuardDutyMalwareScanStatus=NO_THREATS_FOUND itself would pass until the scan lands. Only
      // the scanner's role may set that key (s3:RequestObjectTagKeys, multivalued: ForAnyValue;
      // S3 User Guide, "Tagging and access control policies"). A copy into approved/ sends no
      // tag header, so the gate's own copies are not concerned.
      registry.addToResourcePolicy({
        Sid: "OnlyTheScannerSetsTheVerdict",
        Effect: "Deny",
        Principal: "*",
        Action: ["s3:PutObject", "s3:PutObjectTagging", "s3:PutObjectVersionTagging"],
        Resource: `${registry.bucketArn}/${registryPrefix("incoming")}*`,
        Condition: {
          "ForAnyValue:StringEquals": { "s3:RequestObjectTagKeys": [GUARDDUTY_SCAN_STATUS_TAG] },
          ArnNotEquals: { "aws:PrincipalArn": scanner.roleArn },
        },
      });
    }
    if (specs.length > 0) {
      new FunctionAnomalyAlarms(scope, "gate-alarms", {
        namePrefix: resourceName(org, env, "gate"),
        functions: specs.map((spec) => {
          const fn = this.gateFunctions[spec.name]!;
          return { registry: spec.name, functionName: fn.functionName, logGroupName: fn.logGroupName };
        }),
        alarmTopicArn: topic.topicArn,
        rejectionsPerHour: props.monitoring.gateRejectionsPerHour,
      });
    }
    new CostAnomalyMonitor(scope, "cost-anomaly", {
      namePrefix: resourceName(org, env, "cost-anomaly"),
      tag: { key: "environment", value: env },
      thresholdUsd: props.monitoring.costAnomalyThresholdUsd,
      topicArn: topic.topicArn,
      dependsOn: [topic.policyResource],
      // One AWS services monitor per account: the config allows one environment with
      // registries per account (and region), so that environment owns it.
      serviceMonitor: specs.length > 0,
    });
    new TrailAlarms(scope, "trail-alarms", {
      namePrefix: resourceName(org, env, "trail"),
      logGroupName: this.trail.logGroupName!,
      alarmTopicArn: topic.topicArn,
      // Under `evidence` the log bucket is the evidence account's: its trail sees changes to it.
      logBucketNames: [...(this.logBucket ? [this.logBucket.bucketName] : []), this.accessLogBucket.bucketName],
      registries: specs.map((spec, index) => ({ name: spec.name, bucketName: this.registries[index]!.bucketName, gateRoleArns: [this.gateFunctions[spec.name]!.roleArn] })),
    });
    this.outputs.push({ id: "alert-topic", value: topic.topicArn, description: "ARN of the environment's alert topic (SNS, KMS-encrypted): GuardDuty findings, malware scan results, gate and trail alarms, cost anomalies" });
    return topic;
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
        // The gate is created later (it needs the signing key and the package group); the
        // reference resolves at synth to its role's ARN, the only writer of approved/.
        gateRoleArn: this.gateRoleArnOf(spec.name),
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
      ...(props.signingPublicKeyReaderArns ? { publicKeyReaderArns: props.signingPublicKeyReaderArns } : {}),
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
        gateRoleArns: [this.gateRoleArnOf(registry.name)],
      });
      this.packageGroups[registry.name] = group;
      this.outputs.push({ id: `registry-${registry.name}-model-package-group`, value: group.groupArn, description: `ARN of the SageMaker model package group of registry ${registry.name}` });
    }
  }

  /** The ARN of a registry's gate role, resolved at synth once the gate exists. */
  private gateRoleArnOf(registry: string): string {
    return Lazy.stringValue({
      produce: () => {
        const gate = this.gateFunctions[registry];
        if (gate === undefined) throw new Error(`registry ${registry} has no promotion gate`);
        return gate.roleArn;
      },
    });
  }

  /**
   * One promotion gate per registry, each a LockedDownFunction with its own role, granted
   * exactly what the gate calls (functions/promotion-gate/storage/s3-store.ts, kms/aws-signer.ts,
   * handlers/aws/model-catalogue.ts): nothing else. The environment's attestation key (the gates
   * sign, readers verify), the shared code bucket, Signer profile and code signing config, and
   * an EventBridge trigger per registry bucket for `incoming/<model>/<version>/model.sig`.
   */
  private addGates(
    props: AiSupplyChainAwsProps,
    registryKey: KmsKey,
    functionsKey: KmsKey,
    log: { readonly bucketName: string; readonly bucketArn: string; readonly keyArn: string; readonly region: string },
  ): void {
    const specs = props.registries ?? [];
    if (specs.length === 0) return;
    const org = props.organization;
    const env = props.environment;
    const partition = props.partition;
    const artifact = props.gatePackage ?? gatePackageFor(this.node.root, AWS_GATE_PACKAGE);
    const scope = new Construct(this, "promotion-gates");
    const codeSigning = new FunctionCodeSigning(scope, "code-signing", {
      bucketName: awsFunctionCodeBucketName(org, env, props.accountId),
      kmsKey: functionsKey,
      accessLogBucket: this.accessLogBucket,
      signingProfileName: awsFunctionSigningProfileName(org, env),
      preventDestroy: props.protection.preventDestroy,
    });
    const viaS3 = awsServiceHost("s3", partition, props.region);
    const logViaS3 = awsServiceHost("s3", partition, log.region);
    const attestationArn = Lazy.stringValue({ produce: () => this.attestation!.keyArn });
    const signing = this.signing!;

    for (const [index, spec] of specs.entries()) {
      const registry = this.registries[index]!;
      const group = this.packageGroups[spec.name]!;
      const name = awsGateFunctionName(org, env, spec.name);
      const gateEnv = {
        ...gateEnvironmentVariables({
          registry: spec.name,
          lineageTags: spec.lineageTags,
          gate: spec.gate ?? DEFAULT_GATE_SETTINGS,
          // The public key from the deployment, never from an upload: the gate verifies locally
          // and calls no KMS operation on the signing key.
          signingPublicKeyPem: signing.publicKeyPem,
          verifierId: gateVerifierId("aws", org, env, spec.name),
          packageSha256: artifact.sha256,
          policyUri: gatePolicyUri("aws", org, env, spec.name),
          approvedRetentionDays: spec.approvedRetentionDays,
        }),
        ...awsGateEnvironmentVariables({
          registryBucket: registry.bucketName,
          registryKeyArn: registryKey.keyArn,
          logBucket: log.bucketName,
          logRegion: log.region,
          logKeyArn: log.keyArn,
          attestationKeyArn: attestationArn,
          modelPackageGroup: group.groupName,
        }),
      };
      const fn = new LockedDownFunction(scope, spec.name, {
        functionName: name,
        description: `Promotion gate of model registry ${spec.name}: verifies uploads under incoming/ and promotes them to approved/`,
        accountId: props.accountId,
        region: props.region,
        partition,
        package: artifact,
        handler: AWS_GATE_HANDLER,
        architecture: "arm64",
        // A decision streams every file through SHA-256 and copies up to maxTotalGb: the
        // longest Lambda allows.
        timeoutSeconds: 900,
        memorySizeMb: 1024,
        environment: gateEnv,
        functionsKey,
        codeSigning,
        ...(props.functions?.packageType !== undefined ? { packageType: props.functions.packageType } : {}),
        ...(props.functions?.permissionsBoundary !== undefined ? { permissionsBoundaryArn: props.functions.permissionsBoundary } : {}),
        ...(props.functions?.vpc !== undefined ? { vpc: props.functions.vpc } : {}),
        reservedConcurrency: props.protection.functionConcurrency,
        logRetentionDays: props.protection.functionLogRetentionDays,
        traceSamplingRate: props.protection.functionTraceSampling,
      });
      this.gateFunctions[spec.name] = fn;
      gateGrants({
        bucketArn: registry.bucketArn,
        registryKeyArn: registryKey.keyArn,
        logBucketArn: log.bucketArn,
        logKeyArn: log.keyArn,
        registry: spec.name,
        attestationKeyArn: attestationArn,
        packageGroupArns: [group.groupArn, group.modelPackagesArn],
        viaS3,
        logViaS3,
      }).forEach((s) => fn.addToRolePolicy(s));
      new ObjectCreatedTrigger(scope, `${spec.name}-trigger`, {
        bucket: { bucketId: registry.bucketId, bucketName: registry.bucketName },
        function: fn,
        ruleName: awsGateRuleName(name),
        accountId: props.accountId,
        keyWildcard: `${registryPrefix("incoming")}*/*/${SIGNATURE_FILE_NAME}`,
      });
      this.outputs.push({ id: `registry-${spec.name}-gate`, value: fn.functionArn, description: `ARN of the promotion gate of registry ${spec.name} (Lambda, signed code)` });
    }

    const readers = [...new Set(specs.flatMap((r) => r.readers))].sort();
    this.attestation = new SigningKey(this, "gate-attestation-key", {
      aliasName: awsAttestationKeyAlias(org, env),
      accountId: props.accountId,
      partition,
      adminRoleArn: props.adminRoleArn,
      // Only the gates sign decision records; readers verify them.
      publisherRoleArns: specs.map((r) => this.gateFunctions[r.name]!.roleArn),
      verifierRoleArns: readers,
      deletionWindowDays: props.protection.keyDeletionWindowDays,
      preventDestroy: props.protection.preventDestroy,
      purpose: { tag: "gate-attestation", description: "promotion gate decision records (the gates sign, readers verify)" },
    });
    this.outputs.push(
      { id: "gate-attestation-key", value: this.attestation.keyArn, description: "ARN of the gate attestation key (ECC_NIST_P256): signs the DSSE envelope of every decision record" },
      { id: "gate-attestation-public-key", value: this.attestation.publicKeyPem, description: "PEM public key of the gate attestation key: verifies decision records under provenance/" },
    );
  }
}

/** What one registry's gate may touch. */
interface GateGrantTargets {
  readonly bucketArn: string;
  readonly registryKeyArn: string;
  readonly logBucketArn: string;
  readonly logKeyArn: string;
  readonly registry: string;
  readonly attestationKeyArn: string;
  readonly packageGroupArns: readonly string[];
  /** `kms:ViaService` of S3 in the registry's region. */
  readonly viaS3: string;
  /** `kms:ViaService` of S3 in the log bucket's region (the evidence region under `evidence`). */
  readonly logViaS3: string;
}

/**
 * The gate's grants, each statement for a call the adapter makes:
 * - ListObjectVersions of `incoming/<m>/<v>/` → s3:ListBucketVersions (prefix-scoped); GetObject
 *   with VersionId → s3:GetObjectVersion; GetObjectTagging with VersionId →
 *   s3:GetObjectVersionTagging (S3 User Guide, "Policy actions for Amazon S3 operations"), plus
 *   their unversioned forms.
 * - s3:ListBucket on the bucket, unscoped: ListObjectsV2 of `approved/<m>/<v>/`, and because
 *   S3 answers a GetObject/HeadObject of a missing key with 404 only to a caller with
 *   s3:ListBucket, else 403 (S3 API Reference, GetObject and HeadObject, "Permissions"); the
 *   adapter treats 404 as "absent" (s3-store.ts headApproved, readRecord). A prefix condition
 *   is not evaluated on that check, so it is not scoped.
 * - CopyObject / multipart copy into `approved/` → s3:PutObject (CopyObject, CreateMultipartUpload,
 *   UploadPartCopy, CompleteMultipartUpload), s3:PutObjectRetention (the copy's Object Lock
 *   retain-until), s3:AbortMultipartUpload (a failed multipart copy); HeadObject of an approved
 *   key → s3:GetObject there.
 * - Registry key: Decrypt (read and copy SSE-KMS sources) and GenerateDataKey (encrypt the
 *   copies), only through S3 for this bucket (bucket key: the context is the bucket ARN).
 * - Decision records: PutObject and GetObject under `provenance/<registry>/`, s3:ListBucket on
 *   the log bucket (404 on the first read), the logs key through S3 for the log bucket.
 * - Attestation key: Sign and GetPublicKey (AwsKmsSigner). No grant on the model-signing key:
 *   its public key is a setting (GATE_SIGNING_PUBLIC_KEY) and the gate verifies locally.
 * - sagemaker:CreateModelPackage in the registry's group, only with ModelApprovalStatus
 *   Approved (the condition ModelPackageGroup.approvalGuardStatements uses).
 */
function gateGrants(t: GateGrantTargets): IdentityPolicyStatement[] {
  const incoming = registryPrefix("incoming");
  const approved = registryPrefix("approved");
  const provenance = `${PROVENANCE_PREFIX}${t.registry}/`;
  const viaS3 = (bucketArn: string, service = t.viaS3) => ({ StringEquals: { "kms:ViaService": service, "kms:EncryptionContext:aws:s3:arn": bucketArn } });
  return [
    {
      Sid: "ReadIncoming",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectTagging", "s3:GetObjectVersionTagging"],
      Resource: `${t.bucketArn}/${incoming}*`,
    },
    { Sid: "ListIncomingVersions", Effect: "Allow", Action: "s3:ListBucketVersions", Resource: t.bucketArn, Condition: { StringLike: { "s3:prefix": [`${incoming}*`] } } },
    { Sid: "ListRegistry", Effect: "Allow", Action: "s3:ListBucket", Resource: t.bucketArn },
    { Sid: "WriteApproved", Effect: "Allow", Action: ["s3:PutObject", "s3:PutObjectRetention", "s3:AbortMultipartUpload"], Resource: `${t.bucketArn}/${approved}*` },
    { Sid: "HeadApproved", Effect: "Allow", Action: "s3:GetObject", Resource: `${t.bucketArn}/${approved}*` },
    { Sid: "RegistryKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: t.registryKeyArn, Condition: viaS3(t.bucketArn) },
    { Sid: "WriteDecisionRecords", Effect: "Allow", Action: ["s3:PutObject", "s3:GetObject"], Resource: `${t.logBucketArn}/${provenance}*` },
    { Sid: "ListLogBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: t.logBucketArn },
    { Sid: "LogsKey", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: t.logKeyArn, Condition: viaS3(t.logBucketArn, t.logViaS3) },
    { Sid: "SignDecisionRecords", Effect: "Allow", Action: ["kms:Sign", "kms:GetPublicKey"], Resource: t.attestationKeyArn },
    {
      Sid: "RegisterApprovedModelPackages",
      Effect: "Allow",
      Action: "sagemaker:CreateModelPackage",
      Resource: [...t.packageGroupArns],
      Condition: { StringEquals: { "sagemaker:ModelApprovalStatus": "Approved" } },
    },
  ];
}

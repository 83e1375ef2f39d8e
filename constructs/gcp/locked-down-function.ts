import { FUNCTION_NODE_MAJOR } from "../shared/function-runtime";
import { ArtifactRegistryRepository } from "@cdktf/provider-google/lib/artifact-registry-repository";
import { ArtifactRegistryRepositoryIamMember } from "@cdktf/provider-google/lib/artifact-registry-repository-iam-member";
import { CloudRunServiceIamMember } from "@cdktf/provider-google/lib/cloud-run-service-iam-member";
import { Cloudfunctions2Function } from "@cdktf/provider-google/lib/cloudfunctions2-function";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import { StorageBucketObject } from "@cdktf/provider-google/lib/storage-bucket-object";
import { dependable as dependableRef, ITerraformDependable } from "cdktf";
import { functionPackageAssetPath, PackageFile } from "../shared/function-package-asset";
import { Construct } from "constructs";
import { SHA256_HEX } from "../shared/limits/common";
import { GCP_FUNCTION_ACCOUNT_PREFIX, GCP_FUNCTION_NAME, GCS_BUCKET_NAME } from "../shared/limits/gcp";
import { GcpFunctionAccountRole, gcpFunctionAccountId, gcpServiceAccountMember, stableSuffix } from "../shared/naming";
import { PropValidator } from "../shared/validation-error";
import { GCS_BUCKET_BASELINE } from "./bucket-baseline";
import { grantFunctionAgentsKeyAccess, grantStorageAgentEventPublishing } from "./function-service-agents";
import { ILogBucket } from "./immutable-log-bucket";
import { IKmsKey } from "./kms-key";

const SECONDS_PER_DAY = 86_400;

/** Event-driven 2nd gen functions run at most 540 s (Cloud Run functions "Quotas", time limits: 9 minutes for event-driven functions). */
export const GCP_FUNCTION_TIMEOUT_SECONDS = { min: 1, max: 540 } as const;
/** `max_instance_count`: at least one instance, and a cap the blueprint keeps small. */
export const GCP_FUNCTION_MAX_INSTANCES = { min: 1, max: 100 } as const;

/** What `google.cloud.storage.object.v1.finalized` means: an object (or a new generation of one) was created. */
export const GCS_OBJECT_FINALIZED = "google.cloud.storage.object.v1.finalized";

/** Invokes the function's Cloud Run service: what the trigger identity needs on that service alone. */
export const RUN_INVOKER_ROLE = "roles/run.invoker";
/**
 * `eventarc.events.receiveEvent` (IAM "Eventarc roles"): Eventarc requires it of a trigger's
 * identity for Cloud Storage (direct) events ("Create a trigger for Cloud Storage", "Before you
 * begin"), and it is granted on the project only (the role has no resource-level binding).
 */
export const EVENT_RECEIVER_ROLE = "roles/eventarc.eventReceiver";
/** Push and pull images, nothing else: what the build identity needs on the function's repository. */
export const ARTIFACT_REGISTRY_WRITER = "roles/artifactregistry.writer";
/** Read objects: what the build identity needs on the source bucket. */
export const SOURCE_READER_ROLE = "roles/storage.objectViewer";
/**
 * Write build logs (`logging.logEntries.create`): Cloud Build refuses a build with a
 * user-specified service account that cannot write its logs ("Configure user-specified service
 * accounts", cloud.google.com/build/docs/securing-builds/configure-user-specified-service-accounts).
 * Cloud Logging grants it on the project only.
 */
export const LOG_WRITER_ROLE = "roles/logging.logWriter";

/** Project-level grants the function makes, each the only scope the role is granted at (see the class documentation). */
export const FUNCTION_PROJECT_ROLES = [EVENT_RECEIVER_ROLE, LOG_WRITER_ROLE] as const;

/** The code the function runs: a zip built at synth (functions/bundle/gate-package.ts `buildGatePackage`). */
export type FunctionCode = PackageFile;

/** The Eventarc trigger: object events of one bucket. */
export interface StorageTrigger {
  /** The bucket whose objects trigger the function (the `bucket` CloudEvent attribute); must be in the function's region. */
  readonly bucketName: string;
  /**
   * The CloudEvent type.
   * @default "google.cloud.storage.object.v1.finalized"
   */
  readonly eventType?: string;
  /**
   * Redeliver an event whose execution failed, with backoff, for up to 24 hours (Cloud Run
   * functions "Enable event-driven function retries"); the handler must be idempotent.
   * @default true
   */
  readonly retry?: boolean;
}

export interface LockedDownFunctionProps {
  /** The function's name, also its Cloud Run service's (`GCP_FUNCTION_NAME`). */
  readonly name: string;
  /** Project of the function, its identities, source bucket and image repository. */
  readonly projectId: string;
  /** Region of the function, its trigger, source bucket and image repository; the key's region. */
  readonly location: string;
  /** Prefix of the three service accounts' ids (`<prefix>-run`, `-bld`, `-trg`), see `GCP_FUNCTION_ACCOUNT_PREFIX`. */
  readonly accountIdPrefix: string;
  /** Name of the bucket the code zip is uploaded to (3-63 characters, `GCS_BUCKET_NAME`), created here. */
  readonly sourceBucketName: string;
  /** The environment's `functions` key: CMEK of the function, its image repository and its source bucket. */
  readonly kmsKey: IKmsKey;
  /** Where the source bucket's usage logs go (who uploaded or read the code). */
  readonly usageLogs: Pick<ILogBucket, "bucketName">;
  /** The code: a zip and its SHA-256. */
  readonly code: FunctionCode;
  /** The exported function the Functions Framework runs (`build_config.entry_point`). */
  readonly entryPoint: string;
  /**
   * The runtime (Cloud Run functions "Runtime support").
   * @default "nodejs22" (FUNCTION_NODE_MAJOR)
   */
  readonly runtime?: string;
  /** The trigger; the function is event-driven only, so it has no public URL to call. */
  readonly trigger: StorageTrigger;
  /**
   * Runtime environment variables (no secrets: they are readable by whoever can view the function).
   * @default {}
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Most instances at once (`max_instance_count`), 1-100: bounds cost and the blast radius of a retry storm.
   * @default 1
   */
  readonly maxInstances?: number;
  /**
   * Seconds one event may run, 1-540.
   * @default 540
   */
  readonly timeoutSeconds?: number;
  /**
   * Memory of one instance (`available_memory`).
   * @default "512Mi"
   */
  readonly availableMemory?: string;
  /**
   * Days a replaced code zip stays in the source bucket as a noncurrent version (rollback and evidence).
   * @default 30
   */
  readonly noncurrentCodeDays?: number;
  /**
   * Refuse any plan that destroys the source bucket or the image repository.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * Members that may read the code zip besides the build identity: the CI plan service account,
   * whose plans refresh the source object (`storage.objects.get`). The zip is the blueprint's
   * own gate, built from this repository; reading it grants nothing. @default []
   */
  readonly sourceReaderMembers?: readonly string[];
}

/**
 * A Cloud Functions (2nd gen) function locked down to its one job, created with every
 * identity and resource it needs and nothing else:
 *
 * - Identities: its own runtime service account (`member`), a separate build service account
 *   (`build_config.service_account`: the build cannot act as the runtime, nor the runtime push
 *   images), and a separate trigger service account (`event_trigger.service_account_email`)
 *   that may invoke this function's Cloud Run service only (`roles/run.invoker` on the service).
 *   None has a key (no `google_service_account_key`) or a role on the project beyond the two
 *   below. The runtime identity gets permissions only from the `grant*` methods of the
 *   resources it touches (ModelRegistry, ImmutableLogBucket, SigningKey), each scoped to a
 *   bucket prefix or a key.
 * - Network: `ingress_settings = ALLOW_INTERNAL_ONLY` and no `allUsers` or
 *   `allAuthenticatedUsers` invoker; events arrive through Eventarc, which is internal.
 * - Encryption: CMEK `kms_key_name` with the functions key, the build's images in an Artifact
 *   Registry repository encrypted with the same key (`build_config.docker_repository`, which
 *   CMEK requires: "Protect your data with CMEK", cloud.google.com/functions/docs/securing/cmek,
 *   "Before you begin"), the source zip in a CMEK bucket (uniform access, public access
 *   prevention, versioned, usage-logged, soft delete), and the four service agents that
 *   encrypt for it granted exactly that key (function-service-agents.ts).
 * - Code: the zip as a cdktf asset uploaded to `<sha256>.zip` in the function's own bucket, so the deployed source is
 *   named by its digest and a new build is a new object (and a new deployment).
 * - Trigger: Eventarc on `trigger.eventType` of `trigger.bucketName` (filter on the `bucket`
 *   attribute), retried on failure by default, at most `maxInstances` instances.
 *
 * Project-level grants, each because the role has no narrower scope: the trigger identity's
 * `roles/eventarc.eventReceiver`, the build identity's `roles/logging.logWriter`, and, once per
 * project, the Cloud Storage service agent's `roles/pubsub.publisher` (Eventarc's Cloud Storage
 * transport). Never Owner, Editor or a project-wide data role.
 *
 * Prerequisites: the deploying identity needs `iam.serviceAccounts.actAs` on the runtime and build
 * accounts; the Cloud Functions, Cloud Run and Artifact Registry service agents must exist before
 * their key grants (they appear when the APIs are enabled; the Artifact Registry agent may need
 * `gcloud beta services identity create --service=artifactregistry.googleapis.com`).
 *
 * @example
 * const fn = new LockedDownFunction(this, "gate", {
 *   name: "acme-prod-gate-fraud", projectId, location: "europe-west1", accountIdPrefix: "gate-fraud-1a2b",
 *   sourceBucketName: "acme-prod-fn-src-1a2b3c", kmsKey: keys.functions, usageLogs,
 *   code: buildGatePackage(GCP_GATE_PACKAGE), entryPoint: "promotionGate",
 *   trigger: { bucketName: registry.bucketName }, maxInstances: protection.functionConcurrency,
 * });
 * registry.grantRead(fn.member);
 */
export class LockedDownFunction extends Construct {
  /** The runtime identity as an IAM member, `serviceAccount:<email>`: what resources grant to. */
  public readonly member: string;
  /** The runtime identity's email. */
  public readonly serviceAccountEmail: string;
  /** The build identity as an IAM member. */
  public readonly buildMember: string;
  /** The trigger identity as an IAM member. */
  public readonly triggerMember: string;
  /** The function's name attribute. */
  public readonly functionName: string;
  /** The source object's name, `<sha256>.zip` (the bucket is the function's own). */
  public readonly sourceObjectName: string;
  public readonly resource: Cloudfunctions2Function;
  public readonly runtimeAccount: ServiceAccount;
  /** What a grant to the runtime identity depends on: the account exists once this is created. */
  public readonly identity: ITerraformDependable;

  constructor(scope: Construct, id: string, props: LockedDownFunctionProps) {
    const maxInstances = props.maxInstances ?? 1;
    const timeoutSeconds = props.timeoutSeconds ?? GCP_FUNCTION_TIMEOUT_SECONDS.max;
    const noncurrentCodeDays = props.noncurrentCodeDays ?? 30;
    new PropValidator(scope, id)
      .matches("name", props.name, GCP_FUNCTION_NAME, "GCP_FUNCTION_NAME_INVALID")
      .matches("accountIdPrefix", props.accountIdPrefix, GCP_FUNCTION_ACCOUNT_PREFIX, "GCP_FUNCTION_ACCOUNT_PREFIX_INVALID")
      .matches("sourceBucketName", props.sourceBucketName, GCS_BUCKET_NAME, "GCP_GCS_BUCKET_NAME_INVALID")
      .integerInRange("maxInstances", maxInstances, GCP_FUNCTION_MAX_INSTANCES.min, GCP_FUNCTION_MAX_INSTANCES.max, "GCP_FUNCTION_MAX_INSTANCES_OUT_OF_RANGE")
      .integerInRange("timeoutSeconds", timeoutSeconds, GCP_FUNCTION_TIMEOUT_SECONDS.min, GCP_FUNCTION_TIMEOUT_SECONDS.max, "GCP_FUNCTION_TIMEOUT_OUT_OF_RANGE")
      .integerInRange("noncurrentCodeDays", noncurrentCodeDays, 1, 3650, "GCP_FUNCTION_NONCURRENT_DAYS_OUT_OF_RANGE")
      .matches("code.sha256", props.code.sha256, SHA256_HEX, "GCP_FUNCTION_CODE_SHA256_INVALID")
      .require(props.entryPoint.length > 0, "GCP_FUNCTION_ENTRY_POINT_INVALID", "entryPoint", props.entryPoint, "the name the handler registers with the Functions Framework")
      .throwIfInvalid();
    super(scope, id);

    const account = (suffix: GcpFunctionAccountRole, what: string): ServiceAccount =>
      new ServiceAccount(this, `${suffix[0]!.toUpperCase()}${suffix.slice(1)}Account`, {
        project: props.projectId,
        accountId: gcpFunctionAccountId(props.accountIdPrefix, suffix),
        // The function's name only in the description: a literal name elsewhere reads as a
        // reference without a dependency edge (REFERENCE-NOT-LITERAL).
        displayName: `Function ${what}`,
        description: `The ${what} of the function ${props.name}; granted only what it needs, on the resources themselves`,
      });
    this.runtimeAccount = account("run", "runtime identity");
    const build = account("bld", "build identity");
    const trigger = account("trg", "trigger identity");
    this.serviceAccountEmail = this.runtimeAccount.email;
    this.member = gcpServiceAccountMember(this.runtimeAccount.email);
    this.buildMember = gcpServiceAccountMember(build.email);
    this.triggerMember = gcpServiceAccountMember(trigger.email);
    this.identity = this.runtimeAccount;

    const keyAccess = grantFunctionAgentsKeyAccess(this, props.projectId, props.kmsKey);

    // The code's bucket: whoever can replace the zip changes what the next deployment runs, so
    // nobody but the deployer and the build identity (read) is granted on it.
    const sourceBucket = new StorageBucket(this, "SourceBucket", {
      name: props.sourceBucketName,
      project: props.projectId,
      location: props.location,
      ...GCS_BUCKET_BASELINE,
      versioning: { enabled: true },
      softDeletePolicy: { retentionDurationSeconds: 7 * SECONDS_PER_DAY },
      encryption: { defaultKmsKeyName: props.kmsKey.keyId },
      logging: { logBucket: props.usageLogs.bucketName, logObjectPrefix: "function-source/" },
      lifecycleRule: [{ action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: noncurrentCodeDays, withState: "ARCHIVED" } }],
      labels: { purpose: "function-source", function: props.name },
      dependsOn: [keyAccess.ready],
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    const packagePath = functionPackageAssetPath(this, props.code);
    this.sourceObjectName = `${props.code.sha256}.zip`;
    const source = new StorageBucketObject(this, "SourceObject", {
      bucket: sourceBucket.name,
      name: this.sourceObjectName,
      source: packagePath,
      contentType: "application/zip",
    });
    new StorageBucketIamMember(this, "BuildReadsSource", { bucket: sourceBucket.name, role: SOURCE_READER_ROLE, member: this.buildMember });
    for (const member of props.sourceReaderMembers ?? []) {
      new StorageBucketIamMember(this, `ReadsSource-${stableSuffix(8, member)}`, { bucket: sourceBucket.name, role: SOURCE_READER_ROLE, member });
    }

    // CMEK functions need their images in a repository encrypted with the same key.
    const repository = new ArtifactRegistryRepository(this, "ImageRepository", {
      repositoryId: `${props.name}-build`,
      project: props.projectId,
      location: props.location,
      format: "DOCKER",
      mode: "STANDARD_REPOSITORY",
      description: `Build images of the function ${props.name}: CMEK with the functions key`,
      kmsKeyName: props.kmsKey.keyId,
      dockerConfig: { immutableTags: true },
      vulnerabilityScanningConfig: { enablementConfig: "INHERITED" },
      cleanupPolicyDryRun: false,
      cleanupPolicies: [{ id: "keep-recent", action: "KEEP", mostRecentVersions: { keepCount: 5 } }],
      labels: { purpose: "function-images", function: props.name },
      dependsOn: [keyAccess.ready],
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    const pushes = new ArtifactRegistryRepositoryIamMember(this, "BuildPushesImages", {
      project: props.projectId,
      location: props.location,
      repository: repository.name,
      role: ARTIFACT_REGISTRY_WRITER,
      member: this.buildMember,
    });
    const buildLogs = new ProjectIamMember(this, "BuildWritesLogs", { project: props.projectId, role: LOG_WRITER_ROLE, member: this.buildMember });
    const receives = new ProjectIamMember(this, "TriggerReceivesEvents", { project: props.projectId, role: EVENT_RECEIVER_ROLE, member: this.triggerMember });
    const publishes = grantStorageAgentEventPublishing(this, props.projectId);

    this.resource = new Cloudfunctions2Function(this, "Resource", {
      name: props.name,
      project: props.projectId,
      location: props.location,
      description: `Event-driven function ${props.name}; code sha256 ${props.code.sha256}`,
      kmsKeyName: props.kmsKey.keyId,
      labels: { purpose: "function", function: props.name },
      buildConfig: {
        runtime: props.runtime ?? `nodejs${FUNCTION_NODE_MAJOR}`,
        entryPoint: props.entryPoint,
        serviceAccount: build.id,
        dockerRepository: repository.id,
        source: { storageSource: { bucket: sourceBucket.name, object: source.name, generation: source.generation } },
      },
      serviceConfig: {
        serviceAccountEmail: this.runtimeAccount.email,
        ingressSettings: "ALLOW_INTERNAL_ONLY",
        allTrafficOnLatestRevision: true,
        minInstanceCount: 0,
        maxInstanceCount: maxInstances,
        // One event per instance: the handler's memory and time budget are per event.
        maxInstanceRequestConcurrency: 1,
        timeoutSeconds,
        availableMemory: props.availableMemory ?? "512Mi",
        environmentVariables: { ...(props.environment ?? {}) },
      },
      eventTrigger: {
        eventType: props.trigger.eventType ?? GCS_OBJECT_FINALIZED,
        triggerRegion: props.location,
        eventFilters: [{ attribute: "bucket", value: props.trigger.bucketName }],
        serviceAccountEmail: trigger.email,
        retryPolicy: props.trigger.retry === false ? "RETRY_POLICY_DO_NOT_RETRY" : "RETRY_POLICY_RETRY",
      },
      dependsOn: [keyAccess.ready, pushes, buildLogs, receives, publishes],
    });
    this.functionName = this.resource.name;

    // The trigger identity invokes this function's service and nothing else.
    new CloudRunServiceIamMember(this, "TriggerInvokes", {
      project: props.projectId,
      location: props.location,
      service: this.resource.serviceConfig.service,
      role: RUN_INVOKER_ROLE,
      member: this.triggerMember,
    });
  }

  /**
   * Makes the function wait for `dependable` (a grant's propagation delay): the runtime
   * identity's grants are made by the resources it touches, after the function exists as a
   * construct, and its first event must not race them.
   */
  public addDependency(dependable: ITerraformDependable): void {
    // The same rendering the `dependsOn` prop gets (cdktf tfExpression `dependable`): `type.name`, no braces.
    this.resource.dependsOn = [...(this.resource.dependsOn ?? []), dependableRef(dependable)];
  }
}

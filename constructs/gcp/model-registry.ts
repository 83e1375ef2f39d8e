import { StorageBucket, StorageBucketLifecycleRule } from "@cdktf/provider-google/lib/storage-bucket";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { GCS_BUCKET_NAME } from "../shared/limits/gcp";
import { APPROVED_RETENTION_DAYS, GCP_REGISTRY_MEMBER, INCOMING_EXPIRY_DAYS, REGISTRY_NAME } from "../shared/limits/registry";
import { MODEL_NAME_PATTERN, ModelRegistrySpec, registryPrefix } from "../shared/model-registry-spec";
import { stableSuffix } from "../shared/naming";
import { PropValidator } from "../shared/validation-error";
import { GCS_BUCKET_BASELINE, OBJECT_CREATOR_ROLE, grantStorageAgentKeyAccess } from "./bucket-baseline";
import { ILogBucket } from "./immutable-log-bucket";
import { IKmsKey } from "./kms-key";
import { IBucketRole } from "./object-retention-role";

const SECONDS_PER_DAY = 86_400;

/** The condition title of the promotion gate's bindings on `approved/` (the policy engine's MODEL-APPROVAL-GATED accepts only it there). */
export const GATE_WRITES_APPROVED = "gate-writes-approved";

/** `storage.buckets.get` and `storage.objects.list` (Cloud Storage "IAM roles": Storage Legacy Bucket Reader): names and metadata, no object content. */
export const BUCKET_LISTER_ROLE = "roles/storage.legacyBucketReader";

/** The read-only object role: `storage.objects.get` and `storage.objects.list`, no write of any kind. */
export const OBJECT_VIEWER_ROLE = "roles/storage.objectViewer";

/**
 * Days Cloud Storage keeps a soft-deleted object: 7 to 90 (google provider 6.50
 * website/docs/r/storage_bucket.html.markdown, `retention_duration_seconds`: "between
 * 604800(7 days) and 7776000(90 days)"; 0 turns soft delete off, which the blueprint never does).
 */
export const GCS_SOFT_DELETE_DAYS = { min: 7, max: 90 } as const;

/** Days a noncurrent `incoming/` version stays before lifecycle deletes it (soft delete still keeps it restorable after that). */
export const INCOMING_NONCURRENT_DAYS = 1;

export interface ModelRegistryProps {
  /** The registry: name, publishers, readers, lineage tags, retention and expiry (validated here too). */
  readonly spec: ModelRegistrySpec;
  /** Bucket name, 3-63 lowercase letters, digits, `-`, `_` and `.` (`GCS_BUCKET_NAME`); see `gcpRegistryBucketName`. */
  readonly bucketName: string;
  /** Project that holds the bucket; its Cloud Storage service agent is granted use of `kmsKey`. */
  readonly projectId: string;
  /** Bucket location, e.g. `europe-west1`; must be the key's location. */
  readonly location: string;
  /** The environment's `registry` key: encrypts every object (CMEK). */
  readonly kmsKey: IKmsKey;
  /**
   * Where Cloud Storage delivers the bucket's usage logs (every request, hourly CSV objects):
   * who uploaded, read or tried to replace a model, independent of data-access audit logs.
   * Only its name is read (the usage-log bucket grants Cloud Storage's log writer itself).
   */
  readonly usageLogs: Pick<ILogBucket, "bucketName">;
  /**
   * Days a deleted or replaced object stays restorable (soft delete), 7-90.
   * @default 30
   */
  readonly softDeleteRetentionDays?: number;
  /**
   * The promotion gate's identity (`serviceAccount:` member): the only member that may create
   * objects under `approved/` (and read `incoming/` to verify uploads). Locking a copy with a
   * retention configuration also needs `storage.objects.setRetention` and
   * `storage.objects.update` ("Enable and use object retention configurations",
   * cloud.google.com/storage/docs/using-object-lock), which roles/storage.objectCreator lacks:
   * whoever deploys the gate must grant them, conditioned on `approved/` like this binding.
   * @default - none: nobody can write under `approved/`
   */
  readonly gateMember?: string;
  /**
   * Refuse any plan that destroys the bucket.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/**
 * The artifact store of one model registry on GCS. Layout: publishers upload under
 * `incoming/<model>/<version>/`; only the promotion gate writes `approved/<model>/<version>/`
 * and locks each copy with a per-object retention; readers read only `approved/`.
 *
 * Bucket: the shared baseline (uniform bucket-level access, public access prevention enforced,
 * never force-destroyed), CMEK with the registry key, versioning, soft delete, usage logs,
 * object retention enabled (set at creation only and never disabled, "Enable and use object
 * retention configurations"; `enable_object_retention` is ForceNew in google provider 6.50
 * google/services/storage/resource_storage_bucket.go), lifecycle that
 * expires unprocessed uploads under `incoming/` and never touches `approved/`, labels
 * `purpose: model-registry` and `registry: <name>`. Data-access audit logs (DATA_READ and
 * DATA_WRITE for storage.googleapis.com) come from the environment's AuditTrail, per project.
 *
 * Grants are additive `google_storage_bucket_iam_member` bindings, each with an IAM condition
 * on the object name (`resource.name.startsWith("projects/_/buckets/<bucket>/objects/<prefix>")`,
 * the Cloud Storage object resource name of "Resource attributes for IAM Conditions"):
 * publishers `roles/storage.objectCreator` on `incoming/` (create only: no read, and no
 * overwrite, which needs `storage.objects.delete`), readers `roles/storage.objectViewer` on
 * `approved/`. `storage.objects.list` is checked on the bucket, whose name never starts with an
 * object prefix, so a prefix-conditioned reader cannot list: readers fetch the exact object
 * names they are given (the gate's decision record, the deployment's config). A reader that must
 * list needs a separate bucket-level binding; IAM's `storage.googleapis.com/objectListPrefix`
 * API attribute could condition it on a prefix, and is left out until it is verified here.
 *
 * Lineage: GCS has no request-tag condition (unlike S3 `s3:RequestObjectTag` or Azure ABAC),
 * so nothing refuses an upload without its lineage metadata; the gate refuses to promote one.
 *
 * Keys: with CMEK the project's Cloud Storage service agent "performs encryption and decryption",
 * and a requester reading an object "simply access[es] the object as they normally would"
 * ("Customer-managed encryption keys", cloud.google.com/storage/docs/encryption/customer-managed-keys),
 * so grants add no key role and no publisher or reader can use the key outside the bucket.
 *
 * @example
 * const registry = new ModelRegistry(this, "fraud-scoring", {
 *   spec, bucketName: gcpRegistryBucketName(org, env, spec.name, projectId), projectId,
 *   location: region, kmsKey: keys.registry, usageLogs,
 * });
 * registry.grantPublish("serviceAccount:trainer@acme-ai-prod.iam.gserviceaccount.com", "fraud-model");
 * registry.grantRead("serviceAccount:serving@acme-ai-prod.iam.gserviceaccount.com");
 */
export class ModelRegistry extends Construct {
  /** The bucket resource's `name` attribute. */
  public readonly bucketName: string;
  /** `gs://<bucket>/approved/`: where readers (and MLflow) find approved models. */
  public readonly approvedUri: string;
  /** The registry's name (`spec.name`). */
  public readonly registryName: string;
  /** Days the gate locks each `approved/` copy (`spec.approvedRetentionDays`), for the gate's configuration. */
  public readonly approvedRetentionDays: number;
  /** Lineage tags the gate requires on every upload (`spec.lineageTags`). */
  public readonly lineageTags: readonly string[];
  private readonly grants = new Map<string, StorageBucketIamMember>();

  constructor(scope: Construct, id: string, props: ModelRegistryProps) {
    const softDeleteDays = props.softDeleteRetentionDays ?? 30;
    const spec = props.spec;
    new PropValidator(scope, id)
      .matches("spec.name", spec.name, REGISTRY_NAME, "GCP_REGISTRY_NAME_INVALID")
      .matches("bucketName", props.bucketName, GCS_BUCKET_NAME, "GCP_GCS_BUCKET_NAME_INVALID")
      .integerInRange("spec.incomingExpiryDays", spec.incomingExpiryDays, INCOMING_EXPIRY_DAYS.min, INCOMING_EXPIRY_DAYS.max, "GCP_REGISTRY_INCOMING_EXPIRY_OUT_OF_RANGE")
      .integerInRange("spec.approvedRetentionDays", spec.approvedRetentionDays, APPROVED_RETENTION_DAYS.min, APPROVED_RETENTION_DAYS.max, "GCP_REGISTRY_APPROVED_RETENTION_OUT_OF_RANGE")
      .integerInRange("softDeleteRetentionDays", softDeleteDays, GCS_SOFT_DELETE_DAYS.min, GCS_SOFT_DELETE_DAYS.max, "GCP_REGISTRY_SOFT_DELETE_OUT_OF_RANGE")
      .matches("gateMember", props.gateMember, GCP_REGISTRY_MEMBER, "GCP_REGISTRY_MEMBER_INVALID")
      .throwIfInvalid();
    super(scope, id);

    const { ready: keyAccess } = grantStorageAgentKeyAccess(this, props.projectId, props.kmsKey);
    const bucket = new StorageBucket(this, "Resource", {
      name: props.bucketName,
      project: props.projectId,
      location: props.location,
      ...GCS_BUCKET_BASELINE,
      // A replaced or deleted model stays restorable as a noncurrent version; publishers cannot
      // replace anything anyway (object-create only), so versions come from lifecycle and the gate.
      versioning: { enabled: true },
      // The undo for a delete that versioning does not cover (a deleted noncurrent version, a
      // deleted bucket): the provider's default is 7 days, set here so it is pinned, never 0.
      softDeletePolicy: { retentionDurationSeconds: softDeleteDays * SECONDS_PER_DAY },
      // Lets the gate lock each approved copy with its own retention (Object Retention Lock); no
      // bucket retention policy, which would also lock every unprocessed upload.
      enableObjectRetention: true,
      encryption: { defaultKmsKeyName: props.kmsKey.keyId },
      lifecycleRule: registryLifecycleRules(spec.incomingExpiryDays),
      labels: { purpose: "model-registry", registry: spec.name },
      logging: { logBucket: props.usageLogs.bucketName, logObjectPrefix: `models/${spec.name}/` },
      // The bucket cannot write a single object until the service agent's key grant is honoured.
      dependsOn: [keyAccess],
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    this.bucketName = bucket.name;
    this.approvedUri = `gs://${bucket.name}/${registryPrefix("approved")}`;
    this.registryName = spec.name;
    this.approvedRetentionDays = spec.approvedRetentionDays;
    this.lineageTags = spec.lineageTags;
    if (props.gateMember !== undefined) {
      // The only writer of approved/; it reads incoming/ to verify the signature and lineage.
      this.conditionalGrant("Gate", props.gateMember, OBJECT_CREATOR_ROLE, "approved", undefined, GATE_WRITES_APPROVED);
      this.conditionalGrant("GateRead", props.gateMember, OBJECT_VIEWER_ROLE, "incoming", undefined, "gate-reads-incoming");
    }
  }

  /**
   * Everything the promotion gate (`member`, a `serviceAccount:`) needs on this bucket, and only
   * that: read `incoming/` (objectViewer, conditioned), create under `approved/` (objectCreator,
   * conditioned) and lock what it creates there (`retentionRole`, conditioned), and list the
   * bucket (`roles/storage.legacyBucketReader`: `storage.buckets.get` and `storage.objects.list`,
   * no object content). Listing needs a binding on the bucket itself: `storage.objects.list` is
   * checked against the bucket, whose resource name never starts with an object prefix
   * ("IAM Conditions for Cloud Storage", resource.name of the bucket), so a prefix-conditioned
   * binding can never list; the gate lists `incoming/<model>/<version>/` to pin the upload and
   * `approved/<model>/<version>/` to check the version is free. The `approved/` bindings carry
   * the condition title `gate-writes-approved`, the one the policy engine accepts on `approved/`
   * (MODEL-APPROVAL-GATED). Use this or the `gateMember` prop, not both.
   */
  public grantGate(member: string, retentionRole: IBucketRole): StorageBucketIamMember[] {
    new PropValidator(this, "grantGate").matches("member", member, GCP_REGISTRY_MEMBER, "GCP_REGISTRY_MEMBER_INVALID").throwIfInvalid();
    const grants = [
      this.conditionalGrant("GateRead", member, OBJECT_VIEWER_ROLE, "incoming", undefined, "gate-reads-incoming"),
      this.conditionalGrant("Gate", member, OBJECT_CREATOR_ROLE, "approved", undefined, GATE_WRITES_APPROVED),
      this.conditionalGrant("GateLocks", member, retentionRole.roleName, "approved", undefined, GATE_WRITES_APPROVED, [retentionRole.dependable]),
    ];
    const list = this.grants.get("GateLists") ?? new StorageBucketIamMember(this, "GateLists", { bucket: this.bucketName, role: BUCKET_LISTER_ROLE, member });
    this.grants.set("GateLists", list);
    return [...grants, list];
  }

  /**
   * Lets `member` create objects under `incoming/<model>/` (every model's `incoming/` without
   * `model`), and nothing else: no read, no overwrite, no delete, nothing under `approved/`.
   * Repeating a call returns the same binding.
   */
  public grantPublish(member: string, model?: string): StorageBucketIamMember {
    this.validateGrant("grantPublish", member, model);
    return this.conditionalGrant(`Publish-${stableSuffix(8, member, model ?? "")}`, member, OBJECT_CREATOR_ROLE, "incoming", model, "publish-incoming");
  }

  /**
   * Lets `member` read objects under `approved/<model>/` (every approved model without `model`)
   * by name; it cannot list (see the class documentation), write or read `incoming/`.
   * Repeating a call returns the same binding.
   */
  public grantRead(member: string, model?: string): StorageBucketIamMember {
    this.validateGrant("grantRead", member, model);
    return this.conditionalGrant(`Read-${stableSuffix(8, member, model ?? "")}`, member, OBJECT_VIEWER_ROLE, "approved", model, "read-approved");
  }

  private validateGrant(method: string, member: string, model: string | undefined): void {
    new PropValidator(this, method)
      .matches("member", member, GCP_REGISTRY_MEMBER, "GCP_REGISTRY_MEMBER_INVALID")
      .require(model === undefined || MODEL_NAME_PATTERN.test(model), "GCP_REGISTRY_MODEL_NAME_INVALID", "model", model, "a model name: 1-63 lowercase letters, digits, ., _ and -, starting with a letter or digit")
      .throwIfInvalid();
  }

  private conditionalGrant(
    id: string, member: string, role: string, area: "incoming" | "approved", model: string | undefined, title: string, dependsOn: ITerraformDependable[] = [],
  ): StorageBucketIamMember {
    const existing = this.grants.get(id);
    if (existing) return existing;
    const prefix = registryPrefix(area, model);
    const grant = new StorageBucketIamMember(this, id, {
      ...(dependsOn.length > 0 ? { dependsOn } : {}),
      bucket: this.bucketName,
      role,
      member,
      condition: {
        // Stable titles: the provider keys a conditional binding by role, member and condition,
        // so a changed title replaces the binding.
        title: model === undefined ? title : `${title}-${model}`,
        description: `Only objects under ${prefix}`,
        expression: `resource.name.startsWith("projects/_/buckets/${this.bucketName}/objects/${prefix}")`,
      },
    });
    this.grants.set(id, grant);
    return grant;
  }
}

/**
 * Lifecycle of a registry bucket: unprocessed uploads under `incoming/` are deleted after
 * `incomingExpiryDays` (they become noncurrent versions, deleted a day later, then stay
 * restorable for the soft-delete period). Nothing matches `approved/`: a retained object cannot
 * be deleted anyway, and an approved model is kept until someone decides otherwise.
 */
export function registryLifecycleRules(incomingExpiryDays: number): StorageBucketLifecycleRule[] {
  const incoming = [registryPrefix("incoming")];
  return [
    { action: { type: "Delete" }, condition: { age: incomingExpiryDays, matchesPrefix: incoming, withState: "LIVE" } },
    { action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: INCOMING_NONCURRENT_DAYS, matchesPrefix: incoming, withState: "ARCHIVED" } },
  ];
}

import { DataGoogleProject } from "@cdktf/provider-google/lib/data-google-project";
import { ResourceManagerLien } from "@cdktf/provider-google/lib/resource-manager-lien";
import { Construct } from "constructs";
import { projectSinkWriterMember } from "../constructs/gcp/audit-trail";
import { enableDataAccessAuditLogs } from "../constructs/gcp/data-access-audit-logs";
import { ImmutableLogBucket } from "../constructs/gcp/immutable-log-bucket";
import { KeyRing } from "../constructs/gcp/key-ring";
import { KmsKey } from "../constructs/gcp/kms-key";
import { GcpApi, ProjectServices } from "../constructs/gcp/project-services";
import { gcpKeyRingName, gcpLogBucketName, gcpProjectByNumber } from "../constructs/shared/naming";
import { ProtectionSettings } from "../constructs/shared/protection";
import { RetentionTier } from "../constructs/shared/retention-tier";
import { PropValidator } from "../constructs/shared/validation-error";

/** APIs the evidence stack calls in the evidence project. */
export const GCP_EVIDENCE_APIS: readonly GcpApi[] = [
  "cloudkms.googleapis.com",
  "storage.googleapis.com",
  // The environments' Logging settings, read to learn the identity their sinks write as.
  "logging.googleapis.com",
  // The evidence project's data-access audit configs, its project number and its lien.
  "cloudresourcemanager.googleapis.com",
];

/** What the evidence project's lien blocks: its deletion, the one call that would take every bucket with it. */
export const EVIDENCE_LIEN_RESTRICTIONS = ["resourcemanager.projects.delete"] as const;

/** One environment whose evidence the evidence project holds. */
export interface EvidenceGcpEnvironment {
  /** Environment name; part of every per-environment name. */
  readonly environment: string;
  /** The environment's project, whose sink delivers into its bucket here. */
  readonly projectId: string;
  /** Days between rotations of the environment's logs key. */
  readonly keyRotationDays: number;
  /** The environment's protection: ring, key and bucket follow it as in the environment stacks. */
  readonly protection: ProtectionSettings;
  /** The environment's log settings (`environments.<env>.logs`). */
  readonly logs: {
    /** Lifecycle and write-once period of the environment's bucket. */
    readonly retentionTier: RetentionTier;
    /** Lock the bucket's retention policy (irreversible). */
    readonly lockRetention: boolean;
  };
}

export interface EvidenceGcpProps {
  /** Organization slug (`organization.name`), the first part of every name. */
  readonly organization: string;
  /** The dedicated evidence project; no environment's and not the state backend's. */
  readonly projectId: string;
  /** Region of every ring, key and bucket of the evidence project. */
  readonly region: string;
  /** Members granted `roles/cloudkms.admin` on every ring of the evidence project (no key use). */
  readonly keyAdminMembers: readonly string[];
  /** Environments delivering here, one or more, each once. */
  readonly environments: readonly EvidenceGcpEnvironment[];
}

/**
 * The log-archive layout on GCP (Fabric FAST's log project): in one project that the
 * environments' administrators do not administer, per environment a key ring and `logs` key
 * (administered by `keyAdminMembers`, used only by the Cloud Storage service agent), the
 * write-once log bucket `<org>-<env>-logs-<evidence project>` with the environment's tier and
 * lock, and object-create on it for the identity the environment's sink writes as (the
 * environment project's Logging service agent, read from its Logging settings). Data-access audit
 * logs for Cloud Storage and Cloud KMS are on in the evidence project, apart from the deliveries.
 * When any environment is protected from destroy (`strict`), a lien blocks deleting the project.
 *
 * @example
 * new EvidenceGcp(this, "evidence", {
 *   organization: "acme-ai", projectId: "acme-ai-evidence", region: "europe-west1", keyAdminMembers: ["group:kms-admins@example.com"],
 *   environments: [{ environment: "prod", projectId: "acme-ai-prod", keyRotationDays: 90, protection: PROTECTION.strict,
 *     logs: { retentionTier: RETENTION_TIER_PRESETS["compliance-7y"], lockRetention: true } }],
 * });
 */
export class EvidenceGcp extends Construct {
  /** Each environment's logs key, by environment. */
  public readonly keys: Readonly<Record<string, KmsKey>>;
  /** Each environment's write-once log bucket, by environment. */
  public readonly logBuckets: Readonly<Record<string, ImmutableLogBucket>>;

  constructor(scope: Construct, id: string, props: EvidenceGcpProps) {
    const names = props.environments.map((e) => e.environment);
    const validator = new PropValidator(scope, id).require(
      names.length > 0 && new Set(names).size === names.length,
      "GCP_EVIDENCE_ENVIRONMENTS_INVALID",
      "environments",
      names.join(","),
      "one or more environments, each once",
    );
    for (const [i, env] of props.environments.entries()) {
      validator.require(env.projectId !== props.projectId, "GCP_EVIDENCE_PROJECT_SHARED", `environments[${i}].projectId`, env.projectId, `a project other than the evidence project ${props.projectId}`);
    }
    validator.throwIfInvalid();
    super(scope, id);

    new ProjectServices(this, "apis", { projectId: props.projectId, services: GCP_EVIDENCE_APIS });
    const keys: Record<string, KmsKey> = {};
    const buckets: Record<string, ImmutableLogBucket> = {};
    const writers: string[] = [];
    for (const env of props.environments) {
      const scoped = new Construct(this, env.environment);
      const ring = new KeyRing(scoped, "key-ring", {
        name: gcpKeyRingName(props.organization, env.environment),
        projectId: props.projectId,
        location: props.region,
        preventDestroy: env.protection.preventDestroy,
        // As in the environment stacks: GCP keeps a destroyed ring's name forever.
        rebuildable: env.protection.rebuildableKeyRings,
        adminMembers: props.keyAdminMembers,
      });
      const key = new KmsKey(scoped, "logs-key", {
        purpose: "logs",
        keyRing: ring,
        rotationPeriodDays: env.keyRotationDays,
        deletionWindowDays: env.protection.keyDeletionWindowDays,
        preventDestroy: env.protection.preventDestroy,
      });
      const bucket = new ImmutableLogBucket(scoped, "log-bucket", {
        bucketName: gcpLogBucketName(props.organization, env.environment, props.projectId),
        projectId: props.projectId,
        location: props.region,
        kmsKey: key,
        retentionTier: env.logs.retentionTier,
        lockRetention: env.logs.lockRetention,
        preventDestroy: env.protection.preventDestroy,
      });
      // The grant lives here, not in the environment's stack: granting there would need
      // setIamPolicy on this bucket for the environment's deployer, who could then grant
      // themselves anything on it. The writer is known here because a project's sinks without a
      // user-managed writer all write as the project's Logging service agent.
      const writer = projectSinkWriterMember(scoped, "sink-writer-identity", env.projectId);
      bucket.grantObjectCreate(writer, scoped, "sink-writer");
      writers.push(writer);
      keys[env.environment] = key;
      buckets[env.environment] = bucket;
    }
    // Every delivery is a Cloud Storage write by an environment's writer and a use of that
    // environment's logs key by this project's storage agent (one agent per project: the first
    // bucket's lookup names it). Auditing them would add a line per delivered batch to this
    // project's _Default log bucket; the objects themselves record the deliveries.
    const agent = Object.values(buckets)[0]!.storageAgentMember;
    enableDataAccessAuditLogs(this, props.projectId, { storageWriters: writers, kmsUsers: [agent] });
    // Deleting the project is the one call that reaches every bucket at once, and the Cloud
    // Storage docs consulted do not say that a locked retention policy stops it. A lien makes
    // that call fail until someone removes the lien (resourcemanager.projects.updateLiens, an
    // Admin Activity entry): cloud.google.com/resource-manager/docs/project-liens. Only where an
    // environment is `strict`: `standard` evidence stays removable, as in the environment stacks.
    if (props.environments.some((e) => e.protection.preventDestroy)) {
      const project = new DataGoogleProject(this, "project", { projectId: props.projectId });
      new ResourceManagerLien(this, "lien", {
        parent: gcpProjectByNumber(project.number),
        restrictions: [...EVIDENCE_LIEN_RESTRICTIONS],
        origin: "ai-supply-chain-blueprint",
        reason: "Holds the write-once audit evidence of strict environments",
      });
    }
    this.keys = keys;
    this.logBuckets = buckets;
  }
}

import { LoggingProjectSink } from "@cdktf/provider-google/lib/logging-project-sink";
import { ProjectIamAuditConfig } from "@cdktf/provider-google/lib/project-iam-audit-config";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import { Construct } from "constructs";
import { PropValidator } from "../shared/validation-error";
import { ILogBucket } from "./immutable-log-bucket";

/** Every Cloud Audit Logs stream: admin activity, data access, system events, policy denials. */
export const AUDIT_LOG_FILTER = 'logName:"cloudaudit.googleapis.com"';
/** Create objects, nothing else: the sink can neither read, overwrite nor delete evidence. */
export const SINK_WRITER_ROLE = "roles/storage.objectCreator";
/** Services whose data-access audit logs (off by default in GCP) are turned on. */
export const DATA_ACCESS_AUDITED_SERVICES = ["cloudkms.googleapis.com", "storage.googleapis.com"] as const;

export interface AuditTrailProps {
  /** Sink name, 1-100 letters, digits, `_`, `-` and `.`. */
  readonly sinkName: string;
  readonly projectId: string;
  /** Write-once bucket the sink delivers to. */
  readonly logBucket: ILogBucket;
}

/**
 * Routes the project's Cloud Audit Logs into the write-once bucket through a sink with its own
 * writer identity (granted object-create on that bucket only), and turns on data-access audit
 * logs (admin reads, data reads, data writes) for Cloud Storage and Cloud KMS, except the sink's
 * own writes and the storage service agent's use of the key for them.
 *
 * @example
 * new AuditTrail(this, "audit", { sinkName: "acme-ai-prod-audit", projectId, logBucket });
 */
export class AuditTrail extends Construct {
  public readonly writerIdentity: string;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    new PropValidator(scope, id)
      .require(/^[A-Za-z0-9_.-]{1,100}$/.test(props.sinkName), "SINK_NAME_INVALID", "sinkName", props.sinkName, "1-100 letters, digits, _ - .")
      .throwIfInvalid();
    super(scope, id);

    const sink = new LoggingProjectSink(this, "Sink", {
      name: props.sinkName,
      project: props.projectId,
      destination: `storage.googleapis.com/${props.logBucket.bucketName}`,
      filter: AUDIT_LOG_FILTER,
      // A service account for this sink alone, instead of the shared logging identity. Not a
      // user-managed one (`custom_writer_identity`): Cloud Logging accepts those only for sinks
      // into a log bucket or another project, never into Cloud Storage
      // (cloud.google.com/logging/docs/routing/user-managed-service-accounts; google provider
      // 6.50 website/docs/r/logging_project_sink.html.markdown). The unique identity is the
      // closest control: it belongs to this sink alone and holds only the grant below.
      uniqueWriterIdentity: true,
    });
    new StorageBucketIamMember(this, "SinkWriter", {
      bucket: props.logBucket.bucketName,
      role: SINK_WRITER_ROLE,
      member: sink.writerIdentity,
    });
    // Authoritative per service: these replace any audit config set elsewhere for the two services.
    for (const service of DATA_ACCESS_AUDITED_SERVICES) {
      // The sink's deliveries are Cloud Storage writes, and the Cloud Storage service agent uses
      // the logs key for each of them: auditing either would export a log line about every
      // exported batch, forever. The bucket operations themselves stay audited.
      const exempt: Record<string, { exemptedMembers: string[] }> = {
        "storage.googleapis.com": { exemptedMembers: [sink.writerIdentity] },
        "cloudkms.googleapis.com": { exemptedMembers: [props.logBucket.storageAgentMember] },
      };
      const exemption = exempt[service] ?? {};
      new ProjectIamAuditConfig(this, `DataAccess-${service.split(".")[0]!}`, {
        project: props.projectId,
        service,
        auditLogConfig: [
          { logType: "ADMIN_READ" },
          { logType: "DATA_READ", ...(service === "cloudkms.googleapis.com" ? exemption : {}) },
          { logType: "DATA_WRITE", ...exemption },
        ],
      });
    }
    this.writerIdentity = sink.writerIdentity;
  }
}

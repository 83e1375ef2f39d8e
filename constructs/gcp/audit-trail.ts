import { DataGoogleLoggingProjectSettings } from "@cdktf/provider-google/lib/data-google-logging-project-settings";
import { LoggingProjectSink } from "@cdktf/provider-google/lib/logging-project-sink";
import { Op, TerraformSelf } from "cdktf";
import { Construct } from "constructs";
import { GCP_SINK_NAME } from "../shared/limits/gcp";
import { gcpServiceAccountMember, gcpStorageSinkDestination } from "../shared/naming";
import { PropValidator } from "../shared/validation-error";
import { enableDataAccessAuditLogs } from "./data-access-audit-logs";
import { ILogBucket } from "./immutable-log-bucket";

/** Every Cloud Audit Logs stream: admin activity, data access, system events, policy denials. */
export const AUDIT_LOG_FILTER = 'logName:"cloudaudit.googleapis.com"';

/**
 * A write-once log bucket in the dedicated evidence project, seen from an environment's stack:
 * another stack's resource, so its name is a literal from the naming function both stacks use.
 * Not an `ILogBucket`: this stack can grant nothing on it (the evidence stack grants the writer).
 */
export interface IEvidenceLogBucket {
  /** The bucket's name as the evidence stack creates it (`gcpLogBucketName` of the evidence project). */
  readonly bucketName: string;
  /** The evidence project; never the sink's own. */
  readonly projectId: string;
}

/**
 * The identity every sink of `projectId` that has no user-managed writer delivers as
 * (`serviceAccount:` + the project's Logging service agent), read from the project's Logging
 * settings: "Sinks use this service account as their writerIdentity if no custom service account
 * is provided" (google provider 6.50 website/docs/d/logging_project_settings.html.markdown); with
 * `unique_writer_identity` the writer is "a service agent used by the sinks with the same parent"
 * (cloud.google.com/logging/docs/api/reference/rest/v2/sinks/create). The evidence stack grants
 * this member and an environment's sink checks it delivers as the same, so both name one identity.
 * Creates a `google_logging_project_settings` data source `id` in `scope`.
 */
export function projectSinkWriterMember(scope: Construct, id: string, projectId: string): string {
  const settings = new DataGoogleLoggingProjectSettings(scope, id, { project: projectId });
  return gcpServiceAccountMember(settings.loggingServiceAccountId);
}

export interface AuditTrailProps {
  /** Sink name, 1-100 letters, digits, `_`, `-` and `.`, starting with a letter or digit (`GCP_SINK_NAME`); see `gcpSinkName`. */
  readonly sinkName: string;
  /** Project whose audit logs the sink routes, and whose data-access audit logs are turned on. */
  readonly projectId: string;
  /**
   * Write-once bucket of this project the sink delivers to; the sink's identity gets
   * object-create on it here (`grantObjectCreate`). Exactly one of `logBucket` and `evidenceBucket`.
   * @default - none: `evidenceBucket` is the destination
   */
  readonly logBucket?: ILogBucket;
  /**
   * Write-once bucket in the dedicated evidence project the sink delivers to, across the project
   * boundary. The evidence stack owns the bucket and grants the writer; this stack holds no
   * permission on it. Exactly one of `logBucket` and `evidenceBucket`.
   * @default - none: `logBucket` is the destination
   */
  readonly evidenceBucket?: IEvidenceLogBucket;
}

/**
 * Routes the project's Cloud Audit Logs into the write-once bucket through a sink with its own
 * writer identity (granted object-create on that bucket only), and turns on data-access audit
 * logs (admin reads, data reads, data writes) for Cloud Storage and Cloud KMS, except the sink's
 * own writes and the storage service agent's use of the key for them.
 *
 * With `evidenceBucket` the bucket, its key and the writer's grant live in the evidence project;
 * the sink only names the bucket, and a postcondition fails the apply when the sink's writer is
 * not the identity the evidence stack granted. Nothing is exempt from this project's audit logs
 * then: the deliveries and their key use happen, and are audited, in the evidence project.
 *
 * @example
 * new AuditTrail(this, "audit", { sinkName: "acme-ai-prod-audit", projectId, logBucket });
 */
export class AuditTrail extends Construct {
  /** The identity the sink delivers as (`writer_identity`), an IAM member. */
  public readonly writerIdentity: string;
  /** `projects/<project>/sinks/<name>`: the sink, for outputs and for auditors. */
  public readonly sinkId: string;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    const evidence = props.evidenceBucket;
    new PropValidator(scope, id)
      .matches("sinkName", props.sinkName, GCP_SINK_NAME, "GCP_SINK_NAME_INVALID")
      .require(
        (props.logBucket === undefined) !== (evidence === undefined),
        "GCP_AUDIT_TRAIL_DESTINATION_INVALID",
        "logBucket, evidenceBucket",
        props.logBucket === undefined ? "neither" : "both",
        "exactly one of logBucket and evidenceBucket",
      )
      .require(evidence === undefined || evidence.projectId !== props.projectId, "GCP_AUDIT_TRAIL_EVIDENCE_PROJECT_INVALID", "evidenceBucket.projectId", evidence?.projectId, "a project other than projectId")
      .throwIfInvalid();
    super(scope, id);

    if (evidence) {
      const expected = projectSinkWriterMember(this, "WriterIdentity", props.projectId);
      const sink = new LoggingProjectSink(this, "Sink", {
        name: props.sinkName,
        project: props.projectId,
        // Another stack's bucket: the name is the one gcpLogBucketName gives the evidence stack's.
        destination: gcpStorageSinkDestination(evidence.bucketName),
        filter: AUDIT_LOG_FILTER,
        // Required to deliver into another project. A user-managed writer (`custom_writer_identity`)
        // is still not possible: Cloud Logging accepts one only for log-bucket or project
        // destinations (cloud.google.com/logging/docs/routing/user-managed-service-accounts).
        uniqueWriterIdentity: true,
        lifecycle: {
          // The evidence stack granted object-create to the project's Logging service agent; a
          // sink writing as anyone else would deliver nothing, silently. Fail the apply instead.
          postcondition: [
            {
              condition: Op.eq(TerraformSelf.getString("writer_identity"), expected),
              errorMessage: "The sink's writer identity is not the project's Logging service agent, which the evidence stack granted object-create on the evidence bucket.",
            },
          ],
        },
      });
      enableDataAccessAuditLogs(this, props.projectId);
      this.writerIdentity = sink.writerIdentity;
      this.sinkId = sink.id;
      return;
    }
    const logBucket = props.logBucket!;
    const sink = new LoggingProjectSink(this, "Sink", {
      name: props.sinkName,
      project: props.projectId,
      destination: gcpStorageSinkDestination(logBucket.bucketName),
      filter: AUDIT_LOG_FILTER,
      // The project's Logging service agent, "a service agent used by the sinks with the same
      // parent" (cloud.google.com/logging/docs/api/reference/rest/v2/sinks/create), instead of
      // the legacy cloud-logs@system.gserviceaccount.com group shared with every project. Not a
      // user-managed writer (`custom_writer_identity`): Cloud Logging accepts those only for
      // sinks into a log bucket or another project, never into Cloud Storage
      // (cloud.google.com/logging/docs/routing/user-managed-service-accounts; google provider
      // 6.50 website/docs/r/logging_project_sink.html.markdown). The closest control: the
      // agent's only grant is object-create on this bucket (below).
      uniqueWriterIdentity: true,
    });
    logBucket.grantObjectCreate(sink.writerIdentity, this, "SinkWriter");
    // The sink's deliveries are Cloud Storage writes, and the Cloud Storage service agent uses
    // the logs key for each of them: auditing either would export a log line about every
    // exported batch, forever. The bucket operations themselves stay audited.
    enableDataAccessAuditLogs(this, props.projectId, { storageWriters: [sink.writerIdentity], kmsUsers: [logBucket.storageAgentMember] });
    this.writerIdentity = sink.writerIdentity;
    this.sinkId = sink.id;
  }
}

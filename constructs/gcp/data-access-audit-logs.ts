import { ProjectIamAuditConfig } from "@cdktf/provider-google/lib/project-iam-audit-config";
import { Construct } from "constructs";

/** Services whose data-access audit logs (off by default in GCP) are turned on. */
export const DATA_ACCESS_AUDITED_SERVICES = ["cloudkms.googleapis.com", "storage.googleapis.com"] as const;

export interface DataAccessAuditExemptions {
  /**
   * Members whose Cloud Storage data writes are not audited: the identities sinks deliver as.
   * @default [] - every write audited
   */
  readonly storageWriters?: readonly string[];
  /**
   * Members whose Cloud KMS key use (data reads and writes) is not audited: the Cloud Storage
   * service agent encrypting delivered objects.
   * @default [] - every key use audited
   */
  readonly kmsUsers?: readonly string[];
}

/**
 * Turns on data-access audit logs (admin reads, data reads, data writes) for Cloud Storage and
 * Cloud KMS in one project, as `DataAccess-cloudkms` and `DataAccess-storage` in `scope`.
 * `google_project_iam_audit_config` is authoritative per service and project: these replace any
 * audit config set elsewhere for the two services, hence one owner per project.
 *
 * Exemptions exist for deliveries only: where a sink writes into a CMEK bucket of the same
 * project, auditing the writes (or the storage agent's key use for them) would produce a log line
 * about every delivered batch, delivered in turn, forever. The bucket operations stay audited.
 */
export function enableDataAccessAuditLogs(scope: Construct, projectId: string, exempt: DataAccessAuditExemptions = {}): ProjectIamAuditConfig[] {
  const exemption = (members: readonly string[] | undefined): { exemptedMembers?: string[] } =>
    members !== undefined && members.length > 0 ? { exemptedMembers: [...members] } : {};
  const byService: Record<(typeof DATA_ACCESS_AUDITED_SERVICES)[number], { read: object; write: object }> = {
    "cloudkms.googleapis.com": { read: exemption(exempt.kmsUsers), write: exemption(exempt.kmsUsers) },
    "storage.googleapis.com": { read: {}, write: exemption(exempt.storageWriters) },
  };
  return DATA_ACCESS_AUDITED_SERVICES.map(
    (service) =>
      new ProjectIamAuditConfig(scope, `DataAccess-${service.split(".")[0]!}`, {
        project: projectId,
        service,
        auditLogConfig: [{ logType: "ADMIN_READ" }, { logType: "DATA_READ", ...byService[service].read }, { logType: "DATA_WRITE", ...byService[service].write }],
      }),
  );
}

import { enableDataAccessAuditLogs } from "../../../constructs/gcp/data-access-audit-logs";
import { resourcesOf, synthConstruct } from "../../helpers/synth";

describe("gcp enableDataAccessAuditLogs", () => {
  test("without exemptions every admin read, data read and data write of Cloud KMS and Cloud Storage is audited", () => {
    const stack = synthConstruct((scope) => {
      enableDataAccessAuditLogs(scope, "acme-ai-prod");
    });
    const all = [{ log_type: "ADMIN_READ" }, { log_type: "DATA_READ" }, { log_type: "DATA_WRITE" }];
    expect(resourcesOf(stack, "google_project_iam_audit_config")).toEqual({
      "DataAccess-cloudkms": { project: "acme-ai-prod", service: "cloudkms.googleapis.com", audit_log_config: all },
      "DataAccess-storage": { project: "acme-ai-prod", service: "storage.googleapis.com", audit_log_config: all },
    });
  });

  test("empty exemption lists exempt nobody (no exempted_members at all)", () => {
    const stack = synthConstruct((scope) => {
      enableDataAccessAuditLogs(scope, "acme-ai-prod", { storageWriters: [], kmsUsers: [] });
    });
    const all = [{ log_type: "ADMIN_READ" }, { log_type: "DATA_READ" }, { log_type: "DATA_WRITE" }];
    expect(Object.values(resourcesOf(stack, "google_project_iam_audit_config")).map((c) => c["audit_log_config"])).toEqual([all, all]);
  });

  test("storage writers are exempt from Cloud Storage data writes only; KMS users from Cloud KMS data reads and writes", () => {
    const stack = synthConstruct((scope) => {
      enableDataAccessAuditLogs(scope, "acme-ai-prod", { storageWriters: ["serviceAccount:writer@example.com"], kmsUsers: ["serviceAccount:agent@example.com"] });
    });
    expect(resourcesOf(stack, "google_project_iam_audit_config")).toEqual({
      "DataAccess-cloudkms": {
        project: "acme-ai-prod",
        service: "cloudkms.googleapis.com",
        audit_log_config: [
          { log_type: "ADMIN_READ" },
          { log_type: "DATA_READ", exempted_members: ["serviceAccount:agent@example.com"] },
          { log_type: "DATA_WRITE", exempted_members: ["serviceAccount:agent@example.com"] },
        ],
      },
      "DataAccess-storage": {
        project: "acme-ai-prod",
        service: "storage.googleapis.com",
        audit_log_config: [{ log_type: "ADMIN_READ" }, { log_type: "DATA_READ" }, { log_type: "DATA_WRITE", exempted_members: ["serviceAccount:writer@example.com"] }],
      },
    });
  });
});

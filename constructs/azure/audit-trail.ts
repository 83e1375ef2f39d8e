import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { Construct } from "constructs";
import { PropValidator } from "../shared/validation-error";
import { ILogStorage } from "./immutable-log-bucket";

/** Name of every diagnostic setting the blueprint creates; one per source resource. */
export const DIAGNOSTIC_SETTING_NAME = "audit-to-immutable-storage";

/** Key Vault audit category: every data-plane operation (key use, management, denials). */
export const KEY_VAULT_AUDIT_CATEGORIES = ["AuditEvent"] as const;
/**
 * Blob audit categories recorded for the log account itself: reads and deletes. StorageWrite
 * is left out on purpose: every delivered log line is a write, so it would log itself forever.
 */
export const LOG_ACCOUNT_AUDIT_CATEGORIES = ["StorageRead", "StorageDelete"] as const;

export interface AuditSource {
  /** Stable id of the source inside this construct, e.g. `key-vault`. */
  readonly id: string;
  /** Resource id the diagnostic setting attaches to (for blobs: `<account id>/blobServices/default`). */
  readonly resourceId: string;
  readonly categories: readonly string[];
}

export interface AuditTrailProps {
  /** Write-once storage the categories are delivered to. */
  readonly logStorage: ILogStorage;
  readonly sources: readonly AuditSource[];
}

/**
 * Diagnostic settings that send the audit categories of the given resources (Key Vault audit
 * events, blob reads and deletes) to the immutable log storage.
 *
 * @example
 * new AuditTrail(this, "audit", { logStorage, sources: [{ id: "key-vault", resourceId: vault.keyVaultId, categories: ["AuditEvent"] }] });
 */
export class AuditTrail extends Construct {
  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    const v = new PropValidator(scope, id).require(props.sources.length > 0, "AUDIT_SOURCES_EMPTY", "sources", "[]", "at least one source");
    for (const source of props.sources) {
      v.require(source.categories.length > 0, "AUDIT_CATEGORIES_EMPTY", `sources.${source.id}.categories`, "[]", "at least one category");
    }
    v.throwIfInvalid();
    super(scope, id);
    for (const source of props.sources) {
      new MonitorDiagnosticSetting(this, source.id, {
        name: DIAGNOSTIC_SETTING_NAME,
        targetResourceId: source.resourceId,
        storageAccountId: props.logStorage.storageAccountId,
        enabledLog: source.categories.map((category) => ({ category })),
      });
    }
  }
}

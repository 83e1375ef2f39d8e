import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { Construct } from "constructs";
import { PropValidator } from "../shared/validation-error";
import { ILogStorage } from "./immutable-log-bucket";

/** Name of every diagnostic setting the blueprint creates; one per source resource. */
export const DIAGNOSTIC_SETTING_NAME = "audit-to-immutable-storage";

/** Key Vault audit category: every data-plane operation (key use, management, denials). */
export const KEY_VAULT_AUDIT_CATEGORIES = ["AuditEvent"] as const;
/**
 * Every category of the subscription's Activity Log (learn.microsoft.com/azure/azure-monitor/
 * essentials/activity-log-schema): Administrative holds every control-plane write and delete
 * (role assignments, locks, diagnostic settings, immutability policies), Security the Defender
 * alerts, Policy the Azure Policy effects.
 */
export const ACTIVITY_LOG_CATEGORIES = ["Administrative", "Security", "ServiceHealth", "Alert", "Recommendation", "Policy", "Autoscale", "ResourceHealth"] as const;
/**
 * Blob audit categories of a storage account other than the log account (the Terraform state):
 * reads, writes and deletes, every one of them evidence of who read or replaced state.
 */
export const STATE_ACCOUNT_AUDIT_CATEGORIES = ["StorageRead", "StorageWrite", "StorageDelete"] as const;
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
  /**
   * Name of the diagnostic setting. Names are unique per source; a subscription is the source
   * of every environment placed in it, so its setting needs a name per environment.
   * @default "audit-to-immutable-storage"
   */
  readonly name?: string;
}

export interface AuditTrailProps {
  /** Write-once storage the categories are delivered to. */
  readonly logStorage: ILogStorage;
  /** The resources whose audit categories are delivered, at least one. */
  readonly sources: readonly AuditSource[];
}

/**
 * Diagnostic settings that send the audit categories of the given resources (Key Vault audit
 * events, blob reads and deletes, the subscription's Activity Log) to the immutable log storage,
 * each created after the containers and immutability policies it will write into.
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
        name: source.name ?? DIAGNOSTIC_SETTING_NAME,
        targetResourceId: source.resourceId,
        storageAccountId: props.logStorage.storageAccountId,
        enabledLog: source.categories.map((category) => ({ category })),
        // The first log line must land in a container the immutability policy already covers.
        ...(props.logStorage.deliveryDependencies?.length ? { dependsOn: [...props.logStorage.deliveryDependencies] } : {}),
      });
    }
  }
}

import { Construct } from "constructs";
import { PropValidator } from "../shared/validation-error";
import { AuditSource, ILogBucket } from "./immutable-log-bucket";

export type { AuditSource } from "./immutable-log-bucket";

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

export interface AuditTrailProps {
  /** Write-once storage the categories are delivered to; each setting goes through its `addDiagnosticSource`. */
  readonly logStorage: ILogBucket;
  /** The resources whose audit categories are delivered, at least one. */
  readonly sources: readonly AuditSource[];
}

/**
 * Diagnostic settings that send the audit categories of the given resources (Key Vault audit
 * events, blob reads and deletes, the subscription's Activity Log) to the immutable log storage,
 * each created after the containers and immutability policies it will write into. A category
 * the log storage holds no immutable container for is refused, with every other problem.
 *
 * @example
 * new AuditTrail(this, "audit", { logStorage, sources: [{ id: "key-vault", resourceId: vault.keyVaultId, categories: ["AuditEvent"] }] });
 */
export class AuditTrail extends Construct {
  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    const v = new PropValidator(scope, id).require(props.sources.length > 0, "AZURE_AUDIT_SOURCES_EMPTY", "sources", "[]", "at least one source");
    for (const source of props.sources) {
      const prop = `sources.${source.id}.categories`;
      v.require(source.categories.length > 0, "AZURE_AUDIT_CATEGORIES_EMPTY", prop, "[]", "at least one category");
      props.logStorage.validateDiagnosticSource(v, prop, source);
    }
    v.throwIfInvalid();
    super(scope, id);
    for (const source of props.sources) {
      props.logStorage.addDiagnosticSource(this, source);
    }
  }
}

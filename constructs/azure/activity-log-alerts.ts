import { MonitorActivityLogAlert } from "@cdktf/provider-azurerm/lib/monitor-activity-log-alert";
import { Construct } from "constructs";
import { PropValidator } from "../shared/validation-error";
import { IActionGroup } from "./action-group";

/**
 * Activity-log alert rules per subscription, a hard limit ("Azure Monitor service limits",
 * alerts: "100 active alert rules per subscription (can't be increased)"). One environment
 * uses ACTIVITY_LOG_ALERT_RULES.length of them.
 */
export const ACTIVITY_LOG_ALERTS_PER_SUBSCRIPTION = 100;

/** Where a rule watches: the whole subscription, or the environment's resource group. */
export type ActivityLogAlertScope = "subscription" | "resourceGroup";

/** One activity-log alert rule of the environment. */
export interface ActivityLogAlertRule {
  /** Kebab-case id: the rule's name suffix and construct id. */
  readonly id: string;
  /** Activity log category. */
  readonly category: "Administrative" | "Security";
  /** The ARM operation, as the activity log names it. @default - every event of the category */
  readonly operationName?: string;
  /** Where the rule watches. */
  readonly scope: ActivityLogAlertScope;
  /** What the event means, the alert's description. */
  readonly description: string;
}

/*
 * Administrative events fire on their outcome: `Succeeded` (the change happened) and `Failed`
 * (an attempt, e.g. refused by a lock or missing role, is evidence too). Without a status the
 * rule would also fire on the `Started` event of the same operation, twice per change.
 */
const OUTCOMES = ["Succeeded", "Failed"] as const;

/**
 * What the environment watches in the Activity Log. Only control-plane (ARM) operations are in
 * the Activity Log: a key disabled, deleted or used through the vault's data plane (what
 * azurerm and the SDKs do) appears only in the vault's `AuditEvent` diagnostic logs, which go to
 * the write-once log storage, and Defender for Key Vault watches that plane. So the rules cover
 * the vault itself, its access policies, keys created through ARM, and purges.
 *
 * Scopes: subscription-level resources (Defender pricings, the subscription's own diagnostic
 * setting that exports the Activity Log, role assignments and definitions, which grant into the
 * resource group from above, deleted-vault purges under `/providers/Microsoft.KeyVault/
 * locations`) can only be seen at the subscription; the rest is watched in the environment's
 * resource group, so another team's accounts in a shared subscription raise nothing.
 *
 * Not watched: `Microsoft.Storage/storageAccounts/listKeys/action`: azurerm lists the keys on
 * every refresh of a storage account (storage_account_resource.go read: `ListKeys`), so the
 * rule would fire on every plan; the accounts refuse shared-key requests anyway.
 */
export const ACTIVITY_LOG_ALERT_RULES: readonly ActivityLogAlertRule[] = [
  { id: "key-vault-write", category: "Administrative", operationName: "Microsoft.KeyVault/vaults/write", scope: "resourceGroup", description: "Key Vault created or changed (network rules, purge protection, RBAC mode)." },
  { id: "key-vault-delete", category: "Administrative", operationName: "Microsoft.KeyVault/vaults/delete", scope: "resourceGroup", description: "Key Vault deleted: signing, attestation and encryption keys go with it." },
  { id: "key-vault-access-policy", category: "Administrative", operationName: "Microsoft.KeyVault/vaults/accessPolicies/write", scope: "resourceGroup", description: "Key Vault access policy written: the vault uses RBAC, an access policy is a side door." },
  { id: "key-vault-key-write", category: "Administrative", operationName: "Microsoft.KeyVault/vaults/keys/write", scope: "resourceGroup", description: "Key created or changed through ARM (the blueprint creates keys through the data plane)." },
  { id: "key-vault-purge", category: "Administrative", operationName: "Microsoft.KeyVault/locations/deletedVaults/purge/action", scope: "subscription", description: "A deleted Key Vault purged: its keys are gone for good." },
  { id: "diagnostic-setting-write", category: "Administrative", operationName: "Microsoft.Insights/diagnosticSettings/write", scope: "subscription", description: "Diagnostic setting created or changed: audit logs may no longer reach the write-once storage." },
  { id: "diagnostic-setting-delete", category: "Administrative", operationName: "Microsoft.Insights/diagnosticSettings/delete", scope: "subscription", description: "Diagnostic setting deleted: audit logs no longer reach the write-once storage." },
  { id: "immutability-policy-write", category: "Administrative", operationName: "Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies/write", scope: "resourceGroup", description: "Container immutability policy created or changed (retention of logs or approved models)." },
  { id: "immutability-policy-delete", category: "Administrative", operationName: "Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies/delete", scope: "resourceGroup", description: "Container immutability policy deleted: blobs become deletable." },
  { id: "immutability-policy-lock", category: "Administrative", operationName: "Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies/lock/action", scope: "resourceGroup", description: "Container immutability policy locked (irreversible)." },
  { id: "immutability-policy-extend", category: "Administrative", operationName: "Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies/extend/action", scope: "resourceGroup", description: "Locked immutability policy extended." },
  { id: "role-assignment-write", category: "Administrative", operationName: "Microsoft.Authorization/roleAssignments/write", scope: "subscription", description: "Role assignment created: someone gained access." },
  { id: "role-assignment-delete", category: "Administrative", operationName: "Microsoft.Authorization/roleAssignments/delete", scope: "subscription", description: "Role assignment deleted." },
  { id: "role-definition-write", category: "Administrative", operationName: "Microsoft.Authorization/roleDefinitions/write", scope: "subscription", description: "Custom role created or changed: a gate or publisher role may have widened." },
  { id: "lock-delete", category: "Administrative", operationName: "Microsoft.Authorization/locks/delete", scope: "resourceGroup", description: "Management lock deleted: the vault or log account can be deleted." },
  { id: "storage-account-write", category: "Administrative", operationName: "Microsoft.Storage/storageAccounts/write", scope: "resourceGroup", description: "Storage account created or changed (firewall, shared-key access, encryption)." },
  { id: "storage-account-regenerate-key", category: "Administrative", operationName: "Microsoft.Storage/storageAccounts/regenerateKey/action", scope: "resourceGroup", description: "Storage account key regenerated: shared keys are off, nobody should need one." },
  { id: "defender-plan-write", category: "Administrative", operationName: "Microsoft.Security/pricings/write", scope: "subscription", description: "Defender for Cloud plan changed (e.g. Storage or Key Vault set to Free)." },
  { id: "storage-defender-write", category: "Administrative", operationName: "Microsoft.Security/defenderForStorageSettings/write", scope: "resourceGroup", description: "A storage account's Defender settings changed (malware scanning off, cap lowered)." },
  { id: "security-alert", category: "Security", scope: "subscription", description: "Defender for Cloud raised a security alert (malware uploaded, unusual vault or storage access)." },
];

export interface ActivityLogAlertsProps {
  /** Prefix of every rule name, `<org>-<env>`: the rule is `<prefix>-<rule id>`. */
  readonly namePrefix: string;
  /** Resource group the rules live in (the environment's). */
  readonly resourceGroupName: string;
  /** ARM id of the subscription, `/subscriptions/<uuid>`. */
  readonly subscriptionId: string;
  /** ARM id of the environment's resource group. */
  readonly resourceGroupId: string;
  /** Where every rule delivers. */
  readonly actionGroup: IActionGroup;
  /** The rules. @default ACTIVITY_LOG_ALERT_RULES */
  readonly rules?: readonly ActivityLogAlertRule[];
  /** The five standard tags. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * One `azurerm_monitor_activity_log_alert` per rule (a criteria block takes one operation
 * name), each in location `global` (azurerm 4.55 allows global, westeurope, northeurope,
 * eastus2euap: a regional rule would stop with its region), delivering to the action group.
 */
export class ActivityLogAlerts extends Construct {
  /** The rules' resources, by rule id. */
  public readonly alerts: Readonly<Record<string, MonitorActivityLogAlert>>;

  constructor(scope: Construct, id: string, props: ActivityLogAlertsProps) {
    const rules = props.rules ?? ACTIVITY_LOG_ALERT_RULES;
    const ids = rules.map((r) => r.id);
    new PropValidator(scope, id)
      .require(rules.length >= 1 && rules.length <= ACTIVITY_LOG_ALERTS_PER_SUBSCRIPTION, "AZURE_ACTIVITY_LOG_ALERTS_COUNT", "rules", rules.length, `1 to ${ACTIVITY_LOG_ALERTS_PER_SUBSCRIPTION} rules (the per-subscription limit)`)
      .require(new Set(ids).size === ids.length, "AZURE_ACTIVITY_LOG_ALERTS_DUPLICATE_ID", "rules", ids.join(", "), "distinct rule ids")
      .throwIfInvalid();
    super(scope, id);

    const alerts: Record<string, MonitorActivityLogAlert> = {};
    for (const rule of rules) {
      alerts[rule.id] = new MonitorActivityLogAlert(this, rule.id, {
        name: `${props.namePrefix}-${rule.id}`,
        resourceGroupName: props.resourceGroupName,
        location: "global",
        scopes: [rule.scope === "subscription" ? props.subscriptionId : props.resourceGroupId],
        description: rule.description,
        enabled: true,
        criteria:
          rule.category === "Security"
            ? { category: "Security" }
            : { category: rule.category, ...(rule.operationName === undefined ? {} : { operationName: rule.operationName }), statuses: [...OUTCOMES] },
        action: [{ actionGroupId: props.actionGroup.actionGroupId }],
        tags: { ...props.tags },
      });
    }
    this.alerts = alerts;
  }
}

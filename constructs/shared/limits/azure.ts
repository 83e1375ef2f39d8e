import { UUID } from "./common";
import { TextRule } from "./text-rule";

/*
 * Azure limits, read by the config schema and by the constructs in constructs/azure/. Each rule
 * names the provider validation (terraform-provider-azurerm v4.55) or the Azure document it
 * follows; where Azure itself is stricter than the provider, the Azure rule is the one kept, so
 * a name fails at synth rather than at apply.
 */

/** The pattern of a rule without its anchors, to compose a longer pattern from it. */
function body(rule: TextRule): string {
  return rule.pattern.source.replace(/^\^/, "").replace(/\$$/, "");
}

/**
 * Storage account names: globally unique, 3-24 lowercase letters and digits
 * (internal/services/storage/validate/storage_account_name.go).
 */
export const STORAGE_ACCOUNT_NAME: TextRule = { pattern: /^[a-z0-9]{3,24}$/, accepted: "3-24 lowercase letters and digits" };

/**
 * Blob container names: 3-63 lowercase letters, digits and hyphens, starting and ending with a
 * letter or digit, no two hyphens in a row. The provider checks characters, length and the first
 * hyphen (internal/services/storage/validate/storage_container.go); the Blob service also refuses
 * a trailing hyphen and `--` (learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata).
 */
export const AZURE_CONTAINER_NAME: TextRule = {
  pattern: /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/,
  accepted: "3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit",
};

/**
 * Key Vault names: 3-24 letters, digits and hyphens, starting with a letter, ending with a letter
 * or digit, no `--` (internal/services/keyvault/validate/vault_name.go).
 */
export const AZURE_KEY_VAULT_NAME: TextRule = {
  pattern: /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/,
  accepted: "3-24 letters, digits and single hyphens, starting with a letter, not ending with a hyphen",
};

/**
 * Key Vault key names: letters, digits and hyphens (internal/services/keyvault/validate/
 * nested_item_name.go), 1-127 characters (learn.microsoft.com/azure/key-vault/general/about-keys-secrets-certificates).
 */
export const AZURE_KEY_VAULT_KEY_NAME: TextRule = { pattern: /^[0-9a-zA-Z-]{1,127}$/, accepted: "1-127 letters, digits and hyphens" };

/** A Key Vault secret name: the same 1-127 letters, digits and hyphens as a key name. */
export const AZURE_KEY_VAULT_SECRET_NAME: TextRule = { pattern: /^[0-9a-zA-Z-]{1,127}$/, accepted: "a secret name: 1-127 letters, digits and hyphens" };

/** Consumption budget names (internal/services/consumption/validate/name.go). */
export const AZURE_BUDGET_NAME: TextRule = { pattern: /^[-_a-zA-Z0-9]{1,63}$/, accepted: "1-63 letters, digits, _ and -" };

/**
 * Azure rejects budgets that start before June 2017 (internal/services/consumption/validate/
 * time_period.go); the month itself is the shared `MONTH` rule of limits/common.ts.
 */
export const AZURE_BUDGET_EARLIEST_START_MONTH = "2017-06";

/**
 * Resource group names: 1-90 letters, digits, `_ ( ) . -`, not ending with `.`
 * (learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules,
 * Microsoft.Resources/resourcegroups).
 */
export const AZURE_RESOURCE_GROUP_NAME: TextRule = {
  pattern: /^[\w().-]{0,89}[\w()-]$/,
  accepted: "1-90 letters, digits, _ ( ) . -, not ending with .",
};

/**
 * A resource group id as `azurerm_resource_group.id` renders it:
 * `/subscriptions/<subscription UUID>/resourceGroups/<resource group name>`.
 */
export const AZURE_RESOURCE_GROUP_ID: TextRule = {
  pattern: new RegExp(`^/subscriptions/${body(UUID)}/resourceGroups/${body(AZURE_RESOURCE_GROUP_NAME)}$`, "i"),
  accepted: "/subscriptions/<subscription guid>/resourceGroups/<name>",
};

/**
 * A Key Vault's resource id as `azurerm_key_vault.id` renders it:
 * `/subscriptions/<subscription UUID>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<vault>`
 * (what the ephemeral `azurerm_key_vault_secret` takes as `key_vault_id`).
 */
export const AZURE_KEY_VAULT_ID: TextRule = {
  pattern: new RegExp(`^/subscriptions/${body(UUID)}/resourceGroups/${body(AZURE_RESOURCE_GROUP_NAME)}/providers/Microsoft\\.KeyVault/vaults/[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$`, "i"),
  accepted: "/subscriptions/<subscription guid>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<vault name>",
};

/**
 * A subnet id as `azurerm_subnet.id` renders it:
 * `/subscriptions/<subscription UUID>/resourceGroups/<resource group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>`.
 * Virtual network names are 2-64 letters, digits, `_ . -` starting with a letter or digit and
 * ending with a letter, digit or `_`; subnet names 1-80 of the same (learn.microsoft.com/azure/
 * azure-resource-manager/management/resource-name-rules, Microsoft.Network).
 */
export const AZURE_SUBNET_ID: TextRule = {
  pattern: new RegExp(
    `^/subscriptions/${body(UUID)}/resourceGroups/${body(AZURE_RESOURCE_GROUP_NAME)}/providers/Microsoft\\.Network/virtualNetworks/[a-zA-Z0-9](?:[\\w.-]{0,62}\\w)?/subnets/[a-zA-Z0-9](?:[\\w.-]{0,78}\\w)?$`,
    "i",
  ),
  accepted: "/subscriptions/<subscription guid>/resourceGroups/<name>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>",
};

/**
 * What the Key Vault and storage account firewalls both accept in their IP rules: a public IPv4
 * address or range. The storage firewall refuses RFC 1918 ranges and prefixes longer than /30
 * (internal/services/storage/validate/storage_account_ip_rule.go; learn.microsoft.com/azure/
 * storage/common/storage-network-security: "/31 or /32 prefix sizes aren't supported"); loopback,
 * link-local, shared (100.64.0.0/10) and 0.0.0.0/8 are refused too, since no Terraform runner
 * reaches Azure from them. One address is written without a prefix.
 */
export const AZURE_FIREWALL_IP_RANGE: TextRule = {
  pattern:
    /^(?!(10|127|0)\.|169\.254\.|172\.(1[6-9]|2\d|3[01])\.|192\.168\.|100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\.)((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\/([0-9]|[12]\d|30))?$/,
  accepted: "a public IPv4 address or a CIDR range up to /30, such as 203.0.113.0/24 (a single address without /32)",
};

/** Key Vault `soft_delete_retention_days` (internal/services/keyvault/key_vault_resource.go). */
export const AZURE_KEY_VAULT_SOFT_DELETE_DAYS = { min: 7, max: 90 } as const;
/** Azure limits on a key rotation policy: rotation at least 7 days after creation. */
export const AZURE_KEY_ROTATION_DAYS = { min: 7, max: 3650 } as const;
/** Azure requires a key version to live at least 28 days before it expires. */
export const AZURE_KEY_MIN_EXPIRY_DAYS = 28;
/** A key's rotation must happen at least this many days before the version expires. */
export const AZURE_KEY_ROTATION_MARGIN_DAYS = 7;
/** Blob and container soft delete, `delete_retention_policy.days` (1-365 in azurerm; 7 is the blueprint's floor for state). */
export const AZURE_STATE_SOFT_DELETE_DAYS = { min: 7, max: 365 } as const;
/** Days a prior state blob version is kept before the management policy deletes it (as AWS and GCP state buckets). */
export const AZURE_STATE_PRIOR_VERSION_DAYS = { min: 30, max: 3650 } as const;

/** Bounds of an Azure container time-based immutability policy, in days (0 is refused). */
export const AZURE_IMMUTABILITY_DAYS = { min: 1, max: 146_000 } as const;
/** Largest day count an Azure lifecycle management action accepts. */
export const AZURE_LIFECYCLE_MAX_DAYS = 99_999;
/** Azure allows at most this many prefixes in one lifecycle rule's `prefixMatch`. */
export const AZURE_MAX_PREFIX_MATCHES = 10;
/**
 * Azure lifecycle rule names: the service documents up to 256 alphanumeric characters and
 * accepts hyphens; the renderer derives `retention-<tier>` and `retention-<tier>-append` from
 * the tier name, so the name itself has 256 minus the longest affix left.
 */
export const AZURE_RULE_NAME = {
  pattern: /^[A-Za-z0-9-]+$/,
  maxLength: 256,
  accepted: "a rule name of 1-256 letters, digits and hyphens",
  affixLength: "retention-".length + "-append".length,
} as const satisfies TextRule & { affixLength: number };

/**
 * Container registry names: 5-50 letters and digits, globally unique
 * (azurerm 4.55 internal/services/containers/validate/container_registry_name.go).
 */
export const AZURE_CONTAINER_REGISTRY_NAME: TextRule = { pattern: /^[a-zA-Z0-9]{5,50}$/, accepted: "5-50 letters and digits" };

/** A function app name: the app is `<name>.azurewebsites.net`, so 2-60 lowercase letters, digits and hyphens, not starting or ending with one. */
export const AZURE_FUNCTION_APP_NAME: TextRule = {
  pattern: /^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])$/,
  accepted: "2-60 lowercase letters, digits and hyphens, not starting or ending with a hyphen (the app is <name>.azurewebsites.net)",
};

/** An Azure service tag name, e.g. `AzureEventGrid` ("Virtual network service tags"). */
export const AZURE_SERVICE_TAG: TextRule = { pattern: /^[A-Za-z][A-Za-z0-9.]*$/, accepted: "a service tag name, e.g. AzureEventGrid", maxLength: 80 };

/** An Event Grid system topic name: 3-128 letters, digits and hyphens (azurerm 4.55 eventgrid validation). */
export const AZURE_EVENTGRID_TOPIC_NAME: TextRule = { pattern: /^[a-zA-Z0-9-]{3,128}$/, accepted: "3-128 letters, digits and hyphens" };

/** An Event Grid event subscription name: 3-64 letters, digits and hyphens (azurerm 4.55 eventgrid validation). */
export const AZURE_EVENTGRID_SUBSCRIPTION_NAME: TextRule = { pattern: /^[a-zA-Z0-9-]{3,64}$/, accepted: "3-64 letters, digits and hyphens" };

/**
 * The control catalogue: one id per control, read the same on every cloud. Each rule evaluates
 * one control on one cloud's equivalent resources (rule id `<CONTROL>-<CLOUD>`), so a finding,
 * the matrix row and RULES.md say the same thing whichever cloud produced them.
 */
export const CONTROLS = {
  "KEY-ROTATION": "Customer-managed keys rotate automatically",
  "KEY-DELETION-PROTECTED": "Keys cannot be deleted at once or by accident",
  "KEY-ADMIN-SEPARATED": "Whoever administers a key cannot use it",
  "CMK-ENCRYPTION": "Data at rest is encrypted with a customer-managed key of the stack",
  "STORAGE-NOT-PUBLIC": "Storage blocks public access",
  "TLS-ONLY": "Storage refuses requests without TLS",
  "MIN-TLS": "Endpoints accept TLS 1.2 or later only",
  "WRITE-ONCE": "Log storage is write-once for its retention",
  "VERSIONING": "Storage keeps prior object versions",
  "DELETE-RECOVERY": "Deleted objects stay recoverable for a while",
  "ACLS-DISABLED": "Storage access is decided by IAM alone, not object ACLs",
  "ACCESS-LOGGING": "Access to storage is logged",
  "AUDIT-TRAIL": "Every environment records control-plane and data access in an audit trail",
  "LIFECYCLE-TIERS": "Storage has lifecycle rules (retention tiers)",
  "BUDGET-PRESENT": "Every environment has a budget with alerts",
  "IAM-NO-WILDCARD-ACTION": "Permissions name actions, never a whole service",
  "IAM-NO-WILDCARD-RESOURCE": "Permissions name resources, except for actions that have none",
  "NO-PUBLIC-PRINCIPAL": "No policy grants anyone on the internet",
  "TRUST-HAS-SOURCE-CONDITION": "Trust of a service or federated identity is bound to its source",
  "NO-PRIMITIVE-ROLES": "No owner, editor or administrator roles",
  "NO-LONG-LIVED-CREDENTIALS": "No static keys or shared secrets for access",
  "FUNCTION-CODE-SIGNED": "Functions run only signed code",
  "FUNCTION-TRACED": "Functions are traced",
  "FUNCTION-CONCURRENCY-LIMITED": "Functions have a concurrency or instance limit",
  "FUNCTION-DEAD-LETTER": "Failed asynchronous invocations go to a dead-letter queue",
  "FUNCTION-INGRESS-INTERNAL": "Functions are not reachable from the internet",
  "LOG-GROUP-RETAINED": "Operational logs are kept long enough",
  "REGISTRY-TAGS-IMMUTABLE": "Container image tags cannot be moved",
  "REGISTRY-SCAN-ON-PUSH": "Container images are scanned when pushed",
  "REGISTRY-NO-ADMIN-USER": "Container registries have no shared admin user",
  "REGISTRY-NOT-PUBLIC": "Container registries are not public",
  "MODEL-LINEAGE-REQUIRED": "Model uploads must carry their lineage (dataset, code, evaluation)",
  "MODEL-APPROVAL-GATED": "Only the promotion gate writes or approves production models",
  "SIGNING-KEY-RESTRICTED": "Only named publishers sign with a model-signing key",
  "KEY-STORE-NETWORK-RESTRICTED": "Key stores are not open to every network",
  "COST-TAGS": "Every taggable resource carries the cost tags",
  "NO-INLINE-SECRETS": "No secret is written into the configuration",
  "REFERENCE-NOT-LITERAL": "Resources of a stack refer to each other by reference",
  "PROTECTED-NOT-DESTROYED": "A plan does not delete or replace protected resources",
  "PROTECTION-NOT-DISABLED": "A plan does not turn a protection off",
  "ACKNOWLEDGEMENT-VALID": "Every accepted exception is current and in use",
} as const;

export type ControlId = keyof typeof CONTROLS;

export const CONTROL_IDS = Object.keys(CONTROLS) as ControlId[];

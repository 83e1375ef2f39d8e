/**
 * The five cost and ownership tags every taggable resource carries. AWS gets them through the
 * provider's `default_tags`, GCP through `default_labels`, Azure explicitly on each resource
 * (azurerm has no provider-level default tags).
 */
export const TAG_KEYS = ["owner", "cost-center", "environment", "data-classification", "managed-by"] as const;

export type TagKey = (typeof TAG_KEYS)[number];

export type StandardTags = Readonly<Record<TagKey, string>>;

/** Value of the `managed-by` tag: lets billing and inventory tools find what this project owns. */
export const MANAGED_BY = "ai-supply-chain-blueprint";

/** The values of the standard tags that come from configuration. */
export interface StandardTagInput {
  /** `owner` tag: the team answerable for the resources (organization.owner). */
  readonly owner: string;
  /** `cost-center` tag: where the bill goes (organization.costCenter). */
  readonly costCenter: string;
  /** `environment` tag: the environment name, or `shared` for the state backend. */
  readonly environment: string;
  /** `data-classification` tag: public, internal, confidential or restricted. */
  readonly dataClassification: string;
}

export function standardTags(input: StandardTagInput): StandardTags {
  return {
    owner: input.owner,
    "cost-center": input.costCenter,
    environment: input.environment,
    "data-classification": input.dataClassification,
    "managed-by": MANAGED_BY,
  };
}

/**
 * Maps a tag value onto the GCP label alphabet (`GCP_LABEL_VALUE` in limits/gcp.ts): lowercase,
 * other characters become `_`, at most 63 characters.
 */
export function gcpLabelValue(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, "_")
    .slice(0, 63);
}

export function toGcpLabels(tags: StandardTags): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const key of TAG_KEYS) {
    labels[key] = gcpLabelValue(tags[key]);
  }
  return labels;
}

/** AWS and Azure accept the validated tag alphabet unchanged; copying keeps the key order fixed. */
export function toTagMap(tags: StandardTags): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of TAG_KEYS) {
    out[key] = tags[key];
  }
  return out;
}

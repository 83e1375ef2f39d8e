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

export interface StandardTagInput {
  readonly owner: string;
  readonly costCenter: string;
  readonly environment: string;
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

/** GCP label values: lowercase letters, digits, `_` and `-`, at most 63 characters. */
export const GCP_LABEL_VALUE = /^[a-z0-9_-]{0,63}$/;

/** Maps a tag value onto the GCP label alphabet: lowercase, other characters become `_`. */
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

import { MODEL_NAME_PATTERN, SIGNATURE_FILE_NAME } from "../../../constructs/shared/model-registry-spec";

/** The version an upload event names. */
export interface IncomingTarget {
  readonly model: string;
  readonly version: string;
}

/**
 * The version an object-created event is for, from the object's key: `incoming/<model>/<version>/model.sig`
 * on S3 and GCS, or, with `container: "incoming"`, the Azure blob name `<model>/<version>/model.sig`.
 * Anything else is null: the gate runs once per upload, when its signature lands (publishers
 * upload `model.sig` last, docs/model-registries.md), and ignores every other object.
 * Model and version follow MODEL_NAME_PATTERN (the record's key rules, record/record-key.ts),
 * and `..` is refused anywhere, so a crafted key can never address another folder.
 */
export function parseIncomingKey(key: string, layout: "prefixed" | "container" = "prefixed"): IncomingTarget | null {
  const parts = key.split("/");
  const rest = layout === "prefixed" ? (parts[0] === "incoming" ? parts.slice(1) : undefined) : parts;
  if (rest?.length !== 3) return null;
  const [model, version, file] = rest as [string, string, string];
  if (file !== SIGNATURE_FILE_NAME) return null;
  for (const name of [model, version]) {
    if (!MODEL_NAME_PATTERN.test(name) || name.includes("..")) return null;
  }
  return { model, version };
}

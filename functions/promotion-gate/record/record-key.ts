import { createHash } from "node:crypto";
import { MODEL_NAME_PATTERN } from "../../../constructs/shared/model-registry-spec";
import { REGISTRY_NAME } from "../../../constructs/shared/limits/registry";
import { satisfies } from "../../../constructs/shared/limits/text-rule";
import { VersionObject } from "../gate/types";
import { RecordError } from "./errors";

/** Where decision records live in the immutable log storage. */
export const PROVENANCE_PREFIX = "provenance/";

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Rejects a name that could move a record key outside its own folder. The patterns already
 * exclude `/` and a leading `.`; `..` anywhere is refused as well so that no reader that
 * normalizes paths can ever see a traversal.
 */
function assertName(what: string, value: string, ok: boolean, accepted: string): void {
  if (!ok || value.includes("..")) {
    throw new RecordError("RECORD_NAME_INVALID", `${what} ${JSON.stringify(value)} is not ${accepted}`);
  }
}

/** Registry: REGISTRY_NAME (constructs/shared/limits/registry.ts). */
export function assertRegistryName(registry: string): void {
  assertName("registry", registry, satisfies(REGISTRY_NAME, registry), REGISTRY_NAME.accepted);
}

/**
 * Model and version: MODEL_NAME_PATTERN (constructs/shared/model-registry-spec.ts), the rule
 * for `<model>` of `incoming/<model>/<version>/`; the gate applies the same rule to `<version>`
 * (1-63 lowercase letters, digits, `.`, `_`, `-`, starting with a letter or digit), so a
 * version can never hold a `/` or be `.` or `..`.
 */
export function assertModelName(what: "model" | "version", value: string): void {
  assertName(what, value, MODEL_NAME_PATTERN.test(value), "1-63 lowercase letters, digits, '.', '_' and '-', starting with a letter or digit, without '..'");
}

/**
 * The object key of a decision record:
 * `provenance/<registry>/<model>/<version>/<inputDigest>.dsse.json`. One key per distinct
 * input, so a retried event for the same upload finds the record it already wrote (the storage
 * writes only if absent), while a new upload of the same version gets its own record. `.json`
 * because in-toto `spec/v1/envelope.md` says standalone envelope files SHOULD end in `.json`.
 */
export function decisionRecordKey(registry: string, model: string, version: string, inputDigest: string): string {
  assertRegistryName(registry);
  assertModelName("model", model);
  assertModelName("version", version);
  if (!SHA256_HEX.test(inputDigest)) {
    throw new RecordError("RECORD_NAME_INVALID", `input digest ${JSON.stringify(inputDigest)} is not 64 lowercase hex digits (sha256)`);
  }
  return `${PROVENANCE_PREFIX}${registry}/${model}/${version}/${inputDigest}.dsse.json`;
}

/**
 * The key of a decision that failed only because malware scan results were not there yet:
 * `provenance/<registry>/<model>/<version>/<inputDigest>.unscanned-<attempt>.dsse.json`, where
 * `attempt` is {@link scanAttempt} of the pinned `model.sig` version. Such a decision may change
 * with time, so it must not take the input's own key: a record there is replayed forever, and
 * the same upload could never be decided once the scan lands. Under its own key per `model.sig`
 * version, a redelivered event of the same upload meets its record (create-only), while the
 * publisher's re-upload of the same `model.sig` (a new object version, a new event) is decided
 * again and, once every result is clean, writes the input's own record.
 */
export function unscannedRecordKey(registry: string, model: string, version: string, inputDigest: string, attempt: string): string {
  const base = decisionRecordKey(registry, model, version, inputDigest);
  if (!ATTEMPT_HEX.test(attempt)) throw new RecordError("RECORD_NAME_INVALID", `attempt ${JSON.stringify(attempt)} is not 16 lowercase hex digits`);
  return `${base.slice(0, -".dsse.json".length)}.unscanned-${attempt}.dsse.json`;
}

const ATTEMPT_HEX = /^[0-9a-f]{16}$/;

/**
 * 16 hex digits of sha256 over the storage's version id of `model.sig` (S3 VersionId, Azure
 * versionId): a key-safe name for one upload of it, whatever characters the storage uses.
 */
export function scanAttempt(pin: string): string {
  return createHash("sha256").update(pin, "utf8").digest("hex").slice(0, 16);
}

/**
 * SHA-256 (hex) of a version's listing, the record's input digest when there is no `model.sig`:
 * `sha256(JSON.stringify([[name, size], ...]))`, UTF-8, entries sorted by the UTF-8 bytes of
 * the name (then size). JSON quoting makes names with any character unambiguous; sorting makes
 * the digest independent of the order the storage listed objects in.
 */
export function listingDigest(objects: readonly VersionObject[]): string {
  const entries = objects
    .map((o) => ({ name: o.name, size: o.size, key: Buffer.from(o.name, "utf8") }))
    .sort((a, b) => Buffer.compare(a.key, b.key) || a.size - b.size)
    .map((o) => [o.name, o.size]);
  return createHash("sha256").update(JSON.stringify(entries), "utf8").digest("hex");
}

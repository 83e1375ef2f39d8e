import { OmsError } from "./errors";
import { assertSafeIgnorePath, assertSafeName } from "./names";

/** in-toto Statement v1 type (in-toto/attestation `spec/v1/statement.md`). */
export const STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
/** OMS v1.0 predicate type (ossf/model-signing-spec `spec/v1.0.md` §5). */
export const OMS_PREDICATE_TYPE = "https://model_signing/signature/v1.0";

/** One signed file (spec §5.2.1). */
export interface OmsResource {
  readonly name: string;
  readonly algorithm: "sha256";
  /** Lowercase hex SHA-256 of the file's bytes. */
  readonly digest: string;
}

/**
 * `predicate.serialization` as upstream records it (model-transparency
 * `src/model_signing/manifest.py` `_FileSerialization.serialization_parameters`: method,
 * hash_type, allow_symlinks, and ignore_paths only when non-empty).
 */
export interface OmsSerialization {
  readonly method: "files";
  readonly hash_type: "sha256";
  readonly allow_symlinks: boolean;
  readonly ignore_paths?: readonly string[];
}

/** The statement fields a verifier relies on, after validation. */
export interface OmsStatement {
  readonly subjectName: string;
  readonly rootDigest: string;
  readonly resources: readonly OmsResource[];
  readonly serialization: OmsSerialization;
}

/**
 * Statement JSON in upstream's field order and 2-space layout (protobuf `MessageToJson`,
 * `_signing/sign_ec_key.py` L104). Layout does not matter to verifiers, which check the signed
 * bytes, but it keeps our bundles diffable against upstream's.
 */
export function statementJson(s: OmsStatement): string {
  const serialization: Record<string, unknown> = {
    allow_symlinks: s.serialization.allow_symlinks,
    method: s.serialization.method,
    hash_type: s.serialization.hash_type,
  };
  if (s.serialization.ignore_paths !== undefined && s.serialization.ignore_paths.length > 0) {
    serialization.ignore_paths = s.serialization.ignore_paths;
  }
  return JSON.stringify(
    {
      _type: STATEMENT_TYPE,
      subject: [{ name: s.subjectName, digest: { sha256: s.rootDigest } }],
      predicateType: OMS_PREDICATE_TYPE,
      predicate: {
        resources: s.resources.map((r) => ({ algorithm: r.algorithm, name: r.name, digest: r.digest })),
        serialization,
      },
    },
    null,
    2,
  );
}

const HEX64 = /^[0-9a-f]{64}$/;

function malformed(reason: string): OmsError {
  return new OmsError("OMS_PAYLOAD_MALFORMED", `statement ${reason}`);
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/**
 * Parses the verified payload bytes (never a re-serialized copy: DSSE `protocol.md` says not to
 * re-parse the envelope after verification) and checks the schema of ossf/model-signing-spec
 * `schemas/v1.0/statement.schema.json` and `predicate.schema.json`, restricted to the v1 gate's
 * profile: `files` + `sha256` (spec §10 minimum conformance; research §1.2).
 */
export function parseStatement(payload: Buffer): OmsStatement {
  let doc: unknown;
  try {
    doc = JSON.parse(payload.toString("utf8"));
  } catch {
    throw malformed("is not JSON");
  }
  if (!isObject(doc)) throw malformed("is not a JSON object");
  if (doc._type !== STATEMENT_TYPE) throw malformed(`_type is not ${STATEMENT_TYPE}`);
  if (doc.predicateType !== OMS_PREDICATE_TYPE) {
    throw new OmsError(
      "OMS_PREDICATE_TYPE",
      `predicateType ${JSON.stringify(doc.predicateType)} is not ${OMS_PREDICATE_TYPE}`,
    );
  }
  const subject = doc.subject;
  if (!Array.isArray(subject) || subject.length !== 1) throw malformed("must have exactly one subject");
  const first: unknown = subject[0];
  if (!isObject(first) || !isObject(first.digest)) throw malformed("subject has no digest");
  const root = first.digest.sha256;
  if (typeof root !== "string" || !HEX64.test(root)) throw malformed("subject digest is not a sha256 hex");
  const predicate = doc.predicate;
  if (!isObject(predicate)) throw malformed("has no predicate");
  return {
    subjectName: typeof first.name === "string" ? first.name : "",
    rootDigest: root,
    resources: parseResources(predicate.resources),
    serialization: parseSerialization(predicate.serialization),
  };
}

function parseResources(raw: unknown): OmsResource[] {
  // Spec §5.2.1: "The `resources` array MUST contain at least one entry"; an empty manifest
  // would vouch for an empty model.
  if (!Array.isArray(raw) || raw.length === 0) throw malformed("predicate.resources is not a non-empty list");
  const seen = new Set<string>();
  return raw.map((r: unknown, i) => {
    if (!isObject(r) || typeof r.name !== "string") throw malformed(`resource ${i} has no name`);
    assertSafeName(r.name, "resource name");
    if (seen.has(r.name)) {
      // Two entries for one name would let a verifier that keeps the last (or first) one
      // accept either file content.
      throw new OmsError("OMS_DUPLICATE_RESOURCE", `resource ${JSON.stringify(r.name)} is listed twice`);
    }
    seen.add(r.name);
    if (r.algorithm !== "sha256") throw malformed(`resource ${r.name} algorithm is not sha256`);
    if (typeof r.digest !== "string" || !HEX64.test(r.digest)) {
      throw malformed(`resource ${r.name} digest is not a sha256 hex`);
    }
    return { name: r.name, algorithm: "sha256", digest: r.digest };
  });
}

function parseSerialization(raw: unknown): OmsSerialization {
  if (!isObject(raw)) throw malformed("predicate.serialization is missing");
  if (raw.method !== "files" || raw.hash_type !== "sha256") {
    throw new OmsError(
      "OMS_SERIALIZATION_UNSUPPORTED",
      `serialization ${JSON.stringify(raw.method)}/${JSON.stringify(raw.hash_type)} is not files/sha256`,
    );
  }
  if (typeof raw.allow_symlinks !== "boolean") throw malformed("serialization.allow_symlinks is not a boolean");
  const ignore = raw.ignore_paths;
  if (ignore === undefined) return { method: "files", hash_type: "sha256", allow_symlinks: raw.allow_symlinks };
  if (!Array.isArray(ignore) || !ignore.every((p): p is string => typeof p === "string")) {
    throw malformed("serialization.ignore_paths is not a list of strings");
  }
  for (const p of ignore) assertSafeIgnorePath(p);
  return { method: "files", hash_type: "sha256", allow_symlinks: raw.allow_symlinks, ignore_paths: ignore };
}

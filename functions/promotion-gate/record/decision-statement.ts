import { GatePolicy, policyDigest } from "../gate/policy";
import { GateCheck, GateCheckStatus, GateDecision } from "../gate/types";
import { RecordError } from "./errors";
import { assertModelName, assertRegistryName } from "./record-key";

/** in-toto Statement v1 `_type` (in-toto/attestation `spec/v1/statement.md`). */
export const IN_TOTO_STATEMENT_TYPE = "https://in-toto.io/Statement/v1";

/**
 * SLSA Verification Summary Attestation v1 (slsa-framework/slsa
 * `docs/spec/v1.0/verification_summary.md`; `verifier.version` is the 1.1 addition in
 * `docs/spec/draft/verification_summary.md`, ignored by 1.0 readers as an unknown field).
 */
export const VSA_PREDICATE_TYPE = "https://slsa.dev/verification_summary/v1";

/**
 * The predicate field holding what the gate decided on and why. in-toto `spec/v1/README.md`
 * ("Extension fields"): producers MAY add extension fields, which SHOULD use names unlikely to
 * collide with other orgs' and SHOULD avoid `.` and `$`; consumers MUST ignore fields they do
 * not recognize. A bare `gate` could collide with a later VSA minor version; a URI name (the
 * VSA page's own suggestion) would put `.` in the name. So: one project-specific, dot-free name.
 */
export const GATE_EXTENSION_FIELD = "blueprintGate";

/**
 * What `subject[0].digest.sha256` is. Only a verified signature yields the OMS root digest (the
 * model's identity); otherwise the subject is what was uploaded, so a reader matching subjects
 * by digest (statement.md: "matched purely by digest") is not misled into thinking a model was
 * identified.
 */
export type SubjectDigestKind =
  /** The OMS manifest's root digest over the signed files (the signature verified). */
  | "oms-root-digest"
  /** sha256 of the `model.sig` bytes (it did not verify). */
  | "model-sig"
  /** {@link listingDigest} of the version folder (there was no `model.sig`). */
  | "listing";

/** A check as recorded. */
export interface RecordedCheck {
  readonly id: string;
  readonly status: GateCheckStatus;
  readonly summary: string;
  readonly reasons: ReadonlyArray<{ readonly code: string; readonly label: string; readonly message: string }>;
}

/** The `blueprintGate` extension of the predicate. */
export interface GateExtension {
  readonly registry: string;
  readonly model: string;
  readonly version: string;
  readonly subjectDigest: SubjectDigestKind;
  /** The upload's lineage tags, keys sorted. */
  readonly lineage: Readonly<Record<string, string>>;
  /** The full policy applied, so an auditor reads the thresholds; `policy.digest` is over its canonical JSON. */
  readonly policy: GatePolicy;
  readonly checks: readonly RecordedCheck[];
  /** The verified files (empty unless the signature verified). */
  readonly files: ReadonlyArray<{ readonly name: string; readonly sha256: string }>;
}

/** The SLSA VSA v1 predicate with the gate's extension. */
export interface DecisionPredicate {
  readonly verifier: { readonly id: string; readonly version: Readonly<Record<string, string>> };
  readonly timeVerified: string;
  readonly resourceUri: string;
  readonly policy: { readonly uri: string; readonly digest: { readonly sha256: string } };
  readonly inputAttestations?: ReadonlyArray<{ readonly uri: string; readonly digest: { readonly sha256: string } }>;
  readonly verificationResult: "PASSED" | "FAILED";
  readonly verifiedLevels: readonly string[];
  readonly blueprintGate: GateExtension;
}

/** The decision record's in-toto Statement v1, as plain JSON. */
export interface DecisionStatement {
  readonly _type: typeof IN_TOTO_STATEMENT_TYPE;
  readonly subject: ReadonlyArray<{ readonly name: string; readonly digest: { readonly sha256: string } }>;
  readonly predicateType: typeof VSA_PREDICATE_TYPE;
  readonly predicate: DecisionPredicate;
}

/** What the gate knows about a decision besides the decision itself. */
export interface DecisionContext {
  readonly registry: string;
  readonly model: string;
  readonly version: string;
  /** The incoming version folder, e.g. `s3://bucket/incoming/m/v/`: the VSA `resourceUri`. */
  readonly resourceUri: string;
  /** The version's `model.sig`: the VSA input attestation's `uri`. */
  readonly signatureUri: string;
  readonly policy: GatePolicy;
  /** Where the policy is defined (e.g. the gate function's settings): the VSA `policy.uri`. */
  readonly policyUri: string;
  /** The gate's identity URI and its component versions: the VSA `verifier`. */
  readonly verifier: { readonly id: string; readonly version: Readonly<Record<string, string>> };
  /** RFC 3339 UTC, e.g. `2026-12-02T05:51:12Z`. */
  readonly timeVerified: string;
  readonly lineage: Readonly<Record<string, string>>;
  /**
   * {@link listingDigest} of the version's listing. Required only when the decision has no
   * `signatureSha256` (no `model.sig`): it is then the subject digest.
   * @default - none; building the statement of a decision without model.sig then fails
   */
  readonly listingDigest?: string;
}

/** RFC 3339 in UTC (`Z`), optional fraction: the form in-toto `field_types.md` Timestamp requires. */
const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
/** An absolute URI with a scheme (RFC 3986 `scheme ":"`), no blanks. */
const URI = /^[a-z][a-z0-9+.-]*:[^\s]+$/i;

/** The custom `verifiedLevels` value for a passed check; VSA: custom values MUST NOT start with `SLSA_`. */
export function verifiedLevelOf(checkId: string): string {
  return `BLUEPRINT_GATE_${checkId.toUpperCase().replace(/-/g, "_")}`;
}

/**
 * `verifiedLevels`: `["FAILED"]` when the decision failed ("or \"FAILED\" if policy verification
 * failed", verification_summary.md `verifiedLevels`); otherwise one custom value per passed check,
 * which the SlsaResult section allows: "Users MAY use custom values here but MUST NOT use custom
 * values starting with `SLSA_`." No SLSA track level is claimed: the gate does not evaluate builds.
 */
export function verifiedLevels(result: "PASSED" | "FAILED", checks: readonly { id: string }[]): string[] {
  return result === "FAILED" ? ["FAILED"] : checks.map((c) => verifiedLevelOf(c.id));
}

/** PASSED only when there is at least one check and every check passed. */
export function resultOf(checks: readonly { status: string }[]): "PASSED" | "FAILED" {
  return checks.length > 0 && checks.every((c) => c.status === "passed") ? "PASSED" : "FAILED";
}

function invalid(message: string): RecordError {
  return new RecordError("RECORD_CONTEXT_INVALID", message);
}

function recordCheck(c: GateCheck): RecordedCheck {
  return {
    id: c.id,
    status: c.status,
    summary: c.summary,
    reasons: c.reasons.map((r) => ({ code: r.code, label: r.label, message: r.message })),
  };
}

function subjectOf(decision: GateDecision, ctx: DecisionContext): { kind: SubjectDigestKind; sha256: string } {
  if (decision.rootDigest !== undefined) return { kind: "oms-root-digest", sha256: decision.rootDigest };
  if (decision.signatureSha256 !== undefined) return { kind: "model-sig", sha256: decision.signatureSha256 };
  if (ctx.listingDigest === undefined) throw invalid("the decision has no model.sig digest, so the context must give listingDigest");
  return { kind: "listing", sha256: ctx.listingDigest };
}

/**
 * The decision record's statement (research §2.1, §2.3): an in-toto Statement v1 whose predicate
 * is a SLSA VSA v1 with the gate's checks under {@link GATE_EXTENSION_FIELD}. Objects are built
 * field by field in a fixed order, so equal inputs give equal JSON bytes; the signature covers
 * those bytes as written, so no canonical form is needed.
 */
export function buildDecisionStatement(decision: GateDecision, ctx: DecisionContext): DecisionStatement {
  assertRegistryName(ctx.registry);
  assertModelName("model", ctx.model);
  assertModelName("version", ctx.version);
  if (ctx.policy.registry !== ctx.registry) {
    throw invalid(`the policy is registry ${JSON.stringify(ctx.policy.registry)}'s, not ${JSON.stringify(ctx.registry)}'s`);
  }
  if (!RFC3339_UTC.test(ctx.timeVerified) || Number.isNaN(Date.parse(ctx.timeVerified))) {
    throw invalid(`timeVerified ${JSON.stringify(ctx.timeVerified)} is not an RFC 3339 UTC timestamp`);
  }
  for (const [what, uri] of [["resourceUri", ctx.resourceUri], ["signatureUri", ctx.signatureUri], ["policyUri", ctx.policyUri], ["verifier.id", ctx.verifier.id]] as const) {
    if (!URI.test(uri)) throw invalid(`${what} ${JSON.stringify(uri)} is not an absolute URI`);
  }
  for (const digest of [decision.rootDigest, decision.signatureSha256, ctx.listingDigest]) {
    if (digest !== undefined && !SHA256_HEX.test(digest)) throw invalid(`digest ${JSON.stringify(digest)} is not 64 lowercase hex digits`);
  }
  const result = resultOf(decision.checks);
  if ((result === "PASSED") !== decision.accepted) {
    throw invalid("the decision's accepted flag contradicts its checks");
  }
  const subject = subjectOf(decision, ctx);
  if (result === "PASSED" && subject.kind !== "oms-root-digest") {
    throw invalid("an accepted decision must carry the manifest's root digest");
  }
  const checks = decision.checks.map(recordCheck);
  const lineage: Record<string, string> = {};
  for (const key of Object.keys(ctx.lineage).sort()) lineage[key] = ctx.lineage[key] as string;
  const version: Record<string, string> = {};
  for (const key of Object.keys(ctx.verifier.version).sort()) version[key] = ctx.verifier.version[key] as string;

  return {
    _type: IN_TOTO_STATEMENT_TYPE,
    subject: [{ name: `${ctx.registry}/${ctx.model}/${ctx.version}`, digest: { sha256: subject.sha256 } }],
    predicateType: VSA_PREDICATE_TYPE,
    predicate: {
      verifier: { id: ctx.verifier.id, version },
      timeVerified: ctx.timeVerified,
      resourceUri: ctx.resourceUri,
      policy: { uri: ctx.policyUri, digest: { sha256: policyDigest(ctx.policy) } },
      // VSA `inputAttestations`: "If non-empty, this field MUST contain information on _all_ the
      // attestations used": the model.sig is the only one; without it the field is absent.
      ...(decision.signatureSha256 === undefined
        ? {}
        : { inputAttestations: [{ uri: ctx.signatureUri, digest: { sha256: decision.signatureSha256 } }] }),
      verificationResult: result,
      verifiedLevels: verifiedLevels(result, checks),
      blueprintGate: {
        registry: ctx.registry,
        model: ctx.model,
        version: ctx.version,
        subjectDigest: subject.kind,
        lineage,
        // A JSON copy: the same fields in the policy's own order, without undefined values,
        // which is what policyDigest's canonical JSON covers.
        policy: JSON.parse(JSON.stringify(ctx.policy)) as GatePolicy,
        checks,
        files: decision.files.map((f) => ({ name: f.name, sha256: f.sha256 })),
      },
    },
  };
}

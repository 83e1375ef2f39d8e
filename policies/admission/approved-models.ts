import type { VerifiedDecision } from "../../functions/promotion-gate/record/record-verify";
import { ADMISSION_NAMESPACE, ADMISSION_OBJECT_NAME } from "../../constructs/shared/limits/admission";
import { SHA256_HEX } from "../../constructs/shared/limits/common";
import { satisfies } from "../../constructs/shared/limits/text-rule";
import { ARGOCD_SYNC_WAVE_ANNOTATION, MANAGED_BY_LABEL } from "./names";

/** A decision record whose signature verified, and where it is stored. */
export interface ApprovalRecord {
  /** The verified record (functions/promotion-gate/record verifyDecisionRecord). */
  readonly decision: VerifiedDecision;
  /** The record's URI, e.g. `s3://acme-ai-prod-logs-123456789012/provenance/fraud-scoring/fraud/1.2.0/<digest>.dsse.json`. */
  readonly uri: string;
}

/** Where the approved-models ConfigMap goes. */
export interface ApprovedModelsOptions {
  /** ConfigMap name (the policies' `paramRef.name`). */
  readonly name: string;
  /** ConfigMap namespace (the policies' `paramRef.namespace`). */
  readonly namespace: string;
}

/** A plain ConfigMap manifest. */
export interface ConfigMapManifest {
  /** Always `v1`. */
  readonly apiVersion: "v1";
  /** Always `ConfigMap`. */
  readonly kind: "ConfigMap";
  /** Name, namespace, labels and the sync-wave annotation. */
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly labels: Readonly<Record<string, string>>;
    readonly annotations: Readonly<Record<string, string>>;
  };
  /** `<64 hex digits of the OMS root digest>` to the decision record URI, keys sorted. */
  readonly data: Readonly<Record<string, string>>;
}

/** A record set that cannot become one approved list. */
export class ApprovalExportError extends Error {
  constructor(public readonly code: "ADMISSION_APPROVAL_CONFLICT" | "ADMISSION_APPROVAL_URI_INVALID" | "ADMISSION_APPROVAL_TARGET_INVALID", message: string) {
    super(`${message} [${code}]`);
    this.name = "ApprovalExportError";
  }
}

/** An absolute URI without whitespace or quotes (it becomes a ConfigMap value and a CEL comparison). */
function isRecordUri(uri: string): boolean {
  return uri.includes("://") && URL.canParse(uri) && !/[\s'"\\]/.test(uri);
}

/**
 * The approved-models list as the policies' parameter ConfigMap. Only records whose decision is
 * PASSED and whose subject is the OMS root digest (buildDecisionStatement writes no other kind
 * for an accepted decision) are listed. A ConfigMap key must match `[-._a-zA-Z0-9]+` (Kubernetes
 * "ConfigMaps"), so no `sha256:` prefix: the key is the digest's 64 hex digits and the policy
 * compares `'sha256:' + key` with the annotation. Keys sorted, so the output is deterministic.
 */
export function approvedModelsConfigMap(records: readonly ApprovalRecord[], opts: ApprovedModelsOptions): ConfigMapManifest {
  if (!satisfies(ADMISSION_OBJECT_NAME, opts.name) || !satisfies(ADMISSION_NAMESPACE, opts.namespace)) {
    throw new ApprovalExportError("ADMISSION_APPROVAL_TARGET_INVALID", `ConfigMap ${JSON.stringify(opts.namespace)}/${JSON.stringify(opts.name)} is not a valid namespace/name`);
  }
  const approved = new Map<string, string>();
  for (const { decision, uri } of records) {
    const statement = decision.statement;
    if (decision.result !== "PASSED" || statement.predicate.blueprintGate.subjectDigest !== "oms-root-digest") continue;
    const hex = statement.subject[0]?.digest.sha256 ?? "";
    if (!satisfies(SHA256_HEX, hex)) continue;
    if (!isRecordUri(uri)) throw new ApprovalExportError("ADMISSION_APPROVAL_URI_INVALID", `record URI ${JSON.stringify(uri)} is not an absolute URI without spaces or quotes`);
    const seen = approved.get(hex);
    if (seen !== undefined && seen !== uri) {
      throw new ApprovalExportError("ADMISSION_APPROVAL_CONFLICT", `digest sha256:${hex} is approved by two records: ${seen} and ${uri}`);
    }
    approved.set(hex, uri);
  }
  const data: Record<string, string> = {};
  for (const hex of [...approved.keys()].sort()) data[hex] = approved.get(hex)!;
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name: opts.name,
      namespace: opts.namespace,
      labels: { [MANAGED_BY_LABEL]: "approved-models" },
      annotations: { [ARGOCD_SYNC_WAVE_ANNOTATION]: "-1" },
    },
    data,
  };
}

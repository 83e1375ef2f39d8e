/**
 * `blueprint model check`: the gate's decision on a local folder, before upload. The registry's
 * policy comes from the same configuration the deployment is synthesized from, so the publisher
 * sees the thresholds, allow-lists and limits the deployed gate will apply.
 */
import { basename } from "node:path";
import type { BlueprintConfig, CloudName } from "../config/schema";
import { CLOUD_NAMES } from "../config/schema";
import { canonicalJson, GatePolicy, gatePolicyFromSettings, MalwareScanner } from "../functions/promotion-gate/gate/policy";
import { GateCheck, GateDecision } from "../functions/promotion-gate/gate/types";
import { ModelInputError, quote } from "./model-inputs";

/** One registry of one environment on one cloud, as `<cloud>/<env>/<name>`. */
interface RegistryPlace {
  readonly cloud: CloudName;
  readonly qualified: string;
  readonly name: string;
  readonly lineageTags: readonly string[];
  readonly gate: NonNullable<Parameters<typeof gatePolicyFromSettings>[2]>;
}

function registryPlaces(config: BlueprintConfig): RegistryPlace[] {
  const out: RegistryPlace[] = [];
  for (const cloud of CLOUD_NAMES) {
    const settings: { enabled: boolean; environments: Record<string, { registries: readonly { name: string; lineageTags: readonly string[]; gate: RegistryPlace["gate"] }[] }> } | undefined =
      config.clouds[cloud as CloudName];
    if (!settings?.enabled) continue;
    for (const [env, placement] of Object.entries(settings.environments)) {
      for (const r of placement.registries) out.push({ cloud: cloud as CloudName, qualified: `${cloud}/${env}/${r.name}`, name: r.name, lineageTags: r.lineageTags, gate: r.gate });
    }
  }
  return out;
}

/**
 * The policy for `--registry NAME` or `<cloud>/<env>/<name>`. A bare name that several
 * environments use is enough when they all apply the same rules; when their lineage tags or gate
 * settings differ the caller must say which one, since checking against the laxer one would
 * report an accept the stricter gate will not give.
 */
export function policyForRegistry(config: BlueprintConfig, wanted: string, configFile: string): GatePolicy {
  const places = registryPlaces(config);
  const matches = wanted.includes("/") ? places.filter((p) => p.qualified === wanted) : places.filter((p) => p.name === wanted);
  const first = matches[0];
  if (first === undefined) {
    const known = places.length === 0 ? "none (the configuration declares no registries)" : [...new Set(places.map((p) => p.name))].join(", ");
    throw new ModelInputError(`--registry ${quote(wanted)} is not a registry of ${configFile}; accepted: ${known}, or <cloud>/<env>/<name>`);
  }
  const rules = (p: RegistryPlace): string => canonicalJson({ lineageTags: p.lineageTags, gate: p.gate });
  if (matches.some((p) => rules(p) !== rules(first))) {
    throw new ModelInputError(
      `--registry ${quote(wanted)} names registries whose lineage tags or gate settings differ; accepted: one of ${matches.map((p) => p.qualified).join(", ")}`,
    );
  }
  return gatePolicyFromSettings(first.name, first.lineageTags, first.gate, SCANNER_OF[first.cloud]);
}

/**
 * The managed malware scanner of each cloud's deployed gate (functions/promotion-gate/handlers),
 * so the preview's policy is the one the gate will record. A local folder has no scan result:
 * the check is listed as running after upload and neither passes nor fails here.
 */
const SCANNER_OF: Readonly<Record<CloudName, MalwareScanner>> = {
  aws: "guardduty-malware-protection-s3",
  azure: "defender-for-storage",
  gcp: "none",
};

/** The model name the gate would see: the folder's name (`incoming/<model>/<version>/`). */
export function localModelName(dir: string): string {
  return basename(dir);
}

/**
 * Text for a terminal, on one line. Messages quote file names and lineage values, and a model
 * folder downloaded from elsewhere can carry a name with control characters that would move the
 * cursor and overwrite the FAIL line above, so they are escaped.
 */
export function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** One line per passed or skipped check, one per reason of a failed check. */
export function checkLines(check: GateCheck): string[] {
  if (check.status === "passed") return [`PASS ${check.id}: ${terminalSafe(check.summary)}`];
  if (check.status === "skipped") return [`SKIP ${check.id}: ${terminalSafe(check.summary)}`];
  return check.reasons.map((r) => `FAIL ${check.id}: ${r.label}: ${terminalSafe(r.message)} (${r.code})`);
}

/**
 * The report `blueprint model check` prints: every check, the checks that only run after upload
 * (`LATER`, e.g. the malware scan, which needs the cloud scanner's result), then the verdict.
 * A deferred check changes neither the verdict nor the exit code.
 */
export function formatDecision(decision: GateDecision): string {
  const lines = decision.checks.flatMap(checkLines);
  for (const d of decision.deferredChecks ?? []) lines.push(`LATER ${d.id}: ${terminalSafe(d.summary)}`);
  const failed = decision.checks.filter((c) => c.status === "failed").length;
  const skipped = decision.checks.filter((c) => c.status === "skipped").length;
  const count = (n: number, what: string): string => `${n} ${n === 1 ? "check" : "checks"} ${what}`;
  const verdict = [count(failed, "failed"), ...(skipped > 0 ? [count(skipped, "not run")] : [])].join(", ");
  lines.push(decision.accepted ? "accepted" : `rejected: ${verdict}`);
  return `${lines.join("\n")}\n`;
}

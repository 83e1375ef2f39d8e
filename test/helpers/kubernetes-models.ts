import { execFileSync } from "node:child_process";
import * as path from "node:path";

/**
 * Results of validating manifests with kubernetes-models (the Kubernetes OpenAPI schemas).
 * kubernetes-models is ESM-only, so the validation runs in a child Node process (k8s-validate.mjs).
 */
export function kubernetesModels(manifests: readonly unknown[]): { kind: string; ok: boolean; error?: string }[] {
  const out = execFileSync(process.execPath, [path.join(__dirname, "k8s-validate.mjs")], { input: JSON.stringify(manifests), encoding: "utf8" });
  return JSON.parse(out) as { kind: string; ok: boolean; error?: string }[];
}

import { GateLimits } from "./policy";
import { checked, formatBytes, reason } from "./reasons";
import { GateCheck, GateReason, VersionObject } from "./types";

/**
 * Size limits, from the listing alone: no byte is read before they pass, so an upload of a
 * terabyte, or of a million files, costs the gate one listing and not an hour of hashing.
 */
export function checkLimits(objects: readonly VersionObject[], signatureName: string, limits: GateLimits): GateCheck {
  const files = objects.filter((o) => o.name !== signatureName);
  const total = objects.reduce((sum, o) => sum + o.size, 0);
  const sig = objects.find((o) => o.name === signatureName);
  const reasons: GateReason[] = [];
  if (total > limits.maxTotalBytes) {
    reasons.push(reason("GATE_TOO_LARGE", `the version holds ${formatBytes(total)}, more than the ${formatBytes(limits.maxTotalBytes)} allowed`));
  }
  if (files.length > limits.maxFiles) {
    reasons.push(reason("GATE_TOO_MANY_FILES", `the version holds ${files.length} files, more than the ${limits.maxFiles} allowed`));
  }
  if (sig !== undefined && sig.size > limits.maxManifestBytes) {
    reasons.push(reason("GATE_MANIFEST_TOO_LARGE", `${signatureName} is ${sig.size} bytes, more than the ${limits.maxManifestBytes} allowed`));
  }
  const summary = `${files.length} files, ${total} bytes with ${signatureName}; limits ${limits.maxFiles} files, ${formatBytes(limits.maxTotalBytes)}, ${signatureName} ${limits.maxManifestBytes} bytes`;
  return checked("limits", summary, reasons);
}

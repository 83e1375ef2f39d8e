import { labelOf } from "./labels";
import { GateCheck, GateCheckId, GateReason } from "./types";

/** A reason with its label. */
export function reason(code: string, message: string): GateReason {
  return { code, label: labelOf(code), message };
}

/** A check that passed, or failed with `reasons`. */
export function checked(id: GateCheckId, summary: string, reasons: readonly GateReason[]): GateCheck {
  return { id, status: reasons.length === 0 ? "passed" : "failed", summary, reasons: [...reasons] };
}

/** A check that did not run, and why; it counts as a rejection. */
export function skipped(id: GateCheckId, why: string): GateCheck {
  return { id, status: "skipped", summary: `not run: ${why}`, reasons: [reason("GATE_NOT_RUN", why)] };
}

/** Bytes as `1.2 GB` (decimal units, as the limits are stated). */
export function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} kB`;
  return `${n} bytes`;
}

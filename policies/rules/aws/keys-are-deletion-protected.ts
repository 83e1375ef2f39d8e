import { resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";

/**
 * Deleting a KMS key makes everything it encrypted unreadable for good. AWS KMS waits
 * `deletion_window_in_days` (7-30; 30 when absent: terraform-provider-aws docs, aws_kms_key)
 * before it deletes, and a synthesized `lifecycle.prevent_destroy` makes Terraform refuse any
 * plan that would schedule the deletion. Both weaker settings are what the blueprint's
 * `standard` protection chooses (constructs/shared/protection.ts): warnings, never silent.
 * A plan does not record prevent_destroy, so a plan is checked for the window only.
 */
const FULL_WINDOW_DAYS = 30;

export const rule = resourceRule({
  control: "KEY-DELETION-PROTECTED",
  cloud: "aws",
  title: "KMS keys keep the full 30-day deletion window and refuse destroy",
  severity: "warning",
  appliesTo: ["aws_kms_key"],
  mappings: { nist80053: ["SC-12", "CP-9"] },
  rationale: "A key scheduled for deletion takes every object it encrypted with it; a short window leaves little time to notice and cancel, and a plan that may destroy the key turns a typo into data loss.",
  fix: "Leave deletion_window_in_days at 30 and keep lifecycle.prevent_destroy = true (KmsKey does both under protection: strict; standard shortens the window to 7 days and drops prevent_destroy).",
  check(key, context) {
    const problems = context.problems();
    const window = valueOf(key, "deletion_window_in_days");
    if (window === UNKNOWN_VALUE) problems.unknown("deletion_window_in_days");
    else if (window !== undefined && !(Number(window) >= FULL_WINDOW_DAYS)) problems.relaxed(`deletion_window_in_days is ${JSON.stringify(window)}, below ${FULL_WINDOW_DAYS}`);
    if (context.stack.source === "synth" && key.preventDestroy !== true) {
      problems.relaxed(`lifecycle.prevent_destroy is ${JSON.stringify(key.preventDestroy ?? "absent")}, not true: a plan may destroy the key`);
    }
    return problems.outcome();
  },
  tests: {
    compliance: [
      { name: "default window, prevent_destroy", stack: { resource: { aws_kms_key: { k: { enable_key_rotation: true, lifecycle: { prevent_destroy: true } } } } } },
      { name: "30-day window, prevent_destroy", stack: { resource: { aws_kms_key: { k: { deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } } } } } },
      {
        name: "a plan with the full window (prevent_destroy is not in plans)",
        plan: {
          format_version: "1.2",
          resource_changes: [{ address: "aws_kms_key.k", mode: "managed", type: "aws_kms_key", name: "k", change: { actions: ["create"], before: null, after: { deletion_window_in_days: 30 }, after_unknown: { arn: true } } }],
        },
      },
    ],
    noncompliance: [
      { name: "7-day window", stack: { resource: { aws_kms_key: { k: { deletion_window_in_days: 7, lifecycle: { prevent_destroy: true } } } } }, expect: "deletion_window_in_days is 7, below 30", severity: "warning" },
      { name: "prevent_destroy false", stack: { resource: { aws_kms_key: { k: { lifecycle: { prevent_destroy: false } } } } }, expect: "lifecycle.prevent_destroy is false", severity: "warning" },
      { name: "prevent_destroy absent", stack: { resource: { aws_kms_key: { k: { deletion_window_in_days: 30 } } } }, expect: "lifecycle.prevent_destroy is \"absent\"", severity: "warning" },
      {
        name: "a plan with a 10-day window",
        plan: {
          format_version: "1.2",
          planned_values: { root_module: { resources: [{ address: "aws_kms_key.k", mode: "managed", type: "aws_kms_key", name: "k", values: { deletion_window_in_days: 10 } }] } },
        },
        expect: "deletion_window_in_days is 10, below 30",
        severity: "warning",
      },
      {
        name: "a window decided at apply",
        stack: { resource: { aws_kms_key: { k: { deletion_window_in_days: "${var.window}", lifecycle: { prevent_destroy: true } } } } },
        expect: "known only after apply",
        severity: "warning",
      },
    ],
  },
});

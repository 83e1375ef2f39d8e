import { isUnknown, valuesAt } from "../../model";
import { notApplicable, resourceRule } from "../../rule";
import { PROTECTION_SWITCHES } from "../../support/protected-resources";

const update = (type: string, before: Record<string, unknown>, after: Record<string, unknown>) => ({ address: `${type}.x`, mode: "managed", type, name: "x", change: { actions: ["update"], before, after, after_unknown: {} } });

export const rule = resourceRule({
  control: "PROTECTION-NOT-DISABLED",
  cloud: "any",
  title: "A plan does not turn off rotation, object lock, purge protection, versioning, public-access blocks or trail logging",
  severity: "error",
  appliesTo: [...new Set(PROTECTION_SWITCHES.map((s) => s.type))].sort(),
  mappings: { nist80053: ["CM-3", "CM-6", "AU-9"] },
  rationale:
    "An in-place update that switches a protection off reads as a one-line `~` in a diff, yet it is the step before the real attack: rotation off, the lock moved to GOVERNANCE, the public-access block lifted. Static checks of the new configuration may catch the result; only the plan shows that the change removes something that was on.",
  fix: "Keep the protection on. If turning it off is the reviewed intent, acknowledge this finding for the address with the change ticket and an expiry.",
  check(resource, context) {
    if (context.stack.source !== "plan" || !resource.actions?.includes("update") || !resource.before) return notApplicable("not an update in a plan");
    const problems = context.problems();
    for (const s of PROTECTION_SWITCHES) {
      if (s.type !== resource.type) continue;
      const was = valuesAt(resource.before, s.path)[0];
      const will = valuesAt(resource.attributes, s.path)[0];
      if (!s.isOn(was)) continue;
      if (isUnknown(will)) problems.unknown(`${s.path} (was ${JSON.stringify(was)})`);
      else if (!s.isOn(will)) problems.error(`the plan turns off ${s.what}: ${s.path} ${JSON.stringify(was)} -> ${JSON.stringify(will ?? null)}`);
    }
    return problems.outcome();
  },
  tests: {
    compliance: [{ name: "an update that keeps rotation on", plan: { format_version: "1.2", resource_changes: [update("aws_kms_key", { enable_key_rotation: true, description: "a" }, { enable_key_rotation: true, description: "b" })] } }],
    noncompliance: [
      { name: "rotation turned off", plan: { format_version: "1.2", resource_changes: [update("aws_kms_key", { enable_key_rotation: true }, { enable_key_rotation: false })] }, expect: "turns off key rotation: enable_key_rotation true -> false" },
      {
        name: "object lock moved to GOVERNANCE",
        plan: { format_version: "1.2", resource_changes: [update("aws_s3_bucket_object_lock_configuration", { rule: [{ default_retention: [{ mode: "COMPLIANCE", days: 365 }] }] }, { rule: [{ default_retention: [{ mode: "GOVERNANCE", days: 365 }] }] })] },
        expect: 'COMPLIANCE-mode object lock: rule.default_retention.mode "COMPLIANCE" -> "GOVERNANCE"',
      },
      { name: "purge protection off", plan: { format_version: "1.2", resource_changes: [update("azurerm_key_vault", { purge_protection_enabled: true }, { purge_protection_enabled: false })] }, expect: "turns off purge protection" },
      { name: "public access block lifted", plan: { format_version: "1.2", resource_changes: [update("aws_s3_bucket_public_access_block", { block_public_policy: true }, { block_public_policy: false })] }, expect: "turns off block_public_policy" },
      { name: "immutability unlocked", plan: { format_version: "1.2", resource_changes: [update("azurerm_storage_container_immutability_policy", { locked: true }, { locked: false })] }, expect: "the locked immutability policy" },
      {
        name: "a value decided at apply",
        plan: { format_version: "1.2", resource_changes: [{ ...update("aws_kms_key", { enable_key_rotation: true }, {}), change: { actions: ["update"], before: { enable_key_rotation: true }, after: {}, after_unknown: { enable_key_rotation: true } } }] },
        expect: "known only after apply",
        severity: "warning",
      },
    ],
  },
});

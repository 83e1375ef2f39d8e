import { notApplicable, resourceRule } from "../../rule";
import { protectionReason } from "../../support/protected-resources";

const change = (type: string, name: string, actions: string[], before: Record<string, unknown>, after: Record<string, unknown> | null) => ({ address: `${type}.${name}`, mode: "managed", type, name, change: { actions, before, after, after_unknown: {} } });

export const rule = resourceRule({
  control: "PROTECTED-NOT-DESTROYED",
  cloud: "any",
  title: "A plan neither deletes nor replaces a key, write-once or state storage, a registry or a trail",
  severity: "error",
  appliesTo: ["*"],
  mappings: { nist80053: ["CM-3", "CP-9", "AU-9", "SC-12"] },
  rationale:
    "prevent_destroy lives in the configuration a change can edit, and replacements hide in `-/+` lines of a long diff. Deleting a key makes everything it encrypted unreadable; deleting a log bucket, a registry or the state loses evidence, models or the record of what exists. A reviewer of `cdktf diff` needs this stated as a failure, not left to a careful read.",
  fix: "Change the plan so the resource is kept (a renamed logical id replaces it: restore the id, or move the state with `terraform state mv` / a `moved` block). If the deletion is intended, acknowledge this finding for the address with the change ticket, and remove prevent_destroy in the same reviewed change.",
  check(resource, context) {
    if (context.stack.source !== "plan" || !resource.actions) return notApplicable("not a plan");
    const reason = protectionReason(resource.type, resource.before);
    if (reason === undefined) return notApplicable("not a protected resource");
    if (!resource.actions.includes("delete")) return { status: "compliant" };
    const how = resource.replace ? "replaces" : "deletes";
    return context.problems().error(`the plan ${how} ${resource.address}, ${reason}`).outcome();
  },
  tests: {
    compliance: [
      { name: "a key updated in place", plan: { format_version: "1.2", resource_changes: [change("aws_kms_key", "logs", ["update"], { enable_key_rotation: true }, { enable_key_rotation: true, description: "new" })] } },
      { name: "a log bucket left alone", plan: { format_version: "1.2", resource_changes: [change("aws_s3_bucket", "logs", ["no-op"], { object_lock_enabled: true }, { object_lock_enabled: true })] } },
    ],
    noncompliance: [
      { name: "a plan that deletes a prod key", plan: { format_version: "1.2", resource_changes: [change("aws_kms_key", "logs", ["delete"], { enable_key_rotation: true }, null)] }, expect: "the plan deletes aws_kms_key.logs, a KMS key" },
      {
        name: "a plan that replaces an Object Lock bucket",
        plan: { format_version: "1.2", resource_changes: [change("aws_s3_bucket", "logs", ["delete", "create"], { bucket: "acme-logs", object_lock_enabled: true }, { bucket: "acme-logs-2", object_lock_enabled: true })] },
        expect: "the plan replaces aws_s3_bucket.logs, an Object Lock bucket",
      },
      {
        name: "a plan that deletes the state storage account",
        plan: { format_version: "1.2", resource_changes: [change("azurerm_storage_account", "state", ["delete"], { name: "acmestate", tags: { purpose: "state" } }, null)] },
        expect: "storage whose purpose is state",
      },
      { name: "a plan that deletes a Key Vault", plan: { format_version: "1.2", resource_changes: [change("azurerm_key_vault", "kv", ["create", "delete"], { name: "acme-kv" }, { name: "acme-kv2" })] }, expect: "replaces azurerm_key_vault.kv" },
    ],
  },
});

import { resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";
import { isoDurationDays, planOf, show } from "../../support/azure-model";

/** Longest interval between two automatic rotations the rule accepts. */
const MAX_ROTATION_DAYS = 365;

/**
 * Key Vault rotates a key when `rotation_policy.automatic.time_after_creation` has passed since
 * the current version was created, or `time_before_expiry` before it expires (then the interval
 * is `expire_after` minus that); durations are ISO 8601 (learn.microsoft.com/azure/key-vault/keys/how-to-configure-key-rotation).
 * azurerm 4.55 creates RSA and EC keys only (key_type EC, EC-HSM, RSA, RSA-HSM in
 * key_vault_key_resource.go), all of which take a rotation policy; anything else is not judged.
 */
export const rule = resourceRule({
  control: "KEY-ROTATION",
  cloud: "azure",
  title: "Key Vault keys rotate automatically at least yearly",
  severity: "error",
  appliesTo: ["azurerm_key_vault_key"],
  mappings: { nist80053: ["SC-12", "SC-12(1)"] },
  rationale: "A key that never rotates concentrates every object it ever wrapped under one secret; rotation bounds how much a leaked or broken key version exposes.",
  fix: "Give the key rotation_policy { automatic { time_after_creation = \"P90D\" } expire_after = \"P180D\" } with at most P365D between rotations (KmsKey does, every rotationPeriodDays, 90 by default).",
  check(key, context) {
    const type = valueOf(key, "key_type");
    if (typeof type === "string" && !/^(RSA|EC)(-HSM)?$/.test(type)) return { status: "not-applicable", reason: `${type} keys have no rotation policy` };
    const problems = context.problems();
    const policy = valueOf(key, "rotation_policy");
    if (policy === UNKNOWN_VALUE) return problems.unknown("rotation_policy").outcome();
    if (policy === undefined) return problems.error("rotation_policy is absent, so the key never rotates").outcome();
    const automatic = valueOf(key, "rotation_policy.automatic");
    if (automatic === UNKNOWN_VALUE) return problems.unknown("rotation_policy.automatic").outcome();
    if (automatic === undefined) return problems.error("rotation_policy.automatic is absent, so the key only notifies and never rotates").outcome();
    const afterCreation = valueOf(key, "rotation_policy.automatic.time_after_creation");
    const beforeExpiry = valueOf(key, "rotation_policy.automatic.time_before_expiry");
    if (afterCreation === UNKNOWN_VALUE || beforeExpiry === UNKNOWN_VALUE) return problems.unknown("rotation_policy.automatic").outcome();
    if (afterCreation === undefined && beforeExpiry === undefined) return problems.error("rotation_policy.automatic sets neither time_after_creation nor time_before_expiry").outcome();
    if (afterCreation !== undefined) {
      const days = isoDurationDays(afterCreation);
      if (days === undefined) problems.error(`rotation_policy.automatic.time_after_creation is ${show(afterCreation)}, not an ISO 8601 duration such as "P90D"`);
      else if (days > MAX_ROTATION_DAYS) problems.error(`rotation_policy.automatic.time_after_creation is ${show(afterCreation)} (${days} days), more than ${MAX_ROTATION_DAYS}`);
      return problems.outcome();
    }
    const expireAfter = valueOf(key, "rotation_policy.expire_after");
    if (expireAfter === UNKNOWN_VALUE) return problems.unknown("rotation_policy.expire_after").outcome();
    const expiry = isoDurationDays(expireAfter);
    const before = isoDurationDays(beforeExpiry);
    if (before === undefined) problems.error(`rotation_policy.automatic.time_before_expiry is ${show(beforeExpiry)}, not an ISO 8601 duration such as "P30D"`);
    else if (expiry === undefined) problems.error(`rotation_policy.expire_after is ${show(expireAfter)}, so time_before_expiry ${show(beforeExpiry)} gives no rotation interval`);
    else if (expiry - before > MAX_ROTATION_DAYS) problems.error(`rotation_policy rotates ${show(beforeExpiry)} before an expiry of ${show(expireAfter)}, every ${expiry - before} days, more than ${MAX_ROTATION_DAYS}`);
    return problems.outcome();
  },
  tests: {
    compliance: [
      { name: "rotation every 90 days (KmsKey)", stack: { resource: { azurerm_key_vault_key: { k: { key_type: "RSA-HSM", rotation_policy: { automatic: { time_after_creation: "P90D" }, expire_after: "P180D" } } } } } },
      { name: "rotation a year after creation", stack: { resource: { azurerm_key_vault_key: { k: { key_type: "EC-HSM", rotation_policy: [{ automatic: [{ time_after_creation: "P1Y" }] }] } } } } },
      { name: "rotation 30 days before a 13-month expiry", stack: { resource: { azurerm_key_vault_key: { k: { key_type: "RSA", rotation_policy: { automatic: { time_before_expiry: "P30D" }, expire_after: "P13M" } } } } } },
    ],
    noncompliance: [
      { name: "no rotation policy", stack: { resource: { azurerm_key_vault_key: { k: { key_type: "RSA-HSM" } } } }, expect: "rotation_policy is absent" },
      { name: "notify only", stack: { resource: { azurerm_key_vault_key: { k: { key_type: "RSA-HSM", rotation_policy: { expire_after: "P180D", notify_before_expiry: "P30D" } } } } }, expect: "rotation_policy.automatic is absent" },
      { name: "rotation every two years", stack: { resource: { azurerm_key_vault_key: { k: { key_type: "RSA-HSM", rotation_policy: { automatic: { time_after_creation: "P2Y" } } } } } }, expect: "\"P2Y\" (730 days), more than 365" },
      { name: "rotation 30 days before a two-year expiry", stack: { resource: { azurerm_key_vault_key: { k: { key_type: "RSA-HSM", rotation_policy: { automatic: { time_before_expiry: "P30D" }, expire_after: "P2Y" } } } } }, expect: "every 700 days" },
      { name: "not a duration", stack: { resource: { azurerm_key_vault_key: { k: { key_type: "RSA-HSM", rotation_policy: { automatic: { time_after_creation: "90" } } } } } }, expect: "not an ISO 8601 duration" },
      {
        name: "a plan that leaves the rotation policy to apply",
        plan: planOf([{ type: "azurerm_key_vault_key", name: "k", after: { key_type: "RSA-HSM" }, unknown: { rotation_policy: true } }]),
        expect: "known only after apply",
        severity: "warning",
      },
      {
        name: "a plan of a key rotating every 400 days",
        plan: planOf([{ type: "azurerm_key_vault_key", name: "k", after: { key_type: "RSA-HSM", rotation_policy: [{ automatic: [{ time_after_creation: "P400D" }], expire_after: "P500D" }] } }]),
        expect: "(400 days), more than 365",
      },
    ],
  },
});

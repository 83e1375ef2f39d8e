import { Testing, TerraformStack } from "cdktf";
import { z } from "zod";
import { budgetSchema, customTierSchema, logsSchema, organizationSchema, azureSchema } from "../../config/schema";
import { validateBudgetCommonProps } from "../../constructs/shared/budget-alerts";
import { PropValidator } from "../../constructs/shared/validation-error";
import { validationErrorOf } from "../helpers/errors";

/*
 * The config schema and the constructs read one rule per value (constructs/shared/limits/): a
 * value the config accepts is one synth accepts, and both say the same accepted text.
 */

/** The one message the schema gives for `input`, or undefined when it accepts it. */
function messageOf(schema: z.ZodType, input: unknown): string | undefined {
  const result = schema.safeParse(input);
  if (result.success) return undefined;
  expect(result.error.issues).toHaveLength(1);
  return result.error.issues[0]!.message;
}

const BUDGET = { monthlyLimitUsd: 100, recipients: ["finops@example.com"] };

describe("config and constructs share the cloud-neutral limits", () => {
  test("a recipient with an underscore in its domain is refused by config with the construct's text", () => {
    expect(messageOf(budgetSchema, { ...BUDGET, recipients: ["fin_ops@exa_mple.com"] })).toBe(
      'got "fin_ops@exa_mple.com"; accepted: an email address such as finops@example.com',
    );
    const v = new PropValidator(new TerraformStack(Testing.app(), "s"), "budget");
    validateBudgetCommonProps(v, { ...BUDGET, recipients: ["fin_ops@exa_mple.com"] });
    expect(validationErrorOf(() => v.throwIfInvalid()).problems.map((p) => [p.code, p.accepted])).toEqual([
      ["BUDGET_RECIPIENT_INVALID", "an email address such as finops@example.com"],
    ]);
  });

  test("a recipient the construct accepts is accepted by config", () => {
    expect(messageOf(budgetSchema, { ...BUDGET, recipients: ["fin.ops+budget@example.co.uk"] })).toBeUndefined();
  });

  test("a recipient over 254 characters is refused by config", () => {
    const tooLong = `${"a".repeat(64)}@${"b".repeat(179)}.example.io`;
    expect(messageOf(budgetSchema, { ...BUDGET, recipients: [tooLong] })).toMatch(/; accepted: an email address such as finops@example\.com$/);
  });

  test.each([
    [10_000_000, undefined],
    [10_000_000.01, "got number 10000000.01; accepted: a monthly amount in USD from 0.01 to 10000000, in whole cents"],
    [0, "got number 0; accepted: a monthly amount in USD from 0.01 to 10000000, in whole cents"],
  ])("budget limit %p", (monthlyLimitUsd, message) => {
    expect(messageOf(budgetSchema, { ...BUDGET, monthlyLimitUsd })).toBe(message);
  });

  test("alert percents run from 1 to 1000", () => {
    expect(messageOf(budgetSchema, { ...BUDGET, alerts: [{ percent: 1000, basis: "actual" }] })).toBeUndefined();
    expect(messageOf(budgetSchema, { ...BUDGET, alerts: [{ percent: 1001, basis: "actual" }] })).toBe("got number 1001; accepted: an integer from 1 to 1000 percent");
  });

  test("a budget takes 1 to 5 alerts", () => {
    const six = [10, 20, 30, 40, 50, 60].map((percent) => ({ percent, basis: "actual" }));
    expect(messageOf(budgetSchema, { ...BUDGET, alerts: six })).toBe("got 6 alerts; accepted: a list of 1-5 alerts");
  });

  test("the start month is YYYY-MM from 2017-06 on", () => {
    expect(messageOf(budgetSchema, { ...BUDGET, startMonth: "2017-06" })).toBeUndefined();
    expect(messageOf(budgetSchema, { ...BUDGET, startMonth: "2026-13" })).toBe('got "2026-13"; accepted: a month as YYYY-MM from 2017-06 on, e.g. 2026-12');
    expect(messageOf(budgetSchema, { ...BUDGET, startMonth: "2017-05" })).toBe('got "2017-05"; accepted: a month as YYYY-MM from 2017-06 on, e.g. 2026-12');
  });

  test("an owner tag value outside the tag alphabet is refused", () => {
    const org = { name: "acme-ai", owner: "ml-platform", costCenter: "cc 1234" };
    expect(messageOf(organizationSchema, org)).toBeUndefined();
    expect(messageOf(organizationSchema, { ...org, owner: "ml<platform>" })).toBe(
      'got "ml<platform>"; accepted: 1-63 characters: letters, digits, space and _ . : / = + @ -, starting with a letter or digit',
    );
  });

  test("a tenant id that is not a UUID is refused", () => {
    const result = azureSchema.safeParse({ tenantId: "00000000-0000-4000-8000-00000000000", adminObjectIds: ["00000000-0000-4000-8000-000000000001"], stateBackend: { subscriptionId: "00000000-0000-4000-8000-000000000002", location: "westeurope" }, environments: {} });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["tenantId", 'got "00000000-0000-4000-8000-00000000000"; accepted: a UUID such as 00000000-0000-4000-8000-000000000000'],
    ]);
  });

  test("a retention tier name is 2-32 lowercase letters, digits and hyphens", () => {
    expect(messageOf(logsSchema, { retentionTier: "audit-2y" })).toBeUndefined();
    expect(messageOf(logsSchema, { retentionTier: "Audit-2y" })).toBe(
      'got "Audit-2y"; accepted: a retention tier: a preset (compliance-7y, audit-1y, operational-90d) or a name under retentionTiers',
    );
  });

  test("ingest runs from 0.001 to 1000000 GB per day, the cost model's maximum", () => {
    expect(messageOf(logsSchema, { ingestGbPerDay: 1_000_000 })).toBeUndefined();
    expect(messageOf(logsSchema, { ingestGbPerDay: 1_000_000.5 })).toBe("got number 1000000.5; accepted: a number of GB per day from 0.001 to 1000000");
    expect(messageOf(logsSchema, { ingestGbPerDay: 0.0005 })).toBe("got number 0.0005; accepted: a number of GB per day from 0.001 to 1000000");
  });

  test("custom tier transitions stop at 36500 days, expiry and immutability at 146000", () => {
    const tier = { warmAfterDays: 36_500, expireAfterDays: 146_000, immutabilityDays: 146_000 };
    expect(messageOf(customTierSchema, tier)).toBeUndefined();
    expect(messageOf(customTierSchema, { ...tier, warmAfterDays: 36_501 })).toBe("got number 36501; accepted: an integer from 1 to 36500 days");
    expect(messageOf(customTierSchema, { ...tier, immutabilityDays: 146_001 })).toBe("got number 146001; accepted: an integer from 1 to 146000 days");
    expect(messageOf(customTierSchema, { ...tier, expireAfterDays: 0 })).toBe("got number 0; accepted: an integer from 1 to 146000 days");
  });
});

import { PROTECTION } from "../../../constructs/shared/protection";
import { RETENTION_TIER_PRESETS } from "../../../constructs/shared/retention-presets";
import { AiSupplyChainGcp, AiSupplyChainGcpProps } from "../../../modules/ai-supply-chain-gcp";
import { validationErrorOf } from "../../helpers/errors";
import { resourcesOf, synthConstruct } from "../../helpers/synth";

/* The GCP environment module built directly, without the config loader in front of it. */

const PROPS: AiSupplyChainGcpProps = {
  organization: "acme-ai",
  environment: "prod",
  keyRotationDays: 90,
  protection: PROTECTION.strict,
  logs: { retentionTier: RETENTION_TIER_PRESETS["compliance-7y"], lockRetention: true },
  projectId: "acme-ai-prod",
  region: "europe-west1",
  labels: { environment: "prod" },
  keyAdminMembers: [],
};

const BUDGET = { monthlyLimitUsd: 1500, recipients: ["finops@example.com"] };

test("GCP_BUDGET_BILLING_ACCOUNT_MISSING: a budget without a billing account is a validation error, not a crash", () => {
  const error = validationErrorOf(() => synthConstruct((scope) => new AiSupplyChainGcp(scope, "supply-chain", { ...PROPS, budget: BUDGET })));
  expect(error.problems.map((p) => [p.code, p.constructPath, p.prop, p.value])).toEqual([["GCP_BUDGET_BILLING_ACCOUNT_MISSING", "test/supply-chain", "billingAccountId", "undefined"]]);
});

test("with a billing account the budget is created on it, named <org>-<env>-monthly", () => {
  const stack = synthConstruct((scope) => new AiSupplyChainGcp(scope, "supply-chain", { ...PROPS, budget: BUDGET, billingAccountId: "012345-6789AB-CDEF01" }));
  expect(Object.values(resourcesOf(stack, "google_billing_budget")).map((b) => [b["billing_account"], b["display_name"]])).toEqual([["012345-6789AB-CDEF01", "acme-ai-prod-monthly"]]);
});

test("without a budget no billing account is needed", () => {
  const stack = synthConstruct((scope) => new AiSupplyChainGcp(scope, "supply-chain", PROPS));
  expect(resourcesOf(stack, "google_billing_budget")).toEqual({});
  expect(Object.values(resourcesOf(stack, "google_kms_key_ring")).map((r) => r["name"])).toEqual(["acme-ai-prod"]);
  expect(Object.values(resourcesOf(stack, "google_logging_project_sink")).map((r) => r["name"])).toEqual(["acme-ai-prod-audit"]);
});

import { rule as approvedModelsAreGateOnly } from "../../policies/rules/gcp/approved-models-are-gate-only";
import { describeRule } from "./rule-cases";

/* The GCP rules the model registries brought, with their Compliance and Noncompliance cases. */
describe("gcp registry rules", () => {
  describeRule(approvedModelsAreGateOnly);
});

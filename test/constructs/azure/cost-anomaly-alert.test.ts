import { CostAnomalyAlert, CostAnomalyAlertProps } from "../../../constructs/azure/cost-anomaly-alert";
import { validationErrorOf } from "../../helpers/errors";
import { Json, onlyResource, synthConstruct } from "../../helpers/synth";

const SUB = "/subscriptions/00000000-0000-4000-8000-000000000002";

const BASE: CostAnomalyAlertProps = {
  name: "acme-ai-prod-cost-anomaly",
  displayName: "acme-ai-prod-subscription cost anomaly",
  subscriptionId: SUB,
  emails: ["finops@example.com", "security@example.com"],
};

function synthAlert(props: Partial<CostAnomalyAlertProps> = {}): Json {
  return synthConstruct((scope) => {
    new CostAnomalyAlert(scope, "cost-anomaly", { ...BASE, ...props });
  });
}

describe("azure CostAnomalyAlert", () => {
  test("one anomaly alert on the subscription, to every address", () => {
    expect(onlyResource(synthAlert(), "azurerm_cost_anomaly_alert")).toEqual({
      name: "acme-ai-prod-cost-anomaly",
      display_name: "acme-ai-prod-subscription cost anomaly",
      subscription_id: SUB,
      email_addresses: ["finops@example.com", "security@example.com"],
      email_subject: "Cost anomaly in acme-ai-prod-subscription cost anomaly",
      message: "Spend left its learned baseline: check for unknown resources, runaway scans or uploads, and credentials in use that should not be.",
    });
  });

  test("a custom subject and message are kept", () => {
    const alert = onlyResource(synthAlert({ emailSubject: "Azure prod spend anomaly", message: "Check the gate." }), "azurerm_cost_anomaly_alert");
    expect([alert["email_subject"], alert["message"]]).toEqual(["Azure prod spend anomaly", "Check the gate."]);
  });

  test("the default subject is cut to 70 characters", () => {
    const alert = onlyResource(synthAlert({ displayName: "x".repeat(100) }), "azurerm_cost_anomaly_alert");
    expect(String(alert["email_subject"])).toHaveLength(70);
  });

  describe("validation", () => {
    function codesOf(props: Partial<CostAnomalyAlertProps>): string[][] {
      return validationErrorOf(() => synthAlert(props)).problems.map((p) => [p.code, p.prop, p.constructPath]);
    }

    test("no recipient is refused (azurerm requires one)", () => {
      expect(codesOf({ emails: [] })).toEqual([["AZURE_COST_ANOMALY_EMAILS_EMPTY", "emails", "test/cost-anomaly"]]);
    });

    test("a name with capitals, dots or nothing is refused", () => {
      for (const name of ["Acme-ai-prod", "acme.ai", ""]) {
        expect(codesOf({ name })).toEqual([["AZURE_COST_ANOMALY_NAME_INVALID", "name", "test/cost-anomaly"]]);
      }
    });

    test("a subject over 70 or a message over 250 characters is refused", () => {
      expect(codesOf({ emailSubject: "s".repeat(71) })).toEqual([["AZURE_COST_ANOMALY_SUBJECT_LENGTH", "emailSubject", "test/cost-anomaly"]]);
      expect(codesOf({ message: "m".repeat(251) })).toEqual([["AZURE_COST_ANOMALY_MESSAGE_LENGTH", "message", "test/cost-anomaly"]]);
    });
  });
});

import { Budget, BudgetProps } from "../../../constructs/gcp/budget";
import { Lazy, TerraformOutput, TerraformVariable } from "cdktf";
import { validationErrorOf } from "../../helpers/errors";
import { Json, onlyResource, resourcesOf, synthConstruct } from "../../helpers/synth";

const BASE: BudgetProps = {
  name: "acme-ai-prod-monthly",
  billingAccountId: "012345-6789AB-CDEF01",
  projectId: "acme-ai-prod",
  monthlyLimitUsd: 1500,
  recipients: ["finops@example.com", "security@example.com"],
  labels: { owner: "ml-platform", environment: "prod", "cost-center": "cc-42" },
};

function synthBudget(props: Partial<BudgetProps> = {}): Json {
  return synthConstruct((scope) => {
    new Budget(scope, "budget", { ...BASE, ...props });
  });
}

function budgetOf(stack: Json): Json {
  return onlyResource(stack, "google_billing_budget");
}

function channelIdByEmail(stack: Json): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, body] of Object.entries(resourcesOf(stack, "google_monitoring_notification_channel"))) {
    out[(body["labels"] as Record<string, string>)["email_address"]!] = id;
  }
  return out;
}

describe("gcp Budget", () => {
  const stack = synthBudget();
  const budget = (): Json => budgetOf(stack);

  test("looks up the project to filter on its number", () => {
    const projects = (stack["data"] as Record<string, Record<string, Json>>)["google_project"]!;
    const entries = Object.entries(projects);
    expect(entries).toHaveLength(1);
    const [projectLogicalId, project] = entries[0]!;
    expect(project["project_id"]).toBe("acme-ai-prod");
    expect((budget()["budget_filter"] as Json)["projects"]).toEqual([`projects/\${data.google_project.${projectLogicalId}.number}`]);
  });

  test("is a monthly budget on the billing account, named by display name", () => {
    expect(budget()["billing_account"]).toBe("012345-6789AB-CDEF01");
    expect(budget()["display_name"]).toBe("acme-ai-prod-monthly");
    expect((budget()["budget_filter"] as Json)["calendar_period"]).toBe("MONTH");
  });

  test("filters on the environment label only, and counts spend net of all credits", () => {
    const filter = budget()["budget_filter"] as Json;
    expect(filter["labels"]).toEqual({ environment: "prod" });
    expect(filter["credit_types_treatment"]).toBe("INCLUDE_ALL_CREDITS");
  });

  test("the limit is USD in whole units plus nanos for cents", () => {
    expect(budget()["amount"]).toEqual({ specified_amount: { currency_code: "USD", units: "1500", nanos: 0 } });
    expect(budgetOf(synthBudget({ monthlyLimitUsd: 1234.56 }))["amount"]).toEqual({
      specified_amount: { currency_code: "USD", units: "1234", nanos: 560_000_000 },
    });
  });

  test("defaults produce exactly two threshold rules: 80 % current and 100 % forecasted", () => {
    expect(budget()["threshold_rules"]).toEqual([
      { threshold_percent: 0.8, spend_basis: "CURRENT_SPEND" },
      { threshold_percent: 1, spend_basis: "FORECASTED_SPEND" },
    ]);
  });

  test("custom alerts become one threshold rule each, in order, with their basis", () => {
    const rules = budgetOf(
      synthBudget({
        alerts: [
          { percent: 50, basis: "actual" },
          { percent: 90, basis: "forecast" },
          { percent: 150, basis: "actual" },
        ],
      }),
    )["threshold_rules"];
    expect(rules).toEqual([
      { threshold_percent: 0.5, spend_basis: "CURRENT_SPEND" },
      { threshold_percent: 0.9, spend_basis: "FORECASTED_SPEND" },
      { threshold_percent: 1.5, spend_basis: "CURRENT_SPEND" },
    ]);
  });

  test("one email notification channel per recipient, in the project", () => {
    const channels = Object.values(resourcesOf(stack, "google_monitoring_notification_channel"));
    expect(channels).toHaveLength(2);
    for (const channel of channels) {
      expect(channel["type"]).toBe("email");
      expect(channel["project"]).toBe("acme-ai-prod");
    }
    expect(Object.keys(channelIdByEmail(stack)).sort()).toEqual(["finops@example.com", "security@example.com"]);
  });

  test("every channel receives every update and the default IAM recipients stay on", () => {
    const rule = budget()["all_updates_rule"] as Json;
    const ids = channelIdByEmail(stack);
    expect(rule["monitoring_notification_channels"]).toEqual([
      `\${google_monitoring_notification_channel.${ids["finops@example.com"]}.id}`,
      `\${google_monitoring_notification_channel.${ids["security@example.com"]}.id}`,
    ]);
    expect(rule["disable_default_iam_recipients"]).toBe(false);
  });

  test("channel logical ids follow the recipient, not its position", () => {
    const ids = channelIdByEmail(stack);
    // sha256("finops@example.com") starts 370d7c57: the address itself stays out of the id.
    expect(ids["finops@example.com"]).toMatch(/^budget_EmailChannel-370d7c57_[A-Z0-9]{8}$/);
    const reordered = channelIdByEmail(synthBudget({ recipients: ["ops@example.com", "security@example.com", "finops@example.com"] }));
    expect(reordered["finops@example.com"]).toBe(ids["finops@example.com"]);
    expect(reordered["security@example.com"]).toBe(ids["security@example.com"]);
  });

  describe("validation", () => {
    function problemsOf(props: Partial<BudgetProps>): Array<[string, string, string]> {
      return validationErrorOf(() => synthBudget(props)).problems.map((p) => [p.code, p.prop, p.constructPath]);
    }

    test("rejects a billing account id in the wrong format", () => {
      for (const billingAccountId of ["012345-6789ab-cdef01", "0123456789ABCDEF01", "012345-6789AB-CDEF0G", "billingAccounts/012345-6789AB-CDEF01"]) {
        expect(problemsOf({ billingAccountId })).toEqual([["GCP_BILLING_ACCOUNT_ID_INVALID", "billingAccountId", "test/budget"]]);
      }
    });

    test("rejects a bad email, a zero limit and a negative limit", () => {
      expect(problemsOf({ recipients: ["finops@example"] })).toEqual([["BUDGET_RECIPIENT_INVALID", "recipients[0]", "test/budget"]]);
      expect(problemsOf({ monthlyLimitUsd: 0 })).toEqual([["BUDGET_LIMIT_OUT_OF_RANGE", "monthlyLimitUsd", "test/budget"]]);
      expect(problemsOf({ monthlyLimitUsd: -1 })).toEqual([["BUDGET_LIMIT_OUT_OF_RANGE", "monthlyLimitUsd", "test/budget"]]);
    });

    test("rejects more than five recipients (a budget takes five notification channels)", () => {
      const six = Array.from({ length: 6 }, (_, i) => `user${i}@example.com`);
      const error = validationErrorOf(() => synthBudget({ recipients: six }));
      expect(error.problems.map((p) => [p.code, p.prop, p.constructPath])).toEqual([["BUDGET_RECIPIENTS_COUNT", "recipients", "test/budget"]]);
      expect(error.problems[0]!.accepted).toBe("1 to 5 email addresses");
    });

    test("rejects an alert percent out of range and a duplicate alert", () => {
      expect(problemsOf({ alerts: [{ percent: 1001, basis: "actual" }] })).toEqual([["BUDGET_ALERT_PERCENT_OUT_OF_RANGE", "alerts[0].percent", "test/budget"]]);
      expect(
        problemsOf({
          alerts: [
            { percent: 100, basis: "forecast" },
            { percent: 100, basis: "forecast" },
          ],
        }),
      ).toEqual([["BUDGET_ALERT_DUPLICATE", "alerts[1]", "test/budget"]]);
    });

    test("requires a valid environment label", () => {
      expect(problemsOf({ labels: { owner: "ml-platform" } })).toEqual([["GCP_BUDGET_LABEL_MISSING", "labels.environment", "test/budget"]]);
      expect(problemsOf({ labels: { environment: "Prod" } })).toEqual([["GCP_BUDGET_LABEL_INVALID", "labels.environment", "test/budget"]]);
    });

    test("rejects a bad project id and a display name over 60 characters", () => {
      expect(problemsOf({ projectId: "Acme_AI" })).toEqual([["GCP_PROJECT_ID_INVALID", "projectId", "test/budget"]]);
      expect(problemsOf({ name: "x".repeat(61) })).toEqual([["GCP_BUDGET_NAME_INVALID", "name", "test/budget"]]);
      expect(problemsOf({ name: "" })).toEqual([["GCP_BUDGET_NAME_INVALID", "name", "test/budget"]]);
    });

    test.each(["acme-google-prod", "acme-null-prod", "undefined-prod", "acme-ssl-prod"])("rejects the project id %s, which holds a restricted string", (projectId) => {
      const error = validationErrorOf(() => synthBudget({ projectId }));
      expect(error.problems.map((p) => [p.code, p.prop, p.accepted])).toEqual([
        [
          "GCP_PROJECT_ID_INVALID",
          "projectId",
          "a GCP project id: 6-30 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen, not containing google, null, undefined or ssl",
        ],
      ]);
    });

    test("an empty environment label cannot be a filter value", () => {
      expect(problemsOf({ labels: { environment: "" } })).toEqual([["GCP_BUDGET_LABEL_INVALID", "labels.environment", "test/budget"]]);
    });
  });
});

test("GCP_BUDGET_RECIPIENT_UNRESOLVED: a recipient known only at apply time (it names its notification channel)", () => {
  const unresolved = Lazy.stringValue({ produce: () => "security@example.com" });
  const problems = validationErrorOf(() => synthBudget({ recipients: ["finops@example.com", unresolved] })).problems.map((p) => [p.code, p.prop, p.constructPath]);
  expect(problems).toContainEqual(["GCP_BUDGET_RECIPIENT_UNRESOLVED", "recipients[1]", "test/budget"]);
});

test("a project id, billing account, name and environment label known only at apply time (Terraform variables) pass validation", () => {
  const stack = synthConstruct((scope) => {
    const variable = (id: string): string => new TerraformVariable(scope, id, { type: "string" }).stringValue;
    new Budget(scope, "budget", { ...BASE, projectId: variable("project_id"), billingAccountId: variable("billing_account"), name: variable("budget_name"), labels: { environment: variable("env_label") } });
  });
  expect(budgetOf(stack)).toMatchObject({ billing_account: "${var.billing_account}", display_name: "${var.budget_name}" });
  expect((budgetOf(stack)["budget_filter"] as Json)["labels"]).toEqual({ environment: "${var.env_label}" });
});

test("GCP_BUDGET_RECIPIENT_UNRESOLVED and GCP_BUDGET_LABEL_MISSING: the whole problems, with what is accepted", () => {
  const unresolved = Lazy.stringValue({ produce: () => "security@example.com" });
  const problems = validationErrorOf(() => synthBudget({ recipients: ["finops@example.com", unresolved], labels: { owner: "ml-platform" } })).problems;
  expect(problems.filter((p) => p.code.startsWith("GCP_BUDGET_"))).toEqual([
    { code: "GCP_BUDGET_RECIPIENT_UNRESOLVED", constructPath: "test/budget", prop: "recipients[1]", value: JSON.stringify(unresolved), accepted: "a literal email address (it names its notification channel)" },
    { code: "GCP_BUDGET_LABEL_MISSING", constructPath: "test/budget", prop: "labels.environment", value: '"(absent)"', accepted: "the environment label, e.g. prod" },
  ]);
});

test("notificationChannelIds are the channels' id attributes, in recipient order", () => {
  const stack = synthConstruct((scope) => {
    const budget = new Budget(scope, "budget", BASE);
    new TerraformOutput(scope, "channels", { value: budget.notificationChannelIds });
  });
  const ids = channelIdByEmail(stack);
  expect((stack["output"] as Record<string, Json>)["channels"]!["value"]).toEqual([
    `\${google_monitoring_notification_channel.${ids["finops@example.com"]}.id}`,
    `\${google_monitoring_notification_channel.${ids["security@example.com"]}.id}`,
  ]);
});

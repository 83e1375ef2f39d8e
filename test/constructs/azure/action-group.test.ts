import { ActionGroup, ActionGroupProps } from "../../../constructs/azure/action-group";
import { validationErrorOf } from "../../helpers/errors";
import { Json, onlyResource, synthConstruct } from "../../helpers/synth";

const BASE: ActionGroupProps = {
  name: "acme-ai-prod-security-alerts",
  shortName: "sec-prod",
  resourceGroupName: "rg-acme-ai-prod",
  emails: ["security@example.com", "oncall@example.com"],
  webhookUrl: "https://hooks.example.com/alerts/T0KEN",
  tags: { environment: "prod" },
};

function synthGroup(props: Partial<ActionGroupProps> = {}): Json {
  return synthConstruct((scope) => {
    new ActionGroup(scope, "action-group", { ...BASE, ...props });
  });
}

function groupOf(stack: Json): Json {
  return onlyResource(stack, "azurerm_monitor_action_group");
}

describe("azure ActionGroup", () => {
  const stack = synthGroup();

  test("is one global, enabled action group with the name, short name and tags given", () => {
    const group = groupOf(stack);
    expect(group["name"]).toBe("acme-ai-prod-security-alerts");
    expect(group["short_name"]).toBe("sec-prod");
    expect(group["resource_group_name"]).toBe("rg-acme-ai-prod");
    expect(group["location"]).toBe("global");
    expect(group["enabled"]).toBe(true);
    expect(group["tags"]).toEqual({ environment: "prod" });
  });

  test("one email receiver per address, each with the common alert schema", () => {
    expect(groupOf(stack)["email_receiver"]).toEqual([
      { name: "email-1", email_address: "security@example.com", use_common_alert_schema: true },
      { name: "email-2", email_address: "oncall@example.com", use_common_alert_schema: true },
    ]);
  });

  test("the webhook receives the common alert schema too", () => {
    expect(groupOf(stack)["webhook_receiver"]).toEqual([{ name: "webhook", service_uri: "https://hooks.example.com/alerts/T0KEN", use_common_alert_schema: true }]);
  });

  test("without emails or webhook the group has no receivers (alerts are still listed in Azure Monitor)", () => {
    const group = groupOf(synthGroup({ emails: [], webhookUrl: undefined }));
    expect(group["email_receiver"] ?? []).toEqual([]);
    expect(group["webhook_receiver"] ?? []).toEqual([]);
  });

  describe("validation", () => {
    function codesOf(props: Partial<ActionGroupProps>): string[][] {
      return validationErrorOf(() => synthGroup(props)).problems.map((p) => [p.code, p.prop, p.constructPath]);
    }

    test("a short name longer than 12 characters or empty is refused (azurerm 4.55 limit)", () => {
      expect(codesOf({ shortName: "sec-production" })).toEqual([["AZURE_ACTION_GROUP_SHORT_NAME_INVALID", "shortName", "test/action-group"]]);
      expect(codesOf({ shortName: "" })).toEqual([["AZURE_ACTION_GROUP_SHORT_NAME_INVALID", "shortName", "test/action-group"]]);
    });

    test("twelve characters are accepted", () => {
      expect(groupOf(synthGroup({ shortName: "sec-prodprod" }))["short_name"]).toBe("sec-prodprod");
    });

    test("a webhook that is not https, or carries user:password@, is refused", () => {
      expect(codesOf({ webhookUrl: "http://hooks.example.com/alerts" })).toEqual([["AZURE_ACTION_GROUP_WEBHOOK_INVALID", "webhookUrl", "test/action-group"]]);
      expect(codesOf({ webhookUrl: "https://user:secret@hooks.example.com/alerts" })).toEqual([["AZURE_ACTION_GROUP_WEBHOOK_INVALID", "webhookUrl", "test/action-group"]]);
    });

    test("an address listed twice is refused, more than 1,000 too", () => {
      expect(codesOf({ emails: ["a@example.com", "a@example.com"] })).toEqual([["AZURE_ACTION_GROUP_DUPLICATE_EMAIL", "emails", "test/action-group"]]);
      const many = Array.from({ length: 1001 }, (_, i) => `user${i}@example.com`);
      expect(codesOf({ emails: many })).toEqual([["AZURE_ACTION_GROUP_TOO_MANY_EMAILS", "emails", "test/action-group"]]);
    });
  });
});

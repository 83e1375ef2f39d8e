import { AZURE_CONTAINER_NAME, AZURE_FIREWALL_IP_RANGE, AZURE_RESOURCE_GROUP_ID, AZURE_RULE_NAME } from "../../../../constructs/shared/limits/azure";
import { satisfies } from "../../../../constructs/shared/limits/text-rule";

describe("Azure text rules", () => {
  test("container names: single hyphens, letter or digit at both ends", () => {
    expect(satisfies(AZURE_CONTAINER_NAME, "audit-logs-1")).toBe(true);
    expect(satisfies(AZURE_CONTAINER_NAME, "audit--logs")).toBe(false);
    expect(satisfies(AZURE_CONTAINER_NAME, "audit-")).toBe(false);
  });

  test("a resource group id joins a subscription UUID and a group name without their anchors", () => {
    expect(AZURE_RESOURCE_GROUP_ID.pattern).toEqual(
      /^\/subscriptions\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/resourceGroups\/[\w().-]{0,89}[\w()-]$/i,
    );
    expect(satisfies(AZURE_RESOURCE_GROUP_ID, "/subscriptions/00000000-0000-4000-8000-00000000000A/resourceGroups/rg-logs")).toBe(true);
    expect(satisfies(AZURE_RESOURCE_GROUP_ID, "/subscriptions/00000000-0000-4000-8000-000000000000/resourceGroups/rg.")).toBe(false);
  });

  test("firewall ranges: public IPv4 up to /30", () => {
    expect(satisfies(AZURE_FIREWALL_IP_RANGE, "203.0.113.0/24")).toBe(true);
    expect(satisfies(AZURE_FIREWALL_IP_RANGE, "203.0.113.7")).toBe(true);
    expect(satisfies(AZURE_FIREWALL_IP_RANGE, "203.0.113.0/31")).toBe(false);
    expect(satisfies(AZURE_FIREWALL_IP_RANGE, "172.16.0.0/12")).toBe(false);
    expect(satisfies(AZURE_FIREWALL_IP_RANGE, "100.64.0.0/10")).toBe(false);
  });

  test("lifecycle rule names leave room for the retention- and -append affixes", () => {
    expect(AZURE_RULE_NAME.affixLength).toBe(17);
    expect(satisfies(AZURE_RULE_NAME, "a".repeat(256))).toBe(true);
    expect(satisfies(AZURE_RULE_NAME, "a".repeat(257))).toBe(false);
  });
});

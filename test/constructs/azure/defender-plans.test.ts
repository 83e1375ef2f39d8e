import { DefenderPlans, DefenderPlansProps } from "../../../constructs/azure/defender-plans";
import { validationErrorOf } from "../../helpers/errors";
import { Json, onlyResource, resourcesOf, synthConstruct } from "../../helpers/synth";

function synthPlans(props: DefenderPlansProps = {}): Json {
  return synthConstruct((scope) => {
    new DefenderPlans(scope, "defender-plans", props);
  });
}

function pricing(stack: Json, resourceType: string): Json {
  const found = Object.values(resourcesOf(stack, "azurerm_security_center_subscription_pricing")).filter((p) => p["resource_type"] === resourceType);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe("azure DefenderPlans", () => {
  const stack = synthPlans({ securityContactEmails: ["security@example.com", "oncall@example.com"] });

  test("exactly two plans: Key Vault and Storage", () => {
    expect(Object.values(resourcesOf(stack, "azurerm_security_center_subscription_pricing")).map((p) => p["resource_type"]).sort()).toEqual(["KeyVaults", "StorageAccounts"]);
  });

  test("Defender for Key Vault: Standard, per-vault plan", () => {
    const plan = pricing(stack, "KeyVaults");
    expect(plan).toEqual({ tier: "Standard", resource_type: "KeyVaults", subplan: "PerKeyVault" });
  });

  test("Defender for Storage: Standard, DefenderForStorageV2, malware scanning capped at 100 GB per account and sensitive data discovery", () => {
    const plan = pricing(stack, "StorageAccounts");
    expect(plan).toEqual({
      tier: "Standard",
      resource_type: "StorageAccounts",
      subplan: "DefenderForStorageV2",
      extension: [
        { name: "OnUploadMalwareScanning", additional_extension_properties: { CapGBPerMonthPerStorageAccount: "100" } },
        { name: "SensitiveDataDiscovery" },
      ],
    });
  });

  test("a custom cap, and -1 for unlimited, reach the extension property as text", () => {
    const ext = (s: Json): unknown => (pricing(s, "StorageAccounts")["extension"] as Json[])[0]!["additional_extension_properties"];
    expect(ext(synthPlans({ malwareScanCapGbPerMonth: 750 }))).toEqual({ CapGBPerMonthPerStorageAccount: "750" });
    expect(ext(synthPlans({ malwareScanCapGbPerMonth: -1 }))).toEqual({ CapGBPerMonthPerStorageAccount: "-1" });
  });

  test("the security contact is the subscription's `default`, all addresses joined with ';', alerts on", () => {
    const contact = onlyResource(stack, "azurerm_security_center_contact");
    expect(contact).toEqual({ name: "default", email: "security@example.com;oncall@example.com", alert_notifications: true, alerts_to_admins: true });
  });

  test("without addresses no security contact is managed", () => {
    expect(resourcesOf(synthPlans(), "azurerm_security_center_contact")).toEqual({});
  });

  describe("validation", () => {
    function codesOf(props: DefenderPlansProps): string[][] {
      return validationErrorOf(() => synthPlans(props)).problems.map((p) => [p.code, p.prop, p.constructPath]);
    }

    test("a cap of 0 or fractional is refused", () => {
      expect(codesOf({ malwareScanCapGbPerMonth: 0 })).toEqual([["AZURE_DEFENDER_PLANS_CAP_INVALID", "malwareScanCapGbPerMonth", "test/defender-plans"]]);
      expect(codesOf({ malwareScanCapGbPerMonth: 1.5 })).toEqual([["AZURE_DEFENDER_PLANS_CAP_INVALID", "malwareScanCapGbPerMonth", "test/defender-plans"]]);
    });

    test("an address containing ';' is refused (it would split into two)", () => {
      expect(codesOf({ securityContactEmails: ["a@example.com;b@example.com"] })).toEqual([["AZURE_DEFENDER_PLANS_CONTACT_EMAIL_INVALID", "securityContactEmails", "test/defender-plans"]]);
    });
  });
});

import {
  MALWARE_SCAN_CLEAN, MALWARE_SCAN_MALICIOUS, MALWARE_SCAN_RESULT_TAG, MALWARE_SCAN_TIME_TAG, StorageDefender, StorageDefenderProps, malwareScanCapGb,
} from "../../../constructs/azure/storage-defender";
import { validationErrorOf } from "../../helpers/errors";
import { Json, onlyResource, synthConstruct } from "../../helpers/synth";

const ACCOUNT_ID = "/subscriptions/00000000-0000-4000-8000-000000000002/resourceGroups/rg-acme-ai-prod/providers/Microsoft.Storage/storageAccounts/stacmeaiprodfraud1a2b3";

function synthDefender(props: Partial<StorageDefenderProps> = {}): Json {
  return synthConstruct((scope) => {
    new StorageDefender(scope, "defender", { storageAccountId: ACCOUNT_ID, ...props });
  });
}

function defenderOf(stack: Json): Json {
  return onlyResource(stack, "azurerm_security_center_storage_defender");
}

describe("azure StorageDefender", () => {
  test("turns on-upload malware scanning on for the account, overriding the subscription's settings", () => {
    expect(defenderOf(synthDefender({ malwareScanCapGbPerMonth: 20 }))).toEqual({
      storage_account_id: ACCOUNT_ID,
      override_subscription_settings_enabled: true,
      malware_scanning_on_upload_enabled: true,
      malware_scanning_on_upload_cap_gb_per_month: 20,
      sensitive_data_discovery_enabled: true,
    });
  });

  test("the cap defaults to Microsoft's documented 5,000 GB; -1 (unlimited) is accepted", () => {
    expect(defenderOf(synthDefender())["malware_scanning_on_upload_cap_gb_per_month"]).toBe(5000);
    expect(defenderOf(synthDefender({ malwareScanCapGbPerMonth: -1 }))["malware_scanning_on_upload_cap_gb_per_month"]).toBe(-1);
  });

  test("sensitive data discovery can be turned off", () => {
    expect(defenderOf(synthDefender({ sensitiveDataDiscovery: false }))["sensitive_data_discovery_enabled"]).toBe(false);
  });

  test("the cap for a registry is twice its declared monthly volume, rounded up, else 5,000 GB", () => {
    expect(malwareScanCapGb(10)).toBe(20);
    expect(malwareScanCapGb(50)).toBe(100);
    expect(malwareScanCapGb(0.2)).toBe(1);
    expect(malwareScanCapGb(0)).toBe(1);
    expect(malwareScanCapGb(undefined)).toBe(5000);
  });

  test("the scan-result tag and values the gate reads are Defender's documented ones", () => {
    expect([MALWARE_SCAN_RESULT_TAG, MALWARE_SCAN_TIME_TAG, MALWARE_SCAN_CLEAN, MALWARE_SCAN_MALICIOUS]).toEqual([
      "Malware Scanning scan result",
      "Malware Scanning scan time UTC",
      "No threats found",
      "Malicious",
    ]);
  });

  test("a cap of 0, below -1 or fractional is refused", () => {
    for (const cap of [0, -2, 2.5]) {
      expect(validationErrorOf(() => synthDefender({ malwareScanCapGbPerMonth: cap })).problems.map((p) => [p.code, p.prop, p.constructPath])).toEqual([
        ["AZURE_STORAGE_DEFENDER_CAP_INVALID", "malwareScanCapGbPerMonth", "test/defender"],
      ]);
    }
  });
});

import { TerraformVariable } from "cdktf";
import { KmsKey, KmsKeyProps } from "../../../constructs/azure/kms-key";
import { azureKeysRotate } from "../../checkers/key-rotation";
import { validationErrorOf } from "../../helpers/errors";
import { testKeyVault } from "../../helpers/fixtures";
import { Json, onlyResource, synthConstruct } from "../../helpers/synth";

function synthKey(props: Partial<Omit<KmsKeyProps, "keyVault">> = {}): Json {
  return synthConstruct((scope) => {
    const keyVault = testKeyVault(scope);
    new KmsKey(scope, "key", { purpose: "logs", keyVault, tags: { owner: "ml-platform" }, ...props });
  });
}

describe("azure KmsKey", () => {
  test("RSA-HSM 3072 by default, for wrapping data keys only", () => {
    const key = onlyResource(synthKey(), "azurerm_key_vault_key");
    expect(key["key_type"]).toBe("RSA-HSM");
    expect(key["key_size"]).toBe(3072);
    expect(key["key_opts"]).toEqual(["decrypt", "encrypt", "unwrapKey", "wrapKey"]);
    expect(key["curve"]).toBeUndefined();
  });

  test("EC-HSM uses P-384 and may only sign and verify", () => {
    const key = onlyResource(synthKey({ keyType: "EC-HSM" }), "azurerm_key_vault_key");
    expect(key["key_type"]).toBe("EC-HSM");
    expect(key["curve"]).toBe("P-384");
    expect(key["key_opts"]).toEqual(["sign", "verify"]);
    expect(key["key_size"]).toBeUndefined();
  });

  test("rotation policy rotates every 90 days, expires versions after 180, notifies 30 days ahead", () => {
    expect(onlyResource(synthKey(), "azurerm_key_vault_key")["rotation_policy"]).toEqual({
      automatic: { time_after_creation: "P90D" },
      expire_after: "P180D",
      notify_before_expiry: "P30D",
    });
  });

  test("#8 is written only after the wait that follows the deployer's data-plane grant", () => {
    const json = synthKey();
    expect(onlyResource(json, "azurerm_key_vault_key")["depends_on"]).toEqual([expect.stringMatching(/^time_sleep\.vault_KeyWritePropagation_[A-Z0-9]+$/)]);
  });

  test("#2 #17 the first version expires expireAfterDays after creation, from a time_offset by reference", () => {
    const json = synthKey();
    const key = onlyResource(json, "azurerm_key_vault_key");
    expect(key["expiration_date"]).toMatch(/^\$\{time_offset\.key_FirstVersionExpiry_[A-Z0-9]+\.rfc3339\}$/);
    // No base timestamp: the clock is read once, when the offset is created, never at synth.
    expect(onlyResource(json, "time_offset")).toEqual({ offset_days: 180 });
    expect(onlyResource(synthKey({ rotationPeriodDays: 30, expireAfterDays: 60 }), "time_offset")).toEqual({ offset_days: 60 });
    expect(Object.keys((json["provider"] as Json)["time"] as Json[])).toHaveLength(1);
  });

  test("#2 the expiry rotation writes onto the latest version is ignored, so plans stay empty after a rotation", () => {
    expect(onlyResource(synthKey(), "azurerm_key_vault_key")["lifecycle"]).toEqual({ prevent_destroy: true, ignore_changes: ["expiration_date"] });
  });

  test("#2 the JSON holds no timestamp and is byte-identical across synths", () => {
    const first = JSON.stringify(synthKey());
    expect(JSON.stringify(synthKey())).toBe(first);
    expect(first).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  });

  test("prevent_destroy by default, tagged with the given tags and its purpose", () => {
    const key = onlyResource(synthKey(), "azurerm_key_vault_key");
    expect(key["lifecycle"]).toMatchObject({ prevent_destroy: true });
    expect(key["tags"]).toEqual({ owner: "ml-platform", purpose: "logs" });
  });

  test("#15 is named for its purpose unless a name is given (one vault holding each environment's logs key)", () => {
    expect(onlyResource(synthKey(), "azurerm_key_vault_key")["name"]).toBe("logs");
    const named = onlyResource(synthKey({ name: "logs-prod" }), "azurerm_key_vault_key");
    expect(named["name"]).toBe("logs-prod");
    expect(named["tags"]).toEqual({ owner: "ml-platform", purpose: "logs" });
  });

  test.each([
    [{ name: "logs_prod" }, "name", "AZURE_KEY_NAME_INVALID"],
    [{ name: "" }, "name", "AZURE_KEY_NAME_INVALID"],
    [{ name: "k".repeat(128) }, "name", "AZURE_KEY_NAME_INVALID"],
    [{ rotationPeriodDays: 6 }, "rotationPeriodDays", "AZURE_KMS_ROTATION_OUT_OF_RANGE"],
    [{ rotationPeriodDays: 3651 }, "rotationPeriodDays", "AZURE_KMS_ROTATION_OUT_OF_RANGE"],
    [{ rotationPeriodDays: 90, expireAfterDays: 96 }, "expireAfterDays", "AZURE_KEY_EXPIRY_OUT_OF_RANGE"],
    [{ rotationPeriodDays: 7, expireAfterDays: 27 }, "expireAfterDays", "AZURE_KEY_EXPIRY_OUT_OF_RANGE"],
  ])("rejects %j", (props, prop, code) => {
    const error = validationErrorOf(() => synthKey(props));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ constructPath: "test/key", prop, code });
  });
});

test("#2 a key name known only at apply time (a variable) is left to Azure", () => {
  const json = synthConstruct((scope) => {
    const name = new TerraformVariable(scope, "key_name", { type: "string" });
    new KmsKey(scope, "key", { purpose: "logs", name: name.stringValue, keyVault: testKeyVault(scope), tags: {} });
  });
  expect(onlyResource(json, "azurerm_key_vault_key")["name"]).toBe("${var.key_name}");
});

describe("azure KmsKey controls (test/checkers)", () => {
  test("rotates automatically within a year and expires only after it rotates, RSA and EC", () => {
    const key = [expect.stringMatching(/^azurerm_key_vault_key\.key_[A-Z0-9]+$/)];
    expect(azureKeysRotate(synthKey())).toEqual({ status: "compliant", checked: key });
    expect(azureKeysRotate(synthKey({ keyType: "EC-HSM" }))).toEqual({ status: "compliant", checked: key });
  });
});

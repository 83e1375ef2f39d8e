import { KmsKey, KmsKeyProps } from "../../../constructs/azure/kms-key";
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

  test("is written only after the data-plane role assignments exist", () => {
    const dependsOn = onlyResource(synthKey(), "azurerm_key_vault_key")["depends_on"] as string[];
    expect(dependsOn).toHaveLength(2);
    expect(dependsOn.every((d) => d.startsWith("azurerm_role_assignment."))).toBe(true);
  });

  test("prevent_destroy by default, tagged with the given tags and its purpose", () => {
    const key = onlyResource(synthKey(), "azurerm_key_vault_key");
    expect(key["lifecycle"]).toEqual({ prevent_destroy: true });
    expect(key["tags"]).toEqual({ owner: "ml-platform", purpose: "logs" });
  });

  test.each([
    [{ rotationPeriodDays: 6 }, "rotationPeriodDays", "KMS_ROTATION_OUT_OF_RANGE"],
    [{ rotationPeriodDays: 3651 }, "rotationPeriodDays", "KMS_ROTATION_OUT_OF_RANGE"],
    [{ rotationPeriodDays: 90, expireAfterDays: 96 }, "expireAfterDays", "KEY_EXPIRY_OUT_OF_RANGE"],
    [{ rotationPeriodDays: 7, expireAfterDays: 27 }, "expireAfterDays", "KEY_EXPIRY_OUT_OF_RANGE"],
  ])("rejects %j", (props, prop, code) => {
    const error = validationErrorOf(() => synthKey(props));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ constructPath: "test/key", prop, code });
  });
});

import { Json } from "../helpers/synth";
import { awsKeysRotate, azureKeysRotate, gcpKeysRotate } from "./key-rotation";
import { variant } from "./fixtures";

const AWS: Json = { resource: { aws_kms_key: { logs: { enable_key_rotation: true, rotation_period_in_days: 90 } } } };
const GCP: Json = { resource: { google_kms_crypto_key: { logs: { rotation_period: "7776000s" } } } };
const AZURE: Json = {
  resource: { azurerm_key_vault_key: { logs: { rotation_policy: { automatic: { time_after_creation: "P90D" }, expire_after: "P180D", notify_before_expiry: "P30D" } } } },
};

const key = (stack: { resource: Record<string, Record<string, Json>> }, type: string): Json => stack.resource[type]!["logs"]!;

describe("awsKeysRotate", () => {
  test("Compliance: rotation every 90 days", () => {
    expect(awsKeysRotate(AWS)).toEqual({ status: "compliant", checked: ["aws_kms_key.logs"] });
  });

  test("Compliance: rotation on with AWS's default period (365 days)", () => {
    expect(awsKeysRotate(variant(AWS, (s) => delete key(s, "aws_kms_key")["rotation_period_in_days"]))).toEqual({ status: "compliant", checked: ["aws_kms_key.logs"] });
  });

  test("Not applicable: no key", () => {
    expect(awsKeysRotate({ resource: {} })).toEqual({ status: "not-applicable" });
  });

  test.each<[string, (k: Json) => void, string[]]>([
    ["Noncompliance 1: rotation off", (k) => (k["enable_key_rotation"] = false), ["aws_kms_key.logs: enable_key_rotation is false, not true"]],
    ["Noncompliance 2: rotation left to the default (off)", (k) => delete k["enable_key_rotation"], ["aws_kms_key.logs: enable_key_rotation is null, not true"]],
    ["Noncompliance 3: rotation every 366 days", (k) => (k["rotation_period_in_days"] = 366), ["aws_kms_key.logs: rotation_period_in_days is 366, more than 365"]],
  ])("%s", (_name, change, problems) => {
    expect(awsKeysRotate(variant(AWS, (s) => change(key(s, "aws_kms_key"))))).toEqual({ status: "noncompliant", problems });
  });

  test("Compliance: an asymmetric signing key (SIGN_VERIFY) is not applicable and skipped, the symmetric key still checked", () => {
    const stack = variant(AWS, (s) => (s.resource["aws_kms_key"]!["signing"] = { key_usage: "SIGN_VERIFY", customer_master_key_spec: "ECC_NIST_P256" }));
    expect(awsKeysRotate(stack)).toEqual({ status: "compliant", checked: ["aws_kms_key.logs"] });
  });

  test("Not applicable: only a signing key (SIGN_VERIFY), which AWS cannot rotate automatically", () => {
    expect(awsKeysRotate({ resource: { aws_kms_key: { signing: { key_usage: "SIGN_VERIFY", customer_master_key_spec: "ECC_NIST_P256" } } } })).toEqual({ status: "not-applicable" });
  });

  test.each<[string, Json]>([
    ["Noncompliance 4: an ENCRYPT_DECRYPT key with rotation off", { key_usage: "ENCRYPT_DECRYPT", enable_key_rotation: false }],
    ["Noncompliance 5: an HMAC key (GENERATE_VERIFY_MAC) is no signing key", { key_usage: "GENERATE_VERIFY_MAC", customer_master_key_spec: "HMAC_256" }],
    ["Noncompliance 6: a key usage spelled in lower case is no SIGN_VERIFY key", { key_usage: "sign_verify" }],
  ])("%s", (_name, body) => {
    const result = awsKeysRotate(variant(AWS, (s) => (s.resource["aws_kms_key"]!["other"] = body)));
    expect(result).toEqual({ status: "noncompliant", problems: [`aws_kms_key.other: enable_key_rotation is ${JSON.stringify(body["enable_key_rotation"] ?? null)}, not true`] });
  });
});

describe("gcpKeysRotate", () => {
  test("Compliance: rotation every 90 days", () => {
    expect(gcpKeysRotate(GCP)).toEqual({ status: "compliant", checked: ["google_kms_crypto_key.logs"] });
  });

  test("Compliance: rotation every 365 days, the limit", () => {
    expect(gcpKeysRotate(variant(GCP, (s) => (key(s, "google_kms_crypto_key")["rotation_period"] = "31536000s")))).toEqual({ status: "compliant", checked: ["google_kms_crypto_key.logs"] });
  });

  test("Not applicable: no key", () => {
    expect(gcpKeysRotate({ resource: {} })).toEqual({ status: "not-applicable" });
  });

  test.each<[string, (k: Json) => void, string[]]>([
    ["Noncompliance 1: no rotation period", (k) => delete k["rotation_period"], ["google_kms_crypto_key.logs: rotation_period is null, so the key never rotates"]],
    ["Noncompliance 2: a period one second over a year", (k) => (k["rotation_period"] = "31536001s"), ["google_kms_crypto_key.logs: rotation_period is 31536001s, more than 365 days"]],
    ["Noncompliance 3: a period that is no duration", (k) => (k["rotation_period"] = "90d"), ['google_kms_crypto_key.logs: rotation_period is "90d", so the key never rotates']],
  ])("%s", (_name, change, problems) => {
    expect(gcpKeysRotate(variant(GCP, (s) => change(key(s, "google_kms_crypto_key"))))).toEqual({ status: "noncompliant", problems });
  });

  test("Compliance: an asymmetric signing key (ASYMMETRIC_SIGN) is not applicable and skipped, the encryption key still checked", () => {
    const stack = variant(GCP, (s) => (s.resource["google_kms_crypto_key"]!["signing"] = { purpose: "ASYMMETRIC_SIGN", version_template: { algorithm: "EC_SIGN_P256_SHA256" } }));
    expect(gcpKeysRotate(stack)).toEqual({ status: "compliant", checked: ["google_kms_crypto_key.logs"] });
  });

  test("Not applicable: only a signing key (ASYMMETRIC_SIGN), which Cloud KMS does not rotate automatically", () => {
    expect(gcpKeysRotate({ resource: { google_kms_crypto_key: { signing: { purpose: "ASYMMETRIC_SIGN" } } } })).toEqual({ status: "not-applicable" });
  });

  test.each<[string, Json]>([
    ["Noncompliance 4: an ENCRYPT_DECRYPT key without a period", { purpose: "ENCRYPT_DECRYPT" }],
    ["Noncompliance 5: an asymmetric decryption key (ASYMMETRIC_DECRYPT) is no signing key", { purpose: "ASYMMETRIC_DECRYPT" }],
    ["Noncompliance 6: a MAC key is no signing key", { purpose: "MAC" }],
  ])("%s", (_name, body) => {
    const result = gcpKeysRotate(variant(GCP, (s) => (s.resource["google_kms_crypto_key"]!["other"] = body)));
    expect(result).toEqual({ status: "noncompliant", problems: ["google_kms_crypto_key.other: rotation_period is null, so the key never rotates"] });
  });
});

describe("azureKeysRotate", () => {
  test("Compliance: automatic rotation after 90 days, expiry after 180", () => {
    expect(azureKeysRotate(AZURE)).toEqual({ status: "compliant", checked: ["azurerm_key_vault_key.logs"] });
  });

  test("Not applicable: no key", () => {
    expect(azureKeysRotate({ resource: {} })).toEqual({ status: "not-applicable" });
  });

  test.each<[string, (k: Json) => void, string[]]>([
    ["Noncompliance 1: no rotation policy", (k) => delete k["rotation_policy"], ["azurerm_key_vault_key.logs: no automatic rotation (rotation_policy.automatic.time_after_creation)"]],
    ["Noncompliance 2: a policy that only notifies", (k) => (k["rotation_policy"] = { expire_after: "P180D", notify_before_expiry: "P30D" }), ["azurerm_key_vault_key.logs: no automatic rotation (rotation_policy.automatic.time_after_creation)"]],
    [
      "Noncompliance 3: rotation after 400 days",
      (k) => (k["rotation_policy"] = { automatic: { time_after_creation: "P400D" }, expire_after: "P500D" }),
      ["azurerm_key_vault_key.logs: rotates after P400D, more than 365 days"],
    ],
    [
      "Noncompliance 4: versions expire before they rotate",
      (k) => (k["rotation_policy"] = { automatic: { time_after_creation: "P90D" }, expire_after: "P60D" }),
      ['azurerm_key_vault_key.logs: versions expire after "P60D", not after they rotate (P90D)'],
    ],
    [
      "Noncompliance 5: versions never expire",
      (k) => (k["rotation_policy"] = { automatic: { time_after_creation: "P90D" } }),
      ["azurerm_key_vault_key.logs: versions expire after null, not after they rotate (P90D)"],
    ],
  ])("%s", (_name, change, problems) => {
    expect(azureKeysRotate(variant(AZURE, (s) => change(key(s, "azurerm_key_vault_key"))))).toEqual({ status: "noncompliant", problems });
  });
});

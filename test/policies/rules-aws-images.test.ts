import { rule as signingKeysArePublisherOnly } from "../../policies/rules/aws/signing-keys-are-publisher-only";
import { rule as keysRotate } from "../../policies/rules/aws/keys-rotate";
import { describeRule, runCase } from "./rule-cases";

describeRule(signingKeysArePublisherOnly);

describe("rules on the signing key and image registry resources", () => {
  test("KEY-ROTATION-AWS does not apply to an asymmetric signing key", () => {
    const { findings, tally } = runCase(keysRotate, {
      name: "signing key",
      stack: { resource: { aws_kms_key: { k: { key_usage: "SIGN_VERIFY", customer_master_key_spec: "ECC_NIST_P256", enable_key_rotation: false } } } },
    });
    expect(findings).toEqual([]);
    expect(tally?.compliant ?? 0).toBe(0);
  });

  test("KEY-ROTATION-AWS does not apply to a SIGN_VERIFY key whose spec is left out", () => {
    const { findings, tally } = runCase(keysRotate, { name: "signing key", stack: { resource: { aws_kms_key: { k: { key_usage: "SIGN_VERIFY" } } } } });
    expect(findings).toEqual([]);
    expect(tally?.compliant ?? 0).toBe(0);
  });

  test("SIGNING-KEY-RESTRICTED-AWS does not apply to an encryption key", () => {
    const { findings, tally } = runCase(signingKeysArePublisherOnly, { name: "data key", stack: { resource: { aws_kms_key: { k: { key_usage: "ENCRYPT_DECRYPT" } } } } });
    expect(findings).toEqual([]);
    expect(tally?.compliant ?? 0).toBe(0);
  });
});

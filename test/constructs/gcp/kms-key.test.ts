import { KeyRing } from "../../../constructs/gcp/key-ring";
import { KmsKey, KmsKeyProps } from "../../../constructs/gcp/kms-key";
import { gcpKeysRotate } from "../../checkers/key-rotation";
import { validationErrorOf } from "../../helpers/errors";
import { Json, onlyResource, synthConstruct } from "../../helpers/synth";

function synthKey(props: Partial<Omit<KmsKeyProps, "keyRing">> = {}): Json {
  return synthConstruct((scope) => {
    const keyRing = new KeyRing(scope, "ring", { name: "acme-ai-prod", projectId: "acme-ai-prod", location: "europe-west1" });
    new KmsKey(scope, "key", { purpose: "registry", keyRing, ...props });
  });
}

describe("gcp KmsKey", () => {
  test("rotates every 90 days by default", () => {
    expect(onlyResource(synthKey(), "google_kms_crypto_key")["rotation_period"]).toBe("7776000s");
  });

  test("rotation period is configurable in days", () => {
    expect(onlyResource(synthKey({ rotationPeriodDays: 30 }), "google_kms_crypto_key")["rotation_period"]).toBe("2592000s");
  });

  test("destroyed versions stay recoverable for 30 days by default", () => {
    expect(onlyResource(synthKey(), "google_kms_crypto_key")["destroy_scheduled_duration"]).toBe("2592000s");
  });

  test("is a purpose-specific, HSM-backed symmetric key", () => {
    const key = onlyResource(synthKey(), "google_kms_crypto_key");
    expect(key["name"]).toBe("registry");
    expect(key["purpose"]).toBe("ENCRYPT_DECRYPT");
    expect(key["version_template"]).toEqual({ algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION", protection_level: "HSM" });
    expect(key["labels"]).toEqual({ purpose: "registry" });
    expect(key["key_ring"]).toMatch(/^\$\{google_kms_key_ring\.ring_[A-Z0-9]+\.id\}$/);
  });

  test("key and key ring carry prevent_destroy", () => {
    const stack = synthKey();
    expect(onlyResource(stack, "google_kms_crypto_key")["lifecycle"]).toEqual({ prevent_destroy: true });
    expect(onlyResource(stack, "google_kms_key_ring")["lifecycle"]).toEqual({ prevent_destroy: true });
  });

  test("software protection and no prevent_destroy only when asked", () => {
    const key = onlyResource(synthKey({ protectionLevel: "SOFTWARE", preventDestroy: false }), "google_kms_crypto_key");
    expect(key["version_template"]).toMatchObject({ protection_level: "SOFTWARE" });
    expect(key["lifecycle"]).toEqual({ prevent_destroy: false });
  });

  test.each([
    [{ rotationPeriodDays: 0 }, "GCP_KMS_ROTATION_OUT_OF_RANGE", "rotationPeriodDays", "an integer from 1 to 36500"],
    [{ rotationPeriodDays: 36501 }, "GCP_KMS_ROTATION_OUT_OF_RANGE", "rotationPeriodDays", "an integer from 1 to 36500"],
    [{ deletionWindowDays: 6 }, "GCP_KMS_DELETION_WINDOW_OUT_OF_RANGE", "deletionWindowDays", "an integer from 7 to 30"],
    [{ deletionWindowDays: 31 }, "GCP_KMS_DELETION_WINDOW_OUT_OF_RANGE", "deletionWindowDays", "an integer from 7 to 30"],
  ])("rejects %j naming the code, construct path and prop", (props, code, prop, accepted) => {
    const error = validationErrorOf(() => synthKey(props));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ code, constructPath: "test/key", prop, accepted });
  });

  test("rejects an invalid key ring name", () => {
    const error = validationErrorOf(() =>
      synthConstruct((scope) => new KeyRing(scope, "ring", { name: "has space", projectId: "acme-ai-prod", location: "europe-west1" })),
    );
    expect(error.problems[0]).toMatchObject({ constructPath: "test/ring", prop: "name", code: "GCP_KMS_KEY_RING_NAME_INVALID" });
  });
});

describe("gcp KmsKey controls (test/checkers)", () => {
  test("rotates within a year, by default and at the longest period the checker allows", () => {
    const key = [expect.stringMatching(/^google_kms_crypto_key\.key_[A-Z0-9]+$/)];
    expect(gcpKeysRotate(synthKey())).toEqual({ status: "compliant", checked: key });
    expect(gcpKeysRotate(synthKey({ rotationPeriodDays: 365 }))).toEqual({ status: "compliant", checked: key });
  });

  test("a period over a year, which the construct accepts, is what the rotation checker reports", () => {
    expect(gcpKeysRotate(synthKey({ rotationPeriodDays: 400 }))).toEqual({
      status: "noncompliant",
      problems: [expect.stringMatching(/^google_kms_crypto_key\.key_[A-Z0-9]+: rotation_period is 34560000s, more than 365 days$/)],
    });
  });
});

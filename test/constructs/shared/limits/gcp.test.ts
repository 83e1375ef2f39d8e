import { GCP_LABEL_VALUE, GCP_PROJECT_ID, GCS_BUCKET_NAME, gcpKeyRingNameRule } from "../../../../constructs/shared/limits/gcp";
import { satisfies } from "../../../../constructs/shared/limits/text-rule";

describe("gcpKeyRingNameRule", () => {
  test("without a reserved suffix a ring name takes 1-63 of letters, digits, _ and -", () => {
    expect(gcpKeyRingNameRule()).toEqual({ pattern: /^[a-zA-Z0-9_-]+$/, maxLength: 63, accepted: "1-63 of letters, digits, _ and -" });
  });

  test("reserved characters for a suffix shorten the maximum and the accepted text", () => {
    expect(gcpKeyRingNameRule(11)).toEqual({ pattern: /^[a-zA-Z0-9_-]+$/, maxLength: 52, accepted: "1-52 of letters, digits, _ and -" });
    expect(satisfies(gcpKeyRingNameRule(11), "k".repeat(52))).toBe(true);
    expect(satisfies(gcpKeyRingNameRule(11), "k".repeat(53))).toBe(false);
  });

  test("one value per character class is accepted, a dot or an empty name is not", () => {
    expect(satisfies(gcpKeyRingNameRule(), "aZ0_-")).toBe(true);
    expect(satisfies(gcpKeyRingNameRule(), "ring.1")).toBe(false);
    expect(satisfies(gcpKeyRingNameRule(), "")).toBe(false);
  });
});

describe("GCP text rules", () => {
  test("bucket names: no goog prefix, no google inside, no IP address, no trailing separator", () => {
    expect(satisfies(GCS_BUCKET_NAME, "acme-logs_1.a")).toBe(true);
    expect(satisfies(GCS_BUCKET_NAME, "googlogs")).toBe(false);
    expect(satisfies(GCS_BUCKET_NAME, "my-g00gle-logs")).toBe(false);
    expect(satisfies(GCS_BUCKET_NAME, "10.0.0.1")).toBe(false);
    expect(satisfies(GCS_BUCKET_NAME, "logs-")).toBe(false);
    expect(GCS_BUCKET_NAME.accepted).toBe(
      "3-63 lowercase letters, digits, -, _ and ., starting and ending with a letter or digit, not starting with goog, not containing google, not an IP address",
    );
  });

  test("project ids: 6-30 characters starting with a letter, no restricted strings", () => {
    expect(satisfies(GCP_PROJECT_ID, "acme-ai-prod")).toBe(true);
    expect(satisfies(GCP_PROJECT_ID, "acme-null-1")).toBe(false);
    expect(satisfies(GCP_PROJECT_ID, "acme-ai-")).toBe(false);
    expect(satisfies(GCP_PROJECT_ID, "acme")).toBe(false);
  });

  test("label values: 0-63 lowercase letters, digits, _ and -", () => {
    expect(satisfies(GCP_LABEL_VALUE, "")).toBe(true);
    expect(satisfies(GCP_LABEL_VALUE, "cc_1234-x")).toBe(true);
    expect(satisfies(GCP_LABEL_VALUE, "CC")).toBe(false);
    expect(satisfies(GCP_LABEL_VALUE, "a".repeat(64))).toBe(false);
  });
});

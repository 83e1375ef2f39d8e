import { ENVIRONMENT_KEY_PURPOSES, KEY_PURPOSE_DESCRIPTIONS } from "../../../constructs/shared/key-purposes";

describe("key purposes", () => {
  test("every environment has a logs, a registry and a functions key", () => {
    expect(ENVIRONMENT_KEY_PURPOSES).toEqual(["logs", "registry", "functions"]);
  });

  test("each purpose, the state key's too, says what it encrypts", () => {
    expect(KEY_PURPOSE_DESCRIPTIONS).toEqual({
      logs: "immutable audit-log storage and audit trails",
      registry: "model artifacts and container images",
      functions: "serverless function environment and code",
      state: "Terraform remote state",
      signing: "model signatures (publishers sign, the promotion gate verifies)",
      monitoring: "security alert notifications (the alert topic)",
    });
  });
});

import { verifyDecisionRecord } from "../../../functions/promotion-gate/record/record-verify";
import { AdmissionInputError, AdmissionInputs, approvedModelsConfigMap, ApprovalExportError, resolveAdmissionInputs } from "../../../policies/admission";
import { BlueprintValidationError } from "../../../constructs/shared/validation-error";
import { prodInputs } from "./inputs";
import { approvalRecords, keys, PASSED_URI, signedRecord } from "./records";

function codes(overrides: Partial<AdmissionInputs>): string[] {
  try {
    resolveAdmissionInputs(prodInputs(overrides));
    return [];
  } catch (e) {
    return (e as AdmissionInputError).problems.map((p) => p.code);
  }
}

describe("admission inputs", () => {
  test("valid inputs resolve with defaults", () => {
    const r = resolveAdmissionInputs(prodInputs());
    expect([r.imagePrefix, r.namespaceLabel, r.policyName]).toEqual([
      "123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme-ai-prod/", "ai-supply-chain-blueprint.io/model-serving", "model-serving-admission",
    ]);
  });

  test.each([
    [{ registryHost: "localhost" }, "ADMISSION_REGISTRY_HOST_INVALID"],
    [{ registryHost: "ECR.example.com/path" }, "ADMISSION_REGISTRY_HOST_INVALID"],
    [{ repositoryPrefix: "acme-ai-prod" }, "ADMISSION_REPOSITORY_PREFIX_INVALID"],
    [{ repositoryPrefix: "/acme-ai-prod/" }, "ADMISSION_REPOSITORY_PREFIX_INVALID"],
    [{ mode: "dry-run" as never }, "ADMISSION_MODE_INVALID"],
    [{ namespaceLabel: "model-serving" }, "ADMISSION_NAMESPACE_LABEL_INVALID"],
    [{ paramsConfigMap: { name: "Approved", namespace: "model-serving-policy" } }, "ADMISSION_PARAMS_NAME_INVALID"],
    [{ paramsConfigMap: { name: "approved-models", namespace: "model.serving" } }, "ADMISSION_PARAMS_NAMESPACE_INVALID"],
    [{ signingKeyUri: "awskms://arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b" }, "ADMISSION_SIGNING_KEY_URI_INVALID"],
    [{ signingKeyUri: "gcpkms://projects/acme-ai-prod/locations/europe-west1/keyRings/r/cryptoKeys/k" }, "ADMISSION_SIGNING_KEY_URI_INVALID"],
    [{ signingKeyUri: "azurekms://kv-acme.vault.azure.net.evil.com/k" }, "ADMISSION_SIGNING_KEY_URI_INVALID"],
    [{ policyName: "a".repeat(64) }, "ADMISSION_POLICY_NAME_INVALID"],
  ])("%j is refused with %s", (overrides, code) => {
    expect(codes(overrides)).toEqual([code]);
  });

  test("reports every problem at once, in the BlueprintValidationError style", () => {
    let error: unknown;
    try {
      resolveAdmissionInputs(prodInputs({ registryHost: "localhost", mode: "x" as never }));
    } catch (e) {
      error = e;
    }
    expect(BlueprintValidationError.isValidationError(error)).toBe(true);
    expect((error as Error).message).toBe(
      'admission: registryHost = "localhost" is invalid [ADMISSION_REGISTRY_HOST_INVALID]; accepted: a lowercase registry host name with at least one dot, optionally with :port (e.g. cracmeaiprod.azurecr.io)\n' +
        'admission: mode = "x" is invalid [ADMISSION_MODE_INVALID]; accepted: enforce or audit',
    );
  });
});

describe("approvedModelsConfigMap", () => {
  const target = { name: "approved-models", namespace: "model-serving-policy" };

  test("lists only PASSED records, keyed by the root digest's hex, with sync wave -1", async () => {
    expect(approvedModelsConfigMap(await approvalRecords(), target)).toEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        name: "approved-models",
        namespace: "model-serving-policy",
        labels: { "ai-supply-chain-blueprint.io/component": "approved-models" },
        annotations: { "argocd.argoproj.io/sync-wave": "-1" },
      },
      data: { "2509680eb12f90a5cdb38a972fa49a7981ee71946a7a3a5eb7829704ee191374": PASSED_URI },
    });
  });

  test("sorted and deterministic whatever the record order; the same record twice is listed once", async () => {
    const [passed, failed] = await approvalRecords();
    const a = approvedModelsConfigMap([passed!, failed!, passed!], target);
    const b = approvedModelsConfigMap([failed!, passed!], target);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  test("one digest with two different records is a conflict", async () => {
    const [passed] = await approvalRecords();
    const again = { decision: verifyDecisionRecord(await signedRecord(true, "1.5.0"), keys.publicPem), uri: PASSED_URI.replace("1.2.0", "1.5.0") };
    expect(() => approvedModelsConfigMap([passed!, again], target)).toThrow(new ApprovalExportError("ADMISSION_APPROVAL_CONFLICT", `digest sha256:2509680eb12f90a5cdb38a972fa49a7981ee71946a7a3a5eb7829704ee191374 is approved by two records: ${PASSED_URI} and ${again.uri}`));
  });

  test("a record URI with a quote or no scheme is refused", async () => {
    const [passed] = await approvalRecords();
    for (const uri of ["provenance/x.dsse.json", "s3://logs/it's.json"]) {
      let code: string | undefined;
      try {
        approvedModelsConfigMap([{ ...passed!, uri }], target);
      } catch (e) {
        code = (e as ApprovalExportError).code;
      }
      expect([uri, code]).toEqual([uri, "ADMISSION_APPROVAL_URI_INVALID"]);
    }
  });

  test("an invalid ConfigMap name or namespace is refused", () => {
    expect(() => approvedModelsConfigMap([], { name: "Approved", namespace: "x" })).toThrow(/\[ADMISSION_APPROVAL_TARGET_INVALID\]$/);
  });
});

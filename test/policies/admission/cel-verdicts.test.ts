import { approvedModelsConfigMap, gatekeeperPolicy, kyvernoClusterPolicy, resolveAdmissionInputs, validatingAdmissionPolicy } from "../../../policies/admission";
import { evaluate, loadFixtures } from "./evaluate";
import { prodInputs } from "./inputs";
import { approvalRecords } from "./records";

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are plain JSON */

const fixtures = loadFixtures();
const inputs = resolveAdmissionInputs(prodInputs());
const [policy] = validatingAdmissionPolicy(inputs);
let params: Record<string, any>;

beforeAll(async () => {
  params = approvedModelsConfigMap(await approvalRecords(), { name: "approved-models", namespace: "model-serving-policy" });
});

function request(f: (typeof fixtures)[number]): Record<string, unknown> {
  return { operation: f.request.operation, subResource: f.request.subResource ?? "", kind: { kind: f.object.kind } };
}

describe("admission CEL against the fixtures (@bufbuild/cel, RE2)", () => {
  test("there are at least 16 fixtures, admitted and rejected, covering every rule", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(16);
    expect(fixtures.filter((f) => f.expect.admitted).length).toBeGreaterThanOrEqual(8);
    expect([...new Set(fixtures.flatMap((f) => f.expect.failing))].sort()).toEqual([
      "decision-record-annotation", "decision-record-matches", "image-digest", "image-registry", "model-approved",
      "model-digest-annotation", "no-host-namespaces", "no-host-path", "no-privilege-escalation", "no-privileged", "run-as-non-root",
    ]);
    expect([...new Set(fixtures.map((f) => f.object.kind))].sort()).toEqual(["CronJob", "DaemonSet", "Deployment", "Job", "Pod", "ReplicaSet", "StatefulSet"]);
    expect(fixtures.filter((f) => f.request.subResource === "ephemeralcontainers").length).toBe(2);
  });

  test("the params are the approved list built from the PASSED record only", () => {
    expect(params.data).toEqual({
      "2509680eb12f90a5cdb38a972fa49a7981ee71946a7a3a5eb7829704ee191374":
        "s3://acme-ai-prod-logs-123456789012/provenance/fraud-scoring/fraud/1.2.0/1bca07cb6f1a2f0b4fd2dfb8a1e4c0b0f3f5d1c8b8e6a5d4c3b2a19081726354.dsse.json",
    });
  });

  test.each(fixtures.map((f) => [f.file, f] as const))("VAP: %s", (_file, f) => {
    const verdict = evaluate(policy.spec.variables, policy.spec.validations, { object: f.object, request: request(f), params });
    expect(verdict).toEqual({ failing: [...f.expect.failing].sort(), errors: [] });
    expect(verdict.failing.length === 0).toBe(f.expect.admitted);
  });

  test.each(fixtures.map((f) => [f.file, f] as const))("Kyverno: %s", (_file, f) => {
    const cel = kyvernoClusterPolicy(inputs).spec.rules[0].validate.cel;
    expect(evaluate(cel.variables, cel.expressions, { object: f.object, request: request(f), params })).toEqual({ failing: [...f.expect.failing].sort(), errors: [] });
  });

  test.each(fixtures.map((f) => [f.file, f] as const))("Gatekeeper (params from the constraint): %s", (_file, f) => {
    const [template, constraint] = gatekeeperPolicy(inputs, params.data);
    const source = template.spec.targets[0].code[0].source;
    // Gatekeeper binds the constraint's spec.parameters as variables.params.
    const verdict = evaluate(source.variables, source.validations, { object: f.object, request: request(f), params: null }, { params: constraint.spec.parameters });
    expect(verdict).toEqual({ failing: [...f.expect.failing].sort(), errors: [] });
  });

  test("without params every model check fails: an empty approved list admits no model", () => {
    const pod = fixtures.find((f) => f.file === "admit-pod.yaml")!;
    const verdict = evaluate(policy.spec.variables, policy.spec.validations, { object: pod.object, request: request(pod), params: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "approved-models" } } });
    expect(verdict).toEqual({ failing: ["decision-record-matches", "model-approved"], errors: [] });
  });

  test("another environment's prefix rejects the prod images (the prefix is rendered, not hard-coded)", () => {
    const dev = resolveAdmissionInputs(prodInputs({ repositoryPrefix: "acme-ai-dev/", mode: "audit" }));
    const [devPolicy] = validatingAdmissionPolicy(dev);
    const pod = fixtures.find((f) => f.file === "admit-pod.yaml")!;
    expect(evaluate(devPolicy.spec.variables, devPolicy.spec.validations, { object: pod.object, request: request(pod), params }).failing).toEqual(["image-registry"]);
  });
});

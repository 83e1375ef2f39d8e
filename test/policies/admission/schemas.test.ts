import Ajv from "ajv";
import { kubernetesModels } from "../../helpers/kubernetes-models";
import { admissionManifests, approvedModelsConfigMap } from "../../../policies/admission";
import { CLUSTER_IMAGE_POLICY_SCHEMA, GATEKEEPER_CONSTRAINT_SCHEMA, GATEKEEPER_TEMPLATE_SCHEMA, KYVERNO_CLUSTER_POLICY_SCHEMA } from "./crd-schemas";
import { loadFixtures } from "./evaluate";
import { prodInputs } from "./inputs";
import { approvalRecords } from "./records";

const ajv = new Ajv({ allErrors: true, strict: true });
const checks = {
  ClusterPolicy: ajv.compile(KYVERNO_CLUSTER_POLICY_SCHEMA),
  ConstraintTemplate: ajv.compile(GATEKEEPER_TEMPLATE_SCHEMA),
  ModelServingAdmission: ajv.compile(GATEKEEPER_CONSTRAINT_SCHEMA),
  ClusterImagePolicy: ajv.compile(CLUSTER_IMAGE_POLICY_SCHEMA),
} as const;

describe("every emitted manifest validates offline", () => {
  test.each(["enforce", "audit"] as const)("VAP, binding and the approved-models ConfigMap against kubernetes-models (%s)", async (mode) => {
    const configMap = approvedModelsConfigMap(await approvalRecords(), { name: "approved-models", namespace: "model-serving-policy" });
    const { vap } = admissionManifests(prodInputs({ mode }), configMap.data);
    expect(kubernetesModels([...vap, configMap])).toEqual([
      { kind: "ValidatingAdmissionPolicy", ok: true },
      { kind: "ValidatingAdmissionPolicyBinding", ok: true },
      { kind: "ConfigMap", ok: true },
    ]);
  });

  test("the kubernetes-models check refuses a broken VAP (it is not vacuous)", () => {
    const { vap } = admissionManifests(prodInputs(), {});
    const broken = { ...vap[0], spec: { ...vap[0]!.spec, validations: [{ message: "no expression" }] } };
    expect(kubernetesModels([broken])[0]).toEqual({ kind: "ValidatingAdmissionPolicy", ok: false, error: expect.stringContaining("expression") });
  });

  test("the fixtures are valid Kubernetes objects of their kind", () => {
    const fixtures = loadFixtures();
    expect(kubernetesModels(fixtures.map((f) => f.object)).filter((r) => !r.ok)).toEqual([]);
  });

  test.each(["enforce", "audit"] as const)("Kyverno, Gatekeeper and sigstore manifests against their documented CRD fields (%s)", (mode) => {
    const m = admissionManifests(prodInputs({ mode }), { ["ab".repeat(32)]: "s3://logs/provenance/r/m/1/x.dsse.json" });
    const crs = [...m.kyverno, ...m.gatekeeper, ...m.sigstore];
    expect(crs.map((cr) => cr.kind)).toEqual(["ClusterPolicy", "ConstraintTemplate", "ModelServingAdmission", "ClusterImagePolicy"]);
    for (const cr of crs) {
      const check = checks[cr.kind as keyof typeof checks];
      expect([cr.kind, check(cr), check.errors ?? null]).toEqual([cr.kind, true, null]);
    }
  });

  test("the CRD schemas refuse a misspelt field", () => {
    const { kyverno, sigstore } = admissionManifests(prodInputs(), {});
    const policy = kyverno[0]!;
    const misspelt = { ...policy, spec: { ...policy.spec, validationFailureActon: "Enforce" } };
    expect(checks.ClusterPolicy(misspelt)).toBe(false);
    expect(checks.ClusterImagePolicy({ ...sigstore[0], spec: { ...sigstore[0]!.spec, mode: "audit" } })).toBe(false);
  });
});

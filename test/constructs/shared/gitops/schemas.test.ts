import Ajv from "ajv";
import { kubernetesModels } from "../../../helpers/kubernetes-models";
import {
  argoCdBootstrapObjects, argoCdClusterSecret, bridgeConfigMap, controllerNetworkPolicies, fluxBootstrapObjects, fluxSigningKeysSecret,
} from "../../../../constructs/shared/gitops";
import { APP_PROJECT_SCHEMA, APPLICATION_SCHEMA, GIT_REPOSITORY_SCHEMA, KUSTOMIZATION_SCHEMA } from "./crd-schemas";
import { argoInput, bridgeFacts, COMMIT, fluxInput, networkInput, REPO } from "./fixtures";

const ajv = new Ajv({ allErrors: true, strict: true });
const checks = {
  GitRepository: ajv.compile(GIT_REPOSITORY_SCHEMA),
  Kustomization: ajv.compile(KUSTOMIZATION_SCHEMA),
  AppProject: ajv.compile(APP_PROJECT_SCHEMA),
  Application: ajv.compile(APPLICATION_SCHEMA),
} as const;

function crdResult(cr: Record<string, unknown>): [string, boolean, unknown] {
  const check = checks[cr["kind"] as keyof typeof checks];
  return [String(cr["kind"]), check(cr), check.errors ?? null];
}

describe("every emitted manifest validates offline", () => {
  test("NetworkPolicies, the bridge ConfigMap and the keys Secret against kubernetes-models", () => {
    const manifests = [
      ...controllerNetworkPolicies(networkInput()),
      ...controllerNetworkPolicies(networkInput({ engine: "argocd", admissionWebhookPorts: [8443] })),
      bridgeConfigMap(bridgeFacts()),
      fluxSigningKeysSecret(fluxInput()),
      argoCdClusterSecret(argoInput({ destinationServer: "arn:aws:eks:eu-west-1:222222222222:cluster/acme-ai-prod" }), { environment: "prod" }),
    ];
    expect(kubernetesModels(manifests)).toEqual([
      ...Array.from({ length: 11 }, () => ({ kind: "NetworkPolicy", ok: true })),
      { kind: "ConfigMap", ok: true },
      { kind: "Secret", ok: true },
      { kind: "Secret", ok: true },
    ]);
  });

  test("the kubernetes-models check refuses a broken NetworkPolicy (it is not vacuous)", () => {
    const [deny] = controllerNetworkPolicies(networkInput());
    const broken = { ...deny, spec: { ...deny!.spec, egress: [{ to: [{ ipBlock: { except: ["10.0.0.0/8"] } }] }] } };
    expect(kubernetesModels([broken])[0]).toEqual({ kind: "NetworkPolicy", ok: false, error: expect.stringContaining("cidr") });
  });

  test.each([
    ["tag", { tag: "prod-2026.06.1" }],
    ["commit", { commit: COMMIT }],
    ["branch", { branch: "main" }],
  ] as const)("Flux and Argo CD objects against their CRD types (%s)", (_name, revision) => {
    const source = { url: REPO, path: "environments/prod", revision, credentialsSecretName: "git-credentials" };
    const crs = [...fluxBootstrapObjects(fluxInput({ source })), ...argoCdBootstrapObjects(argoInput({ source }))];
    expect(crs.map(crdResult)).toEqual([
      ["GitRepository", true, null],
      ["Kustomization", true, null],
      ["AppProject", true, null],
      ["AppProject", true, null],
      ["Application", true, null],
    ]);
  });

  test("the CRD schemas refuse a misspelt field or a bad enum", () => {
    const [repo, ks] = fluxBootstrapObjects(fluxInput());
    const [, project, app] = argoCdBootstrapObjects(argoInput());
    expect(checks.GitRepository({ ...repo, spec: { ...repo!.spec, verify: { mode: "Commit", secretRef: { name: "k" } } } })).toBe(false);
    expect(checks.Kustomization({ ...ks, spec: { ...ks!.spec, postBuild: { substituteFrom: [{ kind: "Map", name: "x" }] } } })).toBe(false);
    expect(checks.AppProject({ ...project, spec: { ...project!.spec, signatureKeys: [{ keyId: "4AEE18F83AFDEB23" }] } })).toBe(false);
    expect(checks.Application({ ...app, spec: { ...app!.spec, syncPolicy: { automated: { prune: true, selfheal: true } } } })).toBe(false);
  });
});

import { fluxBootstrapObjects, fluxChartValues, fluxSigningKeysSecret } from "../../../../constructs/shared/gitops";
import { BlueprintValidationError } from "../../../../constructs/shared/validation-error";
import { COMMIT, fluxInput, KEY_A, KEY_B, REPO, problemCodes as codes } from "./fixtures";

/** The codes of a GitOpsInputError thrown by `fn`. */
describe("flux2 chart values", () => {
  test("every controller pinned by digest, image automation and the chart's open policies off", () => {
    expect(fluxChartValues()).toEqual({
      installCRDs: true,
      cli: { image: "ghcr.io/fluxcd/flux-cli", tag: "v2.8.5@sha256:f1947272d998247ce959adf8ffe13626f153e8b373ccd0322a18b4f7aad132f1" },
      sourceController: { create: true, image: "ghcr.io/fluxcd/source-controller", tag: "v1.8.2@sha256:f2f6fd483b9a8b8c69f8ebe9f2277be23093a2b552b3578a6db15710d736bb0e" },
      kustomizeController: { create: true, image: "ghcr.io/fluxcd/kustomize-controller", tag: "v1.8.3@sha256:c59e81059330a55203bf60806229a052617134d8b557c1bd83cdc69a8ece7ea2" },
      helmController: { create: true, image: "ghcr.io/fluxcd/helm-controller", tag: "v1.5.3@sha256:b150af0cd7a501dafe2374b1d22c39abf0572465df4fa1fb99b37927b0d95d75" },
      notificationController: { create: true, image: "ghcr.io/fluxcd/notification-controller", tag: "v1.8.3@sha256:a9e22d4aeec507abb3abc0e6ad3aeb3b672fd03d5776c785399aedec263a603f" },
      imageAutomationController: { create: false },
      imageReflectionController: { create: false },
      sourceWatcher: { create: false },
      policies: { create: false },
      extraObjects: [],
    });
  });

  test("extra objects are passed through", () => {
    const secret = fluxSigningKeysSecret(fluxInput());
    expect(fluxChartValues([secret]).extraObjects).toEqual([secret]);
  });
});

describe("Flux bootstrap objects", () => {
  test("a tag revision: GitRepository verifying tag and commit, Kustomization of ./<path> with the bridge", () => {
    expect(fluxBootstrapObjects(fluxInput())).toEqual([
      {
        apiVersion: "source.toolkit.fluxcd.io/v1",
        kind: "GitRepository",
        metadata: { name: "blueprint-environment", namespace: "flux-system", labels: { "app.kubernetes.io/managed-by": "ai-supply-chain-blueprint" } },
        spec: {
          url: "https://github.com/acme/ai-platform-gitops.git",
          interval: "1m",
          timeout: "60s",
          ref: { tag: "prod-2026.06.1" },
          verify: { mode: "TagAndHEAD", secretRef: { name: "blueprint-environment-signing-keys" } },
        },
      },
      {
        apiVersion: "kustomize.toolkit.fluxcd.io/v1",
        kind: "Kustomization",
        metadata: { name: "blueprint-environment", namespace: "flux-system", labels: { "app.kubernetes.io/managed-by": "ai-supply-chain-blueprint" } },
        spec: {
          interval: "10m",
          retryInterval: "2m",
          timeout: "5m",
          path: "./environments/prod",
          prune: true,
          wait: true,
          sourceRef: { kind: "GitRepository", name: "blueprint-environment" },
          postBuild: { substituteFrom: [{ kind: "ConfigMap", name: "blueprint-facts" }] },
        },
      },
    ]);
  });

  test.each([
    [{ commit: COMMIT }, { commit: COMMIT }, "HEAD"],
    [{ branch: "main" }, { branch: "main" }, "HEAD"],
    [{ tag: "v1.2.0" }, { tag: "v1.2.0" }, "TagAndHEAD"],
  ] as const)("revision %j maps to ref %j, verify mode %s", (revision, ref, mode) => {
    const [repo] = fluxBootstrapObjects(fluxInput({ source: { url: REPO, path: "envs/dev", revision } }));
    expect([repo!.spec.ref, repo!.spec.verify.mode]).toEqual([ref, mode]);
  });

  test("Git credentials are referenced only when named", () => {
    const [plain] = fluxBootstrapObjects(fluxInput());
    const [withCreds] = fluxBootstrapObjects(fluxInput({ source: { url: REPO, path: "envs/prod", revision: { commit: COMMIT }, credentialsSecretName: "git-credentials" } }));
    expect(plain!.spec.secretRef).toBeUndefined();
    expect(withCreds!.spec.secretRef).toEqual({ name: "git-credentials" });
  });

  test("the keys Secret holds one <key id>.asc per key, sorted by key id", () => {
    expect(fluxSigningKeysSecret(fluxInput({ signingKeys: [KEY_A, KEY_B] }))).toEqual({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "blueprint-environment-signing-keys", namespace: "flux-system", labels: { "app.kubernetes.io/managed-by": "ai-supply-chain-blueprint" } },
      type: "Opaque",
      stringData: { "0B1C2D3E4F506172.asc": KEY_B.armoredPublicKey, "4AEE18F83AFDEB23.asc": KEY_A.armoredPublicKey },
    });
  });

  test("same input, identical JSON; key order does not matter", () => {
    const a = JSON.stringify([fluxSigningKeysSecret(fluxInput({ signingKeys: [KEY_A, KEY_B] })), ...fluxBootstrapObjects(fluxInput())]);
    const b = JSON.stringify([fluxSigningKeysSecret(fluxInput({ signingKeys: [KEY_B, KEY_A] })), ...fluxBootstrapObjects(fluxInput())]);
    expect(a).toBe(b);
  });

  test("invalid inputs are refused with every problem at once", () => {
    expect(codes(() => fluxBootstrapObjects(fluxInput({
      source: { url: "http://github.com/acme/repo.git", path: "../etc", revision: { commit: "abc123" }, credentialsSecretName: "Git_Creds" },
      signingKeys: [],
      namespace: "Flux",
      name: "-bad",
    })))).toEqual([
      "GITOPS_REPO_URL_INVALID",
      "GITOPS_PATH_INVALID",
      "GITOPS_REVISION_INVALID",
      "GITOPS_CREDENTIALS_SECRET_INVALID",
      "GITOPS_SIGNING_KEYS_MISSING",
      "GITOPS_OBJECT_NAME_INVALID",
      "GITOPS_NAMESPACE_INVALID",
    ]);
  });

  test("a revision must be exactly one of tag, commit, branch", () => {
    const both = { tag: "v1", branch: "main" } as unknown as { tag: string };
    expect(codes(() => fluxBootstrapObjects(fluxInput({ source: { url: REPO, path: "envs/prod", revision: both } })))).toEqual(["GITOPS_REVISION_INVALID"]);
    expect(codes(() => fluxBootstrapObjects(fluxInput({ source: { url: REPO, path: "envs/prod", revision: { branch: "feature/../x" } } })))).toEqual(["GITOPS_REVISION_INVALID"]);
  });

  test("keys: malformed id, duplicate, private or unarmored key", () => {
    const privateKey = { keyId: "1111111111111111", armoredPublicKey: "-----BEGIN PGP PUBLIC KEY BLOCK-----\nPRIVATE KEY\n-----END PGP PUBLIC KEY BLOCK-----" };
    expect(codes(() => fluxBootstrapObjects(fluxInput({ signingKeys: [{ ...KEY_A, keyId: "4aee18f83afdeb23" }, KEY_B, KEY_B, privateKey, { keyId: "2222222222222222", armoredPublicKey: "ssh-ed25519 AAAA" }] })))).toEqual([
      "GITOPS_SIGNING_KEY_ID_INVALID",
      "GITOPS_SIGNING_KEY_DUPLICATE",
      "GITOPS_SIGNING_KEY_NOT_ARMORED",
      "GITOPS_SIGNING_KEY_NOT_ARMORED",
    ]);
  });

  test("the error is a blueprint validation error naming the prop and the accepted range", () => {
    let thrown: unknown;
    try {
      fluxBootstrapObjects(fluxInput({ source: { url: "git@github.com:acme/repo.git", path: "envs/prod", revision: { tag: "v1" } } }));
    } catch (e) {
      thrown = e;
    }
    expect(BlueprintValidationError.isValidationError(thrown)).toBe(true);
    expect((thrown as Error).message).toBe(
      'gitops/flux: source.url = "git@github.com:acme/repo.git" is invalid [GITOPS_REPO_URL_INVALID]; accepted: an https URL of a Git repository without user info, query or fragment (e.g. https://github.com/acme/ai-platform-gitops.git)',
    );
  });
});

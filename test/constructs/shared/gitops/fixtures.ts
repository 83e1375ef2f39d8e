import { GitOpsInputError } from "../../../../constructs/shared/gitops";
import type { ArgoCdBootstrapInput, BridgeFacts, ControllerNetworkInput, FluxBootstrapInput, OpenPgpPublicKey } from "../../../../constructs/shared/gitops";

/** Test keys: armored blocks whose bodies are placeholders (the functions never parse them). */
export const KEY_A: OpenPgpPublicKey = {
  keyId: "4AEE18F83AFDEB23",
  armoredPublicKey: "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmDMEZaaaaaFAKEKEYAAAAAAAA\n=AAAA\n-----END PGP PUBLIC KEY BLOCK-----\n",
};
export const KEY_B: OpenPgpPublicKey = {
  keyId: "0B1C2D3E4F506172",
  armoredPublicKey: "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmDMEZbbbbbFAKEKEYBBBBBBBB\n=BBBB\n-----END PGP PUBLIC KEY BLOCK-----\n",
};

export const REPO = "https://github.com/acme/ai-platform-gitops.git";
export const COMMIT = "0123456789abcdef0123456789abcdef01234567";

export function fluxInput(over: Partial<FluxBootstrapInput> = {}): FluxBootstrapInput {
  return { source: { url: REPO, path: "environments/prod", revision: { tag: "prod-2026.06.1" } }, signingKeys: [KEY_A, KEY_B], ...over };
}

export function argoInput(over: Partial<ArgoCdBootstrapInput> = {}): ArgoCdBootstrapInput {
  return { source: { url: REPO, path: "environments/dev", revision: { commit: COMMIT } }, signingKeys: [KEY_B, KEY_A], ...over };
}

export function networkInput(over: Partial<ControllerNetworkInput> = {}): ControllerNetworkInput {
  return { engine: "flux", gitHostCidrs: ["140.82.112.0/20", "2606:50c0::/32"], apiServerCidrs: ["10.0.0.0/28"], ...over };
}

/** A cdktf token string as a resource attribute renders before synth. */
export const TOKEN = "${TfToken[TOKEN.12]}";

export function bridgeFacts(over: Partial<BridgeFacts> = {}): BridgeFacts {
  return {
    cloud: "aws",
    environment: "prod",
    imageRegistryHost: "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
    imageRepositoryPrefix: "acme-ai-prod/",
    signingKeyUri: "awskms:///arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-4000-8000-000000000000",
    modelRegistries: [{ name: "fraud-scoring", artifactStore: "acme-ai-prod-fraud-scoring-123456789012" }, { name: "churn", artifactStore: TOKEN }],
    namespace: "flux-system",
    ...over,
  };
}

/** The codes of the GitOpsInputError `fn` throws; fails when it throws nothing or something else. */
export function problemCodes(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof GitOpsInputError) return e.problems.map((p) => p.code);
    throw e;
  }
  throw new Error("no error thrown");
}

import { ResolvedAdmissionInputs } from "./inputs";
import { ARGOCD_SYNC_WAVE_ANNOTATION, MANAGED_BY_LABEL } from "./names";

/* eslint-disable @typescript-eslint/no-explicit-any -- a plain manifest for YAML */
type Manifest = Record<string, any>;

/**
 * A sigstore policy-controller ClusterImagePolicy (`policy.sigstore.dev/v1beta1`;
 * sigstore/policy-controller docs/api-types "ClusterImagePolicy": `images[].glob`,
 * `authorities[].key.kms` or `.data`, `mode: enforce|warn`) requiring every image under the
 * environment's registry prefix to carry a cosign signature by the environment's KMS key. With
 * the key's PEM (`signingPublicKeyPem`) the controller verifies against it directly and needs
 * no access to the KMS; with the URI alone it fetches the public key from the KMS. A ValidatingAdmissionPolicy
 * cannot verify signatures (it is in-process CEL without network access), so this is the
 * signature anchor. The controller acts only in namespaces labelled
 * `policy.sigstore.dev/include: "true"`. `**` in the glob matches across `/`.
 */
export function clusterImagePolicy(inputs: ResolvedAdmissionInputs): Manifest {
  return {
    apiVersion: "policy.sigstore.dev/v1beta1",
    kind: "ClusterImagePolicy",
    metadata: { name: inputs.policyName, labels: { [MANAGED_BY_LABEL]: "admission" }, annotations: { [ARGOCD_SYNC_WAVE_ANNOTATION]: "-1" } },
    spec: {
      mode: inputs.mode === "enforce" ? "enforce" : "warn",
      images: [{ glob: `${inputs.imagePrefix}**` }],
      authorities: [{
        name: "environment-signing-key",
        key: inputs.signingPublicKeyPem === undefined ? { kms: inputs.signingKeyUri, hashAlgorithm: "sha256" } : { data: inputs.signingPublicKeyPem, hashAlgorithm: "sha256" },
      }],
    },
  };
}

/** The cosign command that signs an image with the environment's key (sigstore docs "Signing Containers", "Key Management Overview" (KMS support)). */
export function cosignSignCommand(inputs: ResolvedAdmissionInputs, imageByDigest: string): string {
  return `cosign sign --key ${inputs.signingKeyUri} ${imageByDigest}`;
}

import { TextRule } from "./text-rule";

/*
 * Limits of the admission policies' inputs (policies/admission/inputs.ts): the environment's
 * registry, the parameter ConfigMap and the image signing key's KMS URI.
 */

/**
 * A registry host, e.g. `123456789012.dkr.ecr.eu-west-1.amazonaws.com`,
 * `europe-west1-docker.pkg.dev` or `cracmeaiprod.azurecr.io`: lowercase DNS labels joined by
 * dots (at least two labels, so a bare `localhost` or a path cannot pass), optionally `:port`.
 */
export const ADMISSION_REGISTRY_HOST: TextRule = {
  pattern: /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+(?::[0-9]{1,5})?$/,
  accepted: "a lowercase registry host name with at least one dot, optionally with :port (e.g. cracmeaiprod.azurecr.io)",
  maxLength: 253,
};

/**
 * The repository prefix under the host, ending with `/`, e.g. `acme-ai-prod/` or
 * `acme-ai-prod/images/`: path components of the OCI distribution spec ("Pulling manifests":
 * `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`), each followed by `/`. The trailing `/` is what makes a
 * `startsWith` check refuse look-alike repositories (`acme-ai-prodevil/...`).
 */
export const ADMISSION_REPOSITORY_PREFIX: TextRule = {
  pattern: /^(?:[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*\/)+$/,
  accepted: "one or more OCI repository path components, each followed by / (e.g. acme-ai-prod/)",
  maxLength: 255,
};

/** A Kubernetes object name (DNS-1123 subdomain), e.g. a ConfigMap or a policy name. */
export const ADMISSION_OBJECT_NAME: TextRule = {
  pattern: /^[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?$/,
  accepted: "a DNS-1123 subdomain: lowercase letters, digits, - and ., starting and ending with a letter or digit, at most 253 characters",
  maxLength: 253,
};

/** A Kubernetes namespace name (DNS-1123 label). */
export const ADMISSION_NAMESPACE: TextRule = {
  pattern: /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/,
  accepted: "a DNS-1123 label: 1-63 lowercase letters, digits and -, starting and ending with a letter or digit",
};

/**
 * A label key with a DNS prefix, e.g. `ai-supply-chain-blueprint.io/model-serving` (Kubernetes
 * "Labels and Selectors", syntax and character set): prefix a DNS subdomain, name 1-63 characters.
 */
export const ADMISSION_LABEL_KEY: TextRule = {
  pattern: /^[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?\/[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/,
  accepted: "a prefixed label key <dns-subdomain>/<name> (e.g. ai-supply-chain-blueprint.io/model-serving)",
};

/**
 * An AWS KMS key for cosign (sigstore docs "Key Management Overview" (KMS support, docs.sigstore.dev/cosign/key_management/overview): `awskms://[ENDPOINT]/[ID/ALIAS/ARN]`),
 * by key ARN with the default endpoint: `awskms:///arn:aws:kms:<region>:<account>:key/<id>`.
 */
export const ADMISSION_AWS_KMS_URI: TextRule = {
  pattern: /^awskms:\/\/\/arn:aws(?:-cn|-us-gov)?:kms:[a-z]{2}(?:-[a-z]+)+-[0-9]:[0-9]{12}:(?:key\/[0-9a-f-]{36}|alias\/[A-Za-z0-9/_-]{1,250})$/,
  accepted: "awskms:///arn:aws:kms:<region>:<account>:key/<key id> (or alias/<name>)",
};

/**
 * A Cloud KMS key version for cosign (sigstore docs "Key Management Overview" (KMS support, docs.sigstore.dev/cosign/key_management/overview):
 * `gcpkms://projects/[PROJECT]/locations/[LOCATION]/keyRings/[KEYRING]/cryptoKeys/[KEY]/cryptoKeyVersions/[VERSION]`).
 * The version is required here, so a rotation does not silently change the verifying key.
 */
export const ADMISSION_GCP_KMS_URI: TextRule = {
  pattern: /^gcpkms:\/\/projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/locations\/[a-z0-9-]{1,63}\/keyRings\/[A-Za-z0-9_-]{1,63}\/cryptoKeys\/[A-Za-z0-9_-]{1,63}\/cryptoKeyVersions\/[1-9][0-9]{0,9}$/,
  accepted: "gcpkms://projects/<project>/locations/<location>/keyRings/<ring>/cryptoKeys/<key>/cryptoKeyVersions/<n>",
};

/**
 * An Azure Key Vault key for cosign (sigstore docs "Key Management Overview" (KMS support, docs.sigstore.dev/cosign/key_management/overview):
 * `azurekms://[VAULT_NAME][VAULT_URI]/[KEY]`, e.g. `azurekms://test-vault.vault.azure.net/test-key`).
 */
export const ADMISSION_AZURE_KMS_URI: TextRule = {
  pattern: /^azurekms:\/\/[a-z][a-z0-9-]{1,22}[a-z0-9]\.vault\.azure\.net\/[A-Za-z0-9-]{1,127}$/,
  accepted: "azurekms://<vault>.vault.azure.net/<key>",
};

/**
 * The `--kms` values of `blueprint model sign`. Each names one exact key so that what signs is
 * decided by the publisher's command line, not by whatever a default or a rotation points at.
 */

/** An AWS KMS key, by key ARN or alias ARN. */
export interface AwsKmsUri {
  readonly cloud: "aws";
  /** The ARN as given; `Sign` and `GetPublicKey` accept both forms as `KeyId`. */
  readonly keyId: string;
  readonly partition: "aws" | "aws-cn" | "aws-us-gov";
  /** From the ARN: a KMS key lives in one region and must be called there. */
  readonly region: string;
  readonly account: string;
}

/** A Cloud KMS key version. */
export interface GcpKmsUri {
  readonly cloud: "gcp";
  readonly keyVersionName: string;
  readonly project: string;
  readonly location: string;
  readonly keyRing: string;
  readonly cryptoKey: string;
  readonly version: string;
}

/** An Azure Key Vault or Managed HSM key version. */
export interface AzureKmsUri {
  readonly cloud: "azure";
  readonly keyId: string;
  /** `https://<vault>.<suffix>`, for `KeyClient`. */
  readonly vaultUrl: string;
  readonly name: string;
  readonly version: string;
}

export type KmsUri = AwsKmsUri | GcpKmsUri | AzureKmsUri;

/** A `--kms` value that names no acceptable key; the message is one line saying what is accepted. */
export class KmsUriError extends Error {
  public readonly code = "KMS_URI_INVALID";

  constructor(message: string) {
    super(message);
    this.name = "KmsUriError";
  }
}

const AWS_FORM = "aws:arn:<aws|aws-cn|aws-us-gov>:kms:<region>:<12-digit account>:key/<key-id> or ...:alias/<name>";
const GCP_FORM = "gcp:projects/<project>/locations/<location>/keyRings/<ring>/cryptoKeys/<key>/cryptoKeyVersions/<number>";
const AZURE_FORM = "azure:https://<vault>.vault.azure.net/keys/<name>/<32-character version> (or vault.azure.cn, vault.usgovcloudapi.net, managedhsm.azure.net)";

/**
 * ARN `arn:partition:kms:region:account:key/<id>` or `.../alias/<name>`, both accepted as `KeyId`
 * by `Sign` and `GetPublicKey`; key ids are UUIDs, or `mrk-` and 32 hex digits for multi-Region
 * keys; alias names are `alias/` then alphanumerics, `/`, `_`, `-`, 1-256 characters, and
 * `alias/aws/` is reserved for AWS managed keys (`@aws-sdk/client-kms` 3.1164.0
 * `dist-types/models/models_0.d.ts`: GetPublicKeyRequest.KeyId, CreateAliasRequest.AliasName).
 * An alias can be re-pointed to another key; the signer checks that `Sign` used the key whose
 * public key it fetched, and the gate trusts only the configured public key, but a key ARN is the
 * stronger choice.
 */
const AWS_ARN =
  /^arn:(aws|aws-cn|aws-us-gov):kms:([a-z]{2}(?:-[a-z]+)+-\d{1,2}):(\d{12}):(key\/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})|alias\/[A-Za-z0-9/_-]{1,250})$/;

/**
 * `CryptoKeyVersion` resource name (Cloud KMS REST `cryptoKeyVersions`). Key ring and key ids
 * match `[a-zA-Z0-9_-]{1,63}` (CreateKeyRingRequest `key_ring_id`, CreateCryptoKeyRequest
 * `crypto_key_id`); project ids are 6-30 lowercase letters, digits and hyphens, optionally with a
 * legacy `domain:` prefix; versions are positive integers.
 */
const GCP_NAME =
  /^projects\/((?:[a-z0-9.-]+:)?[a-z][a-z0-9-]{4,28}[a-z0-9])\/locations\/([a-z0-9-]{1,63})\/keyRings\/([A-Za-z0-9_-]{1,63})\/cryptoKeys\/([A-Za-z0-9_-]{1,63})\/cryptoKeyVersions\/([1-9][0-9]{0,18})$/;

/**
 * Key Vault object identifier `https://{vault}.{suffix}/keys/{name}/{version}` ("Azure Key Vault
 * keys, secrets and certificates overview": vault names 3-24 of `0-9a-zA-Z-` starting with a letter,
 * no consecutive or trailing hyphen; object names 1-127 of `0-9a-zA-Z-`; versions 32 characters;
 * DNS suffixes vault.azure.net, vault.azure.cn, vault.usgovcloudapi.net, managedhsm.azure.net. The
 * retired German cloud's vault.microsoftazure.de is left out).
 */
const AZURE_ID =
  /^https:\/\/([a-z](?:[a-z0-9]|-(?=[a-z0-9])){2,23}\.(?:vault\.azure\.net|vault\.azure\.cn|vault\.usgovcloudapi\.net|managedhsm\.azure\.net))\/keys\/([0-9a-z-]{1,127})\/([0-9a-z]{32})$/i;

function parseAws(rest: string): AwsKmsUri {
  const m = AWS_ARN.exec(rest);
  if (m === null) throw new KmsUriError(`--kms aws: value is not a KMS key or alias ARN; expected ${AWS_FORM}`);
  const [, partition = "", region = "", account = "", resource = ""] = m;
  if (resource.toLowerCase().startsWith("alias/aws/")) {
    throw new KmsUriError("--kms aws: alias/aws/ names AWS managed keys, which cannot sign; use a customer managed ECC_NIST_P256 key");
  }
  // Each partition has its own region names (AWS General Reference "ARN partitions").
  const expected = region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
  if (partition !== expected) {
    throw new KmsUriError(`--kms aws: region ${region} is not in partition ${partition}; expected ${AWS_FORM}`);
  }
  return { cloud: "aws", keyId: rest, partition: expected, region, account };
}

function parseGcp(rest: string): GcpKmsUri {
  const m = GCP_NAME.exec(rest);
  if (m === null) throw new KmsUriError(`--kms gcp: value is not a key version resource name; expected ${GCP_FORM}`);
  const [, project = "", location = "", keyRing = "", cryptoKey = "", version = ""] = m;
  return { cloud: "gcp", keyVersionName: rest, project, location, keyRing, cryptoKey, version };
}

/** Splits a versioned Key Vault key identifier; throws {@link KmsUriError} for anything else. */
export function parseAzureKeyId(keyId: string): AzureKmsUri {
  if (/^https:\/\/[^/]+\/keys\/[^/]+\/?$/i.test(keyId)) {
    throw new KmsUriError(`--kms azure: key id has no version, so a key rotation would change the signing key; expected ${AZURE_FORM}`);
  }
  const m = AZURE_ID.exec(keyId);
  if (m === null) throw new KmsUriError(`--kms azure: value is not a Key Vault key identifier; expected ${AZURE_FORM}`);
  const [, host = "", name = "", version = ""] = m;
  return { cloud: "azure", keyId, vaultUrl: `https://${host}`, name, version };
}

/** Parses a `--kms` value: `aws:<key-arn>`, `gcp:<key-version-name>` or `azure:<key-id>`. */
export function parseKmsUri(spec: string): KmsUri {
  const colon = spec.indexOf(":");
  const scheme = colon < 0 ? "" : spec.slice(0, colon);
  const rest = colon < 0 ? "" : spec.slice(colon + 1);
  switch (scheme) {
    case "aws":
      return parseAws(rest);
    case "gcp":
      return parseGcp(rest);
    case "azure":
      return parseAzureKeyId(rest);
    default:
      throw new KmsUriError("--kms must be aws:<key-arn>, gcp:<key-version-name> or azure:<key-id>");
  }
}

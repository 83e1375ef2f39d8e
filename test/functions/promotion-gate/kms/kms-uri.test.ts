import { KmsUriError, parseKmsUri } from "../../../../functions/promotion-gate/kms/kms-uri";

function refusal(spec: string): string {
  try {
    parseKmsUri(spec);
  } catch (e) {
    if (e instanceof KmsUriError) return e.message;
    throw e;
  }
  throw new Error(`expected ${spec} to be refused`);
}

const AWS_FORM = "aws:arn:<aws|aws-cn|aws-us-gov>:kms:<region>:<12-digit account>:key/<key-id> or ...:alias/<name>";
const GCP_FORM = "gcp:projects/<project>/locations/<location>/keyRings/<ring>/cryptoKeys/<key>/cryptoKeyVersions/<number>";
const AZURE_FORM =
  "azure:https://<vault>.vault.azure.net/keys/<name>/<32-character version> (or vault.azure.cn, vault.usgovcloudapi.net, managedhsm.azure.net)";

describe("parseKmsUri: AWS", () => {
  test("a key ARN gives its region, partition and account", () => {
    expect(parseKmsUri("aws:arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")).toEqual({
      cloud: "aws",
      keyId: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      partition: "aws",
      region: "eu-west-1",
      account: "111122223333",
    });
  });

  test.each([
    ["a multi-Region key", "arn:aws:kms:us-east-2:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab", "aws", "us-east-2"],
    ["an alias ARN", "arn:aws:kms:ap-southeast-2:111122223333:alias/model-signing/prod", "aws", "ap-southeast-2"],
    ["the China partition", "arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", "aws-cn", "cn-north-1"],
    ["GovCloud", "arn:aws-us-gov:kms:us-gov-west-1:111122223333:alias/oms", "aws-us-gov", "us-gov-west-1"],
  ])("accepts %s", (_what, arn, partition, region) => {
    expect(parseKmsUri(`aws:${arn}`)).toEqual({ cloud: "aws", keyId: arn, partition, region, account: "111122223333" });
  });

  test.each([
    ["a bare key id", "aws:1234abcd-12ab-34cd-56ef-1234567890ab"],
    ["an 11-digit account", "aws:arn:aws:kms:eu-west-1:11112222333:key/1234abcd-12ab-34cd-56ef-1234567890ab"],
    ["another service", "aws:arn:aws:s3:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"],
    ["a truncated key id", "aws:arn:aws:kms:eu-west-1:111122223333:key/1234abcd"],
    ["an unknown partition", "aws:arn:aws-iso:kms:us-iso-east-1:111122223333:alias/oms"],
    ["trailing text", "aws:arn:aws:kms:eu-west-1:111122223333:alias/oms extra"],
  ])("refuses %s", (_what, spec) => {
    expect(refusal(spec)).toBe(`--kms aws: value is not a KMS key or alias ARN; expected ${AWS_FORM}`);
  });

  test("refuses a region from another partition", () => {
    expect(refusal("aws:arn:aws:kms:cn-north-1:111122223333:alias/oms")).toBe(
      `--kms aws: region cn-north-1 is not in partition aws; expected ${AWS_FORM}`,
    );
  });

  test("refuses an AWS managed key alias", () => {
    expect(refusal("aws:arn:aws:kms:eu-west-1:111122223333:alias/aws/s3")).toBe(
      "--kms aws: alias/aws/ names AWS managed keys, which cannot sign; use a customer managed ECC_NIST_P256 key",
    );
  });
});

describe("parseKmsUri: GCP", () => {
  test("a key version name is split into its parts", () => {
    expect(parseKmsUri("gcp:projects/my-proj/locations/europe-west1/keyRings/models/cryptoKeys/oms_signing-1/cryptoKeyVersions/3")).toEqual({
      cloud: "gcp",
      keyVersionName: "projects/my-proj/locations/europe-west1/keyRings/models/cryptoKeys/oms_signing-1/cryptoKeyVersions/3",
      project: "my-proj",
      location: "europe-west1",
      keyRing: "models",
      cryptoKey: "oms_signing-1",
      version: "3",
    });
  });

  test("accepts a domain-scoped project and the global location", () => {
    expect(parseKmsUri("gcp:projects/example.com:my-proj/locations/global/keyRings/r/cryptoKeys/k/cryptoKeyVersions/12")).toMatchObject({
      project: "example.com:my-proj",
      location: "global",
      version: "12",
    });
  });

  test.each([
    ["a key without a version", "gcp:projects/my-proj/locations/global/keyRings/r/cryptoKeys/k"],
    ["version 0", "gcp:projects/my-proj/locations/global/keyRings/r/cryptoKeys/k/cryptoKeyVersions/0"],
    ["a traversal segment", "gcp:projects/my-proj/locations/global/keyRings/../cryptoKeys/k/cryptoKeyVersions/1"],
    ["a leading slash", "gcp:/projects/my-proj/locations/global/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1"],
    ["an uppercase project", "gcp:projects/My-Proj/locations/global/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1"],
    ["a 64-character key ring", `gcp:projects/my-proj/locations/global/keyRings/${"r".repeat(64)}/cryptoKeys/k/cryptoKeyVersions/1`],
  ])("refuses %s", (_what, spec) => {
    expect(refusal(spec)).toBe(`--kms gcp: value is not a key version resource name; expected ${GCP_FORM}`);
  });
});

describe("parseKmsUri: Azure", () => {
  test("a versioned key id gives the vault URL, name and version", () => {
    expect(parseKmsUri("azure:https://blueprint-kv.vault.azure.net/keys/oms-signing/0123456789abcdef0123456789abcdef")).toEqual({
      cloud: "azure",
      keyId: "https://blueprint-kv.vault.azure.net/keys/oms-signing/0123456789abcdef0123456789abcdef",
      vaultUrl: "https://blueprint-kv.vault.azure.net",
      name: "oms-signing",
      version: "0123456789abcdef0123456789abcdef",
    });
  });

  test.each([
    ["Azure China", "https://kv1.vault.azure.cn/keys/k/0123456789abcdef0123456789abcdef", "https://kv1.vault.azure.cn"],
    ["Azure US Government", "https://kv1.vault.usgovcloudapi.net/keys/k/0123456789abcdef0123456789abcdef", "https://kv1.vault.usgovcloudapi.net"],
    ["Managed HSM", "https://hsm1.managedhsm.azure.net/keys/k/0123456789abcdef0123456789abcdef", "https://hsm1.managedhsm.azure.net"],
  ])("accepts %s", (_what, keyId, vaultUrl) => {
    expect(parseKmsUri(`azure:${keyId}`)).toEqual({ cloud: "azure", keyId, vaultUrl, name: "k", version: "0123456789abcdef0123456789abcdef" });
  });

  test.each([
    ["no version", "azure:https://blueprint-kv.vault.azure.net/keys/oms-signing"],
    ["no version, trailing slash", "azure:https://blueprint-kv.vault.azure.net/keys/oms-signing/"],
  ])("refuses a key id with %s", (_what, spec) => {
    expect(refusal(spec)).toBe(`--kms azure: key id has no version, so a key rotation would change the signing key; expected ${AZURE_FORM}`);
  });

  test.each([
    ["plain http", "azure:http://blueprint-kv.vault.azure.net/keys/oms-signing/0123456789abcdef0123456789abcdef"],
    ["a host that only ends like a vault", "azure:https://evil.example/x.vault.azure.net/keys/k/0123456789abcdef0123456789abcdef"],
    ["a look-alike domain", "azure:https://kv1.vault.azure.net.evil.example/keys/k/0123456789abcdef0123456789abcdef"],
    ["a port", "azure:https://kv1.vault.azure.net:8443/keys/k/0123456789abcdef0123456789abcdef"],
    ["a secret, not a key", "azure:https://kv1.vault.azure.net/secrets/k/0123456789abcdef0123456789abcdef"],
    ["a short version", "azure:https://kv1.vault.azure.net/keys/k/0123456789abcdef"],
    ["a vault name with a double hyphen", "azure:https://kv--1.vault.azure.net/keys/k/0123456789abcdef0123456789abcdef"],
    ["a query string", "azure:https://kv1.vault.azure.net/keys/k/0123456789abcdef0123456789abcdef?x=1"],
  ])("refuses %s", (_what, spec) => {
    expect(refusal(spec)).toBe(`--kms azure: value is not a Key Vault key identifier; expected ${AZURE_FORM}`);
  });
});

describe("parseKmsUri: scheme", () => {
  test.each([["no scheme", "arn:aws:kms:eu-west-1:111122223333:alias/oms"], ["an unknown scheme", "vault:transit/keys/oms"], ["an empty value", ""]])(
    "refuses %s",
    (_what, spec) => {
      expect(refusal(spec)).toBe("--kms must be aws:<key-arn>, gcp:<key-version-name> or azure:<key-id>");
    },
  );

  test("the error carries a stable code", () => {
    expect(() => parseKmsUri("x")).toThrow(expect.objectContaining({ name: "KmsUriError", code: "KMS_URI_INVALID" }) as Error);
  });
});

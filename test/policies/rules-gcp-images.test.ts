import { KmsCryptoKeyIamMember } from "@cdktf/provider-google/lib/kms-crypto-key-iam-member";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { Construct } from "constructs";
import { ContainerRegistry } from "../../constructs/gcp/container-registry";
import { KeyRing } from "../../constructs/gcp/key-ring";
import { KmsKey } from "../../constructs/gcp/kms-key";
import { SigningKey } from "../../constructs/gcp/signing-key";
import { Rule } from "../../policies/rule";
import { rule as cmkEncryption } from "../../policies/rules/gcp/data-is-encrypted-with-customer-managed-keys";
import { rule as keyAdminSeparated } from "../../policies/rules/gcp/key-admins-cannot-use-keys";
import { rule as keysDeletionProtected } from "../../policies/rules/gcp/keys-are-deletion-protected";
import { rule as keysRotate } from "../../policies/rules/gcp/keys-rotate";
import { rule as immutableTags } from "../../policies/rules/gcp/registries-have-immutable-tags";
import { rule as scanOnPush } from "../../policies/rules/gcp/registries-scan-on-push";
import { rule as signingKeysRestricted } from "../../policies/rules/gcp/signing-keys-are-publisher-only";
import { Json, synthConstruct } from "../helpers/synth";
import { runCase } from "./rule-cases";

/*
 * The GCP rules that judge the model-signing key and the image repository, run through the whole
 * engine on what SigningKey and ContainerRegistry synthesize (the rules' own cases are in
 * rules-gcp.test.ts).
 */

const ADMINS = "group:kms-admins@example.com";
const PUBLISHER = "serviceAccount:fraud-scoring-publisher@acme-ai-prod.iam.gserviceaccount.com";
const TEAM = "group:llm-publishers@example.com";

interface Built {
  readonly ring: KeyRing;
  readonly signing: SigningKey;
  readonly images: ContainerRegistry;
}

/** A ring administered by ADMINS, a symmetric registry key, the signing key and the repository, plus `extra`. */
function synthImages(extra: (scope: Construct, built: Built) => void = () => undefined, publishers: readonly string[] = [PUBLISHER, TEAM]): Json {
  return synthConstruct((scope) => {
    const ring = new KeyRing(scope, "ring", { name: "acme-ai-prod", projectId: "acme-ai-prod", location: "europe-west1", adminMembers: [ADMINS] });
    const registryKey = new KmsKey(scope, "registry", { purpose: "registry", keyRing: ring });
    const signing = new SigningKey(scope, "signing", { keyRing: ring, publisherMembers: publishers });
    const images = new ContainerRegistry(scope, "images", {
      repositoryId: "acme-ai-prod-images",
      projectId: "acme-ai-prod",
      location: "europe-west1",
      kmsKey: registryKey,
      readerMembers: ["serviceAccount:serving@acme-ai-prod.iam.gserviceaccount.com"],
      publisherMembers: [...publishers],
    });
    extra(scope, { ring, signing, images });
  });
}

function run(rule: Rule, stack: Json) {
  const { findings, tally } = runCase(rule, { name: "synthesized", stack });
  return { messages: findings.map((f) => [f.severity, f.message]), tally: { compliant: tally?.compliant, nonCompliant: tally?.nonCompliant, notApplicable: tally?.notApplicable } };
}

describe("the signing key and image repository pass every GCP rule that applies to them", () => {
  test.each([keysRotate, keyAdminSeparated, keysDeletionProtected, signingKeysRestricted, cmkEncryption, immutableTags, scanOnPush].map((r) => [r.id, r] as const))("%s: no finding", (_id, rule) => {
    expect(run(rule, synthImages()).messages).toEqual([]);
  });
});

describe("KEY-ROTATION-GCP and the signing key", () => {
  test("the ASYMMETRIC_SIGN key without rotation_period is not applicable; the symmetric key beside it is checked and compliant", () => {
    expect(run(keysRotate, synthImages()).tally).toEqual({ compliant: 1, nonCompliant: 0, notApplicable: 1 });
  });
});

describe("KEY-ADMIN-SEPARATED-GCP and the signer grants", () => {
  test("signer grants to publishers who administer nothing are accepted", () => {
    expect(run(keyAdminSeparated, synthImages()).tally).toMatchObject({ nonCompliant: 0 });
  });

  test("Noncompliance: a ring administrator who is also a publisher signs with a key they administer", () => {
    expect(run(keyAdminSeparated, synthImages(undefined, [ADMINS])).messages).toContainEqual([
      "error",
      expect.stringMatching(/^"group:kms-admins@example\.com" holds roles\/cloudkms\.admin here and roles\/cloudkms\.signer through google_kms_crypto_key_iam_member\.signing_Signer-38ad9a6c_[A-Z0-9]+$/),
    ]);
  });
});

describe("SIGNING-KEY-RESTRICTED-GCP on the synthesized signing key", () => {
  test("Compliance: the key is checked (not skipped) and compliant", () => {
    expect(run(signingKeysRestricted, synthImages()).tally).toEqual({ compliant: 1, nonCompliant: 0, notApplicable: 1 });
  });

  test("Noncompliance: a person granted the signer role on the key beside the construct's grants", () => {
    const stack = synthImages((scope, { signing }) => new KmsCryptoKeyIamMember(scope, "alice", { cryptoKeyId: signing.keyId, role: "roles/cloudkms.signer", member: "user:alice@example.com" }));
    expect(run(signingKeysRestricted, stack).messages).toEqual([["error", '"user:alice@example.com" holds roles/cloudkms.signer through google_kms_crypto_key_iam_member.alice: only named service accounts or groups may sign']]);
  });

  test("Noncompliance: a project-level signer reaches the signing key", () => {
    const stack = synthImages((scope) => new ProjectIamMember(scope, "ci", { project: "acme-ai-prod", role: "roles/cloudkms.signer", member: "serviceAccount:ci@acme-ai-prod.iam.gserviceaccount.com" }));
    expect(run(signingKeysRestricted, stack).messages).toEqual([["error", "google_project_iam_member.ci grants roles/cloudkms.signer on the project: it reaches this signing key and every other key there"]]);
  });
});

describe("CMK-ENCRYPTION-GCP, REGISTRY-TAGS-IMMUTABLE-GCP and REGISTRY-SCAN-ON-PUSH-GCP on the repository", () => {
  test("Compliance: each checks the repository and finds it compliant", () => {
    expect(run(cmkEncryption, synthImages()).tally).toEqual({ compliant: 1, nonCompliant: 0, notApplicable: 0 });
    expect(run(immutableTags, synthImages()).tally).toEqual({ compliant: 1, nonCompliant: 0, notApplicable: 0 });
    expect(run(scanOnPush, synthImages()).tally).toEqual({ compliant: 1, nonCompliant: 0, notApplicable: 0 });
  });

  test("Noncompliance: a repository whose key is a literal name is a key this stack does not manage", () => {
    const stack = synthImages((_scope, { images }) => images.resource.addOverride("kms_key_name", "projects/p/locations/europe-west1/keyRings/r/cryptoKeys/k"));
    expect(run(cmkEncryption, stack).messages).toEqual([["warning", 'kms_key_name is "projects/p/locations/europe-west1/keyRings/r/cryptoKeys/k", not a key this stack manages']]);
  });

  test("Noncompliance: a repository without kms_key_name", () => {
    const stack = synthImages((_scope, { images }) => images.resource.addOverride("kms_key_name", null));
    expect(run(cmkEncryption, stack).messages).toEqual([["error", "kms_key_name is absent: data is encrypted with a Google-managed key"]]);
  });

  test("Noncompliance: mutable tags", () => {
    const stack = synthImages((_scope, { images }) => images.resource.addOverride("docker_config.immutable_tags", false));
    expect(run(immutableTags, stack).messages).toEqual([["error", "docker_config.immutable_tags is false, not true: tags can be moved to other images"]]);
  });

  test("Noncompliance: scanning disabled", () => {
    const stack = synthImages((_scope, { images }) => images.resource.addOverride("vulnerability_scanning_config.enablement_config", "DISABLED"));
    expect(run(scanOnPush, stack).messages).toEqual([["error", 'vulnerability_scanning_config.enablement_config is "DISABLED": pushed images are not scanned']]);
  });
});

import { Token } from "cdktf";
import { KeyRing } from "../../../constructs/gcp/key-ring";
import { SigningKey, SigningKeyProps } from "../../../constructs/gcp/signing-key";
import { validationErrorOf } from "../../helpers/errors";
import { Json, onlyResource, resourcesOf, synthConstruct } from "../../helpers/synth";

const PUBLISHER = "serviceAccount:fraud-scoring-publisher@acme-ai-prod.iam.gserviceaccount.com";
const TEAM = "group:llm-publishers@example.com";
const GATE = "serviceAccount:promotion-gate@acme-ai-prod.iam.gserviceaccount.com";

function synthSigning(props: Partial<Omit<SigningKeyProps, "keyRing">> = {}): Json {
  return synthConstruct((scope) => {
    const keyRing = new KeyRing(scope, "ring", { name: "acme-ai-prod", projectId: "acme-ai-prod", location: "europe-west1" });
    new SigningKey(scope, "signing", { keyRing, publisherMembers: [PUBLISHER, TEAM], ...props });
  });
}

/** Rows in a fixed order: the synthesized JSON orders resources by logical id. */
function sorted<T extends unknown[]>(rows: T[]): T[] {
  return [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

const KEY_REF = /^\$\{google_kms_crypto_key\.signing_[A-Z0-9]+\.id\}$/;

describe("gcp SigningKey", () => {
  const stack = synthSigning();

  test("ASYMMETRIC_SIGN, EC_SIGN_P256_SHA256 at HSM, named signing in the ring, no rotation_period, 30-day window, prevent_destroy, purpose label", () => {
    expect(onlyResource(stack, "google_kms_crypto_key")).toEqual({
      name: "signing",
      key_ring: expect.stringMatching(/^\$\{google_kms_key_ring\.ring_[A-Z0-9]+\.id\}$/),
      purpose: "ASYMMETRIC_SIGN",
      destroy_scheduled_duration: "2592000s",
      version_template: { algorithm: "EC_SIGN_P256_SHA256", protection_level: "HSM" },
      labels: { purpose: "signing" },
      lifecycle: { prevent_destroy: true },
    });
  });

  test("publishers get signer and public-key viewer on this key only, additively; nothing else is granted", () => {
    const grants = Object.values(resourcesOf(stack, "google_kms_crypto_key_iam_member")).map((g) => [g["role"], g["member"], KEY_REF.test(String(g["crypto_key_id"]))]);
    expect(sorted(grants)).toEqual([
      ["roles/cloudkms.publicKeyViewer", TEAM, true],
      ["roles/cloudkms.publicKeyViewer", PUBLISHER, true],
      ["roles/cloudkms.signer", TEAM, true],
      ["roles/cloudkms.signer", PUBLISHER, true],
    ]);
    expect(resourcesOf(stack, "google_kms_crypto_key_iam_binding")).toEqual({});
    expect(resourcesOf(stack, "google_kms_crypto_key_iam_policy")).toEqual({});
    expect(resourcesOf(stack, "google_kms_key_ring_iam_member")).toEqual({});
  });

  test("grant ids carry the member: adding a publisher in front does not rename the others' grants", () => {
    const before = Object.keys(resourcesOf(synthSigning({ publisherMembers: [PUBLISHER] }), "google_kms_crypto_key_iam_member"));
    const after = Object.keys(resourcesOf(synthSigning({ publisherMembers: [TEAM, PUBLISHER] }), "google_kms_crypto_key_iam_member"));
    expect(before).toHaveLength(2);
    expect(after).toEqual(expect.arrayContaining(before));
  });

  test("verifiers get the public-key viewer only (P-256 signatures verify offline), once even when also a publisher", () => {
    const s = synthSigning({ publisherMembers: [PUBLISHER], verifierMembers: [GATE, PUBLISHER] });
    expect(sorted(Object.values(resourcesOf(s, "google_kms_crypto_key_iam_member")).map((g) => [g["role"], g["member"]]))).toEqual([
      ["roles/cloudkms.publicKeyViewer", PUBLISHER],
      ["roles/cloudkms.publicKeyViewer", GATE],
      ["roles/cloudkms.signer", PUBLISHER],
    ]);
  });

  test("a 120 s wait follows every grant (IAM propagation)", () => {
    const sleep = onlyResource(stack, "time_sleep");
    expect(sleep["create_duration"]).toBe("120s");
    const grants = Object.keys(resourcesOf(stack, "google_kms_crypto_key_iam_member")).map((id) => `google_kms_crypto_key_iam_member.${id}`);
    expect(grants).toHaveLength(4);
    expect([...(sleep["depends_on"] as string[])].sort()).toEqual(grants.sort());
  });

  test("no publisher, no grant and no wait", () => {
    const s = synthSigning({ publisherMembers: [] });
    expect(resourcesOf(s, "google_kms_crypto_key_iam_member")).toEqual({});
    expect(resourcesOf(s, "time_sleep")).toEqual({});
  });

  test("the public key is version 1's, read by reference to the key", () => {
    const data = (stack["data"] as Record<string, Record<string, Json>>)["google_kms_crypto_key_version"]!;
    expect(Object.values(data).map((d) => [d["crypto_key"], d["version"]])).toEqual([[expect.stringMatching(KEY_REF), 1]]);
  });

  test("the attributes: key id and PEM by reference", () => {
    let key: SigningKey | undefined;
    synthConstruct((scope) => {
      const keyRing = new KeyRing(scope, "ring", { name: "acme-ai-prod", projectId: "acme-ai-prod", location: "europe-west1" });
      key = new SigningKey(scope, "signing", { keyRing, publisherMembers: [PUBLISHER] });
    });
    expect(key!.keyId).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
    expect(key!.publicKeyPem).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
  });

  test("standard protection: a 7-day window and no prevent_destroy, only when asked; SOFTWARE only when asked", () => {
    expect(onlyResource(synthSigning({ deletionWindowDays: 7, preventDestroy: false, protectionLevel: "SOFTWARE" }), "google_kms_crypto_key")).toMatchObject({
      destroy_scheduled_duration: "604800s",
      version_template: { algorithm: "EC_SIGN_P256_SHA256", protection_level: "SOFTWARE" },
      lifecycle: { prevent_destroy: false },
    });
  });
});

describe("gcp SigningKey validation", () => {
  test.each(["user:alice@example.com", "domain:example.com", "allUsers", "serviceAccount:no-at-sign", "group:team@example"])("GCP_SIGNING_MEMBER_INVALID: publisher %j", (member) => {
    const error = validationErrorOf(() => synthSigning({ publisherMembers: [PUBLISHER, member] }));
    expect(error.problems.map((p) => [p.code, p.constructPath, p.prop, p.value])).toEqual([["GCP_SIGNING_MEMBER_INVALID", "test/signing", "publisherMembers[1]", JSON.stringify(member)]]);
  });

  test("GCP_SIGNING_MEMBER_INVALID: a verifier that is a person", () => {
    const error = validationErrorOf(() => synthSigning({ verifierMembers: ["user:bob@example.com"] }));
    expect(error.problems).toEqual([
      { code: "GCP_SIGNING_MEMBER_INVALID", constructPath: "test/signing", prop: "verifierMembers[0]", value: '"user:bob@example.com"', accepted: "an IAM member: serviceAccount: or group: followed by an email address" },
    ]);
  });

  test("GCP_SIGNING_MEMBER_DUPLICATE: a publisher listed twice", () => {
    const error = validationErrorOf(() => synthSigning({ publisherMembers: [PUBLISHER, TEAM, PUBLISHER] }));
    expect(error.problems).toEqual([{ code: "GCP_SIGNING_MEMBER_DUPLICATE", constructPath: "test/signing", prop: "publisherMembers", value: JSON.stringify(PUBLISHER), accepted: "each member once" }]);
  });

  test("GCP_SIGNING_MEMBER_ID_MISSING: a member given as a reference needs a stable id", () => {
    const reference = `serviceAccount:${Token.asString({ resolve: () => "gate@acme-ai-prod.iam.gserviceaccount.com" })}`;
    expect(validationErrorOf(() => synthSigning({ publisherMembers: [PUBLISHER, reference] })).problems.map((p) => [p.code, p.prop])).toEqual([["GCP_SIGNING_MEMBER_ID_MISSING", "memberIds"]]);
  });

  test("a reference member's grants are named by its stable id, so two synths give the same ids", () => {
    const ids = (): string[] => {
      const reference = `serviceAccount:${Token.asString({ resolve: () => "gate@acme-ai-prod.iam.gserviceaccount.com" })}`;
      const r = synthSigning({ publisherMembers: [reference], memberIds: new Map([[reference, "gate:fraud-scoring"]]) });
      return Object.keys((r["resource"] as Record<string, Record<string, unknown>>)["google_kms_crypto_key_iam_member"] ?? {}).sort();
    };
    expect(ids()).toEqual(ids());
    expect(ids()).toHaveLength(2);
  });

  test("GCP_SIGNING_MEMBER_DUPLICATE: a verifier listed twice", () => {
    expect(validationErrorOf(() => synthSigning({ verifierMembers: [GATE, GATE] })).problems.map((p) => [p.code, p.prop])).toEqual([["GCP_SIGNING_MEMBER_DUPLICATE", "verifierMembers"]]);
  });

  test.each([6, 31, 7.5])("GCP_KMS_DELETION_WINDOW_OUT_OF_RANGE: %p days", (deletionWindowDays) => {
    expect(validationErrorOf(() => synthSigning({ deletionWindowDays })).problems.map((p) => [p.code, p.prop, p.accepted])).toEqual([
      ["GCP_KMS_DELETION_WINDOW_OUT_OF_RANGE", "deletionWindowDays", "an integer from 7 to 30"],
    ]);
  });

  test("name: another key of the ring (the gates' attestation key), its purpose label and version 1's name", () => {
    let versionName = "";
    const s2 = synthConstruct((scope) => {
      const keyRing = new KeyRing(scope, "ring", { name: "acme-ai-prod", projectId: "acme-ai-prod", location: "europe-west1" });
      versionName = new SigningKey(scope, "attestation", { keyRing, name: "gate-attestation", publisherMembers: [GATE] }).firstVersionName;
    });
    expect(onlyResource(s2, "google_kms_crypto_key")).toMatchObject({ name: "gate-attestation", purpose: "ASYMMETRIC_SIGN", labels: { purpose: "gate-attestation" } });
    expect(versionName).toMatch(/\/cryptoKeyVersions\/1$/);
  });

  test.each(["", "with space", "a".repeat(64)])("GCP_SIGNING_KEY_NAME_INVALID: name %j", (name) => {
    expect(validationErrorOf(() => synthSigning({ name })).problems.map((p) => [p.code, p.prop])).toEqual([["GCP_SIGNING_KEY_NAME_INVALID", "name"]]);
  });
});

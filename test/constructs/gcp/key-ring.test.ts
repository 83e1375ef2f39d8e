import { TerraformVariable } from "cdktf";
import { KeyRing, KeyRingProps } from "../../../constructs/gcp/key-ring";
import { KmsKey } from "../../../constructs/gcp/kms-key";
import { gcpRolesAreLeastPrivilege } from "../../checkers/least-privilege";
import { validationErrorOf } from "../../helpers/errors";
import { Json, onlyResource, resourcesOf, synthConstruct } from "../../helpers/synth";

function synthRing(props: Partial<KeyRingProps> = {}): Json {
  return synthConstruct((scope) => {
    const keyRing = new KeyRing(scope, "ring", { name: "acme-ai-dev", projectId: "acme-ai-dev", location: "europe-west1", ...props });
    new KmsKey(scope, "key", { purpose: "logs", keyRing });
  });
}

describe("gcp KeyRing", () => {
  test("#6 a fixed name and no time_static by default", () => {
    const stack = synthRing();
    expect(onlyResource(stack, "google_kms_key_ring")["name"]).toBe("acme-ai-dev");
    expect(resourcesOf(stack, "time_static")).toEqual({});
  });

  test("#6 rebuildable: the name carries a time_static's creation time by reference, so a rebuild after destroy gets a fresh ring", () => {
    const stack = synthRing({ rebuildable: true, preventDestroy: false });
    const [staticId, created] = Object.entries(resourcesOf(stack, "time_static"))[0]!;
    expect(Object.keys(resourcesOf(stack, "time_static"))).toHaveLength(1);
    expect(created).toEqual({});
    const ring = onlyResource(stack, "google_kms_key_ring");
    expect(ring["name"]).toBe(`acme-ai-dev-\${time_static.${staticId}.unix}`);
    expect(ring["lifecycle"]).toEqual({ prevent_destroy: false });
    expect((stack["provider"] as Json)["time"]).toBeDefined();
  });

  test("#6 rebuildable synthesizes the same bytes twice (no timestamp in the JSON)", () => {
    expect(JSON.stringify(synthRing({ rebuildable: true }))).toBe(JSON.stringify(synthRing({ rebuildable: true })));
  });

  test("#6 a rebuildable ring name leaves room for the 11-character suffix", () => {
    const error = validationErrorOf(() => synthRing({ rebuildable: true, name: "a".repeat(53) }));
    expect(error.problems[0]).toMatchObject({ prop: "name", code: "GCP_KMS_KEY_RING_NAME_INVALID", accepted: "1-52 of letters, digits, _ and -" });
  });

  test("#13 key administrators get roles/cloudkms.admin on the ring, authoritatively, and no key use", () => {
    const stack = synthRing({ adminMembers: ["group:kms-admins@example.com", "user:alice@example.com"] });
    const binding = onlyResource(stack, "google_kms_key_ring_iam_binding");
    expect(binding).toEqual({
      key_ring_id: expect.stringMatching(/^\$\{google_kms_key_ring\.ring_[A-Z0-9]+\.id\}$/),
      role: "roles/cloudkms.admin",
      members: ["group:kms-admins@example.com", "user:alice@example.com"],
    });
    expect(resourcesOf(stack, "google_kms_crypto_key_iam_member")).toEqual({});
    expect(resourcesOf(stack, "google_kms_crypto_key_iam_binding")).toEqual({});
    expect(gcpRolesAreLeastPrivilege(stack)).toEqual({ status: "compliant", checked: [expect.stringMatching(/^google_kms_key_ring_iam_binding\.ring_Admins_[A-Z0-9]+$/)] });
  });

  test("#13 no ring-level admin binding without admin members", () => {
    expect(resourcesOf(synthRing(), "google_kms_key_ring_iam_binding")).toEqual({});
  });

  test.each(["allUsers", "allAuthenticatedUsers", "domain:example.com", "alice@example.com", "group:"])("#13 rejects the admin member %s", (member) => {
    const error = validationErrorOf(() => synthRing({ adminMembers: [member] }));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({
      prop: "adminMembers[0]",
      code: "GCP_KMS_ADMIN_MEMBER_INVALID",
      accepted: "an IAM member: user:, group: or serviceAccount: followed by an email address",
    });
  });

  test.each(["", "has space", "a".repeat(64), "ring.with.dots"])("GCP_KMS_KEY_RING_NAME_INVALID: %j", (name) => {
    const error = validationErrorOf(() => synthRing({ name }));
    expect(error.problems.map((p) => [p.code, p.prop, p.accepted])).toEqual([["GCP_KMS_KEY_RING_NAME_INVALID", "name", "1-63 of letters, digits, _ and -"]]);
  });

  test("a bad name and a bad admin member are reported together", () => {
    const error = validationErrorOf(() => synthRing({ name: "has space", adminMembers: ["group:kms@example.com", "allUsers"] }));
    expect(error.problems.map((p) => [p.code, p.prop])).toEqual([
      ["GCP_KMS_KEY_RING_NAME_INVALID", "name"],
      ["GCP_KMS_ADMIN_MEMBER_INVALID", "adminMembers[1]"],
    ]);
  });

  test("a name and an admin member known only at apply time (Terraform variables) pass validation", () => {
    const stack = synthConstruct((scope) => {
      const name = new TerraformVariable(scope, "ring_name", { type: "string" }).stringValue;
      const admin = new TerraformVariable(scope, "ring_admin", { type: "string" }).stringValue;
      new KeyRing(scope, "ring", { name, projectId: "acme-ai-dev", location: "europe-west1", adminMembers: [admin] });
    });
    expect(onlyResource(stack, "google_kms_key_ring")["name"]).toBe("${var.ring_name}");
    expect(onlyResource(stack, "google_kms_key_ring_iam_binding")["members"]).toEqual(["${var.ring_admin}"]);
  });
});

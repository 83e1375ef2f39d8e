import { EXIT_BAD_INPUT } from "../../stacks/run-blueprint";
import { ConfigScratch, defaultConfigDoc } from "../helpers/config-scratch";

/*
 * GCP placement checks (config/cross-checks.ts checkGcpPlacement) and the keyAdminMembers field:
 * each broken configuration exits 2 with exactly one `config error:` line and no stack trace.
 */

const scratch = new ConfigScratch("gcp-placement");
type Doc = Record<string, unknown>;

function gcpOf(doc: Doc): Doc {
  return (doc["clouds"] as Doc)["gcp"] as Doc;
}

afterAll(() => scratch.remove());

test("#9 two environments in one GCP project are refused at the second one's projectId", () => {
  const doc = defaultConfigDoc<Doc>();
  ((gcpOf(doc)["environments"] as Doc)["prod"] as Doc)["projectId"] = "acme-ai-dev";
  const { code, lines, stderr } = scratch.run(doc);
  expect(code).toBe(EXIT_BAD_INPUT);
  expect(lines).toEqual([
    "config error: clouds.gcp.environments.prod.projectId: project acme-ai-dev is already environment dev's, and audit configs are per project; accepted: one project per environment",
  ]);
  expect(stderr).not.toMatch(/\n\s+at /);
});

test("#9 the state backend may share a project with an environment (the default configuration does)", () => {
  const doc = defaultConfigDoc<Doc>();
  expect((gcpOf(doc)["stateBackend"] as Doc)["projectId"]).toBe(((gcpOf(doc)["environments"] as Doc)["prod"] as Doc)["projectId"]);
  const { code, stderr } = scratch.run(doc);
  expect([code, stderr]).toEqual([0, ""]);
});

test("#9 an environment named tfstate in the state project is refused (its key ring would be the state ring's name)", () => {
  const doc = defaultConfigDoc<Doc>();
  (doc["environments"] as Doc)["tfstate"] = {};
  gcpOf(doc)["environments"] = { tfstate: { projectId: "acme-ai-prod", region: "europe-west1" } };
  const { code, lines } = scratch.run(doc);
  expect(code).toBe(EXIT_BAD_INPUT);
  expect(lines).toEqual([
    "config error: clouds.gcp.environments.tfstate: its key ring would be named like the state backend's in project acme-ai-prod; accepted: another environment name or project",
  ]);
});

test.each([
  ["allUsers", "clouds.gcp.keyAdminMembers[0]"],
  ["domain:example.com", "clouds.gcp.keyAdminMembers[0]"],
  ["kms-admins@example.com", "clouds.gcp.keyAdminMembers[0]"],
])("#13 keyAdminMembers refuses %s", (member, at) => {
  const doc = defaultConfigDoc<Doc>();
  gcpOf(doc)["keyAdminMembers"] = [member];
  const { code, lines } = scratch.run(doc);
  expect(code).toBe(EXIT_BAD_INPUT);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toBe(`config error: ${at}: got "${member}"; accepted: an IAM member: user:, group: or serviceAccount: followed by an email address`);
});

test("#13 keyAdminMembers refuses a member listed twice", () => {
  const doc = defaultConfigDoc<Doc>();
  gcpOf(doc)["keyAdminMembers"] = ["group:kms-admins@example.com", "group:KMS-admins@example.com"];
  const { code, lines } = scratch.run(doc);
  expect(code).toBe(EXIT_BAD_INPUT);
  expect(lines).toEqual(["config error: clouds.gcp.keyAdminMembers[1]: duplicates another member (group:KMS-admins@example.com); accepted: each member once"]);
});

test("#13 keyAdminMembers refuses the Cloud Storage service agent, which uses the keys", () => {
  const doc = defaultConfigDoc<Doc>();
  const agent = "serviceAccount:service-123456789012@gs-project-accounts.iam.gserviceaccount.com";
  gcpOf(doc)["keyAdminMembers"] = [agent];
  const { code, lines } = scratch.run(doc);
  expect(code).toBe(EXIT_BAD_INPUT);
  expect(lines).toEqual([`config error: clouds.gcp.keyAdminMembers[0]: ${agent} is a Cloud Storage service agent, which uses the keys; accepted: members that do not use keys`]);
});

test("#13 keyAdminMembers must be a list", () => {
  const doc = defaultConfigDoc<Doc>();
  gcpOf(doc)["keyAdminMembers"] = "group:kms-admins@example.com";
  const { code, lines } = scratch.run(doc);
  expect(code).toBe(EXIT_BAD_INPUT);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^config error: clouds\.gcp\.keyAdminMembers: got .+; accepted: a list of at most 20 IAM members$/);
});

test("#13 keyAdminMembers takes at most 20 members", () => {
  const doc = defaultConfigDoc<Doc>();
  gcpOf(doc)["keyAdminMembers"] = Array.from({ length: 21 }, (_, i) => `user:admin${i}@example.com`);
  const { code, lines } = scratch.run(doc);
  expect(code).toBe(EXIT_BAD_INPUT);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^config error: clouds\.gcp\.keyAdminMembers: .+; accepted: a list of at most 20 IAM members$/);
});

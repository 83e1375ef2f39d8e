import * as fs from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { EXIT_BAD_INPUT, runBlueprint } from "../../stacks/run-blueprint";

/*
 * GCP placement checks (config/cross-checks.ts checkGcpPlacement) and the keyAdminMembers field:
 * each broken configuration exits 2 with exactly one `config error:` line and no stack trace.
 */

const ROOT = path.resolve(__dirname, "..", "..");
const SCRATCH = path.join(ROOT, "test", ".out", "gcp-placement");
type Doc = Record<string, unknown>;

function defaultDoc(): Doc {
  return parse(fs.readFileSync(path.join(ROOT, "blueprint.config.yaml"), "utf8")) as Doc;
}

function gcpOf(doc: Doc): Doc {
  return (doc["clouds"] as Doc)["gcp"] as Doc;
}

let counter = 0;
function run(doc: Doc): { code: number; lines: string[]; stderr: string } {
  fs.mkdirSync(SCRATCH, { recursive: true });
  const file = path.join(SCRATCH, `case-${process.pid}-${counter++}.yaml`);
  fs.writeFileSync(file, stringify(doc));
  let stderr = "";
  const code = runBlueprint({
    env: { BLUEPRINT_CONFIG: file, CDKTF_OUTDIR: path.join(SCRATCH, "never-written") },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, lines: stderr.trimEnd().split("\n"), stderr };
}

afterAll(() => fs.rmSync(SCRATCH, { recursive: true, force: true }));

test("#9 two environments in one GCP project are refused at the second one's projectId", () => {
  const doc = defaultDoc();
  ((gcpOf(doc)["environments"] as Doc)["prod"] as Doc)["projectId"] = "acme-ai-dev";
  const { code, lines, stderr } = run(doc);
  expect(code).toBe(EXIT_BAD_INPUT);
  expect(lines).toEqual([
    "config error: clouds.gcp.environments.prod.projectId: project acme-ai-dev is already environment dev's, and audit configs are per project; accepted: one project per environment",
  ]);
  expect(stderr).not.toMatch(/\n\s+at /);
});

test("#9 the state backend may share a project with an environment (the default configuration does)", () => {
  const doc = defaultDoc();
  expect((gcpOf(doc)["stateBackend"] as Doc)["projectId"]).toBe(((gcpOf(doc)["environments"] as Doc)["prod"] as Doc)["projectId"]);
  fs.mkdirSync(SCRATCH, { recursive: true });
  const file = path.join(SCRATCH, `ok-${process.pid}.yaml`);
  fs.writeFileSync(file, stringify(doc));
  let stderr = "";
  const code = runBlueprint({ env: { BLUEPRINT_CONFIG: file, CDKTF_OUTDIR: path.join(SCRATCH, "ok-out") }, stderr: { write: (t: string) => (stderr += t) } });
  expect([code, stderr]).toEqual([0, ""]);
});

test("#9 an environment named tfstate in the state project is refused (its key ring would be the state ring's name)", () => {
  const doc = defaultDoc();
  (doc["environments"] as Doc)["tfstate"] = {};
  gcpOf(doc)["environments"] = { tfstate: { projectId: "acme-ai-prod", region: "europe-west1" } };
  const { code, lines } = run(doc);
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
  const doc = defaultDoc();
  gcpOf(doc)["keyAdminMembers"] = [member];
  const { code, lines } = run(doc);
  expect(code).toBe(EXIT_BAD_INPUT);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toBe(`config error: ${at}: got "${member}"; accepted: an IAM member: user:, group: or serviceAccount: followed by an email address`);
});

test("#13 keyAdminMembers refuses a member listed twice", () => {
  const doc = defaultDoc();
  gcpOf(doc)["keyAdminMembers"] = ["group:kms-admins@example.com", "group:KMS-admins@example.com"];
  const { code, lines } = run(doc);
  expect(code).toBe(EXIT_BAD_INPUT);
  expect(lines).toEqual(["config error: clouds.gcp.keyAdminMembers[1]: duplicates another member (group:KMS-admins@example.com); accepted: each member once"]);
});

test("#13 keyAdminMembers refuses the Cloud Storage service agent, which uses the keys", () => {
  const doc = defaultDoc();
  const agent = "serviceAccount:service-123456789012@gs-project-accounts.iam.gserviceaccount.com";
  gcpOf(doc)["keyAdminMembers"] = [agent];
  const { code, lines } = run(doc);
  expect(code).toBe(EXIT_BAD_INPUT);
  expect(lines).toEqual([`config error: clouds.gcp.keyAdminMembers[0]: ${agent} is a Cloud Storage service agent, which uses the keys; accepted: members that do not use keys`]);
});

test("#13 keyAdminMembers must be a list", () => {
  const doc = defaultDoc();
  gcpOf(doc)["keyAdminMembers"] = "group:kms-admins@example.com";
  const { code, lines } = run(doc);
  expect(code).toBe(EXIT_BAD_INPUT);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^config error: clouds\.gcp\.keyAdminMembers: got .+; accepted: a list of at most 20 IAM members$/);
});

test("#13 keyAdminMembers takes at most 20 members", () => {
  const doc = defaultDoc();
  gcpOf(doc)["keyAdminMembers"] = Array.from({ length: 21 }, (_, i) => `user:admin${i}@example.com`);
  const { code, lines } = run(doc);
  expect(code).toBe(EXIT_BAD_INPUT);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^config error: clouds\.gcp\.keyAdminMembers: .+; accepted: a list of at most 20 IAM members$/);
});

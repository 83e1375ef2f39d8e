import * as fs from "node:fs";
import * as path from "node:path";
import { EXIT_BAD_INPUT } from "../../stacks/run-blueprint";
import { ConfigScratch, defaultConfigDoc } from "../helpers/config-scratch";

/*
 * #15 (issue 6) on GCP: the optional evidence project (`clouds.gcp.evidence`). Each broken
 * configuration exits 2 with exactly one `config error:` line and no stack trace.
 */

const scratch = new ConfigScratch("gcp-evidence-config");
type Doc = Record<string, unknown>;

function gcpOf(doc: Doc): Doc {
  return (doc["clouds"] as Doc)["gcp"] as Doc;
}

afterAll(() => scratch.remove());

test("#15 an evidence project of its own is accepted and adds the stack evidence-gcp", () => {
  const doc = defaultConfigDoc<Doc>();
  gcpOf(doc)["evidence"] = { projectId: "acme-ai-evidence", region: "europe-west1" };
  const { code, stderr, outdir } = scratch.run(doc);
  expect(code).toBe(0);
  // The evidence stack holds dev's logs key and bucket too, with dev's standard protection: those
  // relaxations are the only findings, as warnings (the default acknowledgements name *-dev stacks).
  expect(stderr).toMatch(/^policy: 0 errors, 4 warnings, /);
  expect(stderr.split("\n").filter((l) => /^(error|warning) /.test(l)).map((l) => l.split(/\s+/).slice(0, 2).join(" ") + (l.includes("_dev_") ? " dev" : ""))).toEqual(Array(4).fill("warning evidence-gcp dev"));
  expect(fs.existsSync(path.join(outdir, "stacks", "evidence-gcp", "cdk.tf.json"))).toBe(true);
});

test("#15 without clouds.gcp.evidence there is no evidence-gcp stack (the default layout)", () => {
  const doc = defaultConfigDoc<Doc>();
  expect(gcpOf(doc)["evidence"]).toBeUndefined();
  const { code, outdir } = scratch.run(doc);
  expect(code).toBe(0);
  expect(fs.existsSync(path.join(outdir, "stacks", "evidence-gcp"))).toBe(false);
});

test("#15 an evidence project that is also an environment's is refused", () => {
  const doc = defaultConfigDoc<Doc>();
  gcpOf(doc)["evidence"] = { projectId: "acme-ai-dev", region: "europe-west1" };
  const { code, lines, stderr } = scratch.run(doc);
  expect(code).toBe(EXIT_BAD_INPUT);
  expect(lines).toEqual([
    "config error: clouds.gcp.evidence.projectId: project acme-ai-dev is also environment dev's; accepted: a project that holds no environment and no state backend",
  ]);
  expect(stderr).not.toMatch(/\n\s+at /);
});

test("#15 an evidence project that is also the state backend's is refused", () => {
  const doc = defaultConfigDoc<Doc>();
  gcpOf(doc)["stateBackend"] = { projectId: "acme-ai-state", region: "europe-west1" };
  gcpOf(doc)["evidence"] = { projectId: "acme-ai-state", region: "europe-west1" };
  const { code, lines } = scratch.run(doc);
  expect(code).toBe(EXIT_BAD_INPUT);
  expect(lines).toEqual([
    "config error: clouds.gcp.evidence.projectId: project acme-ai-state is also the state backend's; accepted: a project that holds no environment and no state backend",
  ]);
});

test("#15 the default state project, also prod's, is refused once for each reason", () => {
  const doc = defaultConfigDoc<Doc>();
  gcpOf(doc)["evidence"] = { projectId: "acme-ai-prod", region: "europe-west1" };
  const { code, lines } = scratch.run(doc);
  expect(code).toBe(EXIT_BAD_INPUT);
  expect(lines).toEqual([
    "config error: clouds.gcp.evidence.projectId: project acme-ai-prod is also the state backend's; accepted: a project that holds no environment and no state backend",
    "config error: clouds.gcp.evidence.projectId: project acme-ai-prod is also environment prod's; accepted: a project that holds no environment and no state backend",
  ]);
});

test.each([
  ["a malformed projectId", { projectId: "Acme_Evidence", region: "europe-west1" }, /^config error: clouds\.gcp\.evidence\.projectId: got "Acme_Evidence"; accepted: a GCP project id: /],
  ["an unknown region", { projectId: "acme-ai-evidence", region: "europe-west9x" }, /^config error: clouds\.gcp\.evidence\.region: got "europe-west9x"; accepted: a GCP region name \(nearest known: /],
  ["a missing region", { projectId: "acme-ai-evidence" }, /^config error: clouds\.gcp\.evidence\.region: .+; accepted: a GCP region name/],
  ["an unknown key", { projectId: "acme-ai-evidence", region: "europe-west1", accountId: "x" }, /^config error: clouds\.gcp\.evidence\.accountId: unknown key; accepted: one of the keys projectId, region$/],
  ["a non-mapping", "acme-ai-evidence", /^config error: clouds\.gcp\.evidence: got .+; accepted: /],
])("#15 clouds.gcp.evidence with %s is refused in one line", (_what, value, line) => {
  const doc = defaultConfigDoc<Doc>();
  gcpOf(doc)["evidence"] = value;
  const { code, lines, stderr } = scratch.run(doc);
  expect(code).toBe(EXIT_BAD_INPUT);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(line);
  expect(stderr).not.toMatch(/\n\s+at /);
});

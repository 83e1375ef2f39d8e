import * as fs from "node:fs";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { PINNED_ACTIONS } from "../../cli/ci-actions";

/*
 * Every third-party action in the committed pipelines is pinned by a full commit SHA (a tag can
 * be re-pointed by whoever controls the action's repository; a commit cannot), carries its
 * release tag as a comment, and comes from the one table of pins.
 */
const ROOT = path.resolve(__dirname, "..", "..");
const EXAMPLES = path.join(ROOT, "examples", "ci");

/** `owner/repo[/path]@<40 hex>`, or a local action (`./...`). */
function pinned(uses: string): boolean {
  return uses.startsWith("./") || /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(\/[A-Za-z0-9_./-]+)?@[0-9a-f]{40}$/.test(uses);
}

/** Every YAML file under examples/ci, both providers, dot-folders included. */
function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(e.name) ? [p] : [];
  });
}

/** Every value of a `uses` key anywhere in the document. */
function usesValues(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(usesValues);
  if (node === null || typeof node !== "object") return [];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => (k === "uses" && typeof v === "string" ? [v] : usesValues(v)));
}

const files = yamlFiles(EXAMPLES);
const uses = files.flatMap((f) => parseAllDocuments(fs.readFileSync(f, "utf8")).flatMap((d) => usesValues(d.toJS())));

test("the checker accepts pins by full SHA and local actions, and refuses everything else", () => {
  expect(pinned("actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1")).toBe(true);
  expect(pinned("github/codeql-action/upload-sarif@8aad20d150bbac5944a9f9d289da16a4b0d87c1e")).toBe(true);
  expect(pinned("./.github/actions/local")).toBe(true);
  expect(pinned("actions/checkout@v7")).toBe(false);
  expect(pinned("actions/checkout@v7.0.1")).toBe(false);
  expect(pinned("actions/checkout@main")).toBe(false);
  expect(pinned("actions/checkout@3d3c42e")).toBe(false);
  expect(pinned("actions/checkout@3D3C42E5AAC5BA805825DA76410C181273BA90B1")).toBe(false);
  expect(pinned("actions/checkout")).toBe(false);
  expect(pinned("docker://alpine:3.20")).toBe(false);
});

test("examples/ci holds both providers' pipelines and uses actions", () => {
  expect(files.some((f) => f.includes(`${path.sep}github${path.sep}`))).toBe(true);
  expect(files.some((f) => f.includes(`${path.sep}gitlab${path.sep}`))).toBe(true);
  expect(uses.length).toBeGreaterThan(50);
});

test("every uses: in examples/ci is pinned by a full commit SHA", () => {
  expect(uses.filter((u) => !pinned(u))).toEqual([]);
});

test("every uses: line carries the tag of its pin as a comment, from the one table", () => {
  const byRef = new Map(Object.values(PINNED_ACTIONS).map((a) => [`${a.action}@${a.sha}`, a.tag]));
  const lines = files.flatMap((f) => fs.readFileSync(f, "utf8").split("\n").filter((l) => l.trimStart().startsWith("uses:") || l.trimStart().startsWith("- uses:")));
  expect(lines.length).toBe(uses.length);
  const wrong = lines.filter((l) => {
    const [ref, comment] = l.replace(/^\s*(- )?uses:\s*/, "").split(" # ");
    return byRef.get(ref ?? "") === undefined || byRef.get(ref ?? "") !== comment;
  });
  expect(wrong).toEqual([]);
});

test("the table of pins: each action at the newest release of its major, by commit", () => {
  expect(PINNED_ACTIONS).toEqual({
    checkout: { action: "actions/checkout", tag: "v7.0.1", sha: "3d3c42e5aac5ba805825da76410c181273ba90b1" },
    setupNode: { action: "actions/setup-node", tag: "v7.0.0", sha: "820762786026740c76f36085b0efc47a31fe5020" },
    uploadArtifact: { action: "actions/upload-artifact", tag: "v7.0.0", sha: "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f" },
    downloadArtifact: { action: "actions/download-artifact", tag: "v8.0.1", sha: "3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c" },
    uploadSarif: { action: "github/codeql-action/upload-sarif", tag: "v4.36.2", sha: "8aad20d150bbac5944a9f9d289da16a4b0d87c1e" },
    awsCredentials: { action: "aws-actions/configure-aws-credentials", tag: "v6.2.3", sha: "e6de054238d6b7531b4efff3b6587d9aade6a06c" },
    gcpAuth: { action: "google-github-actions/auth", tag: "v3.0.0", sha: "7c6bc770dae815cd3e89ee6cdf493a5fab2cc093" },
    setupGcloud: { action: "google-github-actions/setup-gcloud", tag: "v3.0.1", sha: "aa5489c8933f4cc7a4f7d45035b3b1440c9c10db" },
    azureLogin: { action: "azure/login", tag: "v3.0.1", sha: "f5d393ae46f8fde4be8b75f32e3fc50e654ad0ca" },
    setupTerraform: { action: "hashicorp/setup-terraform", tag: "v4.0.1", sha: "dfe3c3f87815947d99a8997f908cb6525fc44e9e" },
  });
});

test("every pin of the table is used by the committed workflows", () => {
  const used = new Set(uses.map((u) => u.split("@")[0]));
  expect(Object.values(PINNED_ACTIONS).filter((a) => !used.has(a.action)).map((a) => a.action)).toEqual([]);
});

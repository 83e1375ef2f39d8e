import { readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { keyFiles, makeModel, model, ROOT, scratch } from "./model-helpers";

/*
 * `blueprint model check` against the default configuration's fraud-scoring registry
 * (evaluation: accuracy >= 0.9, demographic_parity_difference <= 0.1, bias_audit passed; lineage
 * dataset-digest, source-commit, eval-report): the same checks the deployed gate runs, locally.
 */

/** safetensors layout: u64 LE header length, JSON header, then the tensor bytes. */
function safetensors(): Buffer {
  const data = Buffer.alloc(8);
  data.writeFloatLE(1.5, 0);
  data.writeFloatLE(-2, 4);
  const header = Buffer.from(JSON.stringify({ w: { dtype: "F32", shape: [2], data_offsets: [0, 8] } }), "utf8");
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(header.length));
  return Buffer.concat([length, header, data]);
}

// Protocol 0 `GLOBAL os system`, opcode by opcode: c "os\n" "system\n" | ( MARK | S 'id' | t TUPLE | R REDUCE | . STOP
const OS_SYSTEM = Buffer.from("cos\nsystem\n(S'id'\ntR.", "latin1");

function report(metrics: Record<string, number>, tests: Record<string, string>): string {
  return JSON.stringify({ metrics, tests });
}

const GOOD_REPORT = report({ accuracy: 0.95, demographic_parity_difference: 0.05 }, { bias_audit: "passed" });
const LINEAGE = {
  "dataset-digest": `sha256:${"ab".repeat(32)}`,
  "source-commit": "0123456789abcdef0123456789abcdef01234567",
  "eval-report": "eval/report.json",
};

/** A signed model folder; `check(...)` runs `blueprint model check` on it from the repository root. */
async function signedModel(files: Record<string, string | Buffer>) {
  const root = scratch();
  const dir = makeModel(root, files, "fraud-model");
  const keys = keyFiles(root);
  const signing = await model(["sign", dir, "--private-key", keys.privatePath]);
  expect(signing.code).toBe(0);
  const check = (lineage: Record<string, string> = LINEAGE, ...extra: string[]) =>
    model([
      "check", dir, "--signature", join(dir, "model.sig"), "--public-key", keys.publicPath, "--registry", "fraud-scoring",
      ...Object.entries(lineage).flatMap(([k, v]) => ["--lineage", `${k}=${v}`]),
      ...extra,
    ]);
  return { root, dir, keys, check };
}

const GOOD_FILES = { "model.safetensors": safetensors(), "eval/report.json": GOOD_REPORT };

test("a good model is accepted: every check PASS, exit 0", async () => {
  const { check } = await signedModel(GOOD_FILES);
  const run = await check();
  expect(run.code).toBe(0);
  expect(run.stderr).toBe("");
  const lines = run.stdout.trimEnd().split("\n");
  expect(lines.map((l) => l.replace(/:.*$/, ""))).toEqual(["PASS limits", "PASS signature", "PASS lineage", "PASS evaluation", "PASS serialization", "LATER malware-scan", "accepted"]);
  expect(lines).toContain("PASS lineage: 3 lineage keys required: dataset-digest, source-commit, eval-report");
  // A local folder has no scan result: listed, neither a pass nor a failure, exit code unchanged.
  expect(lines).toContain("LATER malware-scan: runs after upload (GuardDuty Malware Protection for S3 scans every object; missing results: wait, up to 300 s)");
});

test("--json prints the decision instead", async () => {
  const { check } = await signedModel(GOOD_FILES);
  const run = await check(LINEAGE, "--json");
  expect(run.code).toBe(0);
  const decision = JSON.parse(run.stdout) as { accepted: boolean; checks: { id: string; status: string }[]; files: { name: string }[] };
  expect(decision.accepted).toBe(true);
  expect(decision.checks.map((c) => [c.id, c.status])).toEqual([
    ["limits", "passed"],
    ["signature", "passed"],
    ["lineage", "passed"],
    ["evaluation", "passed"],
    ["serialization", "passed"],
  ]);
  expect(decision.files.map((f) => f.name)).toEqual(["eval/report.json", "model.safetensors"]);
});

test("a failed threshold rejects, exit 1", async () => {
  const { check } = await signedModel({ ...GOOD_FILES, "eval/report.json": report({ accuracy: 0.85, demographic_parity_difference: 0.05 }, { bias_audit: "passed" }) });
  const run = await check();
  expect(run.code).toBe(1);
  const lines = run.stdout.trimEnd().split("\n");
  expect(lines.filter((l) => !l.startsWith("PASS "))).toEqual([
    "FAIL evaluation: failed threshold: accuracy is 0.85, required >= 0.9 (GATE_THRESHOLD_FAILED)",
    "LATER malware-scan: runs after upload (GuardDuty Malware Protection for S3 scans every object; missing results: wait, up to 300 s)",
    "rejected: 1 check failed",
  ]);
});

test("a missing lineage rejects, exit 1", async () => {
  const { check } = await signedModel(GOOD_FILES);
  const run = await check({ "dataset-digest": LINEAGE["dataset-digest"], "eval-report": LINEAGE["eval-report"] });
  expect(run.code).toBe(1);
  expect(run.stdout.trimEnd().split("\n").filter((l) => !l.startsWith("PASS "))).toEqual([
    "FAIL lineage: missing lineage: lineage source-commit is missing (GATE_LINEAGE_MISSING)",
    "LATER malware-scan: runs after upload (GuardDuty Malware Protection for S3 scans every object; missing results: wait, up to 300 s)",
    "rejected: 1 check failed",
  ]);
});

test("a pickle importing os.system rejects as unsafe pickle, exit 1", async () => {
  const { check } = await signedModel({ ...GOOD_FILES, "model.pkl": OS_SYSTEM });
  const run = await check();
  expect(run.code).toBe(1);
  const fails = run.stdout.split("\n").filter((l) => l.startsWith("FAIL "));
  expect(fails.filter((l) => l.startsWith("FAIL serialization: unsafe pickle: ") && l.endsWith(" (PICKLE_UNSAFE_IMPORT)"))).toHaveLength(1);
  expect(fails.find((l) => l.includes("PICKLE_UNSAFE_IMPORT"))).toMatch(/model\.pkl.*os.*system/);
  expect(run.stdout.trimEnd().split("\n").at(-1)).toBe("rejected: 1 check failed");
});

test("a tampered file rejects at the signature check and the evaluation is skipped", async () => {
  const { dir, check } = await signedModel(GOOD_FILES);
  writeFileSync(join(dir, "eval", "report.json"), report({ accuracy: 0.99, demographic_parity_difference: 0 }, { bias_audit: "passed" }));
  const run = await check();
  expect(run.code).toBe(1);
  const lines = run.stdout.trimEnd().split("\n");
  expect(lines).toContain("FAIL signature: tampered file: file eval/report.json does not match its signed digest (OMS_DIGEST_MISMATCH)");
  expect(lines.filter((l) => l.startsWith("SKIP evaluation: "))).toHaveLength(1);
  expect(lines.at(-1)).toBe("rejected: 1 check failed, 1 check not run");
});

test("a folder the gate could not receive (a symbolic link) is one check line and exit 1, as text or JSON", async () => {
  const { dir, check } = await signedModel(GOOD_FILES);
  symlinkSync(join(dir, "model.safetensors"), join(dir, "copy.safetensors"));
  expect(await check()).toEqual({
    code: 1,
    stdout: "check: symbolic link: copy.safetensors is a symbolic link and symlinks are not allowed (OMS_SYMLINK_REFUSED)\nrejected: the folder cannot be uploaded as it is\n",
    stderr: "",
  });
  const json = await check(LINEAGE, "--json");
  expect(json.code).toBe(1);
  expect(JSON.parse(json.stdout)).toEqual({
    accepted: false,
    checks: [],
    files: [],
    error: { code: "OMS_SYMLINK_REFUSED", label: "symbolic link", message: "copy.safetensors is a symbolic link and symlinks are not allowed" },
  });
});

describe("registries", () => {
  /** The default configuration with aws/dev's fraud-scoring asking for a higher accuracy. */
  function divergentConfig(root: string): string {
    const text = readFileSync(join(ROOT, "blueprint.config.yaml"), "utf8");
    const changed = text.replace('evaluation: ["accuracy >= 0.9"', 'evaluation: ["accuracy >= 0.99"');
    expect(changed).not.toBe(text);
    const file = join(root, "divergent.yaml");
    writeFileSync(file, changed);
    return file;
  }

  test("a name whose environments differ is ambiguous: exit 2 listing the qualified names", async () => {
    const { root, check } = await signedModel(GOOD_FILES);
    const run = await check(LINEAGE, "--config", divergentConfig(root));
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr:
        'model error: --registry "fraud-scoring" names registries whose lineage tags or gate settings differ; accepted: one of ' +
        "aws/dev/fraud-scoring, aws/prod/fraud-scoring, gcp/dev/fraud-scoring, gcp/prod/fraud-scoring, azure/dev/fraud-scoring, azure/prod/fraud-scoring\n",
    });
  });

  test("<cloud>/<env>/<name> picks one: aws/dev applies its own threshold", async () => {
    const { root, dir, keys } = await signedModel(GOOD_FILES);
    const config = divergentConfig(root);
    const lineage = Object.entries(LINEAGE).flatMap(([k, v]) => ["--lineage", `${k}=${v}`]);
    const base = ["check", dir, "--signature", join(dir, "model.sig"), "--public-key", keys.publicPath, "--config", config, ...lineage];
    const dev = await model([...base, "--registry", "aws/dev/fraud-scoring"]);
    expect(dev.code).toBe(1);
    expect(dev.stdout).toContain("FAIL evaluation: failed threshold: accuracy is 0.95, required >= 0.99 (GATE_THRESHOLD_FAILED)\n");
    expect((await model([...base, "--registry", "aws/prod/fraud-scoring"])).code).toBe(0);
  });

  test("an unknown registry: exit 2 listing the known names", async () => {
    const { dir, keys } = await signedModel(GOOD_FILES);
    const run = await model(["check", dir, "--signature", join(dir, "model.sig"), "--public-key", keys.publicPath, "--registry", "fraud"]);
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr: `model error: --registry "fraud" is not a registry of ${join(ROOT, "blueprint.config.yaml")}; accepted: fraud-scoring, llm-adapters, or <cloud>/<env>/<name>\n`,
    });
  });
});

describe("bad input to check: exit 2, one line", () => {
  test.each([
    ["--lineage without =", ["--lineage", "dataset-digest"], 'model error: --lineage "dataset-digest" is not key=value; accepted: key=value where key is a tag key: 1-63 lowercase letters, digits and single hyphens, not starting or ending with a hyphen, e.g. dataset-digest=sha256:<64 hex>'],
    ["--lineage with an empty key", ["--lineage", "=x"], 'model error: --lineage "=x" is not key=value; accepted: key=value where key is a tag key: 1-63 lowercase letters, digits and single hyphens, not starting or ending with a hyphen, e.g. dataset-digest=sha256:<64 hex>'],
    ["a lineage key twice", ["--lineage", "a=1", "--lineage", "a=2"], "model error: --lineage a is given twice; accepted: each lineage key once"],
  ])("%s", async (_what, extra, line) => {
    const { dir, keys } = await signedModel(GOOD_FILES);
    const run = await model(["check", dir, "--signature", join(dir, "model.sig"), "--public-key", keys.publicPath, "--registry", "fraud-scoring", ...extra]);
    expect(run).toEqual({ code: 2, stdout: "", stderr: `${line}\n` });
  });

  test("a missing --registry", async () => {
    const { dir, keys } = await signedModel(GOOD_FILES);
    const run = await model(["check", dir, "--signature", join(dir, "model.sig"), "--public-key", keys.publicPath]);
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "model error: required option '--registry <name>' not specified; accepted: blueprint model check DIR --signature <path> --public-key <pub.pem> --registry <name> [--lineage key=value ...] [--config <path>] [--json]\n",
    });
  });

  test("a configuration that does not exist is the configuration's own error line", async () => {
    const { root, dir, keys } = await signedModel(GOOD_FILES);
    const missing = join(root, "none.yaml");
    const run = await model(["check", dir, "--signature", join(dir, "model.sig"), "--public-key", keys.publicPath, "--registry", "fraud-scoring", "--config", missing]);
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr: `config error: ${missing}: file not found; accepted: a YAML file, the default blueprint.config.yaml or the path in BLUEPRINT_CONFIG\n`,
    });
  });
});

import * as fs from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { EXIT_BAD_INPUT, EXIT_OK, runBlueprint } from "../../stacks/run-blueprint";

/*
 * clouds.azure.evidence (issue 6 #15): the field's own checks (config/schema.ts) and the
 * placement checks (config/cross-checks.ts, checkAzurePlacement). Each refused case exits 2 with
 * one line `config error: <path>: <what is wrong>; accepted: <what is accepted>`.
 */

const ROOT = path.resolve(__dirname, "..", "..");
const SCRATCH = path.join(ROOT, "test", ".out", "azure-evidence-config");
const EVIDENCE = "00000000-0000-4000-8000-0000000000e1";
type Doc = Record<string, unknown>;

function at(doc: Doc, ...keys: string[]): Doc {
  return keys.reduce((node, key) => node[key] as Doc, doc);
}

/** The default document with `clouds.azure.evidence` set to `evidence`. */
function withEvidence(evidence: unknown): Doc {
  const doc = parse(fs.readFileSync(path.join(ROOT, "blueprint.config.yaml"), "utf8")) as Doc;
  at(doc, "clouds", "azure")["evidence"] = evidence;
  return doc;
}

function run(doc: Doc, name: string): { code: number; stderr: string } {
  fs.mkdirSync(SCRATCH, { recursive: true });
  const file = path.join(SCRATCH, `${name}-${process.pid}.yaml`);
  fs.writeFileSync(file, stringify(doc));
  let stderr = "";
  const code = runBlueprint({
    env: { BLUEPRINT_CONFIG: file, CDKTF_OUTDIR: path.join(SCRATCH, `out-${name}`) },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, stderr };
}

describe("clouds.azure.evidence", () => {
  afterAll(() => fs.rmSync(SCRATCH, { recursive: true, force: true }));

  test("#15 accepts a subscription of its own, in another location than the environments", () => {
    const { code, stderr } = run(withEvidence({ subscriptionId: EVIDENCE, location: "northeurope" }), "accepted");
    // The evidence stack holds dev's logs key and account too, with dev's standard protection (and
    // the deployers' IP range): those relaxations are the only findings, as warnings.
    expect(stderr).toMatch(/^policy: 0 errors, \d+ warnings, /);
    expect(stderr.split("\n").filter((l) => /^error /.test(l))).toEqual([]);
    expect(new Set(stderr.split("\n").filter((l) => /^warning /.test(l)).map((l) => l.split(/\s+/)[1]))).toEqual(new Set(["evidence-azure"]));
    expect(code).toBe(EXIT_OK);
    expect(fs.existsSync(path.join(SCRATCH, "out-accepted", "stacks", "evidence-azure", "cdk.tf.json"))).toBe(true);
  });

  test("#15 refuses the state backend's subscription", () => {
    const state = "00000000-0000-4000-8000-000000000002";
    // prod runs in the state backend's subscription too: both lines, one per reason.
    const { code, stderr } = run(withEvidence({ subscriptionId: state, location: "westeurope" }), "state");
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(stderr).toBe(
      `config error: clouds.azure.evidence.subscriptionId: ${state} is also the state backend's subscription; accepted: a subscription that runs no environment and holds no state backend\n` +
        `config error: clouds.azure.evidence.subscriptionId: ${state} also runs environment prod; accepted: a subscription that runs no environment and holds no state backend\n`,
    );
  });

  test("#15 refuses an environment's subscription", () => {
    const dev = "00000000-0000-4000-8000-000000000001";
    const { code, stderr } = run(withEvidence({ subscriptionId: dev, location: "westeurope" }), "environment");
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(stderr).toBe(
      `config error: clouds.azure.evidence.subscriptionId: ${dev} also runs environment dev; accepted: a subscription that runs no environment and holds no state backend\n`,
    );
  });

  test.each([
    [{ subscriptionId: "not-a-uuid", location: "westeurope" }, "clouds.azure.evidence.subscriptionId: got \"not-a-uuid\"; accepted: a UUID such as 00000000-0000-4000-8000-000000000000"],
    [{ location: "westeurope" }, "clouds.azure.evidence.subscriptionId: missing; accepted: a UUID such as 00000000-0000-4000-8000-000000000000"],
    [{ subscriptionId: EVIDENCE, location: "westeuropa" }, "clouds.azure.evidence.location: got \"westeuropa\"; accepted: an Azure location name (nearest known: "],
    [{ subscriptionId: EVIDENCE, location: "westeurope", accountId: "1" }, "clouds.azure.evidence.accountId: unknown key; accepted: one of the keys subscriptionId, location, adminObjectIds"],
    ["yes", "clouds.azure.evidence: got \"yes\"; accepted: a mapping with keys subscriptionId, location, adminObjectIds"],
    [{ subscriptionId: EVIDENCE, location: "westeurope", adminObjectIds: [] }, "clouds.azure.evidence.adminObjectIds: got an empty list; accepted: a list of at least one object id"],
    [{ subscriptionId: EVIDENCE, location: "westeurope", adminObjectIds: ["admin"] }, "clouds.azure.evidence.adminObjectIds[0]: got \"admin\"; accepted: a UUID such as 00000000-0000-4000-8000-000000000000"],
  ])("#15 refuses %j with one line", (evidence, line) => {
    const { code, stderr } = run(withEvidence(evidence), "bad");
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(stderr.split("\n")).toEqual([expect.stringContaining(`config error: ${line}`), ""]);
    expect(stderr.startsWith(`config error: ${line}`)).toBe(true);
  });
});

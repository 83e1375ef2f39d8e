import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runProvenanceVerify } from "../../cli/model-provenance";
import { LocalPemSigner } from "../../functions/promotion-gate/oms/local-signer";
import { buildDecisionStatement } from "../../functions/promotion-gate/record/decision-statement";
import { signDecisionRecord } from "../../functions/promotion-gate/record/record-envelope";
import { ecKeys } from "../functions/promotion-gate/oms/oms-helpers";
import { context, FAILED_DECISION, PASSED_DECISION, POLICY_SHA256, ROOT, SIG } from "../functions/promotion-gate/record/record-fixtures";

function capture(): { io: { stdout: { write(t: string): boolean }; stderr: { write(t: string): boolean } }; out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    io: { stdout: { write: (t: string) => ((out += t), true) }, stderr: { write: (t: string) => ((err += t), true) } },
    out: () => out,
    err: () => err,
  };
}

const keys = ecKeys();
const dir = mkdtempSync(join(tmpdir(), "provenance-"));
const CWD = { cwd: dir };

beforeAll(async () => {
  const signer = new LocalPemSigner(keys.privatePem);
  writeFileSync(join(dir, "pub.pem"), keys.publicPem);
  writeFileSync(join(dir, "other.pem"), ecKeys().publicPem);
  writeFileSync(join(dir, "p384.pem"), ecKeys("P-384").publicPem);
  writeFileSync(join(dir, "garbage.pem"), "not a key\n");
  writeFileSync(join(dir, "passed.dsse.json"), await signDecisionRecord(buildDecisionStatement(PASSED_DECISION, context()), signer));
  writeFileSync(join(dir, "failed.dsse.json"), await signDecisionRecord(buildDecisionStatement(FAILED_DECISION, context()), signer));
  writeFileSync(join(dir, "huge.dsse.json"), Buffer.alloc(1024 * 1024 + 1, 0x20));
  mkdirSync(join(dir, "folder"));
});

describe("blueprint model provenance verify", () => {
  test("a PASSED record: the summary, exit 0", async () => {
    const c = capture();
    expect(await runProvenanceVerify(["passed.dsse.json", "--public-key", "pub.pem"], c.io, CWD)).toBe(0);
    expect(c.err()).toBe("");
    expect(c.out()).toBe(
      [
        "result: PASSED",
        "model: fraud-scoring/scorer/1.4.0",
        `subject: sha256:${ROOT} (oms-root-digest)`,
        "verified: 2026-12-02T05:51:12Z by https://github.com/example/ai-supply-chain-blueprint/promotion-gate (gate 0.1.0, node 22.11.0)",
        "resource: s3://fraud-scoring-models/incoming/scorer/1.4.0/",
        `policy: arn:aws:lambda:eu-west-1:123456789012:function:fraud-scoring-gate sha256:${POLICY_SHA256}`,
        `input: s3://fraud-scoring-models/incoming/scorer/1.4.0/model.sig sha256:${SIG}`,
        "checks:",
        "  PASS limits: 2 files, 1.2 kB, limit 50.00 GB",
        "  PASS signature: model.sig verifies, 2 signed files",
        "  PASS lineage: 3 lineage tags",
        "  PASS evaluation: 3 requirements met",
        "  PASS serialization: 1 safetensors file",
        "",
      ].join("\n"),
    );
  });

  test("a FAILED record verifies but exits 1, listing each check's reasons", async () => {
    const c = capture();
    expect(await runProvenanceVerify(["failed.dsse.json", "--public-key", "pub.pem"], c.io, CWD)).toBe(1);
    expect(c.err()).toBe("");
    expect(c.out()).toContain("result: FAILED\n");
    expect(c.out()).toContain("  FAIL signature: model.sig checked\n    tampered file: model.safetensors: digest differs from the signed one (OMS_DIGEST_MISMATCH)\n");
    expect(c.out()).toContain("  SKIP evaluation: not run: no verified report\n    not run: no verified report (GATE_NOT_RUN)\n");
  });

  test("--json prints the verified statement", async () => {
    const c = capture();
    expect(await runProvenanceVerify(["passed.dsse.json", "--public-key", "pub.pem", "--json"], c.io, CWD)).toBe(0);
    expect(JSON.parse(c.out())).toEqual(JSON.parse(JSON.stringify(buildDecisionStatement(PASSED_DECISION, context()))));
  });

  test("the wrong key: one line with the code, exit 1", async () => {
    const c = capture();
    expect(await runProvenanceVerify(["passed.dsse.json", "--public-key", "other.pem"], c.io, CWD)).toBe(1);
    expect(c.out()).toBe("");
    expect(c.err()).toBe("provenance: RECORD_SIGNATURE_INVALID: the record's signature does not verify with the given public key\n");
  });

  test("an oversized record is refused without reading it, exit 1", async () => {
    const c = capture();
    expect(await runProvenanceVerify(["huge.dsse.json", "--public-key", "pub.pem"], c.io, CWD)).toBe(1);
    expect(c.err()).toBe("provenance: RECORD_TOO_LARGE: record is 1048577 bytes, more than the 1048576 allowed\n");
  });

  test("a record that is not a DSSE envelope: exit 1", async () => {
    const c = capture();
    expect(await runProvenanceVerify(["pub.pem", "--public-key", "pub.pem"], c.io, CWD)).toBe(1);
    expect(c.err()).toBe("provenance: RECORD_MALFORMED: record is not JSON\n");
  });

  test.each<[string, string[], RegExp]>([
    ["a missing record", ["nope.dsse.json", "--public-key", "pub.pem"], /^provenance error: RECORD "nope.dsse.json" does not exist; accepted: a decision record file/],
    ["a folder as record", ["folder", "--public-key", "pub.pem"], /^provenance error: RECORD "folder" is not a file; accepted: /],
    ["no --public-key", ["passed.dsse.json"], /^provenance error: --public-key is missing; accepted: the gate's attestation public key/],
    ["a missing key file", ["passed.dsse.json", "--public-key", "nope.pem"], /^provenance error: --public-key "nope.pem" does not exist; accepted: /],
    ["an unreadable key", ["passed.dsse.json", "--public-key", "garbage.pem"], /^provenance error: --public-key "garbage.pem" is not a PEM public key; accepted: /],
    ["a P-384 key", ["passed.dsse.json", "--public-key", "p384.pem"], /^provenance error: --public-key "p384.pem" is not an ECDSA P-256 key; accepted: /],
    ["an unknown flag", ["passed.dsse.json", "--public-kye", "pub.pem"], /^provenance error: unknown option '--public-kye'; accepted: RECORD, --public-key <pub.pem>, --json, --help\n$/],
    ["no record", ["--public-key", "pub.pem"], /^provenance error: missing required argument 'record'; accepted: blueprint model provenance verify RECORD --public-key <pub.pem> \[--json\]\n$/],
    ["two records", ["a", "b", "--public-key", "pub.pem"], /^provenance error: too many arguments/],
  ])("bad input, exit 2, one line: %s", async (_what, args, line) => {
    const c = capture();
    expect(await runProvenanceVerify(args, c.io, CWD)).toBe(2);
    expect(c.out()).toBe("");
    expect(c.err()).toMatch(line);
    expect(c.err().split("\n")).toHaveLength(2);
  });

  test("uploader-chosen text cannot drive the terminal: control characters are escaped", async () => {
    const evil = { ...FAILED_DECISION, checks: FAILED_DECISION.checks.map((c) => (c.id === "signature" ? { ...c, summary: "x\u001b[2Jy\u009bz" } : c)) };
    const file = join(dir, "evil.dsse.json");
    writeFileSync(file, await signDecisionRecord(buildDecisionStatement(evil, context()), new LocalPemSigner(keys.privatePem)));
    const text = capture();
    expect(await runProvenanceVerify([file, "--public-key", "pub.pem"], text.io, CWD)).toBe(1);
    expect(text.out()).toContain("  FAIL signature: x\\u001b[2Jy\\u009bz\n");
    const json = capture();
    expect(await runProvenanceVerify([file, "--public-key", "pub.pem", "--json"], json.io, CWD)).toBe(1);
    expect(json.out()).toContain('"summary": "x\\u001b[2Jy\\u009bz"');
    expect(json.out().includes("\u001b") || json.out().includes("\u009b")).toBe(false);
  });

  test("--help prints the usage and exits 0", async () => {
    const c = capture();
    expect(await runProvenanceVerify(["--help"], c.io, CWD)).toBe(0);
    expect(c.out()).toContain("Usage: blueprint model provenance verify RECORD --public-key <pub.pem> [--json]");
  });
});

import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { runApprovalsExport } from "../../../cli/model-approvals";
import { runModel } from "../../../cli/model";
import { ecKeys } from "../../functions/promotion-gate/oms/oms-helpers";
import { keys, signedRecord } from "./records";

function buffers(): { io: { stdout: { write(t: string): void }; stderr: { write(t: string): void } }; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: { write: (t) => void out.push(t) }, stderr: { write: (t) => void err.push(t) } }, out, err };
}

let dir: string;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "approvals-"));
  const base = path.join(dir, "logs", "provenance", "fraud-scoring", "scorer");
  mkdirSync(path.join(base, "1.4.0"), { recursive: true });
  mkdirSync(path.join(base, "1.3.0"), { recursive: true });
  writeFileSync(path.join(base, "1.4.0", "a.dsse.json"), await signedRecord(true));
  writeFileSync(path.join(base, "1.3.0", "b.dsse.json"), await signedRecord(false, "1.3.0"));
  writeFileSync(path.join(dir, "gate.pub.pem"), keys.publicPem);
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("blueprint model approvals export", () => {
  test("writes the ConfigMap YAML from the verified PASSED records only", async () => {
    const b = buffers();
    const code = await runApprovalsExport(["--records", "logs", "--public-key", "gate.pub.pem", "--base-uri", "s3://acme-ai-prod-logs-123456789012/", "--out", "approved.yaml"], b.io, { cwd: dir });
    expect([code, b.err.join("")]).toEqual([0, "approvals: 1 approved of 2 records\n"]);
    expect(parse(readFileSync(path.join(dir, "approved.yaml"), "utf8"))).toEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        name: "approved-models",
        namespace: "model-serving-policy",
        labels: { "ai-supply-chain-blueprint.io/component": "approved-models" },
        annotations: { "argocd.argoproj.io/sync-wave": "-1" },
      },
      data: { "2509680eb12f90a5cdb38a972fa49a7981ee71946a7a3a5eb7829704ee191374": "s3://acme-ai-prod-logs-123456789012/provenance/fraud-scoring/scorer/1.4.0/a.dsse.json" },
    });
  });

  test("`blueprint model approvals export` runs the exporter with its options untouched", async () => {
    const b = buffers();
    const code = await runModel(["approvals", "export", "--records", "logs", "--public-key", "gate.pub.pem", "--base-uri", "s3://logs/"], b.io, { env: {}, cwd: dir });
    expect([code, b.err.join("")]).toEqual([0, "approvals: 1 approved of 2 records\n"]);
    expect(b.out.join("")).toContain("2509680eb12f90a5cdb38a972fa49a7981ee71946a7a3a5eb7829704ee191374: s3://logs/provenance/fraud-scoring/scorer/1.4.0/a.dsse.json\n");
  });

  test("prints to stdout without --out, identically on a second run", async () => {
    const args = ["--records", "logs", "--public-key", "gate.pub.pem", "--base-uri", "s3://logs/"];
    const a = buffers();
    const b = buffers();
    expect(await runApprovalsExport(args, a.io, { cwd: dir })).toBe(0);
    expect(await runApprovalsExport(args, b.io, { cwd: dir })).toBe(0);
    expect(a.out.join("")).toBe(b.out.join(""));
    expect(a.out.join("")).toContain("2509680eb12f90a5cdb38a972fa49a7981ee71946a7a3a5eb7829704ee191374: s3://logs/provenance/fraud-scoring/scorer/1.4.0/a.dsse.json\n");
  });

  test("a record signed by another key stops the export (exit 1, nothing written)", async () => {
    writeFileSync(path.join(dir, "other.pem"), ecKeys().publicPem);
    const b = buffers();
    const code = await runApprovalsExport(["--records", "logs", "--public-key", "other.pem", "--base-uri", "s3://logs/", "--out", "approved.yaml"], b.io, { cwd: dir });
    expect(code).toBe(1);
    expect(b.err.join("")).toMatch(/^approvals: RECORD_\w+: provenance\/fraud-scoring\/scorer\/1\.3\.0\/b\.dsse\.json: /);
    expect(() => readFileSync(path.join(dir, "approved.yaml"))).toThrow();
  });

  test.each([
    [["--records", "logs", "--public-key", "gate.pub.pem"], "approvals error: --records, --public-key and --base-uri are required; accepted: "],
    [["--records", "logs", "--public-key", "gate.pub.pem", "--base-uri", "s3://logs"], "approvals error: --base-uri \"s3://logs\" is not an absolute URI ending with /"],
    [["--records", "missing", "--public-key", "gate.pub.pem", "--base-uri", "s3://logs/"], "approvals error: --records \"missing\" is not a directory"],
    [["--records", "logs", "--public-key", "nope.pem", "--base-uri", "s3://logs/"], "approvals error: --public-key \"nope.pem\" is not a readable PEM public key"],
    [["--records", "logs", "--public-key", "gate.pub.pem", "--base-uri", "s3://logs/", "--name", "Bad"], "approvals error: ConfigMap \"model-serving-policy\"/\"Bad\" is not a valid namespace/name [ADMISSION_APPROVAL_TARGET_INVALID]"],
    [["--recrods", "logs"], "approvals error: unknown option '--recrods'"],
  ])("bad input %j exits 2 with one line", async (args, start) => {
    const b = buffers();
    expect(await runApprovalsExport(args, b.io, { cwd: dir })).toBe(2);
    expect(b.err.join("").startsWith(start)).toBe(true);
    expect(b.err.join("").split("\n").length).toBe(2);
  });
});

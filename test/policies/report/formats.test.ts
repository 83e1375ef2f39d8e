import Ajv from "ajv";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { renderHtml } from "../../../policies/report/html";
import { buildAuditReport } from "../../../policies/report/audit-report";
import { renderMarkdown } from "../../../policies/report/markdown";
import { writeAuditReports } from "../../../policies/report/write";
import { sampleInputs } from "./sample";

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), "report-test-"));
const read = (dir: string, name: string): string => fs.readFileSync(path.join(dir, name), "utf8");
const sha256 = (file: string): string => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

describe("writeAuditReports", () => {
  test("writes the five files, sorted, and resource-model.json with --format conftest", () => {
    const dir = tmp();
    expect(writeAuditReports(path.join(dir, "out"), sampleInputs(dir))).toEqual(["evidence.json", "report.html", "report.json", "report.md", "report.sarif"]);
    expect(writeAuditReports(path.join(dir, "out2"), sampleInputs(dir, true))).toEqual(["evidence.json", "report.html", "report.json", "report.md", "report.sarif", "resource-model.json"]);
    expect(fs.readdirSync(path.join(dir, "out2")).sort()).toEqual(["evidence.json", "report.html", "report.json", "report.md", "report.sarif", "resource-model.json"]);
  });

  test("the same inputs give byte-identical files (no timestamps, no absolute paths)", () => {
    const dir = tmp();
    writeAuditReports(path.join(dir, "a"), sampleInputs(dir, true));
    writeAuditReports(path.join(dir, "b"), sampleInputs(dir, true));
    const names = fs.readdirSync(path.join(dir, "a")).sort();
    expect(names).toHaveLength(6);
    for (const name of names) {
      expect({ name, bytes: read(path.join(dir, "b"), name) }).toEqual({ name, bytes: read(path.join(dir, "a"), name) });
      expect(read(path.join(dir, "a"), name)).not.toContain(dir);
      expect(read(path.join(dir, "a"), name)).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    }
  });
});

describe("escaping", () => {
  const report = () => {
    const dir = tmp();
    const inputs = sampleInputs(dir);
    return buildAuditReport(inputs.evaluation, { toolVersion: inputs.toolVersion, finops: inputs.finops });
  };
  /** A report whose finding message and acknowledgement reason carry markup. */
  const hostile = () => {
    const r = report();
    return { ...r, findings: r.findings.map((f, i) => (i === 0 ? { ...f, message: 'tag note is "<script>alert(1)</script>" | *x* [l](http://e)' } : f)) };
  };

  test("HTML renders a <script> value as text, never as an element", () => {
    const html = renderHtml(hostile());
    expect(html).toContain("tag note is &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;");
    expect(html).toContain("dev-style lock accepted until the &lt;b&gt;migration&lt;/b&gt;");
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<b>migration");
  });

  test("HTML is self-contained: inline CSS only, no script, no external reference", () => {
    const html = renderHtml(report());
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain("<style>");
    expect(html).toContain("@media print");
    expect(html).toContain("break-before: page");
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).not.toMatch(/<(script|link|img|iframe|object)\b/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(/i);
  });

  test("Markdown turns markup and table syntax into inert text", () => {
    const md = renderMarkdown(hostile());
    expect(md).toContain('tag note is "&lt;script&gt;alert(1)&lt;/script&gt;" \\| \\*x\\* \\[l\\](http://e)');
    expect(md).toContain("dev-style lock accepted until the &lt;b&gt;migration&lt;/b&gt;");
    expect(md).not.toContain("<script");
    expect(md).not.toContain("<b>");
  });

  test("both pages carry every section", () => {
    const md = renderMarkdown(report());
    const html = renderHtml(report());
    for (const heading of ["Summary", "Controls by stack", "Inventory", "Encryption and immutability coverage", "Who can do what", "FinOps", "Acknowledgements", "Findings", "Rules"]) {
      expect(md).toContain(`## ${heading}\n`);
      expect(html).toContain(`<h2>${heading}</h2>`);
    }
    expect(md).toContain("| CMK-ENCRYPTION: Data at rest is encrypted with a customer-managed key of the stack | FAIL 2/4 | unknown 0/1 |");
    expect(md).toContain("| prod | aws | audit-1y | 5 | 12.34 | 100.00 | 500.00 |");
    expect(md).toContain("| WRITE-ONCE-AWS | shop/aws_s3_bucket.logs | dev-style lock accepted until the &lt;b&gt;migration&lt;/b&gt; | sec-team | SEC-42 | 2027-03-31 | 1 | active |");
  });
});

describe("report.json", () => {
  test("validates against docs/report-schema.json", () => {
    const dir = tmp();
    writeAuditReports(path.join(dir, "out"), sampleInputs(dir));
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "../../../docs/report-schema.json"), "utf8")) as object;
    const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);
    const report = JSON.parse(read(path.join(dir, "out"), "report.json")) as Record<string, unknown>;
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    expect(report["version"]).toBe("1");
    expect(Object.keys(report)).toEqual(["version", "tool", "ruleSetDigest", "verdict", "totals", "stacks", "matrix", "inventory", "coverage", "iam", "finops", "budgets", "acknowledgements", "findings", "rules"]);
    // Negative control: the schema refuses a report with a wrong version or an unknown status.
    expect(validate({ ...report, version: "2" })).toBe(false);
    const matrix = report["matrix"] as Array<{ rows: Array<{ cells: Array<Record<string, unknown>> }> }>;
    matrix[0]!.rows[0]!.cells[0]!["status"] = "green";
    expect(validate(report)).toBe(false);
  });
});

describe("evidence.json", () => {
  test("is an in-toto Statement v1 whose subjects carry the sha256 of each file", () => {
    const dir = tmp();
    const inputs = sampleInputs(dir);
    writeAuditReports(path.join(dir, "out"), inputs);
    const statement = JSON.parse(read(path.join(dir, "out"), "evidence.json")) as Record<string, unknown>;
    expect(statement["_type"]).toBe("https://in-toto.io/Statement/v1");
    expect(statement["predicateType"]).toBe("https://github.com/ai-supply-chain-blueprint/ai-supply-chain-blueprint/audit/v1");
    expect(statement["subject"]).toEqual([
      { name: "in/blueprint.config.yaml", digest: { sha256: sha256(path.join(dir, "in/blueprint.config.yaml")) } },
      { name: "in/edge.json", digest: { sha256: sha256(path.join(dir, "in/edge.json")) } },
      { name: "in/stacks/lab/cdk.tf.json", digest: { sha256: sha256(path.join(dir, "in/stacks/lab/cdk.tf.json")) } },
      { name: "in/stacks/shop/cdk.tf.json", digest: { sha256: sha256(path.join(dir, "in/stacks/shop/cdk.tf.json")) } },
    ]);
    const predicate = statement["predicate"] as Record<string, unknown>;
    expect(predicate["tool"]).toEqual({ name: "ai-supply-chain-blueprint", version: "9.8.7" });
    expect(predicate["findings"]).toEqual({ total: 6, error: 3, warning: 2, acknowledged: 1, blocking: 3 });
    expect((predicate["ruleSet"] as { digest: { sha256: string }; rules: number }).rules).toBe(3);
    expect((predicate["ruleSet"] as { digest: { sha256: string } }).digest.sha256).toBe((JSON.parse(read(path.join(dir, "out"), "report.json")) as { ruleSetDigest: string }).ruleSetDigest);
    expect(predicate["acknowledgements"]).toEqual([
      { rule: "WRITE-ONCE-AWS", resource: "shop/aws_s3_bucket.logs", reason: "dev-style lock accepted until the <b>migration</b>", owner: "sec-team", ticket: "SEC-42", expires: "2027-03-31", matched: 1, expired: false },
      { rule: "CMK-ENCRYPTION-AWS", resource: "aws_s3_bucket.gone", reason: "bucket that no longer exists", owner: "sec-team", ticket: "SEC-7", expires: "2027-01-31", matched: 0, expired: false },
    ]);
    // The report files written beside it, by digest.
    expect(predicate["reports"]).toEqual(["report.html", "report.json", "report.md", "report.sarif"].map((name) => ({ name, digest: { sha256: sha256(path.join(dir, "out", name)) } })));
  });

  test("a changed stack file changes its subject digest", () => {
    const dir = tmp();
    const inputs = sampleInputs(dir);
    writeAuditReports(path.join(dir, "a"), inputs);
    fs.appendFileSync(path.join(dir, "in/edge.json"), "\n");
    writeAuditReports(path.join(dir, "b"), inputs);
    const digest = (out: string) => ((JSON.parse(read(path.join(dir, out), "evidence.json")) as { subject: Array<{ name: string; digest: { sha256: string } }> }).subject.find((s) => s.name === "in/edge.json")!.digest.sha256);
    expect(digest("b")).not.toBe(digest("a"));
    expect(digest("b")).toBe(sha256(path.join(dir, "in/edge.json")));
  });
});

describe("resource-model.json (--format conftest)", () => {
  test("holds every stack's resources with references as an object and unknown values as {$unknown: true}", () => {
    const dir = tmp();
    writeAuditReports(path.join(dir, "out"), sampleInputs(dir, true));
    const model = JSON.parse(read(path.join(dir, "out"), "resource-model.json")) as { version: string; stacks: Array<{ name: string; source: string; resources: Array<Record<string, unknown>> }> };
    expect(model.version).toBe("1");
    expect(model.stacks.map((s) => [s.name, s.source, s.resources.length])).toEqual([
      ["shop", "synth", 8],
      ["lab", "synth", 6],
      ["edge", "plan", 1],
    ]);
    const policy = model.stacks[0]!.resources.find((r) => r["address"] === "aws_s3_bucket_policy.models")!;
    expect(policy["references"]).toEqual({ bucket: ["aws_s3_bucket.models"], policy: ["aws_s3_bucket.models"] });
    const edge = model.stacks[2]!.resources[0]!;
    expect(edge["attributes"]).toEqual({ bucket: "edge", tags: {}, sse: { $unknown: true } });
    expect(edge["actions"]).toEqual(["create"]);
  });
});

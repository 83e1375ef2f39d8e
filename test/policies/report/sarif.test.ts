import AjvDraft04 from "ajv-draft-04";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writeAuditReports } from "../../../policies/report/write";
import { sampleInputs } from "./sample";

/**
 * The official SARIF 2.1.0 schema (test/fixtures/sarif, unmodified) is draft-04. Ajv runs in
 * strict mode except strictRequired: the schema's own `anyOf` branches require properties
 * declared beside them, which is valid JSON Schema that strictRequired reports. Its three formats
 * get real checks rather than being ignored.
 */
function sarifValidator() {
  const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "../../fixtures/sarif/sarif-schema-2.1.0.json"), "utf8")) as object;
  const ajv = new AjvDraft04({
    strict: true,
    strictRequired: false,
    allErrors: true,
    formats: {
      uri: /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/,
      "uri-reference": /^[^\s]*$/,
      "date-time": /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
    },
  });
  return ajv.compile(schema);
}

type Sarif = { version: string; runs: Array<{ tool: { driver: { name: string; version: string; informationUri: string; rules: Array<Record<string, unknown>> } }; results: Array<Record<string, unknown>> }> };

function writtenSarif(): Sarif {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sarif-test-"));
  writeAuditReports(path.join(dir, "out"), sampleInputs(dir));
  return JSON.parse(fs.readFileSync(path.join(dir, "out", "report.sarif"), "utf8")) as Sarif;
}

describe("report.sarif", () => {
  test("validates against the official SARIF 2.1.0 schema", () => {
    const validate = sarifValidator();
    const sarif = writtenSarif();
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs).toHaveLength(1);
  });

  test("negative control: the validator refuses broken logs", () => {
    const validate = sarifValidator();
    const sarif = writtenSarif();
    expect(validate({ ...sarif, version: "2.0.0" })).toBe(false);
    const badLevel = writtenSarif();
    badLevel.runs[0]!.results[0]!["level"] = "fatal";
    expect(validate(badLevel)).toBe(false);
    const noDriver = writtenSarif();
    (noDriver.runs[0]!.tool as Record<string, unknown>)["driver"] = { version: "1" };
    expect(validate(noDriver)).toBe(false);
    const badUri = writtenSarif();
    badUri.runs[0]!.tool.driver.informationUri = "not a uri";
    expect(validate(badUri)).toBe(false);
  });

  test("tool.driver names the tool and describes every rule with its mappings", () => {
    const driver = writtenSarif().runs[0]!.tool.driver;
    expect([driver.name, driver.version, driver.informationUri]).toEqual(["ai-supply-chain-blueprint", "9.8.7", "https://github.com/ai-supply-chain-blueprint/ai-supply-chain-blueprint"]);
    // The evaluation's three rules, and the acknowledgement rule its stale-acknowledgement finding is reported under.
    expect(driver.rules.map((r) => r["id"])).toEqual(["ACKNOWLEDGEMENT-VALID-ANY", "BUDGET-PRESENT-GCP", "CMK-ENCRYPTION-AWS", "WRITE-ONCE-AWS"]);
    expect(driver.rules[2]).toEqual({
      id: "CMK-ENCRYPTION-AWS",
      name: "CmkEncryptionAws",
      shortDescription: { text: "Buckets use a KMS key" },
      fullDescription: { text: "Test rationale: a bucket without a KMS key." },
      help: { text: "Test fix: set sse to aws:kms." },
      defaultConfiguration: { level: "error" },
      properties: { control: "CMK-ENCRYPTION", cloud: "aws", severity: "error", mappings: { checkov: ["CKV_AWS_145"], cis: [], nist80053: ["SC-28"] }, tags: ["CMK-ENCRYPTION", "aws"] },
    });
  });

  test("one result per finding, with ruleIndex, level, a logical location per resource and the stack file", () => {
    const run = writtenSarif().runs[0]!;
    expect(run.results).toHaveLength(6);
    const rules = run.tool.driver.rules.map((r) => r["id"]);
    for (const result of run.results) expect(rules[result["ruleIndex"] as number]).toBe(result["ruleId"]);
    const models = run.results.find((r) => JSON.stringify(r["locations"]).includes("shop/aws_s3_bucket.models"))!;
    expect(models["level"]).toBe("error");
    expect(models["message"]).toEqual({ text: 'sse is "AES256", not "aws:kms"' });
    expect(models["locations"]).toEqual([
      {
        physicalLocation: { artifactLocation: { uri: "in/stacks/shop/cdk.tf.json" } },
        logicalLocations: [{ name: "aws_s3_bucket.models", fullyQualifiedName: "shop/aws_s3_bucket.models", kind: "resource" }],
      },
    ]);
    expect(models["suppressions"]).toBeUndefined();
    const edge = run.results.find((r) => JSON.stringify(r["locations"]).includes("edge/aws_s3_bucket.edge"))!;
    expect(edge["level"]).toBe("warning");
    expect((edge["locations"] as Array<{ physicalLocation: unknown }>)[0]!.physicalLocation).toEqual({ artifactLocation: { uri: "in/edge.json" } });
    const budget = run.results.find((r) => r["ruleId"] === "BUDGET-PRESENT-GCP")!;
    expect((budget["locations"] as Array<{ logicalLocations: unknown }>)[0]!.logicalLocations).toEqual([{ name: "lab", fullyQualifiedName: "lab", kind: "module" }]);
  });

  test("an acknowledged finding carries an external suppression with the reason, owner, ticket and expiry", () => {
    const run = writtenSarif().runs[0]!;
    const suppressed = run.results.filter((r) => r["suppressions"] !== undefined);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0]!["ruleId"]).toBe("WRITE-ONCE-AWS");
    expect(suppressed[0]!["suppressions"]).toEqual([
      { kind: "external", status: "accepted", justification: "dev-style lock accepted until the <b>migration</b>", properties: { owner: "sec-team", ticket: "SEC-42", expires: "2027-03-31" } },
    ]);
  });
});

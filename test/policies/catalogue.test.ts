import * as fs from "node:fs";
import * as path from "node:path";
import { CONTROLS } from "../../policies/controls";
import { renderIndex } from "../../policies/generate";
import { RULES } from "../../policies/rules";
import { renderRulesMarkdown } from "../../policies/rules-markdown";

const ROOT = path.resolve(__dirname, "..", "..");

test("policies/rules/index.ts imports every rule file (npm run rules regenerates it)", () => {
  expect(fs.readFileSync(path.join(ROOT, "policies", "rules", "index.ts"), "utf8")).toBe(renderIndex());
});

test("policies/RULES.md is the catalogue as the rules define it (npm run rules regenerates it)", () => {
  expect(fs.readFileSync(path.join(ROOT, "policies", "RULES.md"), "utf8")).toBe(renderRulesMarkdown());
});

test("at least 60 rules, each id unique and spelled <CONTROL>-<CLOUD>", () => {
  expect(RULES.length).toBeGreaterThanOrEqual(60);
  expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  expect(RULES.filter((r) => r.id !== `${r.control}-${r.cloud.toUpperCase()}`).map((r) => r.id)).toEqual([]);
});

test("every rule sits in the folder of its cloud, in a file of its own", () => {
  const files = ["aws", "gcp", "azure", "any"].flatMap((c) => fs.readdirSync(path.join(ROOT, "policies", "rules", c)).map((f) => `${c}/${f}`));
  expect(files.length).toBe(RULES.length);
  const byCloud = (c: string) => RULES.filter((r) => r.cloud === c).length;
  expect(["aws", "gcp", "azure", "any"].map((c) => files.filter((f) => f.startsWith(`${c}/`)).length)).toEqual(["aws", "gcp", "azure", "any"].map(byCloud));
});

test("every rule has a title, rationale, fix and NIST 800-53 mapping, and Checkov ids look like Checkov's", () => {
  const incomplete = RULES.filter((r) => r.title.length < 10 || r.rationale.length < 40 || r.fix.length < 20 || r.mappings.nist80053.length === 0).map((r) => r.id);
  expect(incomplete).toEqual([]);
  const badCheckov = RULES.flatMap((r) => (r.mappings.checkov ?? []).filter((c) => !/^CKV2?_(AWS|GCP|AZURE|SECRET)_\d+$/.test(c)).map((c) => `${r.id}: ${c}`));
  expect(badCheckov).toEqual([]);
});

test("every control the issue asks for has a rule on each cloud where the cloud has the concept", () => {
  const clouds = (control: string) => RULES.filter((r) => r.control === control).map((r) => r.cloud).sort();
  expect(clouds("KEY-ROTATION")).toEqual(["aws", "azure", "gcp"]);
  expect(clouds("KEY-DELETION-PROTECTED")).toEqual(["aws", "azure", "gcp"]);
  expect(clouds("KEY-ADMIN-SEPARATED")).toEqual(["aws", "azure", "gcp"]);
  expect(clouds("CMK-ENCRYPTION")).toEqual(["aws", "azure", "gcp"]);
  expect(clouds("STORAGE-NOT-PUBLIC")).toEqual(["aws", "azure", "gcp"]);
  expect(clouds("WRITE-ONCE")).toEqual(["aws", "azure", "gcp"]);
  expect(clouds("VERSIONING")).toEqual(["aws", "azure", "gcp"]);
  expect(clouds("ACCESS-LOGGING")).toEqual(["aws", "azure", "gcp"]);
  expect(clouds("AUDIT-TRAIL")).toEqual(["aws", "azure", "gcp"]);
  expect(clouds("LIFECYCLE-TIERS")).toEqual(["aws", "azure", "gcp"]);
  expect(clouds("BUDGET-PRESENT")).toEqual(["aws", "azure", "gcp"]);
  expect(clouds("NO-PUBLIC-PRINCIPAL")).toEqual(["aws", "azure", "gcp"]);
  expect(clouds("NO-PRIMITIVE-ROLES")).toEqual(["aws", "azure", "gcp"]);
  expect(clouds("FUNCTION-INGRESS-INTERNAL")).toEqual(["aws", "azure", "gcp"]);
  expect(clouds("COST-TAGS")).toEqual(["aws", "azure", "gcp"]);
  expect(clouds("NO-INLINE-SECRETS")).toEqual(["any"]);
  expect(clouds("REFERENCE-NOT-LITERAL")).toEqual(["any"]);
  expect(clouds("PROTECTED-NOT-DESTROYED")).toEqual(["any"]);
  expect(clouds("PROTECTION-NOT-DISABLED")).toEqual(["any"]);
  expect(Object.keys(CONTROLS).filter((c) => clouds(c).length === 0)).toEqual([]);
});

import * as path from "node:path";
import { App, TerraformResource, TerraformStack } from "cdktf";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { BlueprintConfig } from "../../config/schema";
import { buildBlueprint } from "../../stacks/blueprint";
import { EXIT_OK, EXIT_POLICY, runBlueprint } from "../../stacks/run-blueprint";

/*
 * Acceptance: synth of the default config passes the policies; a synthesized default stack
 * changed in one security value fails synth with the rule that guards it. The changes are made
 * the way a careless edit would: an override on the construct's resource.
 */

const OUT = path.join("test", ".out", "synth-gate");
const NOW = new Date("2026-12-01T12:00:00Z");

function synth(mutate?: (app: App) => void): { code: number; stderr: string; stdout: string } {
  let stderr = "";
  let stdout = "";
  const build = (app: App, config: BlueprintConfig) => {
    buildBlueprint(app, config);
    mutate?.(app);
  };
  const code = runBlueprint({ env: { CDKTF_OUTDIR: OUT }, stderr: { write: (t: string) => (stderr += t) }, stdout: { write: (t: string) => (stdout += t) }, build, now: NOW });
  return { code, stderr, stdout };
}

function resourcesOf(app: App, stack: string, type: string): TerraformResource[] {
  const s = app.node.findChild(stack) as TerraformStack;
  return s.node.findAll().filter((c): c is TerraformResource => c instanceof TerraformResource && c.terraformResourceType === type);
}

/** Rule ids of the error rows the synth printed. */
function errorRules(stderr: string): string[] {
  return [...new Set(stderr.split("\n").filter((l) => l.startsWith("error ")).map((l) => l.split(/\s+/)[3]!))].sort();
}

test("the default config synthesizes with no unacknowledged policy error", () => {
  const { code, stderr, stdout } = synth();
  expect({ code, errors: errorRules(stderr) }).toEqual({ code: EXIT_OK, errors: [] });
  expect(`${stdout}${stderr}`).toMatch(/^policy: 0 errors, \d+ warnings?, \d+ acknowledged over 16 stacks \(\d+ rules\)$/m);
});

test("rotation turned off on a prod key fails synth with KEY-ROTATION-AWS", () => {
  const { code, stderr } = synth((app) => resourcesOf(app, "aws-prod", "aws_kms_key")[0]!.addOverride("enable_key_rotation", false));
  expect(code).toBe(EXIT_POLICY);
  expect(errorRules(stderr)).toEqual(["KEY-ROTATION-AWS"]);
  expect(stderr).toContain("enable_key_rotation is false, not true");
  expect(stderr).toContain("synth error: policy errors above; fix them or acknowledge them in the configuration (README, auditor's guide)\n");
});

test("a prod bucket opened to public policies fails synth with STORAGE-NOT-PUBLIC-AWS", () => {
  const { code, stderr } = synth((app) => resourcesOf(app, "aws-prod", "aws_s3_bucket_public_access_block")[0]!.addOverride("block_public_policy", false));
  expect({ code, errors: errorRules(stderr) }).toEqual({ code: EXIT_POLICY, errors: ["STORAGE-NOT-PUBLIC-AWS"] });
});

test("a policy granting * fails synth with IAM-NO-WILDCARD-ACTION-AWS and IAM-NO-WILDCARD-RESOURCE-AWS", () => {
  const { code, stderr } = synth((app) => {
    new IamPolicy(app.node.findChild("aws-prod") as TerraformStack, "careless", {
      name: "acme-ai-prod-careless",
      policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
    });
  });
  expect(code).toBe(EXIT_POLICY);
  expect(errorRules(stderr)).toEqual(expect.arrayContaining(["IAM-NO-WILDCARD-ACTION-AWS", "IAM-NO-WILDCARD-RESOURCE-AWS"]));
});

test("purge protection removed from a prod vault fails synth with KEY-DELETION-PROTECTED-AZURE", () => {
  const { code, stderr } = synth((app) => resourcesOf(app, "azure-prod", "azurerm_key_vault")[0]!.addOverride("purge_protection_enabled", false));
  expect({ code, errors: errorRules(stderr) }).toEqual({ code: EXIT_POLICY, errors: ["KEY-DELETION-PROTECTED-AZURE"] });
});

test("a GCP log bucket's retention removed fails synth with WRITE-ONCE-GCP, and VERSIONING-GCP now that versioning could be on", () => {
  const { code, stderr } = synth((app) => {
    const bucket = resourcesOf(app, "gcp-prod", "google_storage_bucket").find((b) => JSON.stringify(b.toTerraform()).includes('"purpose":"logs"'))!;
    bucket.addOverride("retention_policy", undefined);
  });
  expect({ code, errors: errorRules(stderr) }).toEqual({ code: EXIT_POLICY, errors: ["VERSIONING-GCP", "WRITE-ONCE-GCP"] });
});

test("under --hcl (no JSON on disk) the stacks are checked from memory: rotation off still fails", () => {
  const before = process.env["SYNTH_HCL_OUTPUT"];
  process.env["SYNTH_HCL_OUTPUT"] = "true";
  try {
    const { code, stderr } = synth((app) => resourcesOf(app, "aws-prod", "aws_kms_key")[0]!.addOverride("enable_key_rotation", false));
    expect({ code, errors: errorRules(stderr) }).toEqual({ code: EXIT_POLICY, errors: ["KEY-ROTATION-AWS"] });
  } finally {
    if (before === undefined) delete process.env["SYNTH_HCL_OUTPUT"];
    else process.env["SYNTH_HCL_OUTPUT"] = before;
  }
});

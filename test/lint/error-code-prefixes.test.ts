import { RaiseSite, codesRaisedIn, raiseSites } from "../helpers/error-codes";

/*
 * A validation code names its cloud: every code raised in an AWS file starts with AWS_, in a GCP
 * file with GCP_, in an Azure file with AZURE_; codes raised in cloud-neutral files (shared
 * constructs, config, the cloud-neutral stacks) start with none of these.
 */

type Cloud = "aws" | "gcp" | "azure";
const PREFIXES: Readonly<Record<Cloud, string>> = { aws: "AWS_", gcp: "GCP_", azure: "AZURE_" };
const NAMES: Readonly<Record<Cloud, string>> = { aws: "an AWS", gcp: "a GCP", azure: "an Azure" };

/**
 * The cloud a production file belongs to: constructs/<cloud>/**, a file named for its cloud
 * (modules/*-aws.ts, stacks/evidence-gcp.ts, constructs/shared/retention-rules-azure.ts) and the
 * AWS-only cost-allocation stack; undefined for a cloud-neutral file.
 */
export function cloudOf(file: string): Cloud | undefined {
  for (const cloud of ["aws", "gcp", "azure"] as const) {
    if (file.startsWith(`constructs/${cloud}/`) || file.endsWith(`-${cloud}.ts`)) return cloud;
  }
  return file === "stacks/cost-allocation-stack.ts" ? "aws" : undefined;
}

/** `file:line: CODE: why`, for each raise site whose code does not carry its file's prefix. */
function prefixProblems(sites: readonly RaiseSite[]): string[] {
  return sites.flatMap(({ code, file, line }) => {
    const cloud = cloudOf(file);
    if (cloud !== undefined) {
      return code.startsWith(PREFIXES[cloud]) ? [] : [`${file}:${line}: ${code}: ${NAMES[cloud]} file's code starts with ${PREFIXES[cloud]}`];
    }
    const prefix = Object.values(PREFIXES).find((p) => code.startsWith(p));
    return prefix === undefined ? [] : [`${file}:${line}: ${code}: a cloud-neutral file's code has no cloud prefix (${prefix})`];
  });
}

describe("error code prefixes", () => {
  test("files are assigned to their cloud", () => {
    expect(
      [
        "constructs/aws/kms-key.ts",
        "constructs/gcp/key-ring.ts",
        "constructs/azure/key-vault.ts",
        "modules/ai-supply-chain-aws.ts",
        "modules/evidence-gcp.ts",
        "stacks/evidence-azure.ts",
        "stacks/cost-allocation-stack.ts",
        "constructs/shared/retention-rules-gcp.ts",
        "constructs/shared/budget-alerts.ts",
        "config/schema.ts",
        "stacks/supply-chain-stack.ts",
        "modules/environment-inputs.ts",
      ].map(cloudOf),
    ).toEqual(["aws", "gcp", "azure", "aws", "gcp", "azure", "aws", "gcp", undefined, undefined, undefined, undefined]);
  });

  test("the check reports a missing prefix, a wrong one and a prefix in a cloud-neutral file", () => {
    const sites = [
      ...codesRaisedIn("constructs/aws/key.ts", 'v.require(ok, "KMS_ALIAS_INVALID", "p", 1, "x");\nv.require(ok, "AWS_KMS_ALIAS_INVALID", "p", 1, "x");'),
      ...codesRaisedIn("modules/evidence-gcp.ts", 'v.require(ok, "AZURE_SINK_INVALID", "p", 1, "x");'),
      ...codesRaisedIn("constructs/shared/budget-alerts.ts", 'v.require(ok, "GCP_BUDGET_NAME_INVALID", "p", 1, "x");\nv.require(ok, "BUDGET_LIMIT_OUT_OF_RANGE", "p", 1, "x");'),
    ];
    expect(prefixProblems(sites)).toEqual([
      "constructs/aws/key.ts:1: KMS_ALIAS_INVALID: an AWS file's code starts with AWS_",
      "modules/evidence-gcp.ts:1: AZURE_SINK_INVALID: a GCP file's code starts with GCP_",
      "constructs/shared/budget-alerts.ts:1: GCP_BUDGET_NAME_INVALID: a cloud-neutral file's code has no cloud prefix (GCP_)",
    ]);
  });

  test("every raised code carries its file's prefix", () => {
    const sites = raiseSites();
    expect(sites.length).toBeGreaterThan(50);
    expect(prefixProblems(sites)).toEqual([]);
  });
});

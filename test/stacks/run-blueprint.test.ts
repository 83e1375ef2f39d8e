import * as path from "node:path";
import { TerraformStack } from "cdktf";
import { KmsKey } from "../../constructs/aws/kms-key";
import { EXIT_BAD_INPUT, EXIT_UNEXPECTED, runBlueprint } from "../../stacks/run-blueprint";
import { SupplyChainStack } from "../../stacks/supply-chain-stack";

const OUT = path.join("test", ".out", "run-blueprint");

function run(build: Parameters<typeof runBlueprint>[0]["build"], env: NodeJS.ProcessEnv = {}): { code: number; stderr: string } {
  let stderr = "";
  const code = runBlueprint({ env: { CDKTF_OUTDIR: OUT, ...env }, stderr: { write: (t: string) => (stderr += t) }, build });
  return { code, stderr };
}

describe("runBlueprint", () => {
  test("invalid construct props exit 2 with one line per problem and no stack trace", () => {
    const { code, stderr } = run((app) => {
      const stack = new TerraformStack(app, "aws-prod");
      new KmsKey(stack, "key", {
        purpose: "logs",
        aliasName: "acme-ai-prod-logs",
        accountId: "222222222222",
        adminRoleArn: "arn:aws:iam::222222222222:role/admin",
        rotationPeriodDays: 10,
        deletionWindowDays: 60,
      });
    });
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(stderr).toBe(
      [
        "synth error: aws-prod/key: rotationPeriodDays = 10 is invalid [AWS_KMS_ROTATION_OUT_OF_RANGE]; accepted: an integer from 90 to 2560",
        "synth error: aws-prod/key: deletionWindowDays = 60 is invalid [AWS_KMS_DELETION_WINDOW_OUT_OF_RANGE]; accepted: an integer from 7 to 30",
        "",
      ].join("\n"),
    );
  });

  test("a stack refusing the configuration exits 2 with the problem's line", () => {
    const { code, stderr } = run((app, config) => new SupplyChainStack(app, { config, cloud: "aws", environment: "staging" }));
    expect({ code, stderr }).toEqual({
      code: EXIT_BAD_INPUT,
      stderr: 'synth error: aws-staging: environment = "staging" is invalid [ENVIRONMENT_NOT_DECLARED]; accepted: an environment declared under environments: dev, prod\n',
    });
  });

  test("an unexpected failure exits 1 and hides the trace unless BLUEPRINT_DEBUG is set", () => {
    const boom = (): never => {
      throw new Error("boom");
    };
    expect(run(boom)).toEqual({ code: EXIT_UNEXPECTED, stderr: "synth failed: boom (set BLUEPRINT_DEBUG=1 for the stack trace)\n" });
    const debug = run(boom, { BLUEPRINT_DEBUG: "1" });
    expect(debug.code).toBe(EXIT_UNEXPECTED);
    expect(debug.stderr).toMatch(/^synth failed: boom\nError: boom\n\s+at /);
  });
});

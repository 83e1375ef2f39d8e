import * as path from "node:path";
import { loadConfig } from "../../config/load";
import { EXIT_BAD_INPUT } from "../../stacks/run-blueprint";
import { ConfigScratch, defaultConfigDoc } from "../helpers/config-scratch";

/*
 * #15 (issue 6), AWS: clouds.aws.evidence, the dedicated evidence account of the log-archive
 * layout. Each broken config must exit 2 with exactly one line `config error: <path>: ...; accepted: ...`.
 */

const scratch = new ConfigScratch("aws-evidence-config");
const DEFAULT_CONFIG = path.resolve(__dirname, "..", "..", "blueprint.config.yaml");
type Doc = { clouds: { aws: Record<string, unknown> & { environments: Record<string, { accountId: string; region: string }> } } };

function withEvidence(evidence: unknown): Doc {
  const doc = defaultConfigDoc<Doc>();
  doc.clouds.aws["evidence"] = evidence;
  return doc;
}

afterAll(() => scratch.remove());

describe("#15 clouds.aws.evidence", () => {
  test("#15 the default config sets no evidence account: each environment keeps its own log bucket", () => {
    expect(loadConfig(DEFAULT_CONFIG).clouds.aws!.evidence).toBeUndefined();
  });

  test("#15 an account of its own is read as given", () => {
    expect(loadConfig(scratch.write(withEvidence({ accountId: "444444444444", region: "us-east-1" }))).clouds.aws!.evidence).toEqual({
      accountId: "444444444444",
      region: "us-east-1",
    });
  });

  test("#15 an evidence account that runs an environment is refused", () => {
    const { code, lines } = scratch.run(withEvidence({ accountId: "111111111111", region: "eu-west-1" }));
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(lines).toEqual([
      "config error: clouds.aws.evidence.accountId: 111111111111 is also the account of environment dev; accepted: an account of its own, whose administrators are not the environments'",
    ]);
  });

  test("#15 an evidence account that holds the state backend (and an environment) is refused, naming both", () => {
    const { code, lines } = scratch.run(withEvidence({ accountId: "222222222222", region: "eu-west-1" }));
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(lines).toEqual([
      "config error: clouds.aws.evidence.accountId: 222222222222 is also the account of environment prod, the state backend; accepted: an account of its own, whose administrators are not the environments'",
    ]);
  });

  test("#15 an evidence account that is the state backend's alone is refused", () => {
    const doc = withEvidence({ accountId: "555555555555", region: "eu-west-1" });
    doc.clouds.aws["stateBackend"] = { accountId: "555555555555", region: "eu-west-1" };
    const { code, lines } = scratch.run(doc);
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(lines).toEqual([
      "config error: clouds.aws.evidence.accountId: 555555555555 is also the account of the state backend; accepted: an account of its own, whose administrators are not the environments'",
    ]);
  });

  test("#15 the management account cannot be the evidence account", () => {
    const { code, lines } = scratch.run(withEvidence({ accountId: "333333333333", region: "us-east-1" }));
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(lines).toEqual([
      "config error: clouds.aws.evidence.accountId: 333333333333 is also the account of the management account; accepted: an account of its own, whose administrators are not the environments'",
    ]);
  });

  test("#15 an evidence region in another partition than an environment's is refused", () => {
    const { code, lines } = scratch.run(withEvidence({ accountId: "444444444444", region: "us-gov-west-1" }));
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(lines).toEqual([
      "config error: clouds.aws.evidence.region: us-gov-west-1 is in partition aws-us-gov, environment dev (eu-west-1), prod (eu-west-1) not; accepted: a region of the environments' partition",
    ]);
  });

  test("#15 another region of the same partition is accepted (a trail delivers to a bucket in any region)", () => {
    expect(loadConfig(scratch.write(withEvidence({ accountId: "444444444444", region: "eu-central-1" }))).clouds.aws!.evidence!.region).toBe("eu-central-1");
  });

  test.each([
    ["account id not 12 digits", { accountId: "4444", region: "eu-west-1" }, "clouds.aws.evidence.accountId", "an AWS account id of exactly 12 digits"],
    ["account id missing", { region: "eu-west-1" }, "clouds.aws.evidence.accountId", "an AWS account id of exactly 12 digits"],
    ["region unknown", { accountId: "444444444444", region: "eu-west-9" }, "clouds.aws.evidence.region", "an AWS region name"],
    ["unknown key", { accountId: "444444444444", region: "eu-west-1", projectId: "x" }, "clouds.aws.evidence.projectId", "accepted: one of the keys accountId, region"],
    ["not a mapping", "444444444444", "clouds.aws.evidence", "accepted:"],
  ])("#15 evidence %s is a one-line error", (_name, evidence, fieldPath, accepted) => {
    const { code, lines } = scratch.run(withEvidence(evidence));
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.startsWith(`config error: ${fieldPath}: `)).toBe(true);
    expect(lines[0]).toContain(accepted);
  });
});

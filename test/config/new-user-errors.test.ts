import * as fs from "node:fs";
import * as path from "node:path";
import { EXIT_BAD_INPUT, EXIT_OK, runBlueprint } from "../../stacks/run-blueprint";
import { ConfigScratch, defaultConfigDoc } from "../helpers/config-scratch";

/*
 * The errors a new user hit in a trial, each as the whole text printed: one line per problem,
 * saying what is wrong and what is accepted, and nothing that follows from another line.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;
const scratch = new ConfigScratch("new-user-errors");
afterAll(() => scratch.remove());

function run(change: (doc: Doc) => void): { code: number; stderr: string } {
  const doc = defaultConfigDoc<Doc>();
  change(doc);
  return scratch.run(doc);
}

/** The default file's text with one edit, written as is (for YAML-level mistakes). */
function runText(edit: (text: string) => string): { code: number; stderr: string; file: string } {
  const original = fs.readFileSync(path.resolve(__dirname, "..", "..", "blueprint.config.yaml"), "utf8");
  const edited = edit(original);
  expect(edited).not.toBe(original);
  const file = scratch.write({});
  fs.writeFileSync(file, edited);
  let stderr = "";
  const code = runBlueprint({ env: { BLUEPRINT_CONFIG: file, CDKTF_OUTDIR: `${file}-out` }, stderr: { write: (t: string) => (stderr += t) } });
  return { code, stderr, file };
}

describe("errors a new user hit", () => {
  test("an environment declared but listed under no cloud is an error, not silently dropped", () => {
    const { code, stderr } = run((d) => (d.environments.staging = {}));
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(stderr).toBe(
      "config error: environments.staging: declared but listed under no cloud, so no stack would be built; accepted: an entry clouds.<cloud>.environments.staging, or no environment staging\n",
    );
  });

  test("an environment listed only under a disabled cloud is the user's choice and synthesizes without it", () => {
    const { code, stderr } = run((d) => {
      d.environments.staging = {};
      d.clouds.gcp.environments.staging = { projectId: "acme-ai-staging", region: "europe-west1" };
      d.clouds.gcp.enabled = false;
    });
    expect(stderr).toBe("");
    expect(code).toBe(EXIT_OK);
  });

  test("backend.type in the wrong case names the type and the accepted types", () => {
    const { code, stderr } = run((d) => (d.clouds.aws.backend.type = "S3"));
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(stderr).toBe('config error: clouds.aws.backend.type: unknown backend type "S3"; accepted: local or s3 (lowercase)\n');
  });

  test("a backend without a type says the type is missing", () => {
    const { stderr } = run((d) => (d.clouds.gcp.backend = { bucket: "acme-state" }));
    expect(stderr).toBe("config error: clouds.gcp.backend.type: missing; accepted: local or gcs\n");
  });

  test("a backend that is not a mapping still says a mapping is expected", () => {
    const { stderr } = run((d) => (d.clouds.azure.backend = "azurerm"));
    expect(stderr).toBe('config error: clouds.azure.backend: got "azurerm"; accepted: a mapping whose type is local or azurerm\n');
  });

  test.each([
    ["budget recipients", (d: Doc) => (d.environments.dev.budget.recipients = "finops@example.com"),
      'config error: environments.dev.budget.recipients: got "finops@example.com"; accepted: a list of 1-5 email addresses (GCP budgets notify at most 5 channels)\n'],
    ["budget alerts", (d: Doc) => (d.environments.prod.budget.alerts = "50 percent actual"),
      'config error: environments.prod.budget.alerts: got "50 percent actual"; accepted: a list of 1-5 alerts\n'],
    ["Azure admins", (d: Doc) => (d.clouds.azure.adminObjectIds = "00000000-0000-4000-8000-0000000000a1"),
      'config error: clouds.azure.adminObjectIds: got "00000000-0000-4000-8000-0000000000a1"; accepted: a list of at least one object id\n'],
    ["GCP key admins", (d: Doc) => (d.clouds.gcp.keyAdminMembers = "group:kms-admins@example.com-and-more-than-twenty"),
      'config error: clouds.gcp.keyAdminMembers: got "group:kms-admins@example.com-and-more-than-twenty"; accepted: a list of at most 20 IAM members\n'],
  ])("a string where a list belongs (%s) prints one line, not two", (_name, change, expected) => {
    const { code, stderr } = run(change);
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(stderr).toBe(expected);
  });

  test("environments: {} prints one line, not one per cloud environment with an empty accepted list", () => {
    const { code, stderr } = run((d) => (d.environments = {}));
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(stderr).toBe("config error: environments: no environment declared; accepted: at least one, e.g. dev or prod\n");
  });

  test.each([
    [0, "got number 0"],
    [100_000_001, "got number 100000001"],
  ])("maxMonthlyLogCost %d states the range the schema applies", (value, got) => {
    const { stderr } = run((d) => (d.environments.prod.logs.maxMonthlyLogCost = value));
    expect(stderr).toBe(`config error: environments.prod.logs.maxMonthlyLogCost: ${got}; accepted: a monthly amount in USD from 0.01 to 100000000\n`);
  });

  test("maxMonthlyLogCost at both ends of the stated range is accepted", () => {
    expect(run((d) => (d.environments.prod.logs.maxMonthlyLogCost = 100_000_000)).code).toBe(EXIT_OK);
    // 0.01 passes the schema and then fails the cost check: a different line, no range complaint.
    expect(run((d) => (d.environments.prod.logs.maxMonthlyLogCost = 0.01)).stderr).toMatch(/^config error: environments\.prod\.logs\.maxMonthlyLogCost: the compliance-7y tier at 20 GB\/day costs /);
  });

  test("the GCP project rule names the forbidden words", () => {
    const { stderr } = run((d) => (d.clouds.gcp.environments.dev.projectId = "acme-null-dev"));
    expect(stderr).toBe(
      'config error: clouds.gcp.environments.dev.projectId: got "acme-null-dev"; accepted: a GCP project id: 6-30 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen, not containing google, null, undefined or ssl\n',
    );
  });

  test("an Azure resource group name of one character is accepted, as the message says (1-90)", () => {
    const { code, stderr } = run((d) => (d.clouds.azure.backend = { type: "azurerm", resourceGroupName: "a" }));
    expect(stderr).toBe("");
    expect(code).toBe(EXIT_OK);
  });

  test.each([
    [".", '"."'],
    ["a".repeat(91), `"${"a".repeat(56)}...`],
  ])("an Azure resource group name %s outside the rule is refused", (name, shown) => {
    const { stderr } = run((d) => (d.clouds.azure.backend = { type: "azurerm", resourceGroupName: name }));
    expect(stderr).toBe(`config error: clouds.azure.backend.resourceGroupName: got ${shown}; accepted: a resource group name: 1-90 letters, digits, _ ( ) . -, not ending with .\n`);
  });

  test("six budget recipients names the count", () => {
    const { stderr } = run((d) => (d.environments.prod.budget.recipients = ["a@x.io", "b@x.io", "c@x.io", "d@x.io", "e@x.io", "f@x.io"]));
    expect(stderr).toBe("config error: environments.prod.budget.recipients: got 6 email addresses; accepted: a list of 1-5 email addresses (GCP budgets notify at most 5 channels)\n");
  });

  test("no budget recipients says the list is empty", () => {
    const { stderr } = run((d) => (d.environments.prod.budget.recipients = []));
    expect(stderr).toBe("config error: environments.prod.budget.recipients: got an empty list; accepted: a list of 1-5 email addresses (GCP budgets notify at most 5 channels)\n");
  });

  test("six alerts names the count", () => {
    const alerts = [10, 20, 30, 40, 50, 60].map((percent) => ({ percent, basis: "actual" }));
    const { stderr } = run((d) => (d.environments.prod.budget.alerts = alerts));
    expect(stderr).toBe("config error: environments.prod.budget.alerts: got 6 alerts; accepted: a list of 1-5 alerts\n");
  });

  test("one tab prints the tab error only, with what to use instead", () => {
    const { code, stderr, file } = runText((t) => t.replace("\n    dataClassification: internal", "\n\tdataClassification: internal"));
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(stderr).toBe(`config error: ${file}:20:1: YAML syntax error: Tabs are not allowed as indentation; accepted: indentation with spaces (YAML forbids tabs there)\n`);
  });

  test("two unrelated syntax errors print the first only", () => {
    const { stderr, file } = runText((t) => t.replace("  owner: ml-platform", "  owner: [ml-platform").replace("    protection: standard", "    protection: standard: x"));
    expect(stderr).toBe(`config error: ${file}:6:3: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]; accepted: valid YAML (see README, Configuration)\n`);
  });
});

describe("a disabled cloud is validated in full", () => {
  test("an undeclared environment under a disabled cloud is reported", () => {
    const { code, stderr } = run((d) => {
      d.clouds.gcp.enabled = false;
      d.clouds.gcp.environments.staging = { projectId: "acme-ai-staging", region: "europe-west1" };
    });
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(stderr).toBe("config error: clouds.gcp.environments.staging: environment not declared under environments; accepted: dev, prod\n");
  });

  test("GCP placement rules hold on a disabled GCP", () => {
    const { stderr } = run((d) => {
      d.clouds.gcp.enabled = false;
      d.clouds.gcp.environments.dev.projectId = "acme-ai-prod";
    });
    expect(stderr).toBe(
      "config error: clouds.gcp.environments.prod.projectId: project acme-ai-prod is already environment dev's, and audit configs are per project; accepted: one project per environment\n",
    );
  });

  test("AWS placement rules hold on a disabled AWS", () => {
    const { stderr } = run((d) => {
      d.clouds.aws.enabled = false;
      d.clouds.aws.managementAccount.accountId = "111111111111";
    });
    expect(stderr).toBe("config error: clouds.aws.managementAccount.accountId: 111111111111 also runs environment dev; accepted: an account that runs no environment, or allowWorkloads: true\n");
  });

  test("Azure placement rules hold on a disabled Azure", () => {
    const { stderr } = run((d) => {
      d.clouds.azure.enabled = false;
      d.clouds.azure.evidence = { subscriptionId: "00000000-0000-4000-8000-000000000002", location: "westeurope" };
    });
    expect(stderr).toBe(
      "config error: clouds.azure.evidence.subscriptionId: 00000000-0000-4000-8000-000000000002 is also the state backend's subscription; accepted: a subscription that runs no environment and holds no state backend\n" +
        "config error: clouds.azure.evidence.subscriptionId: 00000000-0000-4000-8000-000000000002 also runs environment prod; accepted: a subscription that runs no environment and holds no state backend\n",
    );
  });
});

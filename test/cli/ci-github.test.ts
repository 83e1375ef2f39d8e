import * as path from "node:path";
import { parse } from "yaml";
import { renderGithubPipelines } from "../../cli/ci-github";
import { ciTargets } from "../../cli/ci-targets";
import { loadConfig } from "../../config/load";
import { parseWorkflows } from "../helpers/workflow-parser";

/*
 * The GitHub Actions workflows of the default configuration: valid for GitHub's own parser,
 * minimal permissions job by job, OIDC logins only (no key or client secret anywhere), deploys
 * in environment order behind their GitHub environments, and publish jobs bound to the model
 * repository's environments.
 */
const ROOT = path.resolve(__dirname, "..", "..");
const config = loadConfig(path.join(ROOT, "blueprint.config.yaml"));
const files = renderGithubPipelines(config, ciTargets(config)!);

interface Step {
  readonly name: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, unknown>;
  readonly "working-directory"?: string;
}
interface Job {
  readonly name: string;
  readonly needs?: string | string[];
  readonly if?: string;
  readonly environment?: string;
  readonly permissions?: Record<string, string>;
  readonly strategy?: { matrix: { include: Record<string, string>[] } };
  readonly env?: Record<string, string>;
  readonly steps: Step[];
}
interface Workflow {
  readonly name: string;
  readonly on: Record<string, unknown>;
  readonly permissions: Record<string, string>;
  readonly concurrency: unknown;
  readonly jobs: Record<string, Job>;
}

function workflow(file: string): Workflow {
  const found = files.find((f) => f.path === file);
  if (!found) throw new Error(`${file} was not rendered`);
  return parse(found.content) as Workflow;
}

const PR = ".github/workflows/pull-request.yml";
const DEPLOY = ".github/workflows/deploy.yml";
const PUBLISH_FRAUD = "model-repositories/fraud-scoring/.github/workflows/publish-model.yml";
const PUBLISH_LLM = "model-repositories/llm-adapters/.github/workflows/publish-model.yml";

/** Names of the action each step uses, without the pin. */
function actions(job: Job): string[] {
  return job.steps.filter((s) => s.uses !== undefined).map((s) => s.uses!.split("@")[0]!);
}

function stepNamed(job: Job, name: string): Step {
  const s = job.steps.find((x) => x.name === name);
  if (!s) throw new Error(`no step ${name} in ${job.name}`);
  return s;
}

test("the files and their paths", () => {
  expect(files.map((f) => f.path)).toEqual([PR, DEPLOY, PUBLISH_FRAUD, PUBLISH_LLM]);
});

test("every workflow parses with @actions/workflow-parser without an error", () => {
  const results = parseWorkflows(files.map((f) => ({ name: f.path, content: f.content })));
  expect(results).toEqual([
    { name: PR, errors: [] },
    { name: DEPLOY, errors: [] },
    { name: PUBLISH_FRAUD, errors: [] },
    { name: PUBLISH_LLM, errors: [] },
  ]);
});

test("the parser does report a broken workflow (the check above can fail)", () => {
  const broken = files[0]!.content.replace("runs-on: ubuntu-24.04", "runs-on: ubuntu-24.04\n    permissions: { id-token: writ }").replace("${{ matrix.stack }}", "${{ matrx.stack }}");
  const [result] = parseWorkflows([{ name: "broken.yml", content: broken }]);
  expect(result!.errors.length).toBeGreaterThan(0);
});

test("top-level permissions are empty in every workflow", () => {
  expect(files.map((f) => [f.path, (parse(f.content) as Workflow).permissions])).toEqual([
    [PR, {}],
    [DEPLOY, {}],
    [PUBLISH_FRAUD, {}],
    [PUBLISH_LLM, {}],
  ]);
});

test("pull-request.yml: trigger, concurrency per pull request, and each job's permissions", () => {
  const wf = workflow(PR);
  expect(wf.on).toEqual({ pull_request: { branches: ["main"] } });
  expect(wf.concurrency).toEqual({ group: "pull-request-${{ github.event.pull_request.number }}", "cancel-in-progress": true });
  expect(Object.keys(wf.jobs)).toEqual(["test", "plan", "summary"]);
  expect(wf.jobs["test"]!.permissions).toEqual({ contents: "read", "security-events": "write" });
  expect(wf.jobs["plan"]!.permissions).toEqual({ "id-token": "write", contents: "read" });
  expect(wf.jobs["summary"]!.permissions).toEqual({ "pull-requests": "write" });
});

test("pull-request.yml: test runs npm ci, npm test, synth and the audit, and uploads the SARIF and the pack", () => {
  const job = workflow(PR).jobs["test"]!;
  expect(job.steps.map((s) => s.run ?? s.uses!.split("@")[0])).toEqual([
    "actions/checkout",
    "actions/setup-node",
    "npm ci\n",
    "npm test\n",
    "npm run synth\n",
    "npm run audit -- --out audit\n",
    "github/codeql-action/upload-sarif",
    "actions/upload-artifact",
  ]);
  expect(stepNamed(job, "Set up Node.js").with).toEqual({ "node-version": "20", cache: "npm" });
  expect(stepNamed(job, "Upload the audit to code scanning")).toMatchObject({ if: "always()", with: { sarif_file: "audit/report.sarif", category: "blueprint-audit" } });
  expect(stepNamed(job, "Keep the audit and the synthesized stacks")).toMatchObject({ if: "always()", with: { name: "audit", path: "audit/\ncdktf.out/\n" } });
});

test("pull-request.yml: plan skips forks and covers every stack with its plan identity", () => {
  const job = workflow(PR).jobs["plan"]!;
  expect(job.needs).toBe("test");
  expect(job.if).toBe("github.event.pull_request.head.repo.full_name == github.repository");
  expect(job.strategy!.matrix.include).toEqual([
    { stack: "aws-dev", cloud: "aws", role_arn: "arn:aws:iam::111111111111:role/acme-ai-dev-ci-plan", region: "eu-west-1", "runs-on": "ubuntu-24.04" },
    { stack: "gcp-dev", cloud: "gcp", provider_variable: "GCP_WORKLOAD_IDENTITY_PROVIDER_DEV", service_account: "ci-plan@acme-ai-dev.iam.gserviceaccount.com", project_id: "acme-ai-dev", "runs-on": "ubuntu-24.04" },
    { stack: "azure-dev", cloud: "azure", client_id_variable: "AZURE_CLIENT_ID_PLAN_DEV", tenant_id: "00000000-0000-4000-8000-000000000000", subscription_id: "00000000-0000-4000-8000-000000000001", "runs-on": ["self-hosted", "linux", "acme-ai-azure-egress"] },
    { stack: "aws-prod", cloud: "aws", role_arn: "arn:aws:iam::222222222222:role/acme-ai-prod-ci-plan", region: "eu-west-1", "runs-on": "ubuntu-24.04" },
    { stack: "gcp-prod", cloud: "gcp", provider_variable: "GCP_WORKLOAD_IDENTITY_PROVIDER_PROD", service_account: "ci-plan@acme-ai-prod.iam.gserviceaccount.com", project_id: "acme-ai-prod", "runs-on": "ubuntu-24.04" },
    { stack: "azure-prod", cloud: "azure", client_id_variable: "AZURE_CLIENT_ID_PLAN_PROD", tenant_id: "00000000-0000-4000-8000-000000000000", subscription_id: "00000000-0000-4000-8000-000000000002", "runs-on": ["self-hosted", "linux", "acme-ai-azure-egress"] },
  ]);
  expect(stepNamed(job, "Log in to AWS (plan role)")).toMatchObject({
    if: "matrix.cloud == 'aws'",
    with: { "role-to-assume": "${{ matrix.role_arn }}", "aws-region": "${{ matrix.region }}", "role-session-name": "plan-${{ github.run_id }}" },
  });
  expect(stepNamed(job, "Log in to GCP (plan service account)")).toMatchObject({
    if: "matrix.cloud == 'gcp'",
    with: { workload_identity_provider: "${{ vars[matrix.provider_variable] }}", service_account: "${{ matrix.service_account }}", project_id: "${{ matrix.project_id }}" },
  });
  const azure = stepNamed(job, "Azure: OIDC for the azurerm provider");
  expect(azure.if).toBe("matrix.cloud == 'azure'");
  expect(azure.env).toEqual({
    VARIABLE: "${{ matrix.client_id_variable }}",
    CLIENT_ID: "${{ vars[matrix.client_id_variable] }}",
    TENANT_ID: "${{ matrix.tenant_id }}",
    SUBSCRIPTION_ID: "${{ matrix.subscription_id }}",
  });
  expect(azure.run).toContain('  echo "ARM_USE_OIDC=true"\n  echo "ARM_CLIENT_ID=$CLIENT_ID"\n  echo "ARM_TENANT_ID=$TENANT_ID"\n  echo "ARM_SUBSCRIPTION_ID=$SUBSCRIPTION_ID"\n} >> "$GITHUB_ENV"');
});

test("pull-request.yml: plan runs cdktf diff, terraform plan to JSON and the destroy guard", () => {
  const job = workflow(PR).jobs["plan"]!;
  expect(job.env).toEqual({ STACK: "${{ matrix.stack }}" });
  expect(stepNamed(job, "Set up Terraform").with).toEqual({ terraform_version: "1.15.9", terraform_wrapper: false });
  expect(stepNamed(job, "cdktf diff").run).toBe('npm run diff -- "$STACK"\n');
  expect(stepNamed(job, "Terraform plan")).toEqual({
    name: "Terraform plan",
    id: "plan",
    "working-directory": "cdktf.out/stacks/${{ env.STACK }}",
    run: "terraform init -input=false\nterraform plan -input=false -out=plan.out\nterraform show -json plan.out > plan.json\n",
  });
  expect(stepNamed(job, "Destroy guard (blueprint audit --plan)")).toEqual({
    name: "Destroy guard (blueprint audit --plan)",
    id: "guard",
    run: 'npm run audit -- --plan "$STACK=cdktf.out/stacks/$STACK/plan.json" --out "audit-$STACK" 2>&1 | tee "guard-$STACK.txt"\n',
  });
  expect(stepNamed(job, "Summary").run).toContain('cat "summary-$STACK.md" >> "$GITHUB_STEP_SUMMARY"');
  expect(stepNamed(job, "Keep the summary").with).toEqual({ name: "plan-summary-${{ matrix.stack }}", path: "summary-${{ matrix.stack }}.md" });
});

test("the guard's pipe fails the step: every workflow runs bash with pipefail (shell: bash)", () => {
  expect(files.map((f) => (parse(f.content) as { defaults: unknown }).defaults)).toEqual([
    { run: { shell: "bash" } },
    { run: { shell: "bash" } },
    { run: { shell: "bash" } },
    { run: { shell: "bash" } },
  ]);
});

test("pull-request.yml: the summary comment uses gh with the job token, after every plan", () => {
  const job = workflow(PR).jobs["summary"]!;
  expect(job.needs).toBe("plan");
  expect(job.if).toBe("always() && github.event.pull_request.head.repo.full_name == github.repository");
  expect(actions(job)).toEqual(["actions/download-artifact"]);
  expect(stepNamed(job, "Download the summaries").with).toEqual({ pattern: "plan-summary-*", "merge-multiple": true, path: "summaries" });
  const comment = stepNamed(job, "Create or update the comment");
  expect(comment.env).toEqual({ GH_TOKEN: "${{ github.token }}", PR: "${{ github.event.pull_request.number }}" });
  expect(comment.run).toContain('gh api --method PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$id" -F body=@body.md');
  expect(comment.run).toContain('gh api --method POST "repos/$GITHUB_REPOSITORY/issues/$PR/comments" -F body=@body.md');
});

test("deploy.yml: push to main and manual runs, one deployment at a time, never cancelled", () => {
  const wf = workflow(DEPLOY);
  expect(wf.on).toEqual({ push: { branches: ["main"] }, workflow_dispatch: {} });
  expect(wf.concurrency).toBe("deploy");
});

test("deploy.yml: one job per stack in apply order, each waiting for the whole previous environment", () => {
  const jobs = workflow(DEPLOY).jobs;
  expect(Object.entries(jobs).map(([id, j]) => [id, j.environment, j.needs ?? null])).toEqual([
    ["deploy-aws-dev", "dev", null],
    ["deploy-gcp-dev", "dev", null],
    ["deploy-azure-dev", "dev", null],
    ["deploy-aws-prod", "prod", ["deploy-aws-dev", "deploy-gcp-dev", "deploy-azure-dev"]],
    ["deploy-gcp-prod", "prod", ["deploy-aws-dev", "deploy-gcp-dev", "deploy-azure-dev"]],
    ["deploy-azure-prod", "prod", ["deploy-aws-dev", "deploy-gcp-dev", "deploy-azure-dev"]],
  ]);
  expect(Object.values(jobs).map((j) => j.if)).toEqual(Array(6).fill("github.ref == 'refs/heads/main'"));
});

test("deploy.yml: each job logs in with its deploy identity and applies the guarded plan file", () => {
  const jobs = workflow(DEPLOY).jobs;
  expect(stepNamed(jobs["deploy-aws-prod"]!, "Log in to AWS (deploy role)").with).toEqual({
    "role-to-assume": "arn:aws:iam::222222222222:role/acme-ai-prod-ci-deploy",
    "aws-region": "eu-west-1",
    "role-session-name": "deploy-${{ github.run_id }}",
  });
  expect(stepNamed(jobs["deploy-gcp-prod"]!, "Log in to GCP (deploy service account)").with).toEqual({
    workload_identity_provider: "${{ vars.GCP_WORKLOAD_IDENTITY_PROVIDER_PROD }}",
    service_account: "ci-deploy@acme-ai-prod.iam.gserviceaccount.com",
    project_id: "acme-ai-prod",
  });
  expect(stepNamed(jobs["deploy-azure-prod"]!, "Azure: OIDC for the azurerm provider").env).toEqual({
    VARIABLE: "AZURE_CLIENT_ID_DEPLOY_PROD",
    CLIENT_ID: "${{ vars.AZURE_CLIENT_ID_DEPLOY_PROD }}",
    TENANT_ID: "00000000-0000-4000-8000-000000000000",
    SUBSCRIPTION_ID: "00000000-0000-4000-8000-000000000002",
  });
  const prod = jobs["deploy-azure-prod"]!;
  expect(prod.env).toEqual({ STACK: "azure-prod" });
  expect(prod.steps.map((s) => s.name)).toEqual([
    "Check out",
    "Set up Node.js",
    "Install",
    "Azure: OIDC for the azurerm provider",
    "Set up Terraform",
    "Synth",
    "Terraform plan",
    "Destroy guard (blueprint audit --plan)",
    "Terraform apply",
  ]);
  expect(stepNamed(prod, "Terraform apply")).toEqual({ name: "Terraform apply", "working-directory": "cdktf.out/stacks/${{ env.STACK }}", run: "terraform apply -input=false plan.out\n" });
});

test("id-token: write only in the jobs that log in to a cloud, by job", () => {
  const rows = files.flatMap((f) =>
    Object.entries((parse(f.content) as Workflow).jobs).map(([id, j]) => {
      const logsIn = j.steps.some((s) => ["aws-actions/configure-aws-credentials", "google-github-actions/auth", "azure/login"].includes(s.uses?.split("@")[0] ?? "") || (s.run ?? "").includes("ARM_USE_OIDC=true"));
      return [`${path.basename(path.dirname(path.dirname(path.dirname(f.path))))}:${id}`, j.permissions?.["id-token"] ?? "none", logsIn];
    }),
  );
  expect(rows).toEqual([
    [".:test", "none", false],
    [".:plan", "write", true],
    [".:summary", "none", false],
    ...["aws-dev", "gcp-dev", "azure-dev", "aws-prod", "gcp-prod", "azure-prod"].map((s) => [`.:deploy-${s}`, "write", true]),
    ...["aws-dev", "gcp-dev", "azure-dev", "aws-prod", "gcp-prod", "azure-prod"].map((s) => [`fraud-scoring:publish-${s}-fraud-scoring`, "write", true]),
    ...["aws-dev", "gcp-dev", "azure-dev", "aws-prod", "gcp-prod", "azure-prod"].map((s) => [`llm-adapters:publish-${s}-llm-adapters`, "write", true]),
  ]);
});

test("every job's permissions are read-only but for what it writes", () => {
  const perms = files.flatMap((f) => Object.values((parse(f.content) as Workflow).jobs).map((j) => j.permissions));
  expect(perms.length).toBe(21);
  expect([...new Set(perms.map((p) => JSON.stringify(p)))].sort()).toEqual([
    '{"contents":"read","security-events":"write"}',
    '{"id-token":"write","contents":"read"}',
    '{"pull-requests":"write"}',
  ]);
});

test("no workflow names a cloud key, a client secret or a credentials file", () => {
  const forbidden = ["AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "aws-secret-access-key", "aws-access-key-id", "ARM_CLIENT_SECRET", "client-secret", "credentials_json", "creds:", "AZURE_CREDENTIALS"];
  expect(files.map((f) => [f.path, forbidden.filter((word) => f.content.includes(word))])).toEqual([
    [PR, []],
    [DEPLOY, []],
    [PUBLISH_FRAUD, []],
    [PUBLISH_LLM, []],
  ]);
});

test("no step's env or with: takes a secret, but the optional read token of the blueprint checkout", () => {
  const secrets = files.flatMap((f) =>
    Object.values((parse(f.content) as Workflow).jobs).flatMap((j) =>
      j.steps.flatMap((s) => Object.entries({ ...(s.env ?? {}), ...(s.with ?? {}) }).filter(([, v]) => String(v).includes("secrets.")).map(([k, v]) => `${k}=${String(v)}`)),
    ),
  );
  expect([...new Set(secrets)]).toEqual(["token=${{ secrets.BLUEPRINT_READ_TOKEN || github.token }}"]);
});

test("publish-model.yml: inputs, and one job per environment, cloud and registry", () => {
  const wf = workflow(PUBLISH_LLM);
  expect(wf.on).toEqual({
    workflow_dispatch: {
      inputs: {
        environment: { description: "Environment to publish into", type: "choice", required: true, options: ["dev", "prod"] },
        registry: { description: "Registry to publish into (on every cloud that has it in the environment)", type: "choice", required: true, options: ["llm-adapters"] },
        model: { description: "Model name: incoming/<model>/<version>/ (1-63 lowercase letters, digits, '.', '_', '-')", type: "string", required: true },
        version: { description: "Version, same characters as the model name", type: "string", required: true },
        directory: { description: "Folder of this repository holding exactly the files to publish", type: "string", required: true, default: "model" },
        "dataset-digest": { description: "dataset-digest lineage tag: sha256:<64 hex digits> of the training data snapshot", type: "string", required: true },
        "eval-report": { description: "eval-report lineage tag: the evaluation report's path inside the folder (a signed file)", type: "string", required: true, default: "eval/report.json" },
        "base-model": { description: "base-model lineage tag (registries that require it refuse an upload without it)", type: "string", required: false },
      },
    },
  });
  expect(Object.entries(wf.jobs).map(([id, j]) => [id, j.environment, j.if])).toEqual([
    ["publish-aws-dev-llm-adapters", "dev", "inputs.environment == 'dev' && inputs.registry == 'llm-adapters'"],
    ["publish-gcp-dev-llm-adapters", "dev", "inputs.environment == 'dev' && inputs.registry == 'llm-adapters'"],
    ["publish-azure-dev-llm-adapters", "dev", "inputs.environment == 'dev' && inputs.registry == 'llm-adapters'"],
    ["publish-aws-prod-llm-adapters", "prod", "inputs.environment == 'prod' && inputs.registry == 'llm-adapters'"],
    ["publish-gcp-prod-llm-adapters", "prod", "inputs.environment == 'prod' && inputs.registry == 'llm-adapters'"],
    ["publish-azure-prod-llm-adapters", "prod", "inputs.environment == 'prod' && inputs.registry == 'llm-adapters'"],
  ]);
  // fraud-scoring's registries require the default three tags only: no base-model input.
  const fraud = workflow(PUBLISH_FRAUD).on["workflow_dispatch"] as { inputs: Record<string, { options?: string[] }> };
  expect(Object.keys(fraud.inputs)).toEqual(["environment", "registry", "model", "version", "directory", "dataset-digest", "eval-report"]);
  expect(fraud.inputs["registry"]!.options).toEqual(["fraud-scoring"]);
});

test("publish-model.yml: lineage values come from inputs and the dispatched commit, through env only", () => {
  const job = workflow(PUBLISH_FRAUD).jobs["publish-aws-prod-fraud-scoring"]!;
  expect(job.env).toEqual({
    MODEL: "${{ inputs.model }}",
    VERSION: "${{ inputs.version }}",
    DIRECTORY: "${{ inputs.directory }}",
    MODEL_DIR: "${{ github.workspace }}/model-repository/${{ inputs.directory }}",
    LINEAGE_DATASET_DIGEST: "${{ inputs.dataset-digest }}",
    LINEAGE_SOURCE_COMMIT: "${{ github.sha }}",
    LINEAGE_EVAL_REPORT: "${{ inputs.eval-report }}",
  });
  const scripts = Object.values(workflow(PUBLISH_FRAUD).jobs).flatMap((j) => j.steps.map((s) => s.run ?? ""));
  expect(scripts.filter((r) => r.includes("${{ inputs."))).toEqual([]);
});

test("publish-model.yml (AWS prod): checkouts, publisher role, sign with the KMS key, check, upload with tags", () => {
  const job = workflow(PUBLISH_FRAUD).jobs["publish-aws-prod-fraud-scoring"]!;
  expect(job.name).toBe("Publish to fraud-scoring (aws, prod)");
  expect(job.steps.map((s) => s.name)).toEqual([
    "Check the inputs",
    "Check out the model repository",
    "Check out the blueprint",
    "Set up Node.js",
    "Install the blueprint",
    "List the files to publish",
    "Log in to AWS (publish role)",
    "Find the AWS signing key",
    "Sign (blueprint model sign --kms)",
    "Check (blueprint model check)",
    "Add model.sig to the upload",
    "Upload to incoming/ with the lineage tags",
  ]);
  expect(stepNamed(job, "Check out the model repository").with).toEqual({ path: "model-repository", "persist-credentials": false });
  expect(stepNamed(job, "Check out the blueprint").with).toEqual({
    repository: "acme-ai/ai-supply-chain",
    ref: "main",
    path: "blueprint",
    "persist-credentials": false,
    token: "${{ secrets.BLUEPRINT_READ_TOKEN || github.token }}",
  });
  expect(stepNamed(job, "Install the blueprint")).toMatchObject({ "working-directory": "blueprint", run: "npm ci\n" });
  expect(stepNamed(job, "Log in to AWS (publish role)").with).toEqual({
    "role-to-assume": "arn:aws:iam::222222222222:role/acme-ai-prod-ci-publish-fraud-scoring",
    "aws-region": "eu-west-1",
    "role-session-name": "publish-${{ github.run_id }}",
  });
  const resolve = stepNamed(job, "Find the AWS signing key").run!;
  expect(resolve).toContain('KEY_ARN=$(aws kms get-public-key --key-id "arn:aws:kms:eu-west-1:222222222222:alias/acme-ai-prod-signing" --query KeyId --output text)');
  expect(resolve).toContain('REGISTRY_KEY_ARN=$(aws kms describe-key --key-id "arn:aws:kms:eu-west-1:222222222222:alias/acme-ai-prod-registry" --query KeyMetadata.Arn --output text)');
  expect(resolve).toContain('echo "KMS_URI=aws:$KEY_ARN"');
  expect(stepNamed(job, "Sign (blueprint model sign --kms)").run).toBe('npm run blueprint -- model sign "$MODEL_DIR" --kms "$KMS_URI"\n');
  expect(stepNamed(job, "Check (blueprint model check)").run).toBe(
    [
      'npm run blueprint -- model check "$MODEL_DIR" --signature "$MODEL_DIR/model.sig" \\',
      '  --public-key "$RUNNER_TEMP/signing.pem" --config blueprint.config.yaml \\',
      "  --registry aws/prod/fraud-scoring \\",
      '  --lineage "dataset-digest=$LINEAGE_DATASET_DIGEST" --lineage "source-commit=$LINEAGE_SOURCE_COMMIT" --lineage "eval-report=$LINEAGE_EVAL_REPORT"',
      "",
    ].join("\n"),
  );
  const upload = stepNamed(job, "Upload to incoming/ with the lineage tags").run!;
  expect(upload).toContain("BUCKET=acme-ai-prod-models-fraud-scoring-222222222222\n");
  expect(upload).toContain('TAGS="dataset-digest=$(enc "$LINEAGE_DATASET_DIGEST")&source-commit=$(enc "$LINEAGE_SOURCE_COMMIT")&eval-report=$(enc "$LINEAGE_EVAL_REPORT")"');
  expect(upload).toContain(
    '  aws s3api put-object --bucket "$BUCKET" --key "incoming/$MODEL/$VERSION/$f" --body "$MODEL_DIR/$f" \\\n    --tagging "$TAGS" --server-side-encryption aws:kms --ssekms-key-id "$REGISTRY_KEY_ARN" > /dev/null',
  );
});

test("publish-model.yml (llm-adapters): a registry's extra lineage tag is checked and uploaded", () => {
  const job = workflow(PUBLISH_LLM).jobs["publish-azure-prod-llm-adapters"]!;
  expect(stepNamed(job, "Check (blueprint model check)").run).toContain('--lineage "base-model=$LINEAGE_BASE_MODEL"');
  expect(stepNamed(job, "Upload to incoming/ with the lineage tags").run).toContain(
    '--tags "dataset-digest=$LINEAGE_DATASET_DIGEST" "source-commit=$LINEAGE_SOURCE_COMMIT" "eval-report=$LINEAGE_EVAL_REPORT" "base-model=$LINEAGE_BASE_MODEL" > /dev/null',
  );
});

test("publish-model.yml (GCP): the signing key version of the environment's ring; dev's rebuildable ring comes from a variable", () => {
  const jobs = workflow(PUBLISH_FRAUD).jobs;
  const prod = stepNamed(jobs["publish-gcp-prod-fraud-scoring"]!, "Find the GCP signing key");
  expect(prod.env).toBeUndefined();
  expect(prod.run).toContain('echo "KMS_URI=gcp:projects/acme-ai-prod/locations/europe-west1/keyRings/acme-ai-prod/cryptoKeys/signing/cryptoKeyVersions/1" >> "$GITHUB_ENV"');
  const dev = stepNamed(jobs["publish-gcp-dev-fraud-scoring"]!, "Find the GCP signing key");
  expect(dev.env).toEqual({ KEY_RING: "${{ vars.GCP_KEY_RING_DEV }}" });
  expect(dev.run).toContain('echo "KMS_URI=gcp:projects/acme-ai-dev/locations/europe-west1/keyRings/$KEY_RING/cryptoKeys/signing/cryptoKeyVersions/1" >> "$GITHUB_ENV"');
  expect(stepNamed(jobs["publish-gcp-prod-fraud-scoring"]!, "Log in to GCP (publish service account)").with).toEqual({
    workload_identity_provider: "${{ vars.GCP_WORKLOAD_IDENTITY_PROVIDER_PROD }}",
    service_account: "ci-pub-fraud-scoring@acme-ai-prod.iam.gserviceaccount.com",
    project_id: "acme-ai-prod",
  });
  expect(stepNamed(jobs["publish-gcp-prod-fraud-scoring"]!, "Upload to incoming/ with the lineage tags").run).toContain(
    'METADATA="dataset-digest=$LINEAGE_DATASET_DIGEST,source-commit=$LINEAGE_SOURCE_COMMIT,eval-report=$LINEAGE_EVAL_REPORT"',
  );
});

test("publish-model.yml (Azure): az login by OIDC with the publisher's client id, the versioned kid", () => {
  const job = workflow(PUBLISH_FRAUD).jobs["publish-azure-dev-fraud-scoring"]!;
  expect(stepNamed(job, "Log in to Azure (publish identity)").with).toEqual({
    "client-id": "${{ vars.AZURE_CLIENT_ID_PUBLISH_FRAUD_SCORING_DEV }}",
    "tenant-id": "00000000-0000-4000-8000-000000000000",
    "subscription-id": "00000000-0000-4000-8000-000000000001",
  });
  const resolve = stepNamed(job, "Find the Azure signing key").run!;
  expect(resolve).toContain("KID=$(az keyvault key show --vault-name kv-acme-ai-dev-");
  expect(resolve).toContain(' --name signing --query key.kid --output tsv)\naz keyvault key download --id "$KID" --encoding PEM --file "$RUNNER_TEMP/signing.pem"\necho "KMS_URI=azure:$KID" >> "$GITHUB_ENV"');
});

test("rendering is deterministic", () => {
  expect(renderGithubPipelines(config, ciTargets(config)!)).toEqual(files);
});

test("jobs that reach Azure run on ci.runners.azure (its firewalls admit only allowedIpRanges), the others on ubuntu-24.04", () => {
  const runner = (file: string) => Object.fromEntries(Object.entries(workflow(file).jobs).map(([id, job]) => [id, (job as unknown as Record<string, unknown>)["runs-on"]]));
  const azure = ["self-hosted", "linux", "acme-ai-azure-egress"];
  expect(runner(DEPLOY)).toEqual({
    "deploy-aws-dev": "ubuntu-24.04",
    "deploy-gcp-dev": "ubuntu-24.04",
    "deploy-azure-dev": azure,
    "deploy-aws-prod": "ubuntu-24.04",
    "deploy-gcp-prod": "ubuntu-24.04",
    "deploy-azure-prod": azure,
  });
  expect(runner(PR)).toEqual({ test: "ubuntu-24.04", plan: "${{ matrix.runs-on }}", summary: "ubuntu-24.04" });
  const publish = runner(PUBLISH_FRAUD);
  expect(Object.entries(publish).filter(([id]) => id.includes("azure")).map(([, r]) => r)).toEqual([azure, azure]);
  expect(Object.entries(publish).filter(([id]) => !id.includes("azure")).map(([, r]) => r)).toEqual(["ubuntu-24.04", "ubuntu-24.04", "ubuntu-24.04", "ubuntu-24.04"]);
});

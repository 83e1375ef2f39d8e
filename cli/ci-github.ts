import { awsPartition } from "../config/regions";
import { BlueprintConfig, CloudName } from "../config/schema";
import { PROTECTION } from "../constructs/shared/protection";
import {
  awsKmsAliasArn,
  awsRegistryBucketName,
  awsSigningKeyAlias,
  azureKeyVaultName,
  azureRegistryAccountName,
  gcpCryptoKeyId,
  gcpKeyRingName,
  gcpRegistryBucketName,
  resourceName,
} from "../constructs/shared/naming";
import { PINNED_ACTIONS, PinnedActionName, TERRAFORM_VERSION, usesRef } from "./ci-actions";
import { PipelineFile } from "./ci-files";
import { CiIdentity, CiPublishTarget, CiStackTarget, CiTargets, variableSuffix } from "./ci-targets";
import { commented, renderYaml, trailing, YamlMap, YamlValue } from "./ci-yaml";

/*
 * GitHub Actions workflows for `blueprint ci init --provider github`: pull-request.yml (test,
 * audit, plan every stack through the destroy guard, one summary comment), deploy.yml (apply the
 * environments in order, each behind its GitHub environment) and one publish-model.yml per model
 * repository. Every identity comes from ciTargets (cli/ci-targets.ts); every cloud login is an
 * OIDC token exchange, so no workflow reads a cloud key or client secret.
 */

/** Node.js major the jobs run on: the oldest LTS package.json `engines` admits (>=20.9). */
const NODE_VERSION = "20";


/** The runner image: GitHub-hosted, so each job starts clean (no state left by another job). */
const RUNNER = "ubuntu-24.04";

/** `runs-on` of a job that reaches one cloud: `ci.runners.<cloud>` when set (Azure's firewalls admit only allowedIpRanges). */
function runsOn(target: { readonly runner?: readonly string[] }): YamlValue {
  return target.runner ? [...target.runner] : RUNNER;
}

/** The summary comment's first line: how the summary job finds its own comment again. */
const COMMENT_MARKER = "<!-- blueprint-plan-summary -->";

/** `${{ <expression> }}`, written without a template literal's own `${`. */
function ex(expression: string): string {
  return "$" + `{{ ${expression} }}`;
}

function uses(name: PinnedActionName): YamlValue {
  return trailing(usesRef(name), PINNED_ACTIONS[name].tag);
}

function step(name: string, body: YamlMap): YamlMap {
  return { name, ...body };
}

function checkout(): YamlMap {
  // The job's token is not left in .git/config, where any later step (npm scripts included) could read it.
  return step("Check out", { uses: uses("checkout"), with: { "persist-credentials": false } });
}

function setupNode(cacheDependencyPath?: string): YamlMap {
  return step("Set up Node.js", { uses: uses("setupNode"), with: { "node-version": NODE_VERSION, cache: "npm", "cache-dependency-path": cacheDependencyPath } });
}

function setupTerraform(): YamlMap {
  // The wrapper rewrites terraform's stdout (and `show -json > plan.json` with it): off.
  return step("Set up Terraform", { uses: uses("setupTerraform"), with: { terraform_version: TERRAFORM_VERSION, terraform_wrapper: false } });
}

function run(name: string, script: string, extra: YamlMap = {}): YamlMap {
  return step(name, { ...extra, run: script });
}

/** Title-case cloud name for step names. */
const CLOUD_TITLE: Readonly<Record<CloudName, string>> = { aws: "AWS", gcp: "GCP", azure: "Azure" };

/**
 * The login steps of one identity. AWS and GCP exchange the job's OIDC token in their action;
 * Azure needs no action for Terraform: with ARM_USE_OIDC the azurerm provider reads
 * ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN itself and exchanges the token
 * (terraform-provider-azurerm, website/docs/guides/service_principal_oidc.html.markdown,
 * "GitHub Actions"). `cli` adds the `az` login that model publishing needs for its CLI calls.
 */
function loginSteps(identity: CiIdentity, sessionName: string, condition?: string, cli = false): YamlMap[] {
  const when = condition === undefined ? {} : { if: condition };
  if (identity.cloud === "aws") {
    return [
      step(`Log in to AWS (${identity.role} role)`, {
        ...when,
        uses: uses("awsCredentials"),
        with: { "role-to-assume": identity.roleArn, "aws-region": identity.region, "role-session-name": sessionName },
      }),
    ];
  }
  if (identity.cloud === "gcp") {
    const login = step(`Log in to GCP (${identity.role} service account)`, {
      ...when,
      uses: uses("gcpAuth"),
      with: { workload_identity_provider: ex(`vars.${identity.providerVariable}`), service_account: identity.serviceAccount, project_id: identity.projectId },
    });
    return cli ? [login, step("Set up gcloud", { ...when, uses: uses("setupGcloud") })] : [login];
  }
  if (cli) {
    return [
      step(`Log in to Azure (${identity.role} identity)`, {
        ...when,
        uses: uses("azureLogin"),
        with: { "client-id": ex(`vars.${identity.clientIdVariable}`), "tenant-id": identity.tenantId, "subscription-id": identity.subscriptionId },
      }),
    ];
  }
  return [azureOidcEnv(ex(`vars.${identity.clientIdVariable}`), identity.tenantId, identity.subscriptionId, identity.clientIdVariable, condition)];
}

function azureOidcEnv(clientId: string, tenantId: string, subscriptionId: string, variable: string, condition?: string): YamlMap {
  return run(
    "Azure: OIDC for the azurerm provider",
    [
      'test -n "$CLIENT_ID" || { echo "::error::repository or environment variable $VARIABLE is not set (the client id of the identity the ci-azure stack created)"; exit 1; }',
      "{",
      '  echo "ARM_USE_OIDC=true"',
      '  echo "ARM_CLIENT_ID=$CLIENT_ID"',
      '  echo "ARM_TENANT_ID=$TENANT_ID"',
      '  echo "ARM_SUBSCRIPTION_ID=$SUBSCRIPTION_ID"',
      '} >> "$GITHUB_ENV"',
      "",
    ].join("\n"),
    { ...(condition === undefined ? {} : { if: condition }), env: { VARIABLE: variable, CLIENT_ID: clientId, TENANT_ID: tenantId, SUBSCRIPTION_ID: subscriptionId } },
  );
}

/** The plan of one stack, in cdktf.out/stacks/$STACK: init, plan to a file, its JSON for the guard. */
function planSteps(): YamlValue[] {
  return [
    run("Terraform plan", ["terraform init -input=false", "terraform plan -input=false -out=plan.out", "terraform show -json plan.out > plan.json", ""].join("\n"), {
      id: "plan",
      "working-directory": `cdktf.out/stacks/${ex("env.STACK")}`,
    }),
    commented(
      [
        "The destroy guard: the policy rules on the real plan. A finding no acknowledgement covers",
        "(a replaced key, a deleted registry, a widened trust) exits 3 and fails the job.",
      ],
      run("Destroy guard (blueprint audit --plan)", 'npm run audit -- --plan "$STACK=cdktf.out/stacks/$STACK/plan.json" --out "audit-$STACK" 2>&1 | tee "guard-$STACK.txt"\n', { id: "guard" }),
    ),
  ];
}

function pullRequestWorkflow(targets: CiTargets): string {
  const branch = targets.ci.defaultBranch;
  const sameRepository = "github.event.pull_request.head.repo.full_name == github.repository";
  const matrix = targets.stacks.map((t) => matrixEntry(t));
  const test: YamlMap = {
    name: "Test, synth and audit",
    "runs-on": RUNNER,
    permissions: commented("security-events: write uploads the audit's SARIF to code scanning; nothing else is written.", { contents: "read", "security-events": "write" }),
    steps: [
      checkout(),
      setupNode(),
      run("Install", "npm ci\n"),
      run("Test", "npm test\n"),
      run("Synth", "npm run synth\n"),
      run("Audit", "npm run audit -- --out audit\n"),
      step("Upload the audit to code scanning", { if: "always()", uses: uses("uploadSarif"), with: { sarif_file: "audit/report.sarif", category: "blueprint-audit" } }),
      step("Keep the audit and the synthesized stacks", { if: "always()", uses: uses("uploadArtifact"), with: { name: "audit", path: "audit/\ncdktf.out/\n", "if-no-files-found": "warn" } }),
    ],
  };
  const plan: YamlMap = {
    name: `Plan ${ex("matrix.stack")}`,
    needs: "test",
    if: commented(["Pull requests from forks get no OIDC token (and must not reach a cloud): they stop at test."], sameRepository),
    "runs-on": commented(["The stack's cloud's runners (ci.runners): Azure's vaults and accounts admit only clouds.azure.allowedIpRanges."], ex("matrix.runs-on")),
    permissions: commented("id-token: write lets the job request the OIDC token it exchanges for the plan identity.", { "id-token": "write", contents: "read" }),
    strategy: { "fail-fast": false, matrix: { include: matrix } },
    env: { STACK: ex("matrix.stack") },
    steps: [
      checkout(),
      setupNode(),
      run("Install", "npm ci\n"),
      step("Log in to AWS (plan role)", {
        if: "matrix.cloud == 'aws'",
        uses: uses("awsCredentials"),
        with: { "role-to-assume": ex("matrix.role_arn"), "aws-region": ex("matrix.region"), "role-session-name": `plan-${ex("github.run_id")}` },
      }),
      step("Log in to GCP (plan service account)", {
        if: "matrix.cloud == 'gcp'",
        uses: uses("gcpAuth"),
        with: { workload_identity_provider: ex("vars[matrix.provider_variable]"), service_account: ex("matrix.service_account"), project_id: ex("matrix.project_id") },
      }),
      azureOidcEnv(ex("vars[matrix.client_id_variable]"), ex("matrix.tenant_id"), ex("matrix.subscription_id"), ex("matrix.client_id_variable"), "matrix.cloud == 'azure'"),
      setupTerraform(),
      run("Synth", "npm run synth\n"),
      run("cdktf diff", 'npm run diff -- "$STACK"\n'),
      ...planSteps(),
      run(
        "Summary",
        [
          "{",
          '  echo "### $STACK"',
          '  if [ -f "cdktf.out/stacks/$STACK/plan.out" ]; then',
          '    terraform -chdir="cdktf.out/stacks/$STACK" show -no-color plan.out | grep -E "^(Plan:|No changes)" || true',
          "  else",
          '    echo "No plan (the job failed before terraform plan finished)."',
          "  fi",
          `  echo "Destroy guard: ${ex("steps.guard.outcome || 'not run'")}"`,
          '  if [ -f "guard-$STACK.txt" ]; then',
          '    echo "<details><summary>blueprint audit --plan</summary>"',
          '    echo ""',
          '    echo "\\`\\`\\`text"',
          '    cat "guard-$STACK.txt"',
          '    echo "\\`\\`\\`"',
          '    echo "</details>"',
          "  fi",
          '  echo ""',
          '} > "summary-$STACK.md"',
          'cat "summary-$STACK.md" >> "$GITHUB_STEP_SUMMARY"',
          "",
        ].join("\n"),
        { if: "${{ !cancelled() }}" },
      ),
      step("Keep the summary", { if: "${{ !cancelled() }}", uses: uses("uploadArtifact"), with: { name: `plan-summary-${ex("matrix.stack")}`, path: `summary-${ex("matrix.stack")}.md` } }),
    ],
  };
  const summary: YamlMap = {
    name: "Plan summary comment",
    needs: "plan",
    if: commented(["After every plan, passed or failed; a fork's token cannot comment."], `always() && ${sameRepository}`),
    "runs-on": RUNNER,
    permissions: commented("Only the comment is written; artifacts of the same run download with the runner's own token.", { "pull-requests": "write" }),
    steps: [
      step("Download the summaries", { uses: uses("downloadArtifact"), with: { pattern: "plan-summary-*", "merge-multiple": true, path: "summaries" } }),
      commented(
        ["gh is preinstalled on GitHub-hosted runners: one comment, found again by its marker and edited in place."],
        run(
          "Create or update the comment",
          [
            `marker='${COMMENT_MARKER}'`,
            "{",
            '  echo "$marker"',
            '  echo "## Plan per stack"',
            '  echo ""',
            "  cat summaries/*.md 2>/dev/null || echo \"No summary was produced (see the run's jobs).\"",
            '  echo "Run: $GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID"',
            "} > body.md",
            'id=$(gh api --paginate "repos/$GITHUB_REPOSITORY/issues/$PR/comments" \\',
            '  --jq ".[] | select(.user.login == \\"github-actions[bot]\\" and (.body | startswith(\\"$marker\\"))) | .id" | sed -n 1p)',
            'if [ -n "$id" ]; then',
            '  gh api --method PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$id" -F body=@body.md > /dev/null',
            "else",
            '  gh api --method POST "repos/$GITHUB_REPOSITORY/issues/$PR/comments" -F body=@body.md > /dev/null',
            "fi",
            "",
          ].join("\n"),
          { env: { GH_TOKEN: ex("github.token"), PR: ex("github.event.pull_request.number") } },
        ),
      ),
    ],
  };
  return renderYaml(
    [
      "Generated by `blueprint ci init --provider github`: edit blueprint.config.yaml (ci) and run it again.",
      "Pull requests: test, synth and audit; then a plan of every stack through the destroy guard,",
      "each with its plan identity (read-only); then one summary comment.",
    ],
    {
      name: "Pull request",
      on: { pull_request: { branches: [branch] } },
      permissions: commented("Nothing by default: each job asks for what it uses.", {}),
      concurrency: commented("A new push to the pull request cancels the previous run's plans.", { group: `pull-request-${ex("github.event.pull_request.number")}`, "cancel-in-progress": true }),
      defaults: commented("bash -eo pipefail: a failing command in a pipe fails the step.", { run: { shell: "bash" } }),
      jobs: { test, plan, summary },
    },
  );
}

/** One plan matrix entry: the stack and its plan identity's values (strings only: matrix values are read as expressions). */
function matrixEntry(t: CiStackTarget): YamlMap {
  const id = t.plan;
  const base = { stack: t.stack, cloud: t.cloud, "runs-on": runsOn(t) };
  if (id.cloud === "aws") return { ...base, role_arn: id.roleArn, region: id.region };
  if (id.cloud === "gcp") return { ...base, provider_variable: id.providerVariable, service_account: id.serviceAccount, project_id: id.projectId };
  return { ...base, client_id_variable: id.clientIdVariable, tenant_id: id.tenantId, subscription_id: id.subscriptionId };
}

function jobId(prefix: string, t: { cloud: CloudName; environment: string }, suffix?: string): string {
  return [prefix, t.cloud, t.environment, ...(suffix === undefined ? [] : [suffix])].join("-");
}

function deployWorkflow(targets: CiTargets): string {
  const branch = targets.ci.defaultBranch;
  const jobs: Record<string, YamlValue> = {};
  let previous: string[] = [];
  for (const environment of targets.ci.environments) {
    const here = targets.stacks.filter((t) => t.environment === environment);
    for (const t of here) {
      const id = t.deploy;
      jobs[jobId("deploy", t)] = {
        name: `Deploy ${t.stack}`,
        needs: previous.length === 0 ? undefined : previous,
        if: commented([`A manual run from another branch stops here; the environment's deployment branches rule is the second lock.`], `github.ref == 'refs/heads/${branch}'`),
        "runs-on": runsOn(t),
        environment: commented(
          [
            `GitHub environment "${environment}": its token's subject is repo:${targets.ci.repository}:environment:${environment},`,
            "the only subject the deploy identity trusts. Its protection rules (required reviewers for prod,",
            `deployment branches: ${branch}) are set in the repository's settings (docs/release-automation.md).`,
          ],
          environment,
        ),
        permissions: commented("id-token: write lets the job request the OIDC token it exchanges for the deploy identity.", { "id-token": "write", contents: "read" }),
        env: { STACK: t.stack },
        steps: [
          checkout(),
          setupNode(),
          run("Install", "npm ci\n"),
          ...loginSteps(id, `deploy-${ex("github.run_id")}`),
          setupTerraform(),
          run("Synth", "npm run synth\n"),
          ...planSteps(),
          commented(["Applies exactly the plan the guard passed, never a fresh one."], run("Terraform apply", "terraform apply -input=false plan.out\n", { "working-directory": `cdktf.out/stacks/${ex("env.STACK")}` })),
        ],
      };
    }
    previous = here.map((t) => jobId("deploy", t));
  }
  return renderYaml(
    [
      "Generated by `blueprint ci init --provider github`: edit blueprint.config.yaml (ci) and run it again.",
      `Pushes to ${branch}: apply every stack, environment after environment (${targets.ci.environments.join(", ")}),`,
      "each job with its environment's deploy identity, each plan through the destroy guard first.",
      "The ci-<cloud>-<env> stacks that create these identities are applied by an administrator, never here.",
      "The stacks need a remote backend (clouds.<cloud>.backend): a runner's local state is gone after the job.",
    ],
    {
      name: "Deploy",
      on: { push: { branches: [branch] }, workflow_dispatch: {} },
      permissions: commented("Nothing by default: each job asks for what it uses.", {}),
      concurrency: commented("One deployment at a time; a running apply is never cancelled (a newer run waits).", "deploy"),
      defaults: commented("bash -eo pipefail: a failing command in a pipe fails the step.", { run: { shell: "bash" } }),
      jobs,
    },
  );
}

/** What one publish job resolves and runs on its cloud. */
interface PublishCloudSteps {
  readonly resolve: string;
  /** Variables the resolve step reads (a CI variable is passed in, never spliced into the script). */
  readonly resolveEnv?: YamlMap;
  readonly upload: string;
}

function registryOf(config: BlueprintConfig, cloud: CloudName, environment: string, name: string): { lineageTags: readonly string[] } {
  const settings = config.clouds[cloud] as { environments: Record<string, { registries: readonly { name: string; lineageTags: readonly string[] }[] }> } | undefined;
  return settings?.environments[environment]?.registries.find((r) => r.name === name) ?? { lineageTags: [] };
}

/** The shell variable holding a lineage tag's value: `dataset-digest` → `LINEAGE_DATASET_DIGEST`. */
function lineageVariable(tag: string): string {
  return `LINEAGE_${tag.toUpperCase().replace(/-/g, "_")}`;
}

function publishCloudSteps(config: BlueprintConfig, target: CiPublishTarget, registry: string, tags: readonly string[]): PublishCloudSteps {
  const org = config.organization.name;
  const env = target.environment;
  const id = target.identity;
  const files = 'done < "$RUNNER_TEMP/files.txt"';
  if (id.cloud === "aws") {
    const placement = config.clouds.aws!.environments[env]!;
    const partition = awsPartition(placement.region);
    const signingAlias = awsKmsAliasArn(partition, placement.region, placement.accountId, awsSigningKeyAlias(org, env));
    const registryAlias = awsKmsAliasArn(partition, placement.region, placement.accountId, resourceName(org, env, "registry"));
    return {
      resolve: [
        "# The signing key's ARN: GetPublicKey (which the publisher role holds) answers an alias with the key's ARN.",
        `KEY_ARN=$(aws kms get-public-key --key-id "${signingAlias}" --query KeyId --output text)`,
        'aws kms get-public-key --key-id "$KEY_ARN" --query PublicKey --output text | base64 -d \\',
        '  | openssl pkey -pubin -inform DER -out "$RUNNER_TEMP/signing.pem"',
        "# The bucket policy admits uploads under the registry key's ARN only (an alias is refused).",
        `REGISTRY_KEY_ARN=$(aws kms describe-key --key-id "${registryAlias}" --query KeyMetadata.Arn --output text)`,
        "{",
        '  echo "KMS_URI=aws:$KEY_ARN"',
        '  echo "REGISTRY_KEY_ARN=$REGISTRY_KEY_ARN"',
        '} >> "$GITHUB_ENV"',
        "",
      ].join("\n"),
      upload: [
        `BUCKET=${awsRegistryBucketName(org, env, registry, placement.accountId)}`,
        "enc() { jq -rn --arg v \"$1\" '$v|@uri'; }",
        `TAGS="${tags.map((t) => `${t}=$(enc "$${lineageVariable(t)}")`).join("&")}"`,
        "# One PutObject per file (5 GB at most each; larger files: the multipart flow of docs/model-registries.md).",
        "while read -r f; do",
        '  aws s3api put-object --bucket "$BUCKET" --key "incoming/$MODEL/$VERSION/$f" --body "$MODEL_DIR/$f" \\',
        '    --tagging "$TAGS" --server-side-encryption aws:kms --ssekms-key-id "$REGISTRY_KEY_ARN" > /dev/null',
        files,
        "",
      ].join("\n"),
    };
  }
  if (id.cloud === "gcp") {
    const placement = config.clouds.gcp!.environments[env]!;
    const rebuildable = PROTECTION[config.environments[env]!.protection].rebuildableKeyRings;
    const ring = rebuildable ? "$KEY_RING" : gcpKeyRingName(org, env);
    const key = `${gcpCryptoKeyId(placement.projectId, placement.region, ring, "signing")}/cryptoKeyVersions/1`;
    return {
      resolve: [
        ...(rebuildable
          ? [
              `# ${env} rebuilds its key rings (protection: standard), so the ring's name carries its creation time:`,
              `# set the variable GCP_KEY_RING_${variableSuffix(env)} to it (the keyRings/<ring> part of the gcp-${env} stack's signing-key output).`,
              `test -n "$KEY_RING" || { echo "::error::variable GCP_KEY_RING_${variableSuffix(env)} is not set"; exit 1; }`,
            ]
          : []),
        "# Version 1 of the signing key: the version the gate's configured public key belongs to.",
        `gcloud kms keys versions get-public-key 1 --key signing --keyring "${ring}" --location ${placement.region} \\`,
        `  --project ${placement.projectId} --public-key-format pem --output-file "$RUNNER_TEMP/signing.pem"`,
        `echo "KMS_URI=gcp:${key}" >> "$GITHUB_ENV"`,
        "",
      ].join("\n"),
      ...(rebuildable ? { resolveEnv: { KEY_RING: ex(`vars.GCP_KEY_RING_${variableSuffix(env)}`) } } : {}),
      upload: [
        `BUCKET=${gcpRegistryBucketName(org, env, registry, placement.projectId)}`,
        "# Lineage as custom metadata (Cloud Storage has no request-tag condition; the gate checks it).",
        `METADATA="${tags.map((t) => `${t}=$${lineageVariable(t)}`).join(",")}"`,
        "while read -r f; do",
        '  gcloud storage cp "$MODEL_DIR/$f" "gs://$BUCKET/incoming/$MODEL/$VERSION/$f" --custom-metadata="$METADATA"',
        files,
        "",
      ].join("\n"),
    };
  }
  const azure = config.clouds.azure!;
  const placement = azure.environments[env]!;
  const vault = azureKeyVaultName(org, env, placement.subscriptionId);
  return {
    resolve: [
      "# The current version of the signing key: `az keyvault key show` answers with the versioned kid.",
      `KID=$(az keyvault key show --vault-name ${vault} --name signing --query key.kid --output tsv)`,
      'az keyvault key download --id "$KID" --encoding PEM --file "$RUNNER_TEMP/signing.pem"',
      'echo "KMS_URI=azure:$KID" >> "$GITHUB_ENV"',
      "",
    ].join("\n"),
    upload: [
      `ACCOUNT=${azureRegistryAccountName(org, env, registry, placement.subscriptionId)}`,
      "# Blob index tags, which the ABAC condition on the publisher's role assignment requires;",
      "# --auth-mode login: the registry accounts have shared keys turned off.",
      "while read -r f; do",
      '  az storage blob upload --auth-mode login --account-name "$ACCOUNT" --container-name incoming \\',
      '    --name "$MODEL/$VERSION/$f" --file "$MODEL_DIR/$f" --only-show-errors \\',
      `    --tags ${tags.map((t) => `"${t}=$${lineageVariable(t)}"`).join(" ")} > /dev/null`,
      files,
      "",
    ].join("\n"),
  };
}

/** Lineage tags whose value is not a workflow input of its own. */
const DERIVED_LINEAGE: Readonly<Record<string, string>> = {
  "source-commit": ex("github.sha"),
};

function publishWorkflow(config: BlueprintConfig, targets: CiTargets, repository: string, mine: readonly CiPublishTarget[]): string {
  const ci = targets.ci;
  const environments = ci.environments.filter((e) => mine.some((t) => t.environment === e));
  const registries = [...new Set(mine.flatMap((t) => t.publisher.registries))];
  const allTags = [...new Set(mine.flatMap((t) => t.publisher.registries.flatMap((r) => registryOf(config, t.cloud, t.environment, r).lineageTags)))];
  const inputTags = allTags.filter((t) => DERIVED_LINEAGE[t] === undefined);
  const inputs: Record<string, YamlValue> = {
    environment: { description: "Environment to publish into", type: "choice", required: true, options: environments },
    registry: { description: "Registry to publish into (on every cloud that has it in the environment)", type: "choice", required: true, options: registries },
    model: { description: "Model name: incoming/<model>/<version>/ (1-63 lowercase letters, digits, '.', '_', '-')", type: "string", required: true },
    version: { description: "Version, same characters as the model name", type: "string", required: true },
    directory: { description: "Folder of this repository holding exactly the files to publish", type: "string", required: true, default: "model" },
  };
  for (const tag of inputTags) {
    inputs[tag] =
      tag === "eval-report"
        ? { description: "eval-report lineage tag: the evaluation report's path inside the folder (a signed file)", type: "string", required: true, default: "eval/report.json" }
        : tag === "dataset-digest"
          ? { description: "dataset-digest lineage tag: sha256:<64 hex digits> of the training data snapshot", type: "string", required: true }
          : { description: `${tag} lineage tag (registries that require it refuse an upload without it)`, type: "string", required: false };
  }
  const jobs: Record<string, YamlValue> = {};
  for (const target of mine) {
    for (const registry of target.publisher.registries) {
      const tags = registryOf(config, target.cloud, target.environment, registry).lineageTags;
      const cloud = publishCloudSteps(config, target, registry, tags);
      const lineageEnv: Record<string, string> = {};
      for (const tag of allTags) lineageEnv[lineageVariable(tag)] = DERIVED_LINEAGE[tag] ?? ex(`inputs.${tag}`);
      jobs[jobId("publish", target, registry)] = {
        name: `Publish to ${registry} (${target.cloud}, ${target.environment})`,
        if: `inputs.environment == '${target.environment}' && inputs.registry == '${registry}'`,
        "runs-on": runsOn(target),
        environment: commented(
          [`The token's subject is repo:${repository}:environment:${target.environment}, the only one the publisher identity trusts.`],
          target.environment,
        ),
        permissions: commented("id-token: write lets the job request the OIDC token it exchanges for the publisher identity.", { "id-token": "write", contents: "read" }),
        env: commented(
          ["Inputs reach the scripts as variables, never spliced into them (no script injection)."],
          {
            MODEL: ex("inputs.model"),
            VERSION: ex("inputs.version"),
            DIRECTORY: ex("inputs.directory"),
            MODEL_DIR: `${ex("github.workspace")}/model-repository/${ex("inputs.directory")}`,
            ...lineageEnv,
          },
        ),
        steps: [
          run(
            "Check the inputs",
            [
              "# The gate ignores uploads under other names (functions/promotion-gate/storage/incoming-key.ts);",
              "# checking here also keeps them out of the object keys below.",
              'for name in "$MODEL" "$VERSION"; do',
              '  echo "$name" | grep -Eqx "[a-z0-9][a-z0-9._-]{0,62}" && [[ "$name" != *..* ]] \\',
              '    || { echo "::error::$name: 1-63 lowercase letters, digits, . _ - (no ..)"; exit 1; }',
              "done",
              'case "/$DIRECTORY/" in */../*) echo "::error::directory $DIRECTORY: a folder inside this repository"; exit 1 ;; esac',
              "",
            ].join("\n"),
          ),
          step("Check out the model repository", { uses: uses("checkout"), with: { path: "model-repository", "persist-credentials": false } }),
          commented(
            [
              `The blueprint repository at ${ci.defaultBranch}: its configuration holds the registry's gate rules.`,
              "A public repository needs no token; for a private or internal one, store a read-only token",
              "(fine-grained, Contents: read, that repository only) as the secret BLUEPRINT_READ_TOKEN.",
            ],
            step("Check out the blueprint", {
              uses: uses("checkout"),
              with: { repository: ci.repository, ref: ci.defaultBranch, path: "blueprint", "persist-credentials": false, token: ex("secrets.BLUEPRINT_READ_TOKEN || github.token") },
            }),
          ),
          setupNode("blueprint/package-lock.json"),
          run("Install the blueprint", "npm ci\n", { "working-directory": "blueprint" }),
          run(
            "List the files to publish",
            [
              "# Every file of the folder but git metadata, which the signature leaves out too.",
              'cd "$MODEL_DIR"',
              "find . -type f -not -path './.git/*' -not -path './.github/*' -not -name .gitattributes -not -name .gitignore -not -name model.sig -printf '%P\\n' \\",
              '  | LC_ALL=C sort > "$RUNNER_TEMP/files.txt"',
              'test -s "$RUNNER_TEMP/files.txt" || { echo "::error::$MODEL_DIR has no file to publish"; exit 1; }',
              "",
            ].join("\n"),
          ),
          ...loginSteps(target.identity, `publish-${ex("github.run_id")}`, undefined, true),
          run(`Find the ${CLOUD_TITLE[target.cloud]} signing key`, cloud.resolve, cloud.resolveEnv === undefined ? {} : { env: cloud.resolveEnv }),
          run("Sign (blueprint model sign --kms)", 'npm run blueprint -- model sign "$MODEL_DIR" --kms "$KMS_URI"\n', { "working-directory": "blueprint" }),
          commented(
            ["The gate's own checks on the signed folder: a rejection here costs no upload."],
            run(
              "Check (blueprint model check)",
              [
                'npm run blueprint -- model check "$MODEL_DIR" --signature "$MODEL_DIR/model.sig" \\',
                '  --public-key "$RUNNER_TEMP/signing.pem" --config blueprint.config.yaml \\',
                `  --registry ${target.cloud}/${target.environment}/${registry} \\`,
                `  ${tags.map((t) => `--lineage "${t}=$${lineageVariable(t)}"`).join(" ")}`,
                "",
              ].join("\n"),
              { "working-directory": "blueprint" },
            ),
          ),
          run("Add model.sig to the upload", 'echo model.sig >> "$RUNNER_TEMP/files.txt"\n'),
          run(`Upload to incoming/ with the lineage tags`, cloud.upload),
        ],
      };
    }
  }
  return renderYaml(
    [
      "Generated by `blueprint ci init --provider github` in " + ci.repository + ": copy it to",
      `${repository} as .github/workflows/publish-model.yml.`,
      "Run it by hand (Actions, Publish model): it signs the folder with the environment's signing key,",
      "runs the promotion gate's checks, and uploads under incoming/<model>/<version>/ of the registry",
      "on every cloud that has it in the environment, with the publisher identity of this repository.",
      "",
      "Lineage tag values (docs/model-registries.md, Publishing):",
      "  source-commit  the commit of this repository the run is dispatched on (github.sha): the code",
      "                 that trained the model lives here, and the run cannot name another commit",
      "  dataset-digest input: sha256:<64 hex digits> of the training data snapshot",
      "  eval-report    input: the evaluation report's path inside the folder, itself a signed file",
      "  other tags a registry adds (e.g. base-model): an input each",
    ],
    {
      name: "Publish model",
      on: { workflow_dispatch: { inputs } },
      permissions: commented("Nothing by default: each job asks for what it uses.", {}),
      concurrency: commented("One publish of a version at a time: a second run waits instead of racing the first.", {
        group: `publish-${ex("inputs.environment")}-${ex("inputs.registry")}-${ex("inputs.model")}-${ex("inputs.version")}`,
        "cancel-in-progress": false,
      }),
      defaults: commented("bash -eo pipefail: a failing command in a pipe fails the step.", { run: { shell: "bash" } }),
      jobs,
    },
  );
}

/** The workflow files for GitHub Actions, paths relative to --out, in a stable order. */
export function renderGithubPipelines(config: BlueprintConfig, targets: CiTargets): PipelineFile[] {
  const files: PipelineFile[] = [
    { path: ".github/workflows/pull-request.yml", content: pullRequestWorkflow(targets) },
    { path: ".github/workflows/deploy.yml", content: deployWorkflow(targets) },
  ];
  const seen = new Set<string>();
  for (const p of targets.publishers) {
    if (seen.has(p.publisher.name)) continue;
    seen.add(p.publisher.name);
    const mine = targets.publishers.filter((t) => t.publisher.name === p.publisher.name);
    files.push({ path: `model-repositories/${p.publisher.name}/.github/workflows/publish-model.yml`, content: publishWorkflow(config, targets, p.publisher.repository, mine) });
  }
  return files;
}

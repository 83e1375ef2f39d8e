import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import Ajv from "ajv";
import { parse, parseDocument } from "yaml";
import { renderGitlabPipelines } from "../../cli/ci-gitlab";
import { ciTargets } from "../../cli/ci-targets";
import { parseConfig } from "../../config/load";

/*
 * The GitLab pipelines of the default configuration with `ci.provider: gitlab`: every file
 * validates against GitLab's own CI schema (schemas/gitlab-ci.json, vendored), ID tokens appear
 * only in jobs that log in to a cloud, no static key is referenced, deploys follow the
 * environment order, and examples/ci/gitlab is exactly what the renderer writes.
 */

const ROOT = join(__dirname, "..", "..");

function gitlabConfig(): ReturnType<typeof parseConfig> {
  const doc = parseDocument(readFileSync(join(ROOT, "blueprint.config.yaml"), "utf8"));
  doc.setIn(["ci", "provider"], "gitlab");
  return parseConfig(doc.toString(), "blueprint.config.yaml");
}

function render(): { path: string; content: string }[] {
  const config = gitlabConfig();
  return renderGitlabPipelines(config, ciTargets(config)!);
}

type Jobs = Record<string, Record<string, unknown>>;
const KEYWORDS = new Set(["workflow", "stages", "default", "variables", "include", ".terraform"]);

function jobsOf(content: string): Jobs {
  const doc = parse(content) as Jobs;
  return Object.fromEntries(Object.entries(doc).filter(([k]) => !KEYWORDS.has(k)));
}

// Formats (uri, date-time) are annotations here: ajv would only warn about them.
const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(
  JSON.parse(readFileSync(join(ROOT, "schemas", "gitlab-ci.json"), "utf8")) as object,
);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe("renderGitlabPipelines", () => {
  const files = render();
  const blueprint = jobsOf(files[0]!.content);

  test("writes the blueprint pipeline and one pipeline per model repository", () => {
    expect(files.map((f) => f.path)).toEqual([".gitlab-ci.yml", "model-repositories/fraud-scoring/.gitlab-ci.yml", "model-repositories/llm-adapters/.gitlab-ci.yml"]);
  });

  test.each([".gitlab-ci.yml", "model-repositories/fraud-scoring/.gitlab-ci.yml", "model-repositories/llm-adapters/.gitlab-ci.yml"])(
    "%s validates against GitLab's CI schema with no errors",
    (path) => {
      const file = files.find((f) => f.path === path)!;
      const ok = validate(parse(file.content));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    },
  );

  test("the validator is live: an unknown job keyword fails the schema", () => {
    const doc = parse(files[0]!.content) as Jobs;
    doc["test"] = { ...doc["test"], permissions: { "id-token": "write" } };
    expect(validate(doc)).toBe(false);
    expect(validate.errors!.map((e) => e.keyword)).toContain("additionalProperties");
  });

  test("pipelines run for merge requests and the default branch only", () => {
    expect((parse(files[0]!.content) as Jobs)["workflow"]).toEqual({
      rules: [{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }, { if: '$CI_COMMIT_BRANCH == "main"' }],
    });
    expect((parse(files[1]!.content) as Jobs)["workflow"]).toEqual({
      rules: [{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }, { if: '$CI_COMMIT_BRANCH == "main"' }],
    });
  });

  test("stages: test, plan, then one deploy stage per environment in order", () => {
    expect((parse(files[0]!.content) as Jobs)["stages"]).toEqual(["test", "plan", "deploy-dev", "deploy-prod"]);
  });

  test("the test job runs the suite, synth and the audit, keeping the report as an artifact", () => {
    expect(blueprint["test"]).toEqual({
      stage: "test",
      interruptible: true,
      script: ["npm ci", "npm test", "npm run synth", "npm run audit -- --out audit"],
      artifacts: { when: "always", expire_in: "30 days", expose_as: "blueprint audit", paths: ["audit/"] },
    });
  });

  test("id_tokens only in jobs that log in to a cloud, and every such job has one", () => {
    const withTokens = Object.keys(blueprint).filter((j) => blueprint[j]!["id_tokens"] !== undefined);
    expect(withTokens).toEqual([
      "plan:aws-dev",
      "plan:gcp-dev",
      "plan:azure-dev",
      "plan:aws-prod",
      "plan:gcp-prod",
      "plan:azure-prod",
      "deploy:aws-dev",
      "deploy:gcp-dev",
      "deploy:azure-dev",
      "deploy:aws-prod",
      "deploy:gcp-prod",
      "deploy:azure-prod",
    ]);
    const model = jobsOf(files[1]!.content);
    expect(Object.keys(model).filter((j) => model[j]!["id_tokens"] === undefined)).toEqual([]);
  });

  test("each cloud's token carries that cloud's audience", () => {
    expect(blueprint["plan:aws-dev"]!["id_tokens"]).toEqual({ AWS_ID_TOKEN: { aud: "sts.amazonaws.com" } });
    expect(blueprint["plan:gcp-dev"]!["id_tokens"]).toEqual({ GCP_ID_TOKEN: { aud: "https://iam.googleapis.com/$GCP_WORKLOAD_IDENTITY_PROVIDER_DEV" } });
    expect(blueprint["deploy:azure-prod"]!["id_tokens"]).toEqual({ ARM_OIDC_TOKEN: { aud: "api://AzureADTokenExchange" } });
  });

  test("plan jobs use the plan identity on merge requests; deploy jobs the deploy identity on the default branch", () => {
    expect(blueprint["plan:aws-prod"]!["variables"]).toEqual({
      AWS_ROLE_ARN: "arn:aws:iam::222222222222:role/acme-ai-prod-ci-plan",
      AWS_WEB_IDENTITY_TOKEN_FILE: "/tmp/aws-web-identity-token",
      AWS_ROLE_SESSION_NAME: "gitlab-$CI_JOB_ID",
      AWS_REGION: "eu-west-1",
    });
    expect(blueprint["plan:aws-prod"]!["rules"]).toEqual([{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }]);
    expect((blueprint["deploy:aws-prod"]!["variables"] as Record<string, string>)["AWS_ROLE_ARN"]).toBe("arn:aws:iam::222222222222:role/acme-ai-prod-ci-deploy");
    expect(blueprint["deploy:aws-prod"]!["rules"]).toEqual([{ if: '$CI_COMMIT_BRANCH == "main"' }]);
    expect(blueprint["deploy:azure-dev"]!["variables"]).toEqual({
      ARM_USE_OIDC: "true",
      ARM_CLIENT_ID: "$AZURE_CLIENT_ID_DEPLOY_DEV",
      ARM_TENANT_ID: "00000000-0000-4000-8000-000000000000",
      ARM_SUBSCRIPTION_ID: "00000000-0000-4000-8000-000000000001",
      AZURE_CLIENT_ID: "$AZURE_CLIENT_ID_DEPLOY_DEV",
      AZURE_TENANT_ID: "00000000-0000-4000-8000-000000000000",
      AZURE_FEDERATED_TOKEN_FILE: "/tmp/azure-federated-token",
    });
  });

  test("a plan job diffs, plans, runs the destroy guard and reports to the merge request widget", () => {
    expect(blueprint["plan:gcp-dev"]!["script"]).toEqual(
      expect.arrayContaining([
        "npx cdktf diff gcp-dev",
        "terraform -chdir=cdktf.out/stacks/gcp-dev plan -input=false -lock-timeout=5m -out=tfplan",
        "terraform -chdir=cdktf.out/stacks/gcp-dev show -json tfplan > plan-gcp-dev.json",
        "npm run audit -- --plan gcp-dev=plan-gcp-dev.json --out audit-gcp-dev",
      ]),
    );
    expect((blueprint["plan:gcp-dev"]!["artifacts"] as Record<string, unknown>)["reports"]).toEqual({ terraform: "plan-gcp-dev.report.json" });
  });

  test("deploys: environment, one resource group per stack, and needs chaining the environments in order", () => {
    expect([blueprint["deploy:aws-dev"]!["environment"], blueprint["deploy:aws-dev"]!["resource_group"], blueprint["deploy:aws-dev"]!["needs"]]).toEqual([{ name: "dev" }, "aws-dev", ["test"]]);
    expect([blueprint["deploy:gcp-prod"]!["environment"], blueprint["deploy:gcp-prod"]!["resource_group"], blueprint["deploy:gcp-prod"]!["needs"]]).toEqual([
      { name: "prod" },
      "gcp-prod",
      ["deploy:aws-dev", "deploy:gcp-dev", "deploy:azure-dev"],
    ]);
    expect(blueprint["deploy:azure-prod"]!["stage"]).toBe("deploy-prod");
    expect((blueprint["deploy:azure-prod"]!["script"] as string[]).slice(-1)).toEqual(["terraform -chdir=cdktf.out/stacks/azure-prod apply -input=false -lock-timeout=5m tfplan"]);
  });

  test("model publishing: one sign and one upload job per registry, cloud and environment, run by hand", () => {
    const model = jobsOf(files[1]!.content);
    expect(Object.keys(model)).toEqual([
      "sign:fraud-scoring:aws-dev",
      "upload:fraud-scoring:aws-dev",
      "sign:fraud-scoring:gcp-dev",
      "upload:fraud-scoring:gcp-dev",
      "sign:fraud-scoring:azure-dev",
      "upload:fraud-scoring:azure-dev",
      "sign:fraud-scoring:aws-prod",
      "upload:fraud-scoring:aws-prod",
      "sign:fraud-scoring:gcp-prod",
      "upload:fraud-scoring:gcp-prod",
      "sign:fraud-scoring:azure-prod",
      "upload:fraud-scoring:azure-prod",
    ]);
    expect(model["upload:fraud-scoring:aws-prod"]!["rules"]).toEqual([{ if: '$CI_COMMIT_BRANCH == "main" && $PUBLISH_ENVIRONMENT == "prod" && $PUBLISH_REGISTRY == "fraud-scoring"' }]);
    expect(model["upload:fraud-scoring:aws-prod"]!["needs"]).toEqual(["sign:fraud-scoring:aws-prod"]);
    expect((parse(files[1]!.content) as Jobs)["variables"]!["PUBLISH_ENVIRONMENT"]).toEqual({
      value: "none",
      options: ["none", "dev", "prod"],
      description: "Environment to publish into (Build > Pipelines > Run pipeline on main); none publishes nothing",
    });
  });

  test("a sign job signs with the environment's KMS key and runs the gate's checks with the registry's lineage tags", () => {
    const model = jobsOf(files[1]!.content);
    const script = model["sign:fraud-scoring:aws-prod"]!["script"] as string[];
    expect(script.slice(0, 1)).toEqual(["printf '%s' \"$AWS_ID_TOKEN\" > /tmp/aws-web-identity-token"]);
    expect(script[1]).toContain('GetPublicKeyCommand({ KeyId: process.argv[1] })');
    expect(script[1]).toContain('"arn:aws:kms:eu-west-1:222222222222:alias/acme-ai-prod-signing" "$CI_PROJECT_DIR/publish/signing.pem"');
    expect(script.slice(2)).toEqual([
      'KMS_URI="aws:$KEY_ARN"',
      'npm --prefix blueprint run blueprint -- model sign "$CI_PROJECT_DIR/$MODEL_DIR" --kms "$KMS_URI" --signature "$CI_PROJECT_DIR/publish/model.sig"',
      'npm --prefix blueprint run blueprint -- model check "$CI_PROJECT_DIR/$MODEL_DIR" --signature "$CI_PROJECT_DIR/publish/model.sig" --public-key "$CI_PROJECT_DIR/publish/signing.pem" --config blueprint.config.yaml --registry aws/prod/fraud-scoring --lineage "dataset-digest=$LINEAGE_DATASET_DIGEST" --lineage "source-commit=$CI_COMMIT_SHA" --lineage "eval-report=$LINEAGE_EVAL_REPORT"',
    ]);
    const adapters = jobsOf(files[2]!.content);
    expect((adapters["sign:llm-adapters:azure-prod"]!["script"] as string[]).slice(-1)).toEqual([
      'npm --prefix blueprint run blueprint -- model check "$CI_PROJECT_DIR/$MODEL_DIR" --signature "$CI_PROJECT_DIR/publish/model.sig" --public-key "$CI_PROJECT_DIR/publish/signing.pem" --config blueprint.config.yaml --registry azure/prod/llm-adapters --lineage "dataset-digest=$LINEAGE_DATASET_DIGEST" --lineage "source-commit=$CI_COMMIT_SHA" --lineage "eval-report=$LINEAGE_EVAL_REPORT" --lineage "base-model=$LINEAGE_BASE_MODEL"',
    ]);
  });

  test("GCP signs with version 1 of the signing key; a rebuildable key ring is named by a variable", () => {
    const model = jobsOf(files[1]!.content);
    expect(model["sign:fraud-scoring:gcp-dev"]!["script"]).toEqual(
      expect.arrayContaining(['test -n "$GCP_KEY_RING_DEV" || { echo "variable GCP_KEY_RING_DEV is not set"; exit 1; }', 'KMS_URI="gcp:projects/acme-ai-dev/locations/europe-west1/keyRings/$GCP_KEY_RING_DEV/cryptoKeys/signing/cryptoKeyVersions/1"']),
    );
    expect(model["sign:fraud-scoring:gcp-prod"]!["script"]).toEqual(expect.arrayContaining(['KMS_URI="gcp:projects/acme-ai-prod/locations/europe-west1/keyRings/acme-ai-prod/cryptoKeys/signing/cryptoKeyVersions/1"']));
  });

  test("the blueprint project is cloned with the job token, at the default branch", () => {
    const model = jobsOf(files[1]!.content);
    expect(model["sign:fraud-scoring:gcp-dev"]!["before_script"]).toEqual(
      expect.arrayContaining(['git clone --depth 1 --branch "main" "https://gitlab-ci-token:${CI_JOB_TOKEN}@${CI_SERVER_HOST}/${BLUEPRINT_PROJECT}.git" blueprint', "npm ci --prefix blueprint"]),
    );
    expect((parse(files[1]!.content) as Jobs)["variables"]!["BLUEPRINT_PROJECT"]).toBe("acme-ai/ai-supply-chain");
  });

  test("uploads go under incoming/ with every lineage tag, on each cloud's registry", () => {
    const model = jobsOf(files[1]!.content);
    expect((model["upload:fraud-scoring:gcp-dev"]!["script"] as string[]).slice(-3)).toEqual([
      'METADATA="dataset-digest=$LINEAGE_DATASET_DIGEST,source-commit=$CI_COMMIT_SHA,eval-report=$LINEAGE_EVAL_REPORT"',
      'while read -r f; do gcloud storage cp "$MODEL_DIR/$f" "gs://acme-ai-dev-models-fraud-scoring-9b68f7/incoming/$MODEL_NAME/$MODEL_VERSION/$f" --custom-metadata="$METADATA"; done < publish/files.txt',
      'gcloud storage cp "publish/model.sig" "gs://acme-ai-dev-models-fraud-scoring-9b68f7/incoming/$MODEL_NAME/$MODEL_VERSION/model.sig" --custom-metadata="$METADATA"',
    ]);
    expect(model["upload:fraud-scoring:aws-dev"]!["script"]).toEqual(
      expect.arrayContaining([
        'TAGS="dataset-digest=$(enc "$LINEAGE_DATASET_DIGEST")&source-commit=$(enc "$CI_COMMIT_SHA")&eval-report=$(enc "$LINEAGE_EVAL_REPORT")"',
        'aws s3api put-object --bucket "acme-ai-dev-models-fraud-scoring-111111111111" --key "incoming/$MODEL_NAME/$MODEL_VERSION/model.sig" --body "publish/model.sig" --tagging "$TAGS" --server-side-encryption aws:kms --ssekms-key-id "$REGISTRY_KEY_ARN" > /dev/null',
      ]),
    );
    expect((model["upload:fraud-scoring:azure-dev"]!["variables"] as Record<string, string>)["AZURE_CLIENT_ID"]).toBe("$AZURE_CLIENT_ID_PUBLISH_FRAUD_SCORING_DEV");
    expect(model["upload:fraud-scoring:aws-dev"]!["image"]).toEqual({ name: "amazon/aws-cli:2.32.2", entrypoint: [""] });
  });

  test("no static cloud key is referenced anywhere", () => {
    const all = files.map((f) => f.content).join("\n");
    for (const key of ["AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "ARM_CLIENT_SECRET", "AZURE_CLIENT_SECRET", "GOOGLE_CREDENTIALS", "private_key", "service_account_key"]) {
      expect([key, all.includes(key)]).toEqual([key, false]);
    }
  });

  test("rendering is deterministic", () => {
    expect(render()).toEqual(files);
  });

  test("examples/ci/gitlab is exactly what the renderer writes", () => {
    const dir = join(ROOT, "examples", "ci", "gitlab");
    const onDisk = walk(dir)
      .map((p) => ({ path: relative(dir, p).split("\\").join("/"), content: readFileSync(p, "utf8") }))
      .sort((a, b) => a.path.localeCompare(b.path));
    expect(onDisk).toEqual([...files].sort((a, b) => a.path.localeCompare(b.path)));
  });
});

test("jobs that reach Azure carry ci.runners.azure as tags (its firewalls admit only allowedIpRanges); the others run on the shared runners", () => {
  const [main, fraud] = [render()[0]!, render()[1]!];
  const tags = (content: string) => Object.fromEntries(Object.entries(jobsOf(content)).filter(([id]) => !id.startsWith(".")).map(([id, job]) => [id, job["tags"]]));
  const azure = ["self-hosted", "linux", "acme-ai-azure-egress"];
  const onMain = tags(main.content);
  expect(Object.entries(onMain).filter(([id]) => id.includes("azure-")).map(([id, t]) => [id, t])).toEqual([
    ["plan:azure-dev", azure],
    ["plan:azure-prod", azure],
    ["deploy:azure-dev", azure],
    ["deploy:azure-prod", azure],
  ]);
  expect(Object.entries(onMain).filter(([id]) => !id.includes("azure-")).map(([, t]) => t).every((t) => t === undefined)).toBe(true);
  expect(Object.entries(tags(fraud.content)).filter(([id]) => id.includes(":azure-")).map(([, t]) => t)).toEqual([azure, azure, azure, azure]);
});

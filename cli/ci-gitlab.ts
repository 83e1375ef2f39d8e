import { awsPartition } from "../config/regions";
import { BlueprintConfig, CloudName } from "../config/schema";
import { CI_AUDIENCES } from "../constructs/shared/ci-identities";
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
import { PROTECTION } from "../constructs/shared/protection";
import { TERRAFORM_VERSION } from "./ci-actions";
import { PipelineFile } from "./ci-files";
import { CiIdentity, CiPublishTarget, CiStackTarget, CiTargets, variableSuffix } from "./ci-targets";
import { commented, renderYaml, YamlMap, YamlValue } from "./ci-yaml";

/*
 * GitLab CI pipelines for `blueprint ci init --provider gitlab`: `.gitlab-ci.yml` of the blueprint
 * project (test; plan every stack through the destroy guard on merge requests; apply the
 * environments in order on the default branch) and one `.gitlab-ci.yml` per model project (sign,
 * check, upload with lineage tags). Every cloud login exchanges a job's ID token (GitLab Docs,
 * "OpenID Connect (OIDC) Authentication Using ID Tokens"; keyword `id_tokens`) for short-lived
 * credentials through variables the SDKs and Terraform read, so no job holds a cloud key and none
 * prints a credential. Only jobs that log in request a token.
 *
 * The token's `sub` is `project_path:<source project>:ref_type:<type>:ref:<source ref>`
 * (gitlab-org/gitlab lib/gitlab/ci/jwt_v2.rb `custom_claims`): a merge request pipeline's token
 * names the source branch, and a fork's merge request names the fork, which no identity trusts.
 * The job's environment is not part of it, so plan jobs use the plan identity (any branch of the
 * project) and deploy and publish jobs run on the default branch only, the one ref their
 * identities trust (constructs/shared/ci-identities.ts `ciSubjects`).
 */

/**
 * Container images, by exact version tag: no digest could be confirmed from two independent
 * sources, so a tag it is; the registries serve these tags as released.
 */
export const GITLAB_IMAGES = {
  /** Node.js 20 (package.json `engines` >=20.9) on full Debian (buildpack-deps: curl, git, unzip for Terraform). */
  node: "node:20.20.2-bookworm",
  /** AWS CLI v2 (`aws s3api put-object --tagging`), Docker Hub's official image. */
  awsCli: "amazon/aws-cli:2.32.2",
  /** Google Cloud CLI (`gcloud storage cp --custom-metadata`), Google's official image. */
  gcloud: "gcr.io/google.com/cloudsdktool/google-cloud-cli:540.0.0-stable",
  /** Azure CLI (`az storage blob upload --tags`), Microsoft's official image. */
  azureCli: "mcr.microsoft.com/azure-cli:2.77.0",
} as const;


/** Lineage tags whose value the pipeline knows: the commit the pipeline runs on. */
const DERIVED_LINEAGE: Readonly<Record<string, string>> = { "source-commit": "$CI_COMMIT_SHA" };

const AWS_TOKEN_FILE = "/tmp/aws-web-identity-token";
const GCP_TOKEN_FILE = "/tmp/gcp-id-token";
const GCP_CREDENTIALS = "/tmp/gcp-credentials.json";
const AZURE_TOKEN_FILE = "/tmp/azure-federated-token";
const PUBLIC_KEY = "publish/signing.pem";

const MR = '$CI_PIPELINE_SOURCE == "merge_request_event"';

/** How examples/ci/gitlab is regenerated (`ci init` writes only the configured provider's pipelines). */
const REGENERATE_EXAMPLES = [
  "examples/ci/gitlab: the output for blueprint.config.yaml with ci.provider: gitlab; to regenerate, copy the",
  "file, set that, and run `npm run blueprint -- ci init --provider gitlab --config <copy> --out examples/ci/gitlab`.",
];

function onDefault(branch: string): string {
  return `$CI_COMMIT_BRANCH == "${branch}"`;
}

/** What one identity's login adds to a job. */
interface Login {
  readonly idTokens: YamlMap;
  readonly variables: YamlMap;
  readonly script: readonly YamlValue[];
}

/**
 * The login of one identity. AWS: AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE, which the AWS SDKs,
 * the CLI and Terraform's AWS provider and S3 backend read as their web-identity credentials
 * (GitLab Docs, "Configure OpenID Connect in AWS to retrieve temporary credentials", uses the same
 * AssumeRoleWithWebIdentity call). GCP: an external_account file that names the token file and the
 * service account to impersonate, no key (what `gcloud iam workload-identity-pools
 * create-cred-config --credential-source-file` writes; GitLab Docs, "Configure OpenID Connect with
 * GCP Workload Identity Federation"). Azure: ARM_USE_OIDC + ARM_OIDC_TOKEN for the azurerm provider
 * and backend (terraform-provider-azurerm, website/docs/guides/service_principal_oidc.html.markdown,
 * "OIDC token"), AZURE_FEDERATED_TOKEN_FILE for the Azure SDKs' WorkloadIdentityCredential.
 * `gcloud` logs the gcloud CLI in as well (upload jobs).
 */
function login(identity: CiIdentity, gcloud = false): Login {
  if (identity.cloud === "aws") {
    return {
      idTokens: { AWS_ID_TOKEN: { aud: CI_AUDIENCES.aws } },
      variables: { AWS_ROLE_ARN: identity.roleArn, AWS_WEB_IDENTITY_TOKEN_FILE: AWS_TOKEN_FILE, AWS_ROLE_SESSION_NAME: "gitlab-$CI_JOB_ID", AWS_REGION: identity.region },
      script: [`printf '%s' "$AWS_ID_TOKEN" > ${AWS_TOKEN_FILE}`],
    };
  }
  if (identity.cloud === "gcp") {
    const provider = `$${identity.providerVariable}`;
    const credentials = gcloud
      ? [
          `gcloud iam workload-identity-pools create-cred-config "${provider}" --service-account="${identity.serviceAccount}" --credential-source-file=${GCP_TOKEN_FILE} --output-file=${GCP_CREDENTIALS}`,
          `gcloud auth login --cred-file=${GCP_CREDENTIALS} --quiet`,
        ]
      : [
          commented(
            "The external_account file create-cred-config writes, without gcloud in this image.",
            `node -e 'const [p, sa, f, o] = process.argv.slice(1); require("fs").writeFileSync(o, JSON.stringify({ type: "external_account", audience: "//iam.googleapis.com/" + p, subject_token_type: "urn:ietf:params:oauth:token-type:jwt", token_url: "https://sts.googleapis.com/v1/token", service_account_impersonation_url: "https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/" + sa + ":generateAccessToken", credential_source: { file: f } }))' "${provider}" "${identity.serviceAccount}" ${GCP_TOKEN_FILE} ${GCP_CREDENTIALS}`,
          ),
        ];
    return {
      idTokens: {
        GCP_ID_TOKEN: commented(
          [
            "The provider keeps its default audience, its own full name (google provider 6.50,",
            "iam_workload_identity_pool_provider oidc.allowed_audiences); id_tokens:aud expands",
            `variables since GitLab 16.1. ${identity.providerVariable}: projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>.`,
          ],
          { aud: `https://iam.googleapis.com/${provider}` },
        ),
      },
      variables: { GOOGLE_APPLICATION_CREDENTIALS: GCP_CREDENTIALS, GOOGLE_CLOUD_PROJECT: identity.projectId, CLOUDSDK_CORE_PROJECT: identity.projectId },
      script: [`test -n "${provider}" || { echo "variable ${identity.providerVariable} is not set (the ci-gcp stack's provider name)"; exit 1; }`, `printf '%s' "$GCP_ID_TOKEN" > ${GCP_TOKEN_FILE}`, ...credentials],
    };
  }
  const clientId = `$${identity.clientIdVariable}`;
  return {
    idTokens: { ARM_OIDC_TOKEN: { aud: CI_AUDIENCES.azure } },
    variables: {
      ARM_USE_OIDC: "true",
      ARM_CLIENT_ID: clientId,
      ARM_TENANT_ID: identity.tenantId,
      ARM_SUBSCRIPTION_ID: identity.subscriptionId,
      AZURE_CLIENT_ID: clientId,
      AZURE_TENANT_ID: identity.tenantId,
      AZURE_FEDERATED_TOKEN_FILE: AZURE_TOKEN_FILE,
    },
    script: [
      `test -n "${clientId}" || { echo "variable ${identity.clientIdVariable} is not set (the client id of the identity the ci-azure stack created)"; exit 1; }`,
      `printf '%s' "$ARM_OIDC_TOKEN" > ${AZURE_TOKEN_FILE}`,
    ],
  };
}

/** `tags` of a job that reaches one cloud: `ci.runners.<cloud>` when set (Azure's firewalls admit only allowedIpRanges). */
function runnerTags(target: { readonly runner?: readonly string[] }): YamlMap {
  return target.runner ? { tags: commented("Runners of this cloud (ci.runners): Azure's vaults and accounts admit only clouds.azure.allowedIpRanges.", [...target.runner]) } : {};
}

/** `job` with the identity's login: its ID token, its variables, and the login lines first in `script`. */
function withLogin(identity: CiIdentity, job: YamlMap, script: readonly YamlValue[], gcloud = false): YamlMap {
  const l = login(identity, gcloud);
  const { variables, artifacts, ...rest } = job as { variables?: YamlMap; artifacts?: YamlValue } & YamlMap;
  return { ...rest, id_tokens: l.idTokens, variables: { ...variables, ...l.variables }, script: [...l.script, ...script], artifacts };
}

function workflow(branch: string): YamlValue {
  return commented(
    ["Merge request pipelines and default-branch pipelines only: no second branch pipeline for an", "open merge request, none for tags or other branches."],
    { rules: [{ if: MR }, { if: onDefault(branch) }] },
  );
}

/** `plan-<stack>.json` → `{ create, update, delete }`: the artifacts:reports:terraform format the merge request widget shows. */
function terraformReport(stack: string): string {
  return `node -e 'const p = require("./plan-${stack}.json"); const a = (p.resource_changes || []).flatMap((c) => c.change.actions); const n = (x) => a.filter((y) => y === x).length; const r = { create: n("create"), update: n("update"), delete: n("delete") }; require("fs").writeFileSync("plan-${stack}.report.json", JSON.stringify(r)); console.log("${stack}: " + r.create + " to add, " + r.update + " to change, " + r.delete + " to destroy")'`;
}

function planSteps(stack: string): YamlValue[] {
  const dir = `cdktf.out/stacks/${stack}`;
  return [
    `npx cdktf diff ${stack}`,
    `terraform -chdir=${dir} plan -input=false -lock-timeout=5m -out=tfplan`,
    `terraform -chdir=${dir} show -json tfplan > plan-${stack}.json`,
    commented("The destroy guard: the audit fails on a plan that deletes or replaces a protected resource.", `npm run audit -- --plan ${stack}=plan-${stack}.json --out audit-${stack}`),
  ];
}

function planJob(t: CiStackTarget): YamlMap {
  return withLogin(
    t.plan,
    {
      extends: ".terraform",
      stage: "plan",
      ...runnerTags(t),
      needs: ["test"],
      rules: [{ if: MR }],
      interruptible: true,
      artifacts: {
        when: "always",
        expire_in: "30 days",
        paths: [`plan-${t.stack}.json`, `plan-${t.stack}.report.json`, `audit-${t.stack}/`],
        reports: { terraform: `plan-${t.stack}.report.json` },
      },
    },
    [
      ...planSteps(t.stack),
      commented(
        [
          "The summary goes to this log and to the merge request's Terraform widget (artifacts:reports:terraform).",
          "A merge request note would need a project access token: the job token cannot post notes",
          "(GitLab Docs, \"GitLab CI/CD job token\", Job token access), and a stored token is the",
          "long-lived secret these pipelines do without.",
        ],
        terraformReport(t.stack),
      ),
    ],
  );
}

function deployJob(t: CiStackTarget, needs: readonly string[], branch: string, approval: boolean): YamlMap {
  return withLogin(
    t.deploy,
    {
      extends: ".terraform",
      stage: `deploy-${t.environment}`,
      ...runnerTags(t),
      needs: commented(
        needs[0] === "test" ? "The first environment follows the tests." : "Every stack of the environment before applies first.",
        [...needs],
      ),
      rules: [{ if: onDefault(branch) }],
      environment: commented(
        [
          `Protected environment ${t.environment} (GitLab: Settings > CI/CD > Protected environments) decides who may run`,
          approval ? "this job, and its deployment approval rule holds the apply until an approver allows it." : "this job.",
        ],
        { name: t.environment },
      ),
      resource_group: commented("One apply of a stack at a time, across pipelines: two applies on one state would race.", t.stack),
      interruptible: false,
      artifacts: { when: "always", expire_in: "90 days", paths: [`plan-${t.stack}.json`, `audit-${t.stack}/`] },
    },
    [...planSteps(t.stack), `terraform -chdir=cdktf.out/stacks/${t.stack} apply -input=false -lock-timeout=5m tfplan`],
  );
}

function identityVariables(identity: CiIdentity): string[] {
  if (identity.cloud === "gcp") return [identity.providerVariable];
  if (identity.cloud === "azure") return [identity.clientIdVariable];
  return [];
}

function blueprintPipeline(targets: CiTargets): string {
  const branch = targets.ci.defaultBranch;
  const envs = targets.ci.environments.filter((e) => targets.stacks.some((s) => s.environment === e));
  const jobs: Record<string, YamlValue> = {
    workflow: workflow(branch),
    stages: ["test", "plan", ...envs.map((e) => `deploy-${e}`)],
    default: { image: GITLAB_IMAGES.node },
    variables: { TERRAFORM_VERSION: TERRAFORM_VERSION, CHECKPOINT_DISABLE: "1" },
    ".terraform": commented(
      [
        "Terraform for cdktf diff, plan and apply. SHA256SUMS comes from the same origin as the zip: it",
        "catches a corrupted download, not a compromised origin (HashiCorp also signs it with its GPG key).",
      ],
      {
        before_script: [
          'curl -fsSLO "https://releases.hashicorp.com/terraform/${TERRAFORM_VERSION}/terraform_${TERRAFORM_VERSION}_linux_amd64.zip"',
          'curl -fsSLO "https://releases.hashicorp.com/terraform/${TERRAFORM_VERSION}/terraform_${TERRAFORM_VERSION}_SHA256SUMS"',
          'grep " terraform_${TERRAFORM_VERSION}_linux_amd64.zip$" "terraform_${TERRAFORM_VERSION}_SHA256SUMS" | sha256sum -c -',
          'unzip -q -o "terraform_${TERRAFORM_VERSION}_linux_amd64.zip" terraform -d /usr/local/bin',
          "npm ci",
        ],
      },
    ),
    test: {
      stage: "test",
      interruptible: true,
      script: ["npm ci", "npm test", "npm run synth", "npm run audit -- --out audit"],
      artifacts: commented(
        [
          "GitLab has no SARIF code scanning (its security report types take GitLab's own schemas), so",
          "audit/report.sarif stays an artifact with the rest of the report, linked from the merge request.",
        ],
        { when: "always", expire_in: "30 days", expose_as: "blueprint audit", paths: ["audit/"] },
      ),
    },
  };
  for (const t of targets.stacks) jobs[`plan:${t.stack}`] = planJob(t);
  let previous: string[] = ["test"];
  for (const env of envs) {
    const names: string[] = [];
    for (const t of targets.stacks.filter((s) => s.environment === env)) {
      jobs[`deploy:${t.stack}`] = deployJob(t, previous, branch, env === envs[envs.length - 1]);
      names.push(`deploy:${t.stack}`);
    }
    previous = names;
  }
  const variables = [...new Set(targets.stacks.flatMap((t) => [...identityVariables(t.plan), ...identityVariables(t.deploy)]))];
  return renderYaml(
    [
      "Generated by `blueprint ci init --provider gitlab`: edit blueprint.config.yaml (ci) and run it again.",
      ...REGENERATE_EXAMPLES,
      "",
      `Merge requests: test, audit, and plan every stack through the destroy guard. Pushes to ${branch}:`,
      `apply every stack, environment after environment (${envs.join(", ")}), with the deploy identities.`,
      "The ci-<cloud>-<env> stacks that create these identities are applied by an administrator, never here.",
      "The stacks need a remote backend (clouds.<cloud>.backend): a job's local state is gone after it.",
      "",
      "GitLab settings this pipeline relies on:",
      `  - ${branch} is a protected branch: the deploy identities trust any pipeline on ${branch}.`,
      `  - protected environments ${envs.join(", ")}; ${envs[envs.length - 1]} with a deployment approval rule.`,
      `  - CI/CD variables (not secrets): ${variables.join(", ")}.`,
    ],
    jobs,
  );
}

/** The shell variable holding a lineage tag's value: `dataset-digest` → `LINEAGE_DATASET_DIGEST`. */
function lineageVariable(tag: string): string {
  return `LINEAGE_${tag.toUpperCase().replace(/-/g, "_")}`;
}

function lineageValue(tag: string): string {
  return DERIVED_LINEAGE[tag] ?? `$${lineageVariable(tag)}`;
}

function registryOf(config: BlueprintConfig, cloud: CloudName, environment: string, name: string): { lineageTags: readonly string[] } {
  const settings = config.clouds[cloud] as { environments: Record<string, { registries: readonly { name: string; lineageTags: readonly string[] }[] }> } | undefined;
  return settings?.environments[environment]?.registries.find((r) => r.name === name) ?? { lineageTags: [] };
}

/** A `node -e` script run in the blueprint checkout, where the cloud SDKs are installed (in a subshell: `$(...)` or `(...)` around it). */
function node(script: string, ...args: string[]): string {
  return `cd blueprint && node -e '${script}' ${args.join(" ")}`;
}

/**
 * The signing key of the target's environment as a `--kms` URI in $KMS_URI, and its public key in
 * publish/signing.pem for `blueprint model check`: read from the cloud with the publisher's own
 * grants (AWS GetPublicKey, GCP the key version's public key, Azure key `get`), as the GitHub
 * publish workflow does with the CLIs.
 */
function resolveKey(config: BlueprintConfig, t: CiPublishTarget): { lines: YamlValue[]; variables: string[] } {
  const org = config.organization.name;
  const env = t.environment;
  if (t.cloud === "aws") {
    const placement = config.clouds.aws!.environments[env]!;
    const alias = awsKmsAliasArn(awsPartition(placement.region), placement.region, placement.accountId, awsSigningKeyAlias(org, env));
    return {
      lines: [
        commented(
          "GetPublicKey answers the alias with the key's ARN: sign with the ARN, which an alias update cannot re-point.",
          `KEY_ARN=$(${node(
            'const { KMSClient, GetPublicKeyCommand } = require("@aws-sdk/client-kms"); const { createPublicKey } = require("crypto"); new KMSClient({}).send(new GetPublicKeyCommand({ KeyId: process.argv[1] })).then((r) => { require("fs").writeFileSync(process.argv[2], createPublicKey({ key: Buffer.from(r.PublicKey), format: "der", type: "spki" }).export({ type: "spki", format: "pem" })); console.log(r.KeyId); })',
            `"${alias}"`,
            `"$CI_PROJECT_DIR/${PUBLIC_KEY}"`,
          )})`,
        ),
        'KMS_URI="aws:$KEY_ARN"',
      ],
      variables: [],
    };
  }
  if (t.cloud === "gcp") {
    const placement = config.clouds.gcp!.environments[env]!;
    const rebuildable = PROTECTION[config.environments[env]!.protection].rebuildableKeyRings;
    const ringVariable = `GCP_KEY_RING_${variableSuffix(env)}`;
    const ring = rebuildable ? `$${ringVariable}` : gcpKeyRingName(org, env);
    const key = `${gcpCryptoKeyId(placement.projectId, placement.region, ring, "signing")}/cryptoKeyVersions/1`;
    const check: YamlValue[] = rebuildable
      ? [
          commented(
            [
              `${env} rebuilds its key rings (protection: standard), so the ring's name carries its creation time:`,
              `${ringVariable} holds it (the keyRings/<ring> part of the gcp-${env} stack's signing-key output).`,
            ],
            `test -n "$${ringVariable}" || { echo "variable ${ringVariable} is not set"; exit 1; }`,
          ),
        ]
      : [];
    return {
      lines: [
        ...check,
        commented("Version 1 of the signing key: the version the gate's configured public key belongs to.", `KMS_URI="gcp:${key}"`),
        `(${node(
          'const { KeyManagementServiceClient } = require("@google-cloud/kms"); new KeyManagementServiceClient().getPublicKey({ name: process.argv[1] }).then(([k]) => require("fs").writeFileSync(process.argv[2], k.pem))',
          `"${key}"`,
          `"$CI_PROJECT_DIR/${PUBLIC_KEY}"`,
        )})`,
      ],
      variables: rebuildable ? [ringVariable] : [],
    };
  }
  const placement = config.clouds.azure!.environments[env]!;
  const vault = `https://${azureKeyVaultName(org, env, placement.subscriptionId)}.vault.azure.net`;
  return {
    lines: [
      commented(
        "The current version of the signing key: Key Vault answers `get` with the versioned key id.",
        `KID=$(${node(
          'const { KeyClient } = require("@azure/keyvault-keys"); const { DefaultAzureCredential } = require("@azure/identity"); const { createPublicKey } = require("crypto"); new KeyClient(process.argv[1], new DefaultAzureCredential()).getKey("signing").then((k) => { const b = (v) => Buffer.from(v).toString("base64url"); require("fs").writeFileSync(process.argv[2], createPublicKey({ key: { kty: "EC", crv: "P-256", x: b(k.key.x), y: b(k.key.y) }, format: "jwk" }).export({ type: "spki", format: "pem" })); console.log(k.id); })',
          `"${vault}"`,
          `"$CI_PROJECT_DIR/${PUBLIC_KEY}"`,
        )})`,
      ),
      'KMS_URI="azure:$KID"',
    ],
    variables: [],
  };
}

function uploadLines(config: BlueprintConfig, t: CiPublishTarget, registry: string, tags: readonly string[]): YamlValue[] {
  const org = config.organization.name;
  const env = t.environment;
  const files = 'done < publish/files.txt';
  const sig = "publish/model.sig";
  if (t.cloud === "aws") {
    const placement = config.clouds.aws!.environments[env]!;
    const registryAlias = awsKmsAliasArn(awsPartition(placement.region), placement.region, placement.accountId, resourceName(org, env, "registry"));
    const bucket = awsRegistryBucketName(org, env, registry, placement.accountId);
    const put = (body: string, key: string): string =>
      `aws s3api put-object --bucket "${bucket}" --key "incoming/$MODEL_NAME/$MODEL_VERSION/${key}" --body "${body}" --tagging "$TAGS" --server-side-encryption aws:kms --ssekms-key-id "$REGISTRY_KEY_ARN" > /dev/null`;
    return [
      commented("The bucket policy admits uploads under the registry key's ARN only (an alias is refused).", `REGISTRY_KEY_ARN=$(aws kms describe-key --key-id "${registryAlias}" --query KeyMetadata.Arn --output text)`),
      commented("URL-encode every byte of a tag value (the tag set is a URL query; this image has no jq).", "enc() { printf '%s' \"$1\" | od -An -tx1 -v | tr -d ' \\n' | sed 's/../%&/g'; }"),
      `TAGS="${tags.map((tag) => `${tag}=$(enc "${lineageValue(tag)}")`).join("&")}"`,
      commented("One PutObject per file (5 GB at most each; larger files: the multipart flow of docs/model-registries.md).", `while read -r f; do ${put("$MODEL_DIR/$f", "$f")}; ${files}`),
      put(sig, "model.sig"),
    ];
  }
  if (t.cloud === "gcp") {
    const bucket = gcpRegistryBucketName(org, env, registry, config.clouds.gcp!.environments[env]!.projectId);
    const cp = (from: string, to: string): string => `gcloud storage cp "${from}" "gs://${bucket}/incoming/$MODEL_NAME/$MODEL_VERSION/${to}" --custom-metadata="$METADATA"`;
    return [
      commented("Lineage as custom metadata (Cloud Storage has no request-tag condition; the gate checks it).", `METADATA="${tags.map((tag) => `${tag}=${lineageValue(tag)}`).join(",")}"`),
      `while read -r f; do ${cp("$MODEL_DIR/$f", "$f")}; ${files}`,
      cp(sig, "model.sig"),
    ];
  }
  const account = azureRegistryAccountName(org, env, registry, config.clouds.azure!.environments[env]!.subscriptionId);
  const upload = (file: string, name: string): string =>
    `az storage blob upload --auth-mode login --account-name "${account}" --container-name incoming --name "$MODEL_NAME/$MODEL_VERSION/${name}" --file "${file}" --only-show-errors --tags ${tags.map((tag) => `"${tag}=${lineageValue(tag)}"`).join(" ")} > /dev/null`;
  return [
    'az login --service-principal --username "$AZURE_CLIENT_ID" --tenant "$AZURE_TENANT_ID" --federated-token "$ARM_OIDC_TOKEN" --allow-no-subscriptions --output none',
    commented(
      ["Blob index tags, which the ABAC condition on the publisher's role assignment requires;", "--auth-mode login: the registry accounts have shared keys turned off."],
      `while read -r f; do ${upload("$MODEL_DIR/$f", "$f")}; ${files}`,
    ),
    upload(sig, "model.sig"),
  ];
}

const CLI_IMAGE: Readonly<Record<CloudName, YamlValue>> = {
  // The image's entrypoint is `aws`; the runner needs a shell.
  aws: { name: GITLAB_IMAGES.awsCli, entrypoint: [""] },
  gcp: GITLAB_IMAGES.gcloud,
  azure: GITLAB_IMAGES.azureCli,
};

function modelPipeline(config: BlueprintConfig, targets: CiTargets, repository: string, mine: readonly CiPublishTarget[]): string {
  const ci = targets.ci;
  const branch = ci.defaultBranch;
  const environments = ci.environments.filter((e) => mine.some((t) => t.environment === e));
  const registries = [...new Set(mine.flatMap((t) => t.publisher.registries))];
  const allTags = [...new Set(mine.flatMap((t) => t.publisher.registries.flatMap((r) => registryOf(config, t.cloud, t.environment, r).lineageTags)))];
  const inputTags = allTags.filter((tag) => DERIVED_LINEAGE[tag] === undefined);
  const setVariables = new Set<string>();
  const variables: Record<string, YamlValue> = {
    PUBLISH_ENVIRONMENT: { value: "none", options: ["none", ...environments], description: "Environment to publish into (Build > Pipelines > Run pipeline on " + branch + "); none publishes nothing" },
    PUBLISH_REGISTRY: { value: registries[0]!, options: registries, description: "Registry to publish into, on every cloud that has it in the environment" },
    MODEL_NAME: { value: "", description: "Model name: incoming/<model>/<version>/ (1-63 lowercase letters, digits, '.', '_', '-')" },
    MODEL_VERSION: { value: "", description: "Version (1-63 letters, digits, '.', '_', '-')" },
    MODEL_DIR: { value: "model", description: "Folder of this repository holding exactly the files to publish" },
  };
  for (const tag of inputTags) {
    variables[lineageVariable(tag)] =
      tag === "eval-report"
        ? { value: "eval/report.json", description: "eval-report lineage tag: the evaluation report's path inside the folder (a signed file)" }
        : tag === "dataset-digest"
          ? { value: "", description: "dataset-digest lineage tag: sha256:<64 hex digits> of the training data snapshot" }
          : { value: "", description: `${tag} lineage tag (registries that require it refuse an upload without it)` };
  }
  variables["BLUEPRINT_PROJECT"] = ci.repository;
  const jobs: Record<string, YamlValue> = {};
  for (const t of mine) {
    for (const registry of t.publisher.registries) {
      const tags = registryOf(config, t.cloud, t.environment, registry).lineageTags;
      const key = resolveKey(config, t);
      key.variables.forEach((v) => setVariables.add(v));
      identityVariables(t.identity).forEach((v) => setVariables.add(v));
      const rules = [{ if: `${onDefault(branch)} && $PUBLISH_ENVIRONMENT == "${t.environment}" && $PUBLISH_REGISTRY == "${registry}"` }];
      const environment = commented(
        `A protected environment decides who may publish into ${t.environment}; the identity trusts ${branch} of ${t.publisher.repository} only.`,
        { name: t.environment },
      );
      const sign = `sign:${registry}:${t.cloud}-${t.environment}`;
      jobs[sign] = withLogin(
        t.identity,
        {
          stage: "sign",
          image: GITLAB_IMAGES.node,
          ...runnerTags(t),
          rules,
          environment,
          before_script: [
            commented("The gate refuses other names; checking here keeps them out of the object keys.", 'echo "$MODEL_NAME" | grep -Eqx "[a-z0-9][a-z0-9._-]{0,62}" || { echo "MODEL_NAME $MODEL_NAME: 1-63 lowercase letters, digits, . _ -"; exit 1; }'),
            'echo "$MODEL_VERSION" | grep -Eqx "[A-Za-z0-9][A-Za-z0-9._-]{0,62}" || { echo "MODEL_VERSION $MODEL_VERSION: 1-63 letters, digits, . _ -"; exit 1; }',
            'case "/$MODEL_DIR/" in */../*) echo "MODEL_DIR $MODEL_DIR: a folder inside this repository"; exit 1 ;; esac',
            commented(
              [
                `The blueprint project at ${branch}: its configuration holds the registry's gate rules. The job token`,
                "clones it only if the blueprint project's job token allowlist admits this project (GitLab Docs,",
                '"GitLab CI/CD job token", "Add a group or project to the job token allowlist"); GitLab masks the token in logs.',
              ],
              `git clone --depth 1 --branch "${branch}" "https://gitlab-ci-token:\${CI_JOB_TOKEN}@\${CI_SERVER_HOST}/\${BLUEPRINT_PROJECT}.git" blueprint`,
            ),
            "npm ci --prefix blueprint",
            "mkdir -p publish",
            commented(
              "Every file of the folder but git metadata, which the signature leaves out too.",
              "(cd \"$MODEL_DIR\" && find . -type f -not -path './.git/*' -not -path './.github/*' -not -name .gitattributes -not -name .gitignore -not -name model.sig -printf '%P\\n' | LC_ALL=C sort) > publish/files.txt",
            ),
            'test -s publish/files.txt || { echo "$MODEL_DIR has no file to publish"; exit 1; }',
          ],
          artifacts: { expire_in: "7 days", paths: ["publish/"] },
        },
        [
          ...key.lines,
          'npm --prefix blueprint run blueprint -- model sign "$CI_PROJECT_DIR/$MODEL_DIR" --kms "$KMS_URI" --signature "$CI_PROJECT_DIR/publish/model.sig"',
          commented(
            "The gate's own checks on the signed folder: a rejection here costs no upload.",
            `npm --prefix blueprint run blueprint -- model check "$CI_PROJECT_DIR/$MODEL_DIR" --signature "$CI_PROJECT_DIR/publish/model.sig" --public-key "$CI_PROJECT_DIR/${PUBLIC_KEY}" --config blueprint.config.yaml --registry ${t.cloud}/${t.environment}/${registry} ${tags.map((tag) => `--lineage "${tag}=${lineageValue(tag)}"`).join(" ")}`,
          ),
        ],
      );
      jobs[`upload:${registry}:${t.cloud}-${t.environment}`] = withLogin(
        t.identity,
        {
          stage: "upload",
          image: CLI_IMAGE[t.cloud],
          ...runnerTags(t),
          needs: [sign],
          rules,
          environment,
          resource_group: commented("One publish into a registry at a time: a second run waits instead of racing the first.", `publish-${registry}-${t.cloud}-${t.environment}`),
        },
        uploadLines(config, t, registry, tags),
        true,
      );
    }
  }
  return renderYaml(
    [
      `Generated by \`blueprint ci init --provider gitlab\` in ${ci.repository}: copy it to`,
      `${repository} as .gitlab-ci.yml.`,
      ...REGENERATE_EXAMPLES,
      `Run it by hand on ${branch} (Build > Pipelines > Run pipeline) with PUBLISH_ENVIRONMENT and PUBLISH_REGISTRY:`,
      "it signs the folder with the environment's signing key, runs the promotion gate's checks, and uploads",
      "under incoming/<model>/<version>/ of the registry on every cloud that has it in the environment, with",
      "the publisher identity of this project.",
      "",
      "Lineage tag values (docs/model-registries.md, Publishing):",
      "  source-commit  the commit the pipeline runs on ($CI_COMMIT_SHA): the code that trained the model",
      "  dataset-digest LINEAGE_DATASET_DIGEST: sha256:<64 hex digits> of the training data snapshot",
      "  eval-report    LINEAGE_EVAL_REPORT: the evaluation report's path inside the folder, itself a signed file",
      "  other tags a registry adds (e.g. base-model): a LINEAGE_<TAG> variable each",
      "",
      "GitLab settings this pipeline relies on:",
      `  - ${branch} is a protected branch, and environments ${environments.join(", ")} are protected.`,
      `  - ${ci.repository} admits this project to its job token allowlist.`,
      `  - CI/CD variables (not secrets): ${[...setVariables].join(", ")}.`,
    ],
    { workflow: workflow(branch), stages: ["sign", "upload"], variables, ...jobs },
  );
}

/** `.gitlab-ci.yml` of the blueprint project, then one per model repository in config order; paths relative to --out. */
export function renderGitlabPipelines(config: BlueprintConfig, targets: CiTargets): PipelineFile[] {
  const files: PipelineFile[] = [{ path: ".gitlab-ci.yml", content: blueprintPipeline(targets) }];
  const seen = new Set<string>();
  for (const p of targets.publishers) {
    if (seen.has(p.publisher.name)) continue;
    seen.add(p.publisher.name);
    const mine = targets.publishers.filter((t) => t.publisher.name === p.publisher.name);
    files.push({ path: `model-repositories/${p.publisher.name}/.gitlab-ci.yml`, content: modelPipeline(config, targets, p.publisher.repository, mine) });
  }
  return files;
}

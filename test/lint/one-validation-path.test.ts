import * as path from "node:path";
import { TextRule, satisfies } from "../../constructs/shared/limits/text-rule";
import { ROOT, anchoredRegexLiterals, sourcesUnder, RegexLiteral } from "../helpers/source-lint";

/*
 * One validation path (issue 7): a value's format is stated once, as a TextRule in
 * constructs/shared/limits/, and both the config schema and the constructs check it from there.
 * So config/schema.ts and the cloud constructs hold no anchored regular expression of their own,
 * except for values only one side checks, listed here with the reason.
 */

/** Anchored regex literals allowed outside limits/: `<file>:<name>` and why. */
const ALLOWED: Readonly<Record<string, string>> = {
  "config/schema.ts:ORG_NAME": "the organisation slug is checked only by config; constructs receive names derived from it",
  "config/schema.ts:ENV_NAME": "environment names are checked only by config; constructs receive names derived from them",
};

function key(literal: RegexLiteral): string {
  return `${literal.file}:${literal.name ?? `line ${literal.line}`}`;
}

function strayPatterns(literals: readonly RegexLiteral[]): string[] {
  return literals.filter((l) => !(key(l) in ALLOWED)).map((l) => `${l.file}:${l.line}: ${l.text}`);
}

/** One value each rule accepts and one it refuses, by `<limits file>:<export>`. */
const CASES: Readonly<Record<string, readonly [accepted: string, refused: string]>> = {
  "common:CALENDAR_DATE": ["2027-06-30", "2027-6-30"],
  "common:EMAIL": ["finops@example.com", "fin_ops@exa_mple.com"],
  "common:MONTH": ["2026-12", "2026-13"],
  "common:POLICY_RESOURCE": ['aws-dev/module.m.aws_s3_bucket.b["k"]', "aws_s3_bucket logs"],
  "common:POLICY_RULE_ID": ["WRITE-ONCE-*", "write-once-aws"],
  "common:RETENTION_TIER_NAME": ["audit-2y", "Audit-2y"],
  "common:TAG_VALUE": ["CC-4021", "ml<platform>"],
  "common:UUID": ["00000000-0000-4000-8000-000000000000", "00000000-0000-4000-8000-00000000000"],
  "gcp-ci:GCP_WORKLOAD_IDENTITY_ID": ["acme-ai-ci", "gcp-ci"],
  "gcp-ci:GCP_SERVICE_ACCOUNT_ID": ["ci-pub-fraud-scoring", "ci-x"],
  "gcp-ci:GCP_WORKLOAD_IDENTITY_SUBJECT": ["repo:acme-ai/ai-supply-chain:environment:prod", "repo:acme-ai/ai-supply-chain:*"],
  "ci:GITHUB_REPOSITORY": ["acme-ai/ai-supply-chain", "acme-ai/*"],
  "ci:GITLAB_PROJECT_PATH": ["acme-ai/platform/ai-supply-chain", "acme-ai/*"],
  "ci:CI_BRANCH": ["release/2026-12", "release/*"],
  "ci:CI_IDENTITY_NAME": ["fraud-scoring", "fraud--scoring"],
  "ci:CI_RUNNER_LABEL": ["self-hosted", "ubuntu 24.04"],
  "ci:CI_ISSUER_URL": ["https://gitlab.example.com", "https://gitlab.example.com/"],
  "monitoring:WEBHOOK_URL": ["https://hooks.example.com/services/acme-ai/security?token=abc", "https://user:secret@hooks.example.com/alerts"],
  "aws:ACCESS_LOG_SOURCE_ID": ["state", "1state"],
  "aws:AWS_ACCOUNT_ID": ["123456789012", "12345678901"],
  "aws:AWS_BUDGET_NAME": ["acme-ai-prod-monthly", "acme:prod"],
  "aws:AWS_PARTITION": ["aws-us-gov", "aws-eu"],
  "aws:AWS_TAG_KEY": ["cost-center", "aws:createdBy"],
  "aws:AWS_TAG_VALUE": ["CC 4021", "ml<platform>"],
  "aws:AWS_TRAIL_NAME": ["acme-ai-prod-audit", "-audit"],
  "aws:IAM_ROLE_ARN": ["arn:aws:iam::123456789012:role/blueprint-admin", "arn:aws:iam::123456789012:user/blueprint-admin"],
  "aws:IAM_ROLE_NAME": ["blueprint-admin", "blueprint admin"],
  "aws:IAM_POLICY_ARN": ["arn:aws:iam::123456789012:policy/boundaries/blueprint-function", "arn:aws:iam::123456789012:role/blueprint-function"],
  "aws:SUBNET_ID": ["subnet-0123456789abcdef0", "subnet-0123456789abcdef"],
  "aws:SECURITY_GROUP_ID": ["sg-0123abcd", "sg-0123abc"],
  "aws:LAMBDA_FUNCTION_NAME": ["acme-ai-prod-gate-fraud-scoring", "acme.gate"],
  "aws:EVENTBRIDGE_RULE_NAME": ["acme-ai-prod-gate-fraud-scoring", "acme gate"],
  "aws:SIGNING_PROFILE_NAME": ["acme_ai_prod_functions", "acme-ai-prod"],
  "aws:KMS_ALIAS_NAME": ["acme-ai-prod-logs", "aws/s3"],
  "aws:KMS_KEY_OR_ALIAS_ARN": ["arn:aws:kms:eu-west-1:123456789012:alias/acme-ai-tfstate", "arn:aws:kms:eu-west-1:123456789012:grant/acme"],
  "aws:S3_BUCKET_NAME": ["acme-ai-prod-logs-123456789012", "192.168.1.1"],
  "aws:AWS_REGION_NAME": ["eu-west-1", "eu-west"],
  "aws:ECR_REPOSITORY_NAME": ["acme-ai-prod/model-serving", "acme-ai-prod//model-serving"],
  "aws:SAGEMAKER_MODEL_PACKAGE_GROUP_NAME": ["acme-ai-prod-fraud-scoring", "acme-ai-prod-"],
  "azure:AZURE_FUNCTION_APP_NAME": ["acme-ai-prod-gate-fraud-scoring", "-gate"],
  "azure:AZURE_SERVICE_TAG": ["AzureEventGrid", "Azure Event Grid"],
  "azure:AZURE_EVENTGRID_TOPIC_NAME": ["acme-ai-prod-fraud-scoring-blobs", "ab"],
  "azure:AZURE_EVENTGRID_SUBSCRIPTION_NAME": ["promotion-gate", "promotion_gate"],
  "gcp:GCP_FUNCTION_NAME": ["acme-ai-prod-gate-fraud-scoring", "acme-ai-prod-gate-"],
  "gcp:GCP_FUNCTION_ACCOUNT_PREFIX": ["gate-fraud-scoring", "Gate-fraud"],
  "gcp:GCP_CUSTOM_ROLE_ID": ["promotionGateApprovedRetention", "promotion-gate"],
  "gcp:GCP_KMS_KEY_NAME": ["gate-attestation", "gate attestation"],
  "common:SHA256_HEX": ["ab".repeat(32), "AB".repeat(32)],
  "gitops-objects:GITOPS_REPO_URL": ["https://github.com/acme/ai-platform-gitops.git", "http://github.com/acme/ai-platform-gitops.git"],
  "gitops-objects:GITOPS_PATH": ["environments/prod", "environments/../prod"],
  "gitops-objects:GITOPS_COMMIT_SHA": ["0123456789abcdef0123456789abcdef01234567", "0123456"],
  "gitops-objects:GITOPS_REF_NAME": ["release/v1.4.0", "release/.hidden"],
  "gitops-objects:GITOPS_OPENPGP_KEY_ID": ["4AEE18F83AFDEB23", "4aee18f83afdeb23"],
  "gitops-objects:GITOPS_IPV4_CIDR": ["140.82.112.0/20", "140.82.112.0/33"],
  "gitops-objects:GITOPS_IPV6_CIDR": ["2606:50c0::/32", "2606:50c0::/129"],
  "gitops-objects:GITOPS_BRIDGE_KEY": ["image_registry_host", "image-registry-host"],
  "gcp:GCP_BILLING_ACCOUNT_ID": ["012345-6789AB-CDEF01", "012345-6789ab-cdef01"],
  "gcp:GCP_BUDGET_NAME": ["acme-ai prod monthly", "a".repeat(61)],
  "gcp:GCP_KEY_ADMIN_MEMBER": ["group:kms-admins@example.com", "domain:example.com"],
  "gcp:GCP_KMS_CRYPTO_KEY_ID": ["projects/acme-ai-prod/locations/europe-west1/keyRings/logs/cryptoKeys/logs", "projects/acme-ai-prod/keyRings/logs/cryptoKeys/logs"],
  "gcp:GCP_LABEL_FILTER_VALUE": ["prod", ""],
  "gcp:GCP_LABEL_VALUE": ["cc-4021", "CC-4021"],
  "gcp:GCP_PROJECT_ID": ["acme-ai-prod", "acme-google-prod"],
  "gcp:GCP_SINK_NAME": ["acme-ai-prod-audit", "-audit"],
  "gcp:GCS_BUCKET_NAME": ["acme-ai-prod-logs", "goog-logs"],
  "gcp:GCP_ARTIFACT_REPOSITORY_ID": ["acme-ai-prod-images", "1images"],
  "azure:AZURE_BUDGET_NAME": ["acme-ai-prod-monthly", "acme ai prod"],
  "azure:AZURE_CONTAINER_NAME": ["insights-logs-auditevent", "insights--logs"],
  "azure:AZURE_FIREWALL_IP_RANGE": ["203.0.113.0/24", "10.0.0.0/8"],
  "azure:AZURE_KEY_VAULT_ID": ["/subscriptions/00000000-0000-4000-8000-000000000002/resourceGroups/rg-acme-ai-prod-git/providers/Microsoft.KeyVault/vaults/kv-acme-ai-prod-git", "/subscriptions/00000000-0000-4000-8000-000000000002/resourceGroups/rg-acme-ai-prod-git/providers/Microsoft.KeyVault/vaults/kv--acme"],
  "azure:AZURE_KEY_VAULT_SECRET_NAME": ["platform-gitops-token", "platform_gitops_token"],
  "azure:AZURE_KEY_VAULT_KEY_NAME": ["logs-prod", "logs_prod"],
  "azure:AZURE_KEY_VAULT_NAME": ["kv-acme-ai-prod-1a2b3", "1kv-acme-ai"],
  "azure:AZURE_SUBNET_ID": ["/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/network-dev/providers/Microsoft.Network/virtualNetworks/blueprint-dev/subnets/functions", "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/network-dev/providers/Microsoft.Network/virtualNetworks/blueprint-dev"],
  "azure:AZURE_RESOURCE_GROUP_ID": ["/subscriptions/00000000-0000-4000-8000-000000000002/resourceGroups/rg-acme-ai-prod", "/subscriptions/prod/resourceGroups/rg-acme-ai-prod"],
  "azure:AZURE_RESOURCE_GROUP_NAME": ["rg-acme-ai-prod", "rg-acme-ai-prod."],
  "azure:AZURE_RULE_NAME": ["retention-audit-1y", "retention audit-1y"],
  "azure:STORAGE_ACCOUNT_NAME": ["stacmeailogs1a2b3c", "st-acme-ai"],
  "azure:AZURE_CONTAINER_REGISTRY_NAME": ["cracmeaiprodf68e09", "cr-acme-ai"],
  "gate:EVALUATION_REQUIREMENT": ["accuracy >= 0.9", "accuracy >= 1e3"],
  "gate:GIT_COMMIT_VALUE": ["0123456789abcdef0123456789abcdef01234567", "0123456789abcdef"],
  "gate:LINEAGE_VALUE": ["s3://acme/datasets/fraud@2026-11", "value<script>"],
  "gate:PICKLE_IMPORT": ["collections.OrderedDict", "os.*"],
  "gate:SHA256_DIGEST_VALUE": ["sha256:" + "ab".repeat(32), "sha256:" + "AB".repeat(32)],
  "registry:GCP_REGISTRY_MEMBER": ["serviceAccount:serving@acme-ai-prod.iam.gserviceaccount.com", "user:alice@example.com"],
  "registry:LINEAGE_TAG_KEY": ["dataset-digest", "dataset--digest"],
  "registry:REGISTRY_NAME": ["fraud-scoring", "1fraud"],
  "admission:ADMISSION_REGISTRY_HOST": ["123456789012.dkr.ecr.eu-west-1.amazonaws.com", "localhost"],
  "admission:ADMISSION_REPOSITORY_PREFIX": ["acme-ai-prod/", "acme-ai-prod"],
  "admission:ADMISSION_OBJECT_NAME": ["approved-models", "Approved-models"],
  "admission:ADMISSION_NAMESPACE": ["model-serving-policy", "model.serving"],
  "admission:ADMISSION_LABEL_KEY": ["ai-supply-chain-blueprint.io/model-serving", "model-serving"],
  "admission:ADMISSION_AWS_KMS_URI": ["awskms:///arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b", "awskms://arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"],
  "admission:ADMISSION_GCP_KMS_URI": ["gcpkms://projects/acme-ai-prod/locations/europe-west1/keyRings/supply-chain/cryptoKeys/image-signing/cryptoKeyVersions/1", "gcpkms://projects/acme-ai-prod/locations/europe-west1/keyRings/supply-chain/cryptoKeys/image-signing"],
  "gitops:EKS_CLUSTER_NAME": ["acme-ai-prod", "-acme-ai-prod"],
  "gitops:GKE_CLUSTER_NAME": ["acme-ai-prod", "Acme-ai-prod"],
  "gitops:GKE_LOCATION": ["europe-west1-b", "europe-west1-bc"],
  "gitops:AKS_CLUSTER_NAME": ["acme-ai-prod", "acme-ai-prod-"],
  "gitops:PGP_PUBLIC_KEY_BLOCK": ["-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmDMEaxEQgh\n-----END PGP PUBLIC KEY BLOCK-----\n", "-----BEGIN PGP PUBLIC KEY BLOCK-----\n-----BEGIN PGP PRIVATE KEY BLOCK-----\n-----END PGP PUBLIC KEY BLOCK-----\n"],
  "gitops:SECRETS_MANAGER_SECRET_ARN": ["arn:aws:secretsmanager:eu-west-1:222222222222:secret:acme-ai-prod/platform-gitops-Ef34Gh", "arn:aws:secretsmanager:eu-west-1:222222222222:acme-ai-prod/platform-gitops-Ef34Gh"],
  "gitops:GCP_SECRET_NAME": ["projects/acme-ai-prod/secrets/platform-gitops-token", "projects/acme-ai-prod/secrets/platform-gitops-token/versions/1"],
  "gitops:IDENTITY_CENTER_INSTANCE_ARN": ["arn:aws:sso:::instance/ssoins-72232e1b5ba4f1e2", "arn:aws:sso:::instance/ssoins-72232e1b"],
  "admission:ADMISSION_AZURE_KMS_URI": ["azurekms://kv-acme-ai-prod-1a2b3.vault.azure.net/image-signing", "azurekms://kv-acme-ai-prod-1a2b3.vault.azure.net.evil.com/image-signing"],
};

/** Every export of limits/ that has a pattern, by `<limits file>:<export>`. */
function exportedRules(): Map<string, TextRule> {
  const rules = new Map<string, TextRule>();
  for (const { file } of sourcesUnder("constructs/shared/limits")) {
    const name = path.basename(file, ".ts");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exports = require(path.join(ROOT, file)) as Record<string, unknown>;
    for (const [exported, value] of Object.entries(exports)) {
      if (typeof value === "object" && value !== null && (value as { pattern?: unknown }).pattern instanceof RegExp) {
        rules.set(`${name}:${exported}`, value as TextRule);
      }
    }
  }
  return rules;
}

describe("one validation path", () => {
  test("the pattern check finds anchored literals and honours the allow-list", () => {
    const text = [
      "const ORG_NAME = /^[a-z]+$/;",
      "const BUCKET = /^[a-z0-9.-]{3,63}$/;",
      "const suffix = /\\/3[12]$/;",
      'schema({ name: text(/^[a-z]{3,24}$/, "x") });',
    ].join("\n");
    expect(strayPatterns(anchoredRegexLiterals({ file: "config/schema.ts", text }))).toEqual([
      "config/schema.ts:2: /^[a-z0-9.-]{3,63}$/",
      "config/schema.ts:4: /^[a-z]{3,24}$/",
    ]);
  });

  test("config/schema.ts and the cloud constructs state no value format of their own", () => {
    const sources = [...sourcesUnder("config").filter((s) => s.file === "config/schema.ts"), ...["aws", "gcp", "azure"].flatMap((cloud) => sourcesUnder(`constructs/${cloud}`))];
    expect(sources.length).toBeGreaterThan(25);
    expect(strayPatterns(sources.flatMap(anchoredRegexLiterals))).toEqual([]);
  });

  test("every allowed literal still exists (the allow-list does not outlive its reason)", () => {
    const schema = sourcesUnder("config").filter((s) => s.file === "config/schema.ts").flatMap(anchoredRegexLiterals).map(key);
    expect(Object.keys(ALLOWED).filter((k) => !schema.includes(k))).toEqual([]);
  });

  test("every rule in limits/ has a case", () => {
    expect([...exportedRules().keys()].sort()).toEqual(Object.keys(CASES).sort());
  });

  test.each(Object.entries(CASES))("%s accepts its example and refuses its counterexample", (name, [accepted, refused]) => {
    const rule = exportedRules().get(name);
    expect(rule).toBeDefined();
    expect(satisfies(rule!, accepted)).toBe(true);
    expect(satisfies(rule!, refused)).toBe(false);
  });
});

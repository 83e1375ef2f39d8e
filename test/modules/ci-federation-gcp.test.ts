import { CiFederationGcp, CiFederationGcpProps } from "../../modules/ci-federation-gcp";
import { CiSettings } from "../../constructs/shared/ci-identities";
import { validationErrorOf } from "../helpers/errors";
import { Json, onlyResource, resourcesOf, synthConstruct } from "../helpers/synth";

/*
 * The GCP side of CI federation for one environment: pool and provider, ci-plan (one repository,
 * reads), ci-deploy (the deploy job of this environment only), ci-pub-<name> (the publish job of
 * the model repository only, no project role).
 */

const GITHUB: CiSettings = {
  provider: "github",
  repository: "acme-ai/ai-supply-chain",
  environments: ["dev", "prod"],
  defaultBranch: "main",
  modelRepositories: [{ repository: "acme-ai/fraud-scoring-model", name: "fraud-scoring", registries: ["fraud-scoring"] }],
};

const PROPS: CiFederationGcpProps = {
  organization: "acme-ai",
  environment: "prod",
  projectId: "acme-ai-prod",
  ci: GITHUB,
  publishers: [{ name: "fraud-scoring", repository: "acme-ai/fraud-scoring-model", registries: ["fraud-scoring"] }],
  secretsReadAtPlan: ["projects/acme-ai-prod/secrets/platform-gitops-token"],
};

const POOL = "${google_iam_workload_identity_pool.ci_pool_B001DBED.name}";
const PLAN = "serviceAccount:${google_service_account.ci_plan_FCACF510.email}";
const DEPLOY = "serviceAccount:${google_service_account.ci_deploy_06BC5FBD.email}";
const PUBLISHER = "serviceAccount:${google_service_account.ci_publish-fraud-scoring_56F3AE51.email}";

function synthFederation(props: CiFederationGcpProps = PROPS): Json {
  return synthConstruct((scope) => {
    new CiFederationGcp(scope, "ci", props);
  });
}

/** [service account reference, federated member] of every workloadIdentityUser binding. */
function federatedMembers(stack: Json): string[][] {
  return Object.values(resourcesOf(stack, "google_service_account_iam_member"))
    .map((m) => [String(m["role"]), String(m["service_account_id"]), String(m["member"])])
    .sort();
}

/** Project roles (with the condition's expression, if any) granted to `member`. */
function projectRolesOf(stack: Json, member: string): string[] {
  return Object.values(resourcesOf(stack, "google_project_iam_member"))
    .filter((g) => g["member"] === member)
    .map((g) => String(g["role"]))
    .sort();
}

describe("CiFederationGcp", () => {
  test("the provider admits the blueprint's repository and this environment's model repositories, nothing else", () => {
    const provider = onlyResource(synthFederation(), "google_iam_workload_identity_pool_provider");
    expect([provider["workload_identity_pool_provider_id"], provider["attribute_condition"], provider["attribute_mapping"], provider["oidc"]]).toEqual([
      "github",
      'assertion.repository in ["acme-ai/ai-supply-chain", "acme-ai/fraud-scoring-model"]',
      { "google.subject": "assertion.sub", "attribute.repository": "assertion.repository" },
      { issuer_uri: "https://token.actions.githubusercontent.com" },
    ]);
    expect(onlyResource(synthFederation(), "google_iam_workload_identity_pool")["workload_identity_pool_id"]).toBe("acme-ai-ci");
  });

  test("service accounts ci-deploy, ci-plan, ci-pub-fraud-scoring, each with exactly one federated member", () => {
    const stack = synthFederation();
    expect(Object.values(resourcesOf(stack, "google_service_account")).map((a) => [a["project"], a["account_id"]]).sort()).toEqual([
      ["acme-ai-prod", "ci-deploy"],
      ["acme-ai-prod", "ci-plan"],
      ["acme-ai-prod", "ci-pub-fraud-scoring"],
    ]);
    expect(federatedMembers(stack)).toEqual([
      ["roles/iam.workloadIdentityUser", "${google_service_account.ci_deploy_06BC5FBD.name}", `principal://iam.googleapis.com/${POOL}/subject/repo:acme-ai/ai-supply-chain:environment:prod`],
      ["roles/iam.workloadIdentityUser", "${google_service_account.ci_plan_FCACF510.name}", `principalSet://iam.googleapis.com/${POOL}/attribute.repository/acme-ai/ai-supply-chain`],
      ["roles/iam.workloadIdentityUser", "${google_service_account.ci_publish-fraud-scoring_56F3AE51.name}", `principal://iam.googleapis.com/${POOL}/subject/repo:acme-ai/fraud-scoring-model:environment:prod`],
    ]);
  });

  test("the deploy account's only member is its environment's deploy subject: no other repository, no branch, no principalSet", () => {
    const deploy = Object.values(resourcesOf(synthFederation(), "google_service_account_iam_member")).filter((m) => m["service_account_id"] === "${google_service_account.ci_deploy_06BC5FBD.name}");
    expect(deploy.map((m) => m["member"])).toEqual([`principal://iam.googleapis.com/${POOL}/subject/repo:acme-ai/ai-supply-chain:environment:prod`]);
  });

  test("plan: read-only predefined roles and the metadata custom role; no basic role, no object, log or secret reader at project level", () => {
    expect(projectRolesOf(synthFederation(), PLAN)).toEqual([
      "projects/acme-ai-prod/roles/ciPlanMetadataViewer",
      "roles/browser",
      "roles/cloudkms.publicKeyViewer",
      "roles/cloudkms.viewer",
      "roles/iam.securityReviewer",
      "roles/serviceusage.serviceUsageViewer",
    ]);
  });

  test("the plan's custom role: configuration reads only", () => {
    expect(onlyResource(synthFederation(), "google_project_iam_custom_role")).toMatchObject({
      project: "acme-ai-prod",
      role_id: "ciPlanMetadataViewer",
      stage: "GA",
      permissions: [
        "artifactregistry.repositories.get",
        "artifactregistry.repositories.list",
        "cloudfunctions.functions.get",
        "cloudfunctions.functions.list",
        "container.clusters.get",
        "logging.logMetrics.get",
        "logging.logMetrics.list",
        "logging.sinks.get",
        "logging.sinks.list",
        "monitoring.alertPolicies.get",
        "monitoring.alertPolicies.list",
        "monitoring.notificationChannels.get",
        "monitoring.notificationChannels.list",
        "storage.buckets.get",
        "storage.buckets.list",
      ],
    });
  });

  test("deploy: the services' admin and editor roles, never Owner or Editor; Project IAM Admin only for the stack's three roles", () => {
    const stack = synthFederation();
    expect(projectRolesOf(stack, DEPLOY)).toEqual([
      "roles/artifactregistry.admin",
      "roles/browser",
      "roles/cloudfunctions.developer",
      "roles/cloudkms.admin",
      "roles/container.clusterViewer",
      "roles/eventarc.developer",
      "roles/iam.roleAdmin",
      "roles/iam.serviceAccountAdmin",
      "roles/iam.serviceAccountUser",
      "roles/logging.configWriter",
      "roles/monitoring.alertPolicyEditor",
      "roles/monitoring.notificationChannelEditor",
      "roles/resourcemanager.projectIamAdmin",
      "roles/run.admin",
      "roles/serviceusage.serviceUsageAdmin",
      "roles/storage.admin",
    ]);
    const iamAdmin = Object.values(resourcesOf(stack, "google_project_iam_member")).find((g) => g["role"] === "roles/resourcemanager.projectIamAdmin")!;
    expect(iamAdmin["condition"]).toEqual({
      title: "grants-only-the-stacks-roles",
      description: "Grant and revoke only the project roles the environment's stack grants",
      expression: "api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly(['roles/eventarc.eventReceiver', 'roles/logging.logWriter', 'roles/pubsub.publisher'])",
    });
    const roles = Object.values(resourcesOf(stack, "google_project_iam_member")).map((g) => g["role"]);
    expect(roles).not.toContain("roles/owner");
    expect(roles).not.toContain("roles/editor");
    expect(roles).not.toContain("roles/viewer");
    expect(roles).not.toContain("roles/iam.workloadIdentityPoolAdmin");
  });

  test("publishers get no project role (the gcp-<env> stack grants their registries and the signing key)", () => {
    expect(projectRolesOf(synthFederation(), PUBLISHER)).toEqual([]);
  });

  test("the GitOps credential secret: Secret Accessor for plan and deploy on that secret only", () => {
    expect(Object.values(resourcesOf(synthFederation(), "google_secret_manager_secret_iam_member")).map((g) => [g["secret_id"], g["role"], g["member"]]).sort()).toEqual([
      ["projects/acme-ai-prod/secrets/platform-gitops-token", "roles/secretmanager.secretAccessor", DEPLOY],
      ["projects/acme-ai-prod/secrets/platform-gitops-token", "roles/secretmanager.secretAccessor", PLAN],
    ]);
    expect(resourcesOf(synthFederation({ ...PROPS, secretsReadAtPlan: [] }), "google_secret_manager_secret_iam_member")).toEqual({});
  });

  test("IAM, STS, IAM Credentials and Resource Manager are enabled, never disabled on destroy, and every other resource waits for them", () => {
    const stack = synthFederation();
    expect(Object.values(resourcesOf(stack, "google_project_service")).map((s) => [s["project"], s["service"], s["disable_on_destroy"]])).toEqual([
      ["acme-ai-prod", "cloudresourcemanager.googleapis.com", false],
      ["acme-ai-prod", "iam.googleapis.com", false],
      ["acme-ai-prod", "iamcredentials.googleapis.com", false],
      ["acme-ai-prod", "sts.googleapis.com", false],
    ]);
    const apis = [
      "google_project_service.ci_apis_iam_1D8370DA",
      "google_project_service.ci_apis_sts_F620C98C",
      "google_project_service.ci_apis_iamcredentials_023F4DF6",
      "google_project_service.ci_apis_cloudresourcemanager_EA9F56FF",
    ];
    const others = Object.entries(stack["resource"] as Record<string, Record<string, Json>>).filter(([type]) => type !== "google_project_service").flatMap(([, byId]) => Object.values(byId));
    expect(others.length).toBe(33);
    for (const resource of others) expect((resource["depends_on"] as string[]).filter((d) => d.startsWith("google_project_service."))).toEqual(apis);
  });

  test("GitLab: the provider reads project_path; deploy and publish are bound to the protected default branch", () => {
    const gitlab: CiSettings = { ...GITHUB, provider: "gitlab", issuerUrl: "https://gitlab.example.com" };
    const stack = synthFederation({ ...PROPS, ci: gitlab });
    expect(onlyResource(stack, "google_iam_workload_identity_pool_provider")["attribute_condition"]).toBe('assertion.project_path in ["acme-ai/ai-supply-chain", "acme-ai/fraud-scoring-model"]');
    expect(onlyResource(stack, "google_iam_workload_identity_pool_provider")["oidc"]).toEqual({ issuer_uri: "https://gitlab.example.com" });
    expect(federatedMembers(stack).map((m) => m[2])).toEqual([
      `principal://iam.googleapis.com/${POOL}/subject/project_path:acme-ai/ai-supply-chain:ref_type:branch:ref:main`,
      `principalSet://iam.googleapis.com/${POOL}/attribute.repository/acme-ai/ai-supply-chain`,
      `principal://iam.googleapis.com/${POOL}/subject/project_path:acme-ai/fraud-scoring-model:ref_type:branch:ref:main`,
    ]);
  });

  test("no publisher: the pool admits the blueprint's repository alone", () => {
    const stack = synthFederation({ ...PROPS, publishers: [] });
    expect(onlyResource(stack, "google_iam_workload_identity_pool_provider")["attribute_condition"]).toBe('assertion.repository in ["acme-ai/ai-supply-chain"]');
    expect(Object.values(resourcesOf(stack, "google_service_account")).map((a) => a["account_id"]).sort()).toEqual(["ci-deploy", "ci-plan"]);
  });

  test("GCP_CI_ENVIRONMENT_INVALID: an environment the pipeline does not deploy", () => {
    expect(validationErrorOf(() => synthFederation({ ...PROPS, environment: "staging" })).problems.map((p) => [p.code, p.value])).toEqual([["GCP_CI_ENVIRONMENT_INVALID", '"staging"']]);
  });

  test("GCP_CI_PUBLISHERS_INVALID: two publishers of one name", () => {
    const twice = [PROPS.publishers[0]!, { name: "fraud-scoring", repository: "acme-ai/other-model", registries: ["fraud-scoring"] }];
    expect(validationErrorOf(() => synthFederation({ ...PROPS, publishers: twice })).problems.map((p) => p.code)).toEqual(["GCP_CI_PUBLISHERS_INVALID"]);
  });

  test("GCP_CI_SECRETS_INVALID and GCP_CI_SECRET_INVALID: a secret twice, a secret that is not projects/<p>/secrets/<id>", () => {
    const secret = "projects/acme-ai-prod/secrets/platform-gitops-token";
    expect(validationErrorOf(() => synthFederation({ ...PROPS, secretsReadAtPlan: [secret, secret] })).problems.map((p) => p.code)).toEqual(["GCP_CI_SECRETS_INVALID"]);
    expect(validationErrorOf(() => synthFederation({ ...PROPS, secretsReadAtPlan: [`${secret}/versions/1`] })).problems.map((p) => p.code)).toEqual(["GCP_CI_SECRET_INVALID"]);
  });
});

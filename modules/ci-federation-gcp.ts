import { ProjectIamCustomRole } from "@cdktf/provider-google/lib/project-iam-custom-role";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ProjectService } from "@cdktf/provider-google/lib/project-service";
import { SecretManagerSecretIamMember } from "@cdktf/provider-google/lib/secret-manager-secret-iam-member";
import { TerraformResource } from "cdktf";
import { Construct } from "constructs";
import { CiServiceAccount } from "../constructs/gcp/ci-service-account";
import { PUBSUB_PUBLISHER_ROLE } from "../constructs/gcp/function-service-agents";
import { EVENT_RECEIVER_ROLE, LOG_WRITER_ROLE } from "../constructs/gcp/locked-down-function";
import { WorkloadIdentityPool } from "../constructs/gcp/workload-identity-pool";
import { CiPublisher, CiSettings, ciIssuerUrl, ciSubjects, gcpCiPoolId, gcpCiServiceAccountId } from "../constructs/shared/ci-identities";
import { GCP_SECRET_NAME } from "../constructs/shared/limits/gitops";
import { PropValidator } from "../constructs/shared/validation-error";

/**
 * The APIs federation calls: IAM (the pool, the service accounts, the custom role), Security Token
 * Service (the exchange of the CI's token for a federated token, sts.googleapis.com), IAM Service
 * Account Credentials (the federated token's `generateAccessToken` on the service account,
 * iamcredentials.googleapis.com) (the APIs "Configure Workload Identity Federation with
 * deployment pipelines" has enabled before its first step), and Resource Manager, whose project IAM policy the role grants
 * are written into. The gcp-<env> stack enables IAM and Resource Manager too: with
 * `disable_on_destroy = false` neither stack's destroy switches them off under the other.
 */
export const CI_FEDERATION_APIS = ["iam.googleapis.com", "sts.googleapis.com", "iamcredentials.googleapis.com", "cloudresourcemanager.googleapis.com"] as const;

/** A project role of a CI identity, with the reason it is needed. */
export interface CiProjectRole {
  /** The role, e.g. `roles/cloudkms.viewer`. */
  readonly role: string;
  /** What in the gcp-<env> stack needs it. */
  readonly reason: string;
}

/**
 * Metadata the plan must read where the predefined read roles bundle it with data: Artifact
 * Registry Reader also downloads images, Storage Object Viewer reads model objects, Logs Viewer
 * reads log entries, Monitoring Viewer reads metric data. Each permission here reads a resource's
 * configuration only. IAM policies, service accounts and custom roles come from Security Reviewer.
 */
export const CI_PLAN_METADATA_PERMISSIONS = [
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
] as const;

/** Id of the plan's custom role in the environment's project. */
export const CI_PLAN_ROLE_ID = "ciPlanMetadataViewer";

/**
 * The plan identity's predefined roles: it refreshes every resource of the gcp-<env> stack and
 * changes none. No basic role (Viewer lists and reads far more than the stack holds), nothing
 * that reads object data, log entries, secrets (but the one below) or decrypts.
 */
export const CI_PLAN_PROJECT_ROLES: readonly CiProjectRole[] = [
  { role: "roles/iam.securityReviewer", reason: "the IAM policy of the project and of every bucket, key ring, key, repository, service account and Cloud Run service; service accounts and custom roles" },
  { role: "roles/browser", reason: "the project itself (data google_project, the storage service agent lookup)" },
  { role: "roles/serviceusage.serviceUsageViewer", reason: "the enabled APIs (google_project_service)" },
  { role: "roles/cloudkms.viewer", reason: "key rings, keys and key versions, without encrypt, decrypt or sign" },
  { role: "roles/cloudkms.publicKeyViewer", reason: "the public halves of the signing and gate attestation keys (data google_kms_crypto_key_version)" },
];

/**
 * The deploy identity's project roles: the administrator or editor role of each service whose
 * resources the gcp-<env> stack creates (its synthesized resource types), nothing broader. Never
 * Owner or Editor.
 */
export const CI_DEPLOY_PROJECT_ROLES: readonly CiProjectRole[] = [
  { role: "roles/cloudkms.admin", reason: "key rings, keys and their IAM (google_kms_key_ring, google_kms_crypto_key, *_iam_*); administers keys, cannot encrypt, decrypt or sign with them" },
  { role: "roles/storage.admin", reason: "buckets, their IAM and the function source objects (google_storage_bucket, google_storage_bucket_iam_member, google_storage_bucket_object)" },
  { role: "roles/logging.configWriter", reason: "log sinks and log-based metrics (google_logging_project_sink, google_logging_metric); reads no log entries" },
  { role: "roles/monitoring.alertPolicyEditor", reason: "alert policies (google_monitoring_alert_policy)" },
  { role: "roles/monitoring.notificationChannelEditor", reason: "notification channels (google_monitoring_notification_channel)" },
  { role: "roles/artifactregistry.admin", reason: "container repositories and their IAM (google_artifact_registry_repository, *_iam_member)" },
  { role: "roles/cloudfunctions.developer", reason: "the promotion gates (google_cloudfunctions2_function)" },
  { role: "roles/eventarc.developer", reason: "the gates' Cloud Storage triggers, which Cloud Functions creates as Eventarc triggers" },
  { role: "roles/run.admin", reason: "the IAM of the gates' Cloud Run services (google_cloud_run_service_iam_member)" },
  { role: "roles/iam.serviceAccountAdmin", reason: "the gates' runtime, build and trigger service accounts (google_service_account)" },
  { role: "roles/iam.serviceAccountUser", reason: "deploying a function that runs as one of those accounts (iam.serviceAccounts.actAs)" },
  { role: "roles/iam.roleAdmin", reason: "the gates' custom retention role (google_project_iam_custom_role)" },
  { role: "roles/serviceusage.serviceUsageAdmin", reason: "enabling the APIs the stack uses (google_project_service)" },
  { role: "roles/container.clusterViewer", reason: "the GitOps cluster's endpoint and CA (data google_container_cluster); what it may do inside the cluster is Kubernetes RBAC's, granted by the cluster's administrators" },
  { role: "roles/browser", reason: "the project itself (data google_project, the storage service agent lookup)" },
];

/**
 * The roles the gcp-<env> stack grants on the project (google_project_iam_member): the Cloud
 * Storage service agent's Pub/Sub publisher, the gates' build log writer and trigger event
 * receiver. The deploy identity's Project IAM Admin is conditioned on these, so it cannot grant
 * itself or anyone Owner, token creation on the publishers, or any other role ("Set limits on
 * granting roles", cloud.google.com/iam/docs/setting-limits-on-granting-roles: a condition on
 * `iam.googleapis.com/modifiedGrantsByRole`). A change to the audit configuration modifies no
 * grant, so `google_project_iam_audit_config` passes.
 */
export const CI_DEPLOY_GRANTABLE_ROLES = [EVENT_RECEIVER_ROLE, LOG_WRITER_ROLE, PUBSUB_PUBLISHER_ROLE].sort();

/** The condition on the deploy identity's Project IAM Admin. */
export function ciDeployGrantCondition(roles: readonly string[]): string {
  return `api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly([${roles.map((r) => `'${r}'`).join(", ")}])`;
}

export interface CiFederationGcpProps {
  /** Organization slug (`organization.name`): the pool's id is `<org>-ci`. */
  readonly organization: string;
  /** The CI environment (`ci.environments[]`) these identities deploy and publish into. */
  readonly environment: string;
  /** The environment's project, where the pool, the service accounts and their grants live. */
  readonly projectId: string;
  /** The CI settings (config `ci`). */
  readonly ci: CiSettings;
  /** Model repositories that publish into this environment on GCP (`ciPublishers`), each with its own service account. */
  readonly publishers: readonly CiPublisher[];
  /**
   * Secret Manager secrets (`projects/<p>/secrets/<id>`) the gcp-<env> stack reads ephemerally
   * at plan and apply: the GitOps repository credentials. Plan and deploy get Secret Accessor on
   * each, and on no other secret.
   * @default none
   */
  readonly secretsReadAtPlan?: readonly string[];
}

/**
 * The GCP side of CI identity federation for one environment: the pool and provider admitting
 * the blueprint's repository and this environment's model repositories, and the service accounts
 * `ci-plan` (any branch and pull request of the blueprint's repository; reads), `ci-deploy` (the
 * repository's deploy job for this environment only; applies the gcp-<env> stack) and
 * `ci-pub-<name>` per publisher (the model repository's publish job for this environment only; no
 * project role: the gcp-<env> stack grants it `incoming/` of its registries and the signing key).
 *
 * The deploy identity holds the administrator roles of the stack's services, as any identity
 * that applies it must; what it cannot do is widen its own trust: it has no role on workload
 * identity pools, cannot grant project roles other than the three the stack grants, and this
 * stack is applied by an administrator, never by a pipeline. Its Service Account Admin still
 * reaches every service account of the project, these included (the stack's accounts are not
 * known by name in advance): an IAM deny policy on `iam.googleapis.com/serviceAccounts.setIamPolicy`
 * would close that, but needs the Deny Admin role, usually held at the organization only.
 *
 * @example
 * new CiFederationGcp(this, "ci", { organization: "acme-ai", environment: "prod", projectId: "acme-ai-prod", ci, publishers });
 */
export class CiFederationGcp extends Construct {
  public readonly pool: WorkloadIdentityPool;
  public readonly plan: CiServiceAccount;
  public readonly deploy: CiServiceAccount;
  /** Each publisher's service account, by publisher name. */
  public readonly publishers: Readonly<Record<string, CiServiceAccount>>;

  constructor(scope: Construct, id: string, props: CiFederationGcpProps) {
    const { ci, environment, projectId } = props;
    const names = props.publishers.map((p) => p.name);
    const secrets = props.secretsReadAtPlan ?? [];
    const validator = new PropValidator(scope, id);
    for (const secret of secrets) validator.matches("secretsReadAtPlan", secret, GCP_SECRET_NAME, "GCP_CI_SECRET_INVALID");
    validator
      .require(ci.environments.includes(environment), "GCP_CI_ENVIRONMENT_INVALID", "environment", environment, `an environment of ci.environments: ${ci.environments.join(", ")}`)
      .require(new Set(names).size === names.length, "GCP_CI_PUBLISHERS_INVALID", "publishers", names.join(","), "publishers with distinct names")
      .require(new Set(secrets).size === secrets.length, "GCP_CI_SECRETS_INVALID", "secretsReadAtPlan", secrets.join(","), "each secret once")
      .throwIfInvalid();
    super(scope, id);

    const apis = new Construct(this, "apis");
    const services = CI_FEDERATION_APIS.map((service) => new ProjectService(apis, service.split(".")[0]!, { project: projectId, service, disableOnDestroy: false }));

    const subjects = ciSubjects(ci);
    const repositories = [...new Set([ci.repository, ...props.publishers.map((p) => p.repository)])];
    this.pool = new WorkloadIdentityPool(this, "pool", {
      projectId,
      poolId: gcpCiPoolId(props.organization),
      ciProvider: ci.provider,
      issuerUri: ciIssuerUrl(ci),
      repositories,
    });

    this.plan = new CiServiceAccount(this, "plan", {
      projectId,
      accountId: gcpCiServiceAccountId("plan"),
      displayName: `CI plan (${ci.repository})`,
      pool: this.pool,
      repository: ci.repository,
    });
    this.deploy = new CiServiceAccount(this, "deploy", {
      projectId,
      accountId: gcpCiServiceAccountId("deploy"),
      displayName: `CI deploy of ${environment}`,
      pool: this.pool,
      subject: subjects.deploy(environment),
    });
    const publishers: Record<string, CiServiceAccount> = {};
    for (const publisher of props.publishers) {
      publishers[publisher.name] = new CiServiceAccount(this, `publish-${publisher.name}`, {
        projectId,
        accountId: gcpCiServiceAccountId("publish", publisher.name),
        displayName: `CI publisher ${publisher.name} in ${environment}`,
        pool: this.pool,
        subject: subjects.publish(publisher.repository, environment),
      });
    }
    this.publishers = publishers;

    const planRole = new ProjectIamCustomRole(this, "PlanMetadataRole", {
      project: projectId,
      roleId: CI_PLAN_ROLE_ID,
      title: "CI plan: resource metadata",
      description: "Configuration of the environment's repositories, functions, cluster, sinks, metrics, alerting and buckets; no object, image, log or metric data",
      permissions: [...CI_PLAN_METADATA_PERMISSIONS],
      stage: "GA",
    });
    const planGrants = new Construct(this, "plan-roles");
    new ProjectIamMember(planGrants, "metadata", { project: projectId, role: `projects/${projectId}/roles/${CI_PLAN_ROLE_ID}`, member: this.plan.member, dependsOn: [planRole] });
    for (const { role } of CI_PLAN_PROJECT_ROLES) {
      new ProjectIamMember(planGrants, roleId(role), { project: projectId, role, member: this.plan.member });
    }

    const deployGrants = new Construct(this, "deploy-roles");
    for (const { role } of CI_DEPLOY_PROJECT_ROLES) {
      new ProjectIamMember(deployGrants, roleId(role), { project: projectId, role, member: this.deploy.member });
    }
    new ProjectIamMember(deployGrants, "projectIamAdmin", {
      project: projectId,
      role: "roles/resourcemanager.projectIamAdmin",
      member: this.deploy.member,
      condition: {
        title: "grants-only-the-stacks-roles",
        description: "Grant and revoke only the project roles the environment's stack grants",
        expression: ciDeployGrantCondition(CI_DEPLOY_GRANTABLE_ROLES),
      },
    });

    for (const secret of secrets) {
      // The gcp-<env> stack reads the secret ephemerally (plan and apply alike): both identities
      // need its value, on this secret only. Logical id from the name, not from its position.
      const key = secret.split("/").filter((_, i) => i % 2 === 1).join("-");
      for (const [who, account] of [["plan", this.plan], ["deploy", this.deploy]] as const) {
        new SecretManagerSecretIamMember(this, `${who}-reads-${key}`, { secretId: secret, role: "roles/secretmanager.secretAccessor", member: account.member });
      }
    }

    // A fresh project refuses the pool and the grants until the APIs are on.
    const edges = services.map((s) => `${s.terraformResourceType}.${s.friendlyUniqueId}`);
    for (const node of this.node.findAll()) {
      if (node instanceof TerraformResource && node.terraformResourceType !== "google_project_service") {
        node.dependsOn = [...(node.dependsOn ?? []), ...edges];
      }
    }
  }
}

/** `roles/cloudkms.viewer` → `cloudkms-viewer`: a stable logical id per role. */
function roleId(role: string): string {
  return (role.startsWith("roles/") ? role.slice("roles/".length) : role).split(".").join("-");
}

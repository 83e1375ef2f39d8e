import { ProjectService } from "@cdktf/provider-google/lib/project-service";
import { Aspects, IAspect, TerraformDataSource, TerraformResource, TerraformStack } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { BlueprintValidationError, PropValidator } from "../shared/validation-error";

/**
 * The API each google resource and data source of the blueprint calls. A resource type missing
 * here stops synth (see `ProjectServices`), so a new resource cannot be added without naming
 * the API a fresh project must have enabled for it.
 *
 * Sources (google provider 6.50): the base path of each service in
 * google/transport/config.go `DefaultBasePaths` (KMS on cloudkms.googleapis.com, Logging on
 * logging.googleapis.com, Monitoring on monitoring.googleapis.com, Billing budgets on
 * billingbudgets.googleapis.com, Resource Manager on cloudresourcemanager.googleapis.com, which
 * project IAM audit configs (google/services/resourcemanager/iam_project.go) and the project
 * lookup use); the storage service agent data source calls the Storage JSON API
 * (data_source_google_storage_project_service_account.go `Projects.ServiceAccount.Get`); the
 * sink's page (website/docs/r/logging_project_sink.html.markdown) also asks for Resource Manager.
 */
export const GCP_RESOURCE_APIS: Readonly<Record<string, readonly GcpApi[]>> = {
  google_kms_key_ring: ["cloudkms.googleapis.com"],
  google_kms_crypto_key: ["cloudkms.googleapis.com"],
  google_kms_crypto_key_iam_member: ["cloudkms.googleapis.com"],
  google_kms_key_ring_iam_binding: ["cloudkms.googleapis.com"],
  google_storage_bucket: ["storage.googleapis.com"],
  google_storage_bucket_iam_member: ["storage.googleapis.com"],
  google_storage_project_service_account: ["storage.googleapis.com"],
  google_logging_project_sink: ["logging.googleapis.com", "cloudresourcemanager.googleapis.com"],
  // data_source_google_logging_project_settings.go: `NewLoggingClient(...).Projects.GetSettings`.
  google_logging_project_settings: ["logging.googleapis.com"],
  google_project_iam_audit_config: ["cloudresourcemanager.googleapis.com"],
  google_project: ["cloudresourcemanager.googleapis.com"],
  // resource_resource_manager_lien.go: `{{ResourceManagerBasePath}}liens`, cloudresourcemanager.googleapis.com/v1.
  google_resource_manager_lien: ["cloudresourcemanager.googleapis.com"],
  google_monitoring_notification_channel: ["monitoring.googleapis.com"],
  // resource_logging_metric.go: the Logging base URL + `projects/{{project}}/metrics`;
  // resource_monitoring_alert_policy.go: the Monitoring base URL + `v3/projects/{{project}}/alertPolicies`.
  google_logging_metric: ["logging.googleapis.com"],
  google_monitoring_alert_policy: ["monitoring.googleapis.com"],
  google_billing_budget: ["billingbudgets.googleapis.com"],
  // data_source_google_kms_crypto_key_version.go: `{{KMSBasePath}}{{crypto_key}}/cryptoKeyVersions/{{version}}`.
  google_kms_crypto_key_version: ["cloudkms.googleapis.com"],
  // Artifact Registry resources on `{{ArtifactRegistryBasePath}}`, artifactregistry.googleapis.com/v1;
  // scan-on-push is done by the Container Scanning API (cloud.google.com/artifact-analysis/docs/container-scanning-overview).
  google_artifact_registry_repository: ["artifactregistry.googleapis.com", "containerscanning.googleapis.com"],
  google_artifact_registry_repository_iam_member: ["artifactregistry.googleapis.com"],
  // Cloud Functions (2nd gen) builds with Cloud Build into Artifact Registry, runs on Cloud Run and
  // is triggered through Eventarc over Pub/Sub ("Enable the APIs" of cloud.google.com/functions/docs/create-deploy-gcloud;
  // "Create a trigger for Cloud Storage": Eventarc and Pub/Sub APIs).
  google_cloudfunctions2_function: [
    "cloudfunctions.googleapis.com", "cloudbuild.googleapis.com", "run.googleapis.com", "eventarc.googleapis.com", "pubsub.googleapis.com", "artifactregistry.googleapis.com",
  ],
  // resource_google_service_account.go: `iam.googleapis.com/v1` projects.serviceAccounts; custom roles on projects.roles.
  google_service_account: ["iam.googleapis.com"],
  google_project_iam_custom_role: ["iam.googleapis.com"],
  // Project IAM policy: cloudresourcemanager v1 projects.setIamPolicy.
  google_project_iam_member: ["cloudresourcemanager.googleapis.com"],
  // Cloud Run v1 (Knative) namespaces/services IAM, `{{CloudRunBasePath}}`.
  google_cloud_run_service_iam_member: ["run.googleapis.com"],
  google_storage_bucket_object: ["storage.googleapis.com"],
  // data_source_google_container_cluster.go reads the cluster through container.googleapis.com/v1.
  google_container_cluster: ["container.googleapis.com"],
  // data_source_google_client_config.go returns the provider's own token and project: no API call.
  google_client_config: [],
};

export const GCP_APIS = [
  "cloudkms.googleapis.com",
  "storage.googleapis.com",
  "logging.googleapis.com",
  "cloudresourcemanager.googleapis.com",
  "monitoring.googleapis.com",
  "billingbudgets.googleapis.com",
  "artifactregistry.googleapis.com",
  "containerscanning.googleapis.com",
  "iam.googleapis.com",
  "cloudfunctions.googleapis.com",
  "cloudbuild.googleapis.com",
  "run.googleapis.com",
  "eventarc.googleapis.com",
  "pubsub.googleapis.com",
  "container.googleapis.com",
] as const;

export type GcpApi = (typeof GCP_APIS)[number];

export interface ProjectServicesProps {
  /** Project the APIs are enabled in; every google resource of the stack lives there. */
  readonly projectId: string;
  /** APIs the stack's resources call; each resource type's API must be listed. */
  readonly services: readonly GcpApi[];
}

/**
 * Enables the APIs a stack uses, so a fresh project applies with no manual step, and makes
 * every google resource and data source of the stack depend on the `google_project_service` of
 * its API (an Aspect, so resources added later cannot forget the edge). Synth stops when a
 * google resource's type has no API in `GCP_RESOURCE_APIS` or its API is not in `services`.
 *
 * `disable_on_destroy = false`: a destroy must never switch off an API other stacks or people
 * in the same project use (the state backend may share a project with an environment), and
 * disabling Cloud KMS or Storage would not delete what they hold anyway.
 *
 * The Service Usage API itself (serviceusage.googleapis.com) must already be on: it is the API
 * `google_project_service` calls, and it is on by default in projects created with the console
 * or gcloud (cloud.google.com/service-usage/docs/enabled-service#default).
 *
 * @example
 * new ProjectServices(this, "apis", { projectId, services: ["cloudkms.googleapis.com", "storage.googleapis.com"] });
 */
export class ProjectServices extends Construct {
  /** The `google_project_service` of each enabled API. */
  public readonly services: Readonly<Partial<Record<GcpApi, ProjectService>>>;

  constructor(scope: Construct, id: string, props: ProjectServicesProps) {
    const unique = new Set(props.services);
    new PropValidator(scope, id)
      .require(unique.size === props.services.length && unique.size > 0, "GCP_SERVICES_INVALID", "services", props.services.join(","), "one or more APIs, each once")
      .throwIfInvalid();
    super(scope, id);
    const services: Partial<Record<GcpApi, ProjectService>> = {};
    for (const service of props.services) {
      services[service] = new ProjectService(this, service.split(".")[0]!, {
        project: props.projectId,
        service,
        disableOnDestroy: false,
      });
    }
    this.services = services;
    Aspects.of(TerraformStack.of(this)).add(new DependOnProjectServices(this));
  }
}

class DependOnProjectServices implements IAspect {
  constructor(private readonly owner: ProjectServices) {}

  public visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource || node instanceof TerraformDataSource)) return;
    const type = node.terraformResourceType;
    if (!type.startsWith("google_") || type === "google_project_service") return;
    const apis = GCP_RESOURCE_APIS[type];
    if (apis === undefined) {
      throw apiProblem(node, "GCP_RESOURCE_API_UNKNOWN", type, "a google resource type listed in GCP_RESOURCE_APIS (constructs/gcp/project-services.ts) with the API it calls");
    }
    const edges = apis.map((api) => {
      const service = this.owner.services[api];
      if (service === undefined) {
        throw apiProblem(node, "GCP_RESOURCE_API_NOT_ENABLED", type, `a resource whose API ${api} is in the services of ${this.owner.node.path}`);
      }
      return `${service.terraformResourceType}.${service.friendlyUniqueId}`;
    });
    const current = node.dependsOn ?? [];
    node.dependsOn = [...current, ...edges.filter((edge) => !current.includes(edge))];
  }
}

/** A google resource the stack's APIs do not cover: synth stops, naming the resource and what is missing. */
function apiProblem(node: IConstruct, code: string, type: string, accepted: string): BlueprintValidationError {
  return new BlueprintValidationError([{ code, constructPath: node.node.path, prop: "terraformResourceType", value: JSON.stringify(type), accepted }]);
}

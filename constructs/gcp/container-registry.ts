import { ArtifactRegistryRepository } from "@cdktf/provider-google/lib/artifact-registry-repository";
import { ArtifactRegistryRepositoryIamMember } from "@cdktf/provider-google/lib/artifact-registry-repository-iam-member";
import { DataGoogleProject } from "@cdktf/provider-google/lib/data-google-project";
import { KmsCryptoKeyIamMember } from "@cdktf/provider-google/lib/kms-crypto-key-iam-member";
import { Construct } from "constructs";
import { GCP_REGISTRY_MEMBER } from "../shared/limits/registry";
import { gcpServiceAccountMember, stableSuffix } from "../shared/naming";
import { PropagationDelay } from "../shared/propagation-delay";
import { PropValidator } from "../shared/validation-error";
import { CMEK_ENCRYPTER_DECRYPTER } from "./bucket-baseline";
import { IKmsKey } from "./kms-key";
import { GCP_ARTIFACT_REPOSITORY_ID } from "../shared/limits/gcp";

const SECONDS_PER_DAY = 86_400;

/** Pull only (cloud.google.com/artifact-registry/docs/access-control#roles). */
export const ARTIFACT_REGISTRY_READER_ROLE = "roles/artifactregistry.reader";
/** Pull and push, no delete and no tag change beyond creating new ones (same page). */
export const ARTIFACT_REGISTRY_WRITER_ROLE = "roles/artifactregistry.writer";


/** Bounds the blueprint puts on the cleanup policies: at least one version kept, at most a year untagged. */
export const GCP_IMAGE_KEEP_VERSIONS = { min: 1, max: 1000 } as const;
export const GCP_IMAGE_UNTAGGED_EXPIRY_DAYS = { min: 1, max: 365 } as const;

export interface ContainerRegistryProps {
  /** Repository id (`gcpImageRepositoryName`), see `GCP_ARTIFACT_REPOSITORY_ID`. */
  readonly repositoryId: string;
  /** Project that holds the repository; its Artifact Registry service agent is granted use of `kmsKey`. */
  readonly projectId: string;
  /** Region of the repository, e.g. `europe-west1`; must be the key's location. */
  readonly location: string;
  /** Key that encrypts every image layer (CMEK): the environment's `registry` key. Fixed at creation. */
  readonly kmsKey: IKmsKey;
  /**
   * Who may pull (`roles/artifactregistry.reader`), each `serviceAccount:` or `group:` and an email
   * address (`GCP_REGISTRY_MEMBER`).
   * @default [] - nobody beyond project-level roles
   */
  readonly readerMembers?: readonly string[];
  /**
   * Who may push (`roles/artifactregistry.writer`), same form.
   * @default [] - nobody beyond project-level roles
   */
  readonly publisherMembers?: readonly string[];
  /**
   * Versions of each image the cleanup policies always keep, whatever their age or tags.
   * @default 10
   */
  readonly keepVersions?: number;
  /**
   * Days after which an untagged version (a digest nothing names any more) is deleted, unless it
   * is among the `keepVersions` most recent.
   * @default 30
   */
  readonly untaggedExpiryDays?: number;
  /**
   * Refuse any plan that destroys the repository (and every image in it).
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/**
 * Artifact Registry Docker repository for model-serving images: CMEK with the registry key (the
 * Artifact Registry service agent granted exactly that key, and a wait for the grant to
 * propagate before the repository is created), immutable tags, vulnerability scanning left on
 * (INHERITED: the project's Container Scanning API scans each push), cleanup policies that keep
 * the last `keepVersions` versions and delete untagged ones after `untaggedExpiryDays`, applied
 * for real (`cleanup_policy_dry_run = false`). Readers pull, publishers push, on this repository
 * only (additive `_iam_member` grants).
 *
 * Prerequisite on a fresh project: Google creates the Artifact Registry service agent only with
 * the first repository, or on `gcloud beta services identity create
 * --service=artifactregistry.googleapis.com` (cloud.google.com/artifact-registry/docs/ar-service-account);
 * the google provider offers `google_project_service_identity` only in google-beta. Until the agent
 * exists, its key grant below fails; run that command once per project before the first apply.
 *
 * @example
 * const images = new ContainerRegistry(this, "images", {
 *   repositoryId: "acme-ai-prod-images", projectId: "acme-ai-prod", location: "europe-west1", kmsKey: registryKey,
 *   readerMembers: ["serviceAccount:serving@acme-ai-prod.iam.gserviceaccount.com"],
 *   publisherMembers: ["serviceAccount:ci@acme-ai-prod.iam.gserviceaccount.com"],
 * });
 */
export class ContainerRegistry extends Construct {
  /** The repository's `name` attribute, as its IAM resources name it. */
  public readonly repositoryName: string;
  /** `<location>-docker.pkg.dev/<project>/<repository>`: where images are pushed and pulled. */
  public readonly registryUrl: string;
  /** `serviceAccount:` member of the Artifact Registry service agent that encrypts the images. */
  public readonly serviceAgentMember: string;
  public readonly resource: ArtifactRegistryRepository;

  constructor(scope: Construct, id: string, props: ContainerRegistryProps) {
    const readers = props.readerMembers ?? [];
    const publishers = props.publisherMembers ?? [];
    const keepVersions = props.keepVersions ?? 10;
    const untaggedExpiryDays = props.untaggedExpiryDays ?? 30;
    const validator = new PropValidator(scope, id)
      .matches("repositoryId", props.repositoryId, GCP_ARTIFACT_REPOSITORY_ID, "GCP_ARTIFACT_REPOSITORY_ID_INVALID")
      .integerInRange("keepVersions", keepVersions, GCP_IMAGE_KEEP_VERSIONS.min, GCP_IMAGE_KEEP_VERSIONS.max, "GCP_IMAGE_KEEP_VERSIONS_OUT_OF_RANGE")
      .integerInRange("untaggedExpiryDays", untaggedExpiryDays, GCP_IMAGE_UNTAGGED_EXPIRY_DAYS.min, GCP_IMAGE_UNTAGGED_EXPIRY_DAYS.max, "GCP_IMAGE_UNTAGGED_EXPIRY_OUT_OF_RANGE");
    readers.forEach((m, i) => validator.matches(`readerMembers[${i}]`, m, GCP_REGISTRY_MEMBER, "GCP_IMAGE_REGISTRY_MEMBER_INVALID"));
    publishers.forEach((m, i) => validator.matches(`publisherMembers[${i}]`, m, GCP_REGISTRY_MEMBER, "GCP_IMAGE_REGISTRY_MEMBER_INVALID"));
    validator.throwIfInvalid();
    super(scope, id);

    // The agent's address is built from the project number: no GA data source returns it.
    const project = new DataGoogleProject(this, "Project", { projectId: props.projectId });
    this.serviceAgentMember = gcpServiceAccountMember(`service-${project.number}@gcp-sa-artifactregistry.iam.gserviceaccount.com`);
    // Without the grant the repository cannot be created with kms_key_name
    // (cloud.google.com/artifact-registry/docs/cmek, "Creating a key and granting permissions").
    const keyAccess = new KmsCryptoKeyIamMember(this, "ServiceAgentKeyAccess", { cryptoKeyId: props.kmsKey.keyId, role: CMEK_ENCRYPTER_DECRYPTER, member: this.serviceAgentMember });
    const wait = new PropagationDelay(this, "ServiceAgentKeyPropagation", {
      kind: "gcp-iam",
      grants: [keyAccess],
      reason: "the Artifact Registry service agent's grant on the CMEK key, before the repository that encrypts with it",
    });

    this.resource = new ArtifactRegistryRepository(this, "Resource", {
      repositoryId: props.repositoryId,
      project: props.projectId,
      location: props.location,
      format: "DOCKER",
      mode: "STANDARD_REPOSITORY",
      description: "Model-serving images: immutable tags, CMEK, scanned on push",
      kmsKeyName: props.kmsKey.keyId,
      // A movable tag lets whoever can push swap the image a deployment names.
      dockerConfig: { immutableTags: true },
      // INHERITED: scanned on push by the project's Container Scanning API (enabled with the stack);
      // DISABLED is the only other value (google provider 6.50 docs, artifact_registry_repository).
      vulnerabilityScanningConfig: { enablementConfig: "INHERITED" },
      cleanupPolicyDryRun: false,
      cleanupPolicies: [
        // KEEP wins over DELETE (cloud.google.com/artifact-registry/docs/repositories/cleanup-policy):
        // a rollback target is never cleaned away.
        { id: "keep-recent", action: "KEEP", mostRecentVersions: { keepCount: keepVersions } },
        { id: "delete-untagged", action: "DELETE", condition: { tagState: "UNTAGGED", olderThan: `${untaggedExpiryDays * SECONDS_PER_DAY}s` } },
      ],
      labels: { purpose: "model-images" },
      dependsOn: [wait.resource],
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    this.repositoryName = this.resource.name;
    // Docker paths name the repository by its id (cloud.google.com/artifact-registry/docs/docker/names).
    this.registryUrl = `${props.location}-docker.pkg.dev/${props.projectId}/${this.resource.repositoryId}`;

    // Ids carry a hash of the member, not a position: inserting a principal must not replace the
    // others' grants, and a logical id carries no email address.
    const grant = (prefix: string, role: string, member: string): void => {
      new ArtifactRegistryRepositoryIamMember(this, `${prefix}-${stableSuffix(8, member.toLowerCase())}`, { project: props.projectId, location: props.location, repository: this.resource.name, role, member });
    };
    readers.forEach((m) => grant("Reader", ARTIFACT_REGISTRY_READER_ROLE, m));
    publishers.forEach((m) => grant("Writer", ARTIFACT_REGISTRY_WRITER_ROLE, m));
  }
}

import { DataGoogleProject } from "@cdktf/provider-google/lib/data-google-project";
import { DataGoogleStorageProjectServiceAccount } from "@cdktf/provider-google/lib/data-google-storage-project-service-account";
import { KmsCryptoKeyIamMember } from "@cdktf/provider-google/lib/kms-crypto-key-iam-member";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ITerraformDependable, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { gcpServiceAccountMember } from "../shared/naming";
import { PropagationDelay } from "../shared/propagation-delay";
import { CMEK_ENCRYPTER_DECRYPTER, grantStorageAgentKeyAccess } from "./bucket-baseline";
import { IKmsKey } from "./kms-key";

/**
 * The Google service agents that encrypt a CMEK function's data, by their address suffix
 * ("Protect your data with CMEK", cloud.google.com/functions/docs/securing/cmek, "Grant service
 * accounts access to the key": the Cloud Run functions, Artifact Registry, Cloud Storage and Cloud
 * Run service agents). The Cloud Storage agent's grant is the shared one of bucket-baseline.ts.
 */
export const FUNCTION_KEY_AGENTS = {
  functions: "gcf-admin-robot.iam.gserviceaccount.com",
  artifactRegistry: "gcp-sa-artifactregistry.iam.gserviceaccount.com",
  cloudRun: "serverless-robot-prod.iam.gserviceaccount.com",
} as const;

/** What a CMEK function (and its source bucket and image repository) waits for. */
export interface FunctionKeyAccess {
  /** A wait after every agent's key grant: Cloud KMS honours a new member only once it has propagated. */
  readonly ready: ITerraformDependable;
  /** The agents granted, `serviceAccount:` members, the Cloud Storage agent last. */
  readonly members: readonly string[];
}

const granted = new WeakMap<IKmsKey, Map<string, FunctionKeyAccess>>();

/**
 * Lets the service agents of a CMEK Cloud Function use exactly one key (roles/cloudkms.cryptoKeyEncrypterDecrypter
 * on the key, nothing at the project): without them the function's build, its image repository
 * and its instances cannot encrypt or decrypt. Once per key, stack and project, created in
 * `scope` (`FunctionAgentsProject`, `FunctionAgentKeyAccess-<agent>`, `FunctionAgentsKeyPropagation`):
 * two `_iam_member` resources for one key, role and member would share one binding, and
 * destroying either would revoke it for both. Later calls return the same grants.
 */
export function grantFunctionAgentsKeyAccess(scope: Construct, projectId: string, key: IKmsKey): FunctionKeyAccess {
  const byProject = granted.get(key) ?? new Map<string, FunctionKeyAccess>();
  granted.set(key, byProject);
  const slot = `${TerraformStack.of(scope).node.path}/${projectId}`;
  const existing = byProject.get(slot);
  if (existing) return existing;
  // The agents' addresses are built from the project number: no GA data source returns them.
  const project = new DataGoogleProject(scope, "FunctionAgentsProject", { projectId });
  const grants: KmsCryptoKeyIamMember[] = [];
  const members: string[] = [];
  for (const [agent, domain] of Object.entries(FUNCTION_KEY_AGENTS)) {
    const member = gcpServiceAccountMember(`service-${project.number}@${domain}`);
    members.push(member);
    grants.push(new KmsCryptoKeyIamMember(scope, `FunctionAgentKeyAccess-${agent}`, { cryptoKeyId: key.keyId, role: CMEK_ENCRYPTER_DECRYPTER, member }));
  }
  const storage = grantStorageAgentKeyAccess(scope, projectId, key);
  members.push(storage.member);
  const wait = new PropagationDelay(scope, "FunctionAgentsKeyPropagation", {
    kind: "gcp-iam",
    grants: [...grants, storage.grant],
    reason: "the Cloud Functions, Artifact Registry, Cloud Run and Cloud Storage service agents' grants on the functions key, before the function, its source bucket and its image repository",
  });
  const access: FunctionKeyAccess = { ready: wait.resource, members };
  byProject.set(slot, access);
  return access;
}

/** Publishes Cloud Storage notifications to Pub/Sub: what an Eventarc Cloud Storage trigger needs of the Cloud Storage agent. */
export const PUBSUB_PUBLISHER_ROLE = "roles/pubsub.publisher";

const publishing = new WeakMap<TerraformStack, Map<string, ITerraformDependable>>();

/**
 * The one project-level grant a Cloud Storage trigger needs: the project's Cloud Storage service
 * agent publishes the bucket's notifications to the trigger's Pub/Sub transport topic, which
 * Eventarc creates and names at apply, so no narrower scope can be named here ("Create a trigger
 * for Cloud Storage", cloud.google.com/eventarc/docs/run/create-trigger-storage-gcloud, "Before you
 * begin": grant `roles/pubsub.publisher` to the Cloud Storage service agent). Pub/Sub publish
 * only: the agent can read or change no topic or subscription. Once per stack and project, in
 * `scope` as `StorageAgentEvents` (and `StorageAgentForEvents`).
 */
export function grantStorageAgentEventPublishing(scope: Construct, projectId: string): ITerraformDependable {
  const stack = TerraformStack.of(scope);
  const byProject = publishing.get(stack) ?? new Map<string, ITerraformDependable>();
  publishing.set(stack, byProject);
  const existing = byProject.get(projectId);
  if (existing) return existing;
  const agent = new DataGoogleStorageProjectServiceAccount(scope, "StorageAgentForEvents", { project: projectId });
  const grant = new ProjectIamMember(scope, "StorageAgentEvents", { project: projectId, role: PUBSUB_PUBLISHER_ROLE, member: gcpServiceAccountMember(agent.emailAddress) });
  byProject.set(projectId, grant);
  return grant;
}

import { DataGoogleStorageProjectServiceAccount } from "@cdktf/provider-google/lib/data-google-storage-project-service-account";
import { KmsCryptoKeyIamMember } from "@cdktf/provider-google/lib/kms-crypto-key-iam-member";
import { ITerraformDependable, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { gcpServiceAccountMember } from "../shared/naming";
import { PropagationDelay } from "../shared/propagation-delay";
import { IKmsKey } from "./kms-key";

// The GCS baseline every bucket of the blueprint shares, and the CMEK grant each bucket needs.

/** Role the Cloud Storage service agent needs to read and write CMEK-encrypted objects. */
export const CMEK_ENCRYPTER_DECRYPTER = "roles/cloudkms.cryptoKeyEncrypterDecrypter";
/**
 * The one role a log bucket grants writers (`grantObjectCreate`): create objects, nothing else,
 * so a writer can neither read, overwrite nor delete what is already there.
 */
export const OBJECT_CREATOR_ROLE = "roles/storage.objectCreator";

export interface StorageAgentKeyAccess {
  /** The IAM grant itself. */
  readonly grant: KmsCryptoKeyIamMember;
  /**
   * What a CMEK bucket depends on: a wait after the grant, because Cloud KMS honours a new IAM
   * member only once it has propagated, and a bucket created at once fails its first write.
   */
  readonly ready: ITerraformDependable;
  /** The service agent as an IAM member (`serviceAccount:...`). */
  readonly member: string;
}

/**
 * One grant per key, stack and project: two `google_kms_crypto_key_iam_member` resources for the same
 * key, role and member would share one binding, and destroying either would revoke it for both.
 */
const granted = new WeakMap<IKmsKey, Map<string, StorageAgentKeyAccess>>();

/**
 * Lets the project's Cloud Storage service agent use exactly one key. A CMEK bucket cannot
 * store a single object without it, so buckets depend on the returned `ready`. Children are
 * created in `scope` as `StorageAgent`, `StorageAgentKeyAccess` and `StorageAgentKeyPropagation`,
 * the first time a key is granted in a project; later calls return the same grant.
 */
export function grantStorageAgentKeyAccess(scope: Construct, projectId: string, key: IKmsKey): StorageAgentKeyAccess {
  const byProject = granted.get(key) ?? new Map<string, StorageAgentKeyAccess>();
  granted.set(key, byProject);
  // Per stack too: a grant reused from another stack would become a cross-stack reference.
  const slot = `${TerraformStack.of(scope).node.path}/${projectId}`;
  const existing = byProject.get(slot);
  if (existing) {
    return existing;
  }
  const agent = new DataGoogleStorageProjectServiceAccount(scope, "StorageAgent", { project: projectId });
  const member = gcpServiceAccountMember(agent.emailAddress);
  const grant = new KmsCryptoKeyIamMember(scope, "StorageAgentKeyAccess", { cryptoKeyId: key.keyId, role: CMEK_ENCRYPTER_DECRYPTER, member });
  const wait = new PropagationDelay(scope, "StorageAgentKeyPropagation", {
    kind: "gcp-iam",
    grants: [grant],
    reason: "the Cloud Storage service agent's grant on the CMEK key, before the bucket that encrypts with it",
  });
  const access: StorageAgentKeyAccess = { grant, ready: wait.resource, member };
  byProject.set(slot, access);
  return access;
}

/**
 * Settings every bucket of the blueprint shares: IAM only (uniform bucket-level access, so no
 * object ACL can grant access), public access prevention enforced, never force-destroyed (a
 * destroy plan must not take the objects with it), and the Standard class objects start in.
 */
export const GCS_BUCKET_BASELINE = {
  storageClass: "STANDARD",
  uniformBucketLevelAccess: true,
  publicAccessPrevention: "enforced",
  forceDestroy: false,
} as const;

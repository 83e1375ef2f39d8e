import { DataGoogleStorageProjectServiceAccount } from "@cdktf/provider-google/lib/data-google-storage-project-service-account";
import { KmsCryptoKeyIamMember } from "@cdktf/provider-google/lib/kms-crypto-key-iam-member";
import { Construct } from "constructs";
import { IKmsKey } from "./kms-key";

// The GCS baseline every bucket of the blueprint shares, and the CMEK grant each bucket needs.

/** Role the Cloud Storage service agent needs to read and write CMEK-encrypted objects. */
export const CMEK_ENCRYPTER_DECRYPTER = "roles/cloudkms.cryptoKeyEncrypterDecrypter";

/**
 * Lets the project's Cloud Storage service agent use exactly one key. A CMEK bucket cannot
 * store a single object without it, so buckets depend on the returned grant. Children are
 * created in `scope` as `StorageAgent` and `StorageAgentKeyAccess`.
 */
export function grantStorageAgentKeyAccess(scope: Construct, projectId: string, key: IKmsKey): StorageAgentKeyAccess {
  const agent = new DataGoogleStorageProjectServiceAccount(scope, "StorageAgent", { project: projectId });
  const member = `serviceAccount:${agent.emailAddress}`;
  const grant = new KmsCryptoKeyIamMember(scope, "StorageAgentKeyAccess", { cryptoKeyId: key.keyId, role: CMEK_ENCRYPTER_DECRYPTER, member });
  return { grant, member };
}

export interface StorageAgentKeyAccess {
  /** The IAM grant buckets must depend on. */
  readonly grant: KmsCryptoKeyIamMember;
  /** The service agent as an IAM member (`serviceAccount:...`). */
  readonly member: string;
}

/** GCS bucket names: 3-63 lowercase letters, digits, `-`, `_` and `.`; never starting with `goog`. */
export const GCS_BUCKET_NAME = /^(?!goog)[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/;
export const GCS_BUCKET_NAME_ACCEPTED = "3-63 lowercase letters, digits, -, _ and ., not starting with goog";

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

import { Checker } from "./check";
import { awsBucketsUseCustomerManagedKeys, azureStorageUsesCustomerManagedKeys, gcpBucketsUseCustomerManagedKeys } from "./cmk-encryption";
import { awsKeysRotate, azureKeysRotate, gcpKeysRotate } from "./key-rotation";
import { awsKeyAdminsCannotUseKeys, azureRolesAreLeastPrivilege, gcpRolesAreLeastPrivilege } from "./least-privilege";
import { awsBucketsBlockPublicAccess, azureStorageBlocksPublicAccess, gcpBucketsBlockPublicAccess } from "./public-access";
import { awsBucketsAreTlsOnly, azureStorageIsTlsOnly } from "./tls-only";
import { awsLogBucketsAreWriteOnce, azureLogStorageIsWriteOnce, gcpLogBucketsAreWriteOnce } from "./write-once";

/** Every checker by name, for tests that run all of them over whole stacks. */
export const CHECKERS: Readonly<Record<string, Checker>> = {
  awsBucketsAreTlsOnly,
  azureStorageIsTlsOnly,
  awsLogBucketsAreWriteOnce,
  gcpLogBucketsAreWriteOnce,
  azureLogStorageIsWriteOnce,
  awsBucketsUseCustomerManagedKeys,
  gcpBucketsUseCustomerManagedKeys,
  azureStorageUsesCustomerManagedKeys,
  awsBucketsBlockPublicAccess,
  gcpBucketsBlockPublicAccess,
  azureStorageBlocksPublicAccess,
  awsKeysRotate,
  gcpKeysRotate,
  azureKeysRotate,
  awsKeyAdminsCannotUseKeys,
  azureRolesAreLeastPrivilege,
  gcpRolesAreLeastPrivilege,
};

import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { Construct } from "constructs";

/** Name of every lock the blueprint puts on evidence; lock names are unique per scope. */
export const CANNOT_DELETE_LOCK_NAME = "blueprint-evidence-cannot-delete";

/**
 * A `CanNotDelete` management lock on `resourceId`, created in `scope` as `DeleteLock`. Azure
 * Resource Manager refuses to delete the resource (and, for a storage account, its blob
 * containers) until the lock is removed, which needs `Microsoft.Authorization/locks/delete`
 * (Owner, User Access Administrator) and is recorded in the Activity Log. Locks do not apply to
 * data-plane calls: blobs and keys are protected by immutability, soft delete and purge
 * protection, not by the lock (learn.microsoft.com/azure/azure-resource-manager/management/lock-resources).
 * `kind` opens the lock's note: what the resource is to whoever meets the lock.
 */
export function cannotDeleteLock(scope: Construct, resourceId: string, what: string, kind = "Audit evidence"): ManagementLock {
  return new ManagementLock(scope, "DeleteLock", {
    name: CANNOT_DELETE_LOCK_NAME,
    scope: resourceId,
    lockLevel: "CanNotDelete",
    notes: `${kind} (${what}): remove only through the documented break-glass procedure.`,
  });
}

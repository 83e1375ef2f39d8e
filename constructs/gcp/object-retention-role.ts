import { GCP_CUSTOM_ROLE_ID } from "../shared/limits/gcp";
import { ProjectIamCustomRole } from "@cdktf/provider-google/lib/project-iam-custom-role";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { PropValidator } from "../shared/validation-error";

/**
 * What locking an object with a retention configuration takes, and nothing that could delete,
 * overwrite or unlock one: `storage.objects.setRetention` and `storage.objects.update` set the
 * configuration (on a rewrite's new object, or by a patch of an existing one), `storage.objects.get`
 * reads it back ("Enable and use object retention configurations",
 * cloud.google.com/storage/docs/using-object-lock, "Required permissions"). Left out:
 * `storage.objects.overrideUnlockedRetention` (shortening or removing retention) and
 * `storage.objects.delete`. No predefined role has setRetention without delete (the page names
 * roles/storage.admin), hence a custom role.
 */
export const OBJECT_RETENTION_PERMISSIONS = ["storage.objects.get", "storage.objects.setRetention", "storage.objects.update"] as const;


export interface ObjectRetentionRoleProps {
  /** Project the role is defined in (the registry buckets' project). */
  readonly projectId: string;
  /** The role id, e.g. `promotionGateApprovedRetention` (`GCP_GATE_RETENTION_ROLE_ID`). */
  readonly roleId: string;
}

/** A role other constructs bind on a bucket, conditioned on a prefix. */
export interface IBucketRole {
  /** `projects/<project>/roles/<id>`, as IAM bindings name it. */
  readonly roleName: string;
  /** What a binding of the role depends on: the role exists once this is created. */
  readonly dependable: ITerraformDependable;
}

/**
 * The project's custom role that lets its holder lock objects with a retention configuration
 * (OBJECT_RETENTION_PERMISSIONS) and do nothing else. A definition, not a grant: it reaches
 * nothing until a bucket-level binding, conditioned on an object prefix, names it
 * (ModelRegistry.grantGate on `approved/`).
 *
 * `roleName` is the role's name as IAM composes it (`projects/<project>/roles/<id>`, IAM
 * "Custom roles": the resource name of a project-level custom role) rather than the resource's
 * `name` attribute: the policy engine then reads the role of every binding at synth, and the
 * bindings depend on `dependable` so the role exists first.
 */
export class ObjectRetentionRole extends Construct implements IBucketRole {
  public readonly roleName: string;
  public readonly dependable: ITerraformDependable;

  constructor(scope: Construct, id: string, props: ObjectRetentionRoleProps) {
    new PropValidator(scope, id)
      .matches("roleId", props.roleId, GCP_CUSTOM_ROLE_ID, "GCP_CUSTOM_ROLE_ID_INVALID")
      .throwIfInvalid();
    super(scope, id);
    const role = new ProjectIamCustomRole(this, "Resource", {
      project: props.projectId,
      roleId: props.roleId,
      title: "Lock objects with retention",
      description: "Set a retention configuration on objects and read it back; no delete, overwrite or unlock",
      permissions: [...OBJECT_RETENTION_PERMISSIONS],
      stage: "GA",
    });
    this.roleName = `projects/${props.projectId}/roles/${props.roleId}`;
    this.dependable = role;
  }
}

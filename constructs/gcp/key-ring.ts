import { KmsKeyRing } from "@cdktf/provider-google/lib/kms-key-ring";
import { KmsKeyRingIamBinding } from "@cdktf/provider-google/lib/kms-key-ring-iam-binding";
import { StaticResource } from "@cdktf/provider-time/lib/static-resource";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { GCP_KEY_ADMIN_MEMBER, gcpKeyRingNameRule } from "../shared/limits/gcp";
import { GCP_REBUILD_SUFFIX_LENGTH, gcpRebuildableKeyRingName } from "../shared/naming";
import { ensureTimeProvider } from "../shared/propagation-delay";
import { PropValidator } from "../shared/validation-error";

/** A Cloud KMS key ring the environment's keys live in. */
export interface IKeyRing {
  /** The ring's `id` attribute, `projects/<p>/locations/<l>/keyRings/<name>`; keys name their ring by it. */
  readonly keyRingId: string;
  /** Region of the ring, e.g. `europe-west1`; its keys and the data they protect share it. */
  readonly location: string;
}

/**
 * Key administration without key use: create, rotate, disable, destroy and restore versions,
 * change key IAM; not `useToEncrypt`/`useToDecrypt` (cloud.google.com/iam/docs/roles-permissions/cloudkms).
 * `setIamPolicy` lets an administrator grant themselves use, which Cloud Audit Logs records as an
 * admin activity, always on.
 */
export const KMS_ADMIN_ROLE = "roles/cloudkms.admin";

export interface KeyRingProps {
  /** Key ring name, 1-63 of letters, digits, `_` and `-` (1-52 when `rebuildable`); see `gcpKeyRingName`. */
  readonly name: string;
  /** Project that owns the ring. */
  readonly projectId: string;
  /** Region of the ring, e.g. `europe-west1`; keys and the data they protect must share it. */
  readonly location: string;
  /**
   * Refuse any plan that would destroy the ring.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * Append the creation time of a `time_static` (by reference, so synth output stays the same)
   * to the name, so that an apply after a destroy creates a fresh ring instead of failing with
   * 409: GCP never deletes rings or keys, a destroyed ring's name stays taken forever. For
   * environments that are torn down and rebuilt; the destroy removes the `time_static` too.
   * @default false - the ring keeps the fixed `name`
   */
  readonly rebuildable?: boolean;
  /**
   * Members granted `roles/cloudkms.admin` on the ring, authoritatively (a member added outside
   * Terraform shows as drift), each `user:`, `group:` or `serviceAccount:` and an email address
   * (`GCP_KEY_ADMIN_MEMBER`). Key use is granted per key to service identities only.
   * @default [] - no ring-level binding; administration stays with project-level roles
   */
  readonly adminMembers?: readonly string[];
}

/**
 * Cloud KMS key ring. GCP never deletes key rings: a destroyed ring only leaves Terraform state,
 * and its name stays taken, which `prevent_destroy` makes explicit.
 */
export class KeyRing extends Construct implements IKeyRing {
  /** The ring's `id` attribute. */
  public readonly keyRingId: string;
  /** The ring's `name` attribute (carries the creation time when `rebuildable`). */
  public readonly keyRingName: string;
  public readonly location: string;

  constructor(scope: Construct, id: string, props: KeyRingProps) {
    const rebuildable = props.rebuildable ?? false;
    const admins = props.adminMembers ?? [];
    const validator = new PropValidator(scope, id).matches("name", props.name, gcpKeyRingNameRule(rebuildable ? GCP_REBUILD_SUFFIX_LENGTH : 0), "GCP_KMS_KEY_RING_NAME_INVALID");
    admins.forEach((member, i) => validator.matches(`adminMembers[${i}]`, member, GCP_KEY_ADMIN_MEMBER, "GCP_KMS_ADMIN_MEMBER_INVALID"));
    validator.throwIfInvalid();
    super(scope, id);

    let name = props.name;
    if (rebuildable) {
      ensureTimeProvider(this);
      const created = new StaticResource(this, "Created", {});
      name = gcpRebuildableKeyRingName(props.name, Token.asString(created.unix));
    }
    const ring = new KmsKeyRing(this, "Resource", {
      name,
      project: props.projectId,
      location: props.location,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    if (admins.length > 0) {
      new KmsKeyRingIamBinding(this, "Admins", { keyRingId: ring.id, role: KMS_ADMIN_ROLE, members: [...admins] });
    }
    this.keyRingId = ring.id;
    this.keyRingName = ring.name;
    this.location = props.location;
  }
}

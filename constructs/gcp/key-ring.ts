import { KmsKeyRing } from "@cdktf/provider-google/lib/kms-key-ring";
import { Construct } from "constructs";
import { PropValidator } from "../shared/validation-error";

/** A Cloud KMS key ring the environment's keys live in. */
export interface IKeyRing {
  readonly keyRingId: string;
  readonly location: string;
}

export interface KeyRingProps {
  /** Key ring name, 1-63 of letters, digits, `_` and `-`. */
  readonly name: string;
  /** Project that owns the ring. */
  readonly projectId: string;
  /** Region of the ring; keys and the data they protect must share it. */
  readonly location: string;
  /** Refuse any plan that would destroy the ring. @default true */
  readonly preventDestroy?: boolean;
}

/**
 * Cloud KMS key ring. GCP never deletes key rings: a destroyed ring only leaves Terraform state,
 * and its name stays taken, which `prevent_destroy` makes explicit.
 */
export class KeyRing extends Construct implements IKeyRing {
  public readonly keyRingId: string;
  public readonly location: string;

  constructor(scope: Construct, id: string, props: KeyRingProps) {
    new PropValidator(scope, id)
      .require(/^[a-zA-Z0-9_-]{1,63}$/.test(props.name), "KMS_KEY_RING_NAME_INVALID", "name", props.name, "1-63 of letters, digits, _ and -")
      .throwIfInvalid();
    super(scope, id);
    const ring = new KmsKeyRing(this, "Resource", {
      name: props.name,
      project: props.projectId,
      location: props.location,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    this.keyRingId = ring.id;
    this.location = props.location;
  }
}

import { Sleep } from "@cdktf/provider-time/lib/sleep";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { ITerraformDependable, TerraformStack } from "cdktf";
import { Construct } from "constructs";

/**
 * How long a grant needs before the resource that relies on it may be created. IAM on every
 * cloud is eventually consistent: the API that creates a grant answers before the services that
 * enforce it have seen it, so a resource created straight after its grant fails on the first
 * apply and succeeds on the second. A `time_sleep` between the two is the fix Terraform offers;
 * it waits on create only (and when the grant is replaced), never on a plan or an unchanged apply.
 *
 * The durations cover the typical case the clouds document, not their worst case: an apply that
 * still meets a not-yet-effective grant fails cleanly and succeeds when run again.
 */
export const PROPAGATION_DELAYS = {
  /**
   * GCP IAM allow-policy changes "typically propagate in 2 minutes, but could potentially take 7
   * minutes or longer" (cloud.google.com/iam/docs/access-change-propagation).
   */
  "gcp-iam": { createDuration: "120s", source: "https://cloud.google.com/iam/docs/access-change-propagation" },
  /**
   * Azure RBAC role assignments reach Azure Resource Manager and the Key Vault and Storage data
   * planes with a delay of minutes ("it can sometimes take up to 30 minutes", learn.microsoft.com
   * azure/role-based-access-control/troubleshooting); Key Vault data-plane calls made at once are
   * refused with 403 ForbiddenByRbac.
   */
  "azure-rbac": { createDuration: "120s", source: "https://learn.microsoft.com/azure/role-based-access-control/troubleshooting" },
} as const;

export type PropagationKind = keyof typeof PROPAGATION_DELAYS;

/** Logical id of the time provider every stack that waits shares. */
const TIME_PROVIDER_ID = "time";

export interface PropagationDelayProps {
  /** What kind of grant is waited for; selects the duration. */
  readonly kind: PropagationKind;
  /** The grants (role assignments, IAM members) the consumer relies on. */
  readonly grants: readonly ITerraformDependable[];
  /** Why the wait exists, for the reader of the plan: which consumer needs which grant. */
  readonly reason: string;
}

/**
 * A `time_sleep` that starts after the given grants are created; consumers list it in
 * `dependsOn` instead of the grants themselves. Adds the `hashicorp/time` provider to the stack
 * once, the first time a stack needs it.
 *
 * @example
 * const wait = new PropagationDelay(this, "KeyAccessPropagation", {
 *   kind: "gcp-iam", grants: [keyAccess], reason: "the storage agent's key grant, before the CMEK bucket",
 * });
 * new StorageBucket(this, "Resource", { ..., dependsOn: [wait.resource] });
 */
export class PropagationDelay extends Construct {
  public readonly resource: Sleep;
  public readonly createDuration: string;
  /** Which consumer waits for which grant (shown in docs and the audit report). */
  public readonly reason: string;

  constructor(scope: Construct, id: string, props: PropagationDelayProps) {
    super(scope, id);
    ensureTimeProvider(this);
    this.createDuration = PROPAGATION_DELAYS[props.kind].createDuration;
    this.resource = new Sleep(this, "Resource", {
      createDuration: this.createDuration,
      dependsOn: [...props.grants],
    });
    this.reason = props.reason;
  }
}

/** The stack's `hashicorp/time` provider, created on first use. */
export function ensureTimeProvider(scope: Construct): TimeProvider {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(TIME_PROVIDER_ID);
  if (existing instanceof TimeProvider) {
    return existing;
  }
  return new TimeProvider(stack, TIME_PROVIDER_ID, {});
}

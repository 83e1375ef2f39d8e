import { CeCostAllocationTag } from "@cdktf/provider-aws/lib/ce-cost-allocation-tag";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { AWS_TAG_KEY } from "../shared/limits/aws";
import { PropValidator } from "../shared/validation-error";

export interface CostAllocationTagsProps {
  /**
   * User tag keys to activate, e.g. the five standard keys (`TAG_KEYS`). Each key appears once;
   * it is also the child id of its resource, so reordering the list replaces nothing.
   */
  readonly tagKeys: readonly string[];
}

/**
 * Activates user tag keys as AWS cost allocation tags, so Cost Explorer, the Cost and Usage
 * Report and tag-filtered budgets (`Budget.costFilterTags`) can group and filter cost by them.
 * Without activation a tag-filtered budget silently counts nothing.
 *
 * Activation is account-level, not per environment: in an AWS Organization only the management
 * (payer) account can activate tags, and its activation covers every member account. Create this
 * construct once, in a stack deployed with management-account credentials; in a member account
 * the apply fails with an access error. It affects cost data from activation on (up to 24 hours
 * to take effect); a backfill of earlier months is a separate request in the Billing console.
 *
 * AWS only lists a tag key for activation after it has appeared on a resource in billing data,
 * which can take up to 24 hours after the first tagged resource is created. Until then the apply
 * fails: Cost Explorer rejects the key as unknown. Deploy the environment stacks first (their
 * resources carry the keys through the provider's default tags), wait until the keys show under
 * Billing and Cost Management → Cost allocation tags, then apply this construct again; re-running
 * the apply is safe.
 *
 * @example
 * new CostAllocationTags(this, "cost-allocation-tags", { tagKeys: [...TAG_KEYS] });
 */
export class CostAllocationTags extends Construct {
  /** The activated keys, in the order given. */
  public readonly tagKeys: readonly string[];
  /** One resource per key, keyed by tag key. */
  public readonly resources: Readonly<Record<string, CeCostAllocationTag>>;

  constructor(scope: Construct, id: string, props: CostAllocationTagsProps) {
    const validator = new PropValidator(scope, id);
    validator.require(props.tagKeys.length >= 1, "AWS_COST_ALLOCATION_TAGS_EMPTY", "tagKeys", props.tagKeys.length, "at least one tag key");
    const seen = new Set<string>();
    props.tagKeys.forEach((key, i) => {
      if (Token.isUnresolved(key)) {
        validator.require(false, "AWS_COST_ALLOCATION_TAG_KEY_UNRESOLVED", `tagKeys[${i}]`, key, "a literal tag key (it is the child id of its resource)");
        return;
      }
      // Unresolved keys were refused above, so `matches` checks every key that reaches it.
      validator.matches(`tagKeys[${i}]`, key, AWS_TAG_KEY, "AWS_COST_ALLOCATION_TAG_KEY_INVALID");
      validator.require(!seen.has(key), "AWS_COST_ALLOCATION_TAG_KEY_DUPLICATE", `tagKeys[${i}]`, key, "each key once");
      seen.add(key);
    });
    validator.throwIfInvalid();
    super(scope, id);

    const resources: Record<string, CeCostAllocationTag> = {};
    for (const tagKey of props.tagKeys) {
      resources[tagKey] = new CeCostAllocationTag(this, tagKey, { tagKey, status: "Active" });
    }
    this.tagKeys = [...props.tagKeys];
    this.resources = resources;
  }
}

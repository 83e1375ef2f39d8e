import type {
  StorageManagementPolicyRule,
  StorageManagementPolicyRuleActionsBaseBlob,
} from "@cdktf/provider-azurerm/lib/storage-management-policy";
import { AZURE_MAX_PREFIX_MATCHES, AZURE_RULE_NAME } from "../shared/limits/azure";
import { satisfies } from "../shared/limits/text-rule";
import { azureLifecycleRuleNames } from "../shared/naming";
import { RetentionTier, TierClass } from "../shared/retention-tier";
import { classSchedule } from "../shared/retention-schedule";
import { BlueprintValidationError, ValidationProblem } from "../shared/validation-error";

/** `tierTo<Tier>AfterDaysSinceCreationGreaterThan`, taken from the provider so a rename fails to compile. */
type TierAction = Extract<keyof StorageManagementPolicyRuleActionsBaseBlob, `tierTo${string}AfterDaysSinceCreationGreaterThan`>;

/** The base-blob action that moves a blob into each class, counted from its creation. */
const TIER_ACTION: Readonly<Record<Exclude<TierClass, "hot">, TierAction>> = {
  warm: "tierToCoolAfterDaysSinceCreationGreaterThan",
  cold: "tierToColdAfterDaysSinceCreationGreaterThan",
  archive: "tierToArchiveAfterDaysSinceCreationGreaterThan",
};

/**
 * Azure lifecycle management rules for `tier`, for a `StorageManagementPolicy`, limited to blobs
 * whose names start with one of `prefixMatch` (each `<container>/` or `<container>/<path>`; at
 * most 10; empty means the whole account). Expects a tier for which
 * `validateRetentionTier(tier, ["azure"])` found no problem; throws a BlueprintValidationError when a rule name
 * or the prefixes would be refused by Azure.
 *
 * Day N of the tier is rendered as `...GreaterThan: N`. Azure evaluates the policy about once a
 * day and acts on blobs older than N days, that is during day N counted from creation (day 0), as
 * S3 and GCS do; should a run come late, every action shifts by the same delay, so the days a
 * blob spends in each class, and deletion no earlier than the immutability period, still hold.
 *
 * - `retention-<tier>` (block blobs): Cool, Cold and Archive on the tier's days, then delete.
 * - `retention-<tier>-append` (append blobs): delete only. Azure lifecycle management cannot
 *   change the tier of an append blob, and diagnostic settings write append blobs, so those logs
 *   stay in Hot until they expire; the cost estimate for the tier's colder classes does not apply
 *   to them.
 *
 * @example
 * new StorageManagementPolicy(this, "Lifecycle", { storageAccountId, rule: azureManagementPolicyRules(tier, ["insights-logs-auditevent/"]) });
 */
export function azureManagementPolicyRules(tier: RetentionTier, prefixMatch: readonly string[]): StorageManagementPolicyRule[] {
  const { blockBlobs: blockName, appendBlobs: appendName } = azureLifecycleRuleNames(tier.name);
  assertValidRuleInputs(tier.name, [blockName, appendName], prefixMatch);
  const baseBlob: { [K in TierAction]?: number } = {};
  for (const period of classSchedule(tier)) {
    if (period.cls !== "hot") baseBlob[TIER_ACTION[period.cls]] = period.fromDay;
  }
  const deletion = { deleteAfterDaysSinceCreationGreaterThan: tier.expireAfterDays };
  return [
    {
      name: blockName,
      enabled: true,
      filters: { blobTypes: ["blockBlob"], prefixMatch: [...prefixMatch] },
      actions: { baseBlob: { ...baseBlob, ...deletion } },
    },
    {
      name: appendName,
      enabled: true,
      filters: { blobTypes: ["appendBlob"], prefixMatch: [...prefixMatch] },
      actions: { baseBlob: deletion },
    },
  ];
}

/** Fails at synth what Azure would only refuse at apply. */
function assertValidRuleInputs(tierName: string, ruleNames: readonly string[], prefixMatch: readonly string[]): void {
  const problems: ValidationProblem[] = [];
  const constructPath = `retention-tier/${tierName} (azure)`;
  for (const name of ruleNames) {
    if (!satisfies(AZURE_RULE_NAME, name)) {
      problems.push({
        code: "AZURE_LIFECYCLE_RULE_NAME_INVALID",
        constructPath,
        prop: "name",
        value: JSON.stringify(name),
        accepted: AZURE_RULE_NAME.accepted,
      });
    }
  }
  if (prefixMatch.length > AZURE_MAX_PREFIX_MATCHES || prefixMatch.some((p) => p.length === 0 || p.startsWith("/"))) {
    problems.push({
      code: "AZURE_PREFIX_MATCH_INVALID",
      constructPath,
      prop: "prefixMatch",
      value: JSON.stringify(prefixMatch),
      accepted: `at most ${AZURE_MAX_PREFIX_MATCHES} prefixes, each starting with a container name`,
    });
  }
  if (problems.length > 0) {
    throw new BlueprintValidationError(problems);
  }
}

/** AWS's tier rules: S3 lifecycle transitions and the S3 Object Lock limit. */

import { S3_DAYS_IN_STANDARD_IA_BEFORE_GLACIER, S3_OBJECT_LOCK_MAX_DAYS, S3_STANDARD_IA_MIN_TRANSITION_DAY } from "./limits/aws";
import type { CloudRule, TierProblems, WellFormedDays, RetentionTier } from "./retention-tier";
import { TRANSITIONS } from "./retention-schedule";
import { STORAGE_CLASSES } from "./storage-classes";

/** S3's transition rules (S3 rejects the whole lifecycle configuration otherwise) and Object Lock's limit. */
function checkS3Transitions(_tier: RetentionTier, days: WellFormedDays, problems: TierProblems): void {
  const immutability = days.immutabilityDays;
  if (immutability !== undefined && immutability > S3_OBJECT_LOCK_MAX_DAYS) {
    problems.add("aws", "AWS_S3_OBJECT_LOCK_OUT_OF_RANGE", "immutabilityDays", immutability, `1 to ${S3_OBJECT_LOCK_MAX_DAYS} days: the longest S3 Object Lock default retention`);
  }
  const warm = days.warmAfterDays;
  if (warm === undefined) return;
  const ia = STORAGE_CLASSES.aws.warm.name;
  if (warm < S3_STANDARD_IA_MIN_TRANSITION_DAY) {
    problems.add("aws", "AWS_S3_STANDARD_IA_TOO_EARLY", "warmAfterDays", warm, `${S3_STANDARD_IA_MIN_TRANSITION_DAY} or later: S3 refuses a transition to ${ia} before day ${S3_STANDARD_IA_MIN_TRANSITION_DAY}`);
  }
  const earliest = warm + S3_DAYS_IN_STANDARD_IA_BEFORE_GLACIER;
  for (const { cls, prop } of TRANSITIONS.slice(1)) {
    const day = days[prop];
    if (day !== undefined && day < earliest) {
      problems.add(
        "aws",
        "AWS_S3_GLACIER_TOO_SOON_AFTER_STANDARD_IA",
        prop,
        day,
        `${earliest} or later: S3 wants the ${STORAGE_CLASSES.aws[cls].name} transition at least ${S3_DAYS_IN_STANDARD_IA_BEFORE_GLACIER} days after the ${ia} one (warmAfterDays = ${warm})`,
      );
    }
  }
}

/** What the AWS APIs refuse beyond the cloud-neutral rules. */
export const awsTierRule: CloudRule = checkS3Transitions;

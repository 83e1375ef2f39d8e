/** GCP's tier rule: the GCS retention policy limit. */

import { GCS_MAX_RETENTION_DAYS } from "./limits/gcp";
import type { CloudRule, TierProblems, WellFormedDays, RetentionTier } from "./retention-tier";

/** GCS refuses a retention period beyond 100 years. */
function checkGcsRetention(_tier: RetentionTier, days: WellFormedDays, problems: TierProblems): void {
  const immutability = days.immutabilityDays;
  if (immutability !== undefined && immutability > GCS_MAX_RETENTION_DAYS) {
    problems.add("gcp", "GCP_GCS_RETENTION_OUT_OF_RANGE", "immutabilityDays", immutability, `1 to ${GCS_MAX_RETENTION_DAYS} days: GCS refuses a retention period beyond 100 years`);
  }
}

/** What the GCP APIs refuse beyond the cloud-neutral rules. */
export const gcpTierRule: CloudRule = checkGcsRetention;

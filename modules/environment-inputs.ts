import { BudgetAlert } from "../constructs/shared/budget-alerts";
import { ProtectionSettings } from "../constructs/shared/protection";
import { RetentionTier } from "../constructs/shared/retention-tier";

/** What every cloud's supply-chain module needs to know about its environment. */
export interface EnvironmentInputs {
  readonly organization: string;
  readonly environment: string;
  readonly keyRotationDays: number;
  readonly protection: ProtectionSettings;
  readonly logs: {
    readonly retentionTier: RetentionTier;
    /** Lock GCS retention and Azure immutability policies (irreversible). */
    readonly lockRetention: boolean;
    /** S3 Object Lock mode: COMPLIANCE is the irreversible lock, GOVERNANCE the bypassable one. */
    readonly objectLockMode: "COMPLIANCE" | "GOVERNANCE";
  };
  /** @default - no budget */
  readonly budget?: {
    readonly monthlyLimitUsd: number;
    readonly recipients: readonly string[];
    readonly alerts?: readonly BudgetAlert[];
    readonly startMonth?: string;
  };
}

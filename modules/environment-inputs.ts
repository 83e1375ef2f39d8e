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
    /**
     * Lock the write-once retention of log storage (irreversible): S3 Object Lock COMPLIANCE
     * mode (false: GOVERNANCE), a locked GCS retention policy, locked Azure immutability policies.
     */
    readonly lockRetention: boolean;
  };
  /** @default - no budget */
  readonly budget?: {
    readonly monthlyLimitUsd: number;
    readonly recipients: readonly string[];
    readonly alerts?: readonly BudgetAlert[];
    readonly startMonth?: string;
  };
}

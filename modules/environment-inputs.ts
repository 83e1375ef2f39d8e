import { BudgetAlert } from "../constructs/shared/budget-alerts";
import { ProtectionSettings } from "../constructs/shared/protection";
import { RetentionTier } from "../constructs/shared/retention-tier";

/** What every cloud's supply-chain module needs to know about its environment. */
export interface EnvironmentInputs {
  /** Organisation slug (organization.name), the first part of every resource name. */
  readonly organization: string;
  /** Environment name, e.g. `prod`: 2-10 lowercase letters and digits. */
  readonly environment: string;
  /** Days between automatic rotations of every key of the environment (90 to 365). */
  readonly keyRotationDays: number;
  /** The environment's protection level, resolved to its settings (constructs/shared/protection.ts). */
  readonly protection: ProtectionSettings;
  /** Audit-log storage: the resolved retention tier and whether its write-once period is locked. */
  readonly logs: {
    readonly retentionTier: RetentionTier;
    /**
     * Lock the write-once retention of log storage (irreversible): S3 Object Lock COMPLIANCE
     * mode (false: GOVERNANCE), a locked GCS retention policy, locked Azure immutability policies.
     */
    readonly lockRetention: boolean;
  };
  /**
   * Monthly budget of the environment's stack, in USD, with its recipients and alerts; Azure
   * also needs `startMonth` (YYYY-MM). @default - no budget
   */
  readonly budget?: {
    readonly monthlyLimitUsd: number;
    readonly recipients: readonly string[];
    readonly alerts?: readonly BudgetAlert[];
    readonly startMonth?: string;
  };
  /** Alert recipients and thresholds. */
  readonly monitoring: MonitoringInputs;
}

/**
 * The environment's alerting (`environments.<env>.monitoring`), the same on every cloud: who
 * receives alerts, and the thresholds that are set rather than learned.
 */
export interface MonitoringInputs {
  /** Email recipients of every alert. @default - none: alerts are raised and reach nobody */
  readonly emails?: readonly string[];
  /** HTTPS endpoint that also receives every alert. @default - none */
  readonly webhookUrl?: string;
  /** Rejections per hour of one registry's gate above which an alert fires. */
  readonly gateRejectionsPerHour: number;
  /** Total impact (USD) at which a cost anomaly alerts. */
  readonly costAnomalyThresholdUsd: number;
}

/** A stack output a module asks for: the stack emits each with its description. */
export interface ModuleOutput {
  /** Output name, kebab-case and unique in the stack, e.g. `registry-fraud-scoring-bucket`. */
  readonly id: string;
  /** The value: a name, an id or a reference to a resource attribute. */
  readonly value: string;
  /** What the value is and who uses it. */
  readonly description: string;
  /** Hide the value in CLI output (never for public keys or names). @default false */
  readonly sensitive?: boolean;
}

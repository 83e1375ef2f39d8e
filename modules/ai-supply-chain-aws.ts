import { Construct } from "constructs";
import { KmsKey } from "../constructs/aws/kms-key";
import { ENVIRONMENT_KEY_PURPOSES, EnvironmentKeyPurpose } from "../constructs/shared/key-purposes";
import { resourceName } from "../constructs/shared/naming";
import { ProtectionSettings } from "../constructs/shared/protection";

export interface AiSupplyChainAwsProps {
  readonly organization: string;
  readonly environment: string;
  readonly accountId: string;
  readonly partition: string;
  /** IAM role that administers the environment's keys. */
  readonly adminRoleArn: string;
  readonly keyRotationDays: number;
  readonly protection: ProtectionSettings;
}

/**
 * The AI supply chain of one AWS environment. Today: one customer-managed key per purpose;
 * log storage, the registry, functions and GitOps are built on these keys.
 */
export class AiSupplyChainAws extends Construct {
  public readonly keys: Readonly<Record<EnvironmentKeyPurpose, KmsKey>>;

  constructor(scope: Construct, id: string, props: AiSupplyChainAwsProps) {
    super(scope, id);
    const keys = new Construct(this, "keys");
    const make = (purpose: EnvironmentKeyPurpose): KmsKey =>
      new KmsKey(keys, purpose, {
        purpose,
        aliasName: resourceName(props.organization, props.environment, purpose),
        accountId: props.accountId,
        partition: props.partition,
        adminRoleArn: props.adminRoleArn,
        rotationPeriodDays: props.keyRotationDays,
        deletionWindowDays: props.protection.keyDeletionWindowDays,
        preventDestroy: props.protection.preventDestroy,
      });
    this.keys = Object.fromEntries(ENVIRONMENT_KEY_PURPOSES.map((p) => [p, make(p)])) as Record<EnvironmentKeyPurpose, KmsKey>;
  }
}

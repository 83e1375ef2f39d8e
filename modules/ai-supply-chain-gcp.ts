import { Construct } from "constructs";
import { KeyRing } from "../constructs/gcp/key-ring";
import { KmsKey } from "../constructs/gcp/kms-key";
import { ENVIRONMENT_KEY_PURPOSES, EnvironmentKeyPurpose } from "../constructs/shared/key-purposes";
import { ProtectionSettings } from "../constructs/shared/protection";

export interface AiSupplyChainGcpProps {
  readonly organization: string;
  readonly environment: string;
  readonly projectId: string;
  readonly region: string;
  readonly keyRotationDays: number;
  readonly protection: ProtectionSettings;
}

/**
 * The AI supply chain of one GCP environment. Today: the environment's key ring with one
 * HSM-backed key per purpose.
 */
export class AiSupplyChainGcp extends Construct {
  public readonly keyRing: KeyRing;
  public readonly keys: Readonly<Record<EnvironmentKeyPurpose, KmsKey>>;

  constructor(scope: Construct, id: string, props: AiSupplyChainGcpProps) {
    super(scope, id);
    this.keyRing = new KeyRing(this, "key-ring", {
      name: `${props.organization}-${props.environment}`,
      projectId: props.projectId,
      location: props.region,
      preventDestroy: props.protection.preventDestroy,
    });
    const keys = new Construct(this, "keys");
    const make = (purpose: EnvironmentKeyPurpose): KmsKey =>
      new KmsKey(keys, purpose, {
        purpose,
        keyRing: this.keyRing,
        rotationPeriodDays: props.keyRotationDays,
        deletionWindowDays: props.protection.keyDeletionWindowDays,
        preventDestroy: props.protection.preventDestroy,
      });
    this.keys = Object.fromEntries(ENVIRONMENT_KEY_PURPOSES.map((p) => [p, make(p)])) as Record<EnvironmentKeyPurpose, KmsKey>;
  }
}

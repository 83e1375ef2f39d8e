import { KmsCryptoKey } from "@cdktf/provider-google/lib/kms-crypto-key";
import { Construct } from "constructs";
import { KeyPurpose } from "../shared/key-purposes";
import { GCP_KMS_DELETION_WINDOW_DAYS, GCP_KMS_ROTATION_DAYS } from "../shared/limits/gcp";
import { PropValidator } from "../shared/validation-error";
import { IKeyRing } from "./key-ring";

const SECONDS_PER_DAY = 86_400;

export type GcpKeyProtectionLevel = "HSM" | "SOFTWARE";

/** A Cloud KMS crypto key other constructs can use as CMEK. */
export interface IKmsKey {
  /** The key's `id` attribute, `projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>`: what CMEK settings and key grants name. */
  readonly keyId: string;
}

export interface KmsKeyProps {
  /** What the key protects; becomes the key name and the `purpose` label. */
  readonly purpose: KeyPurpose;
  /** Ring the key lives in. */
  readonly keyRing: IKeyRing;
  /**
   * Days between automatic rotations, 1-36500.
   * @default 90
   */
  readonly rotationPeriodDays?: number;
  /**
   * Days a destroyed key version stays recoverable, 7-30.
   * @default 30
   */
  readonly deletionWindowDays?: number;
  /**
   * Where key material lives; `SOFTWARE` is cheaper and weaker.
   * @default "HSM"
   */
  readonly protectionLevel?: GcpKeyProtectionLevel;
  /**
   * Refuse any plan that destroys the key.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/**
 * Purpose-specific Cloud KMS symmetric key, HSM-backed, rotated every 90 days, with the longest
 * destroy-scheduled window the blueprint allows.
 *
 * @example
 * const ring = new KeyRing(this, "ring", { name: "acme-ai-prod", projectId: "acme-ai-prod", location: "europe-west1" });
 * const key = new KmsKey(this, "logs", { purpose: "logs", keyRing: ring });
 */
export class KmsKey extends Construct implements IKmsKey {
  public readonly keyId: string;
  public readonly resource: KmsCryptoKey;

  constructor(scope: Construct, id: string, props: KmsKeyProps) {
    const rotationPeriodDays = props.rotationPeriodDays ?? 90;
    const deletionWindowDays = props.deletionWindowDays ?? GCP_KMS_DELETION_WINDOW_DAYS.max;
    new PropValidator(scope, id)
      .integerInRange("rotationPeriodDays", rotationPeriodDays, GCP_KMS_ROTATION_DAYS.min, GCP_KMS_ROTATION_DAYS.max, "GCP_KMS_ROTATION_OUT_OF_RANGE")
      .integerInRange("deletionWindowDays", deletionWindowDays, GCP_KMS_DELETION_WINDOW_DAYS.min, GCP_KMS_DELETION_WINDOW_DAYS.max, "GCP_KMS_DELETION_WINDOW_OUT_OF_RANGE")
      .throwIfInvalid();
    super(scope, id);

    this.resource = new KmsCryptoKey(this, "Resource", {
      name: props.purpose,
      keyRing: props.keyRing.keyRingId,
      purpose: "ENCRYPT_DECRYPT",
      rotationPeriod: `${rotationPeriodDays * SECONDS_PER_DAY}s`,
      destroyScheduledDuration: `${deletionWindowDays * SECONDS_PER_DAY}s`,
      versionTemplate: {
        algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION",
        protectionLevel: props.protectionLevel ?? "HSM",
      },
      labels: { purpose: props.purpose },
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    this.keyId = this.resource.id;
  }
}

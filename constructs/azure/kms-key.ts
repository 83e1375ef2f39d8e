import { KeyVaultKey } from "@cdktf/provider-azurerm/lib/key-vault-key";
import { Offset } from "@cdktf/provider-time/lib/offset";
import { Construct } from "constructs";
import { KeyPurpose } from "../shared/key-purposes";
import { AZURE_KEY_MIN_EXPIRY_DAYS, AZURE_KEY_ROTATION_DAYS, AZURE_KEY_ROTATION_MARGIN_DAYS, AZURE_KEY_VAULT_KEY_NAME } from "../shared/limits/azure";
import { ensureTimeProvider } from "../shared/propagation-delay";
import { PropValidator } from "../shared/validation-error";
import { IKeyVault } from "./key-vault";

/**
 * `RSA-HSM` keys wrap data keys (storage, registry CMK); `EC-HSM` keys sign (artifact
 * signatures) and cannot encrypt, so each type gets only the operations it is for.
 */
export type AzureKeyType = "RSA-HSM" | "EC-HSM";

/**
 * NIST curves of an `EC-HSM` key the blueprint uses: P-256 for signatures other tools verify
 * as ES256 (OpenSSF Model Signing, cosign), P-384 where nothing outside Azure verifies.
 * azurerm 4.55 accepts P-256, P-256K, P-384 and P-521 (key_vault_key_resource.go, `curve`).
 */
export type AzureKeyCurve = "P-256" | "P-384";

const KEY_OPERATIONS: Readonly<Record<AzureKeyType, readonly string[]>> = {
  "RSA-HSM": ["decrypt", "encrypt", "unwrapKey", "wrapKey"],
  "EC-HSM": ["sign", "verify"],
};

/**
 * What rotation changes on an `azurerm_key_vault_key`. azurerm 4.55 reads the attributes of the
 * latest version (`GetKey` with an empty version), so after each automatic rotation it sees the
 * new version's expiry; and its CustomizeDiff forces a new key when `expiration_date` goes from
 * set to unset (internal/services/keyvault/key_vault_key_resource.go). Without ignoring it every
 * plan after the first rotation would replace the key, and `prevent_destroy` fail the plan.
 */
export const AZURE_KEY_ROTATION_IGNORED_CHANGES = ["expiration_date"] as const;

/** A Key Vault key other constructs can use as a customer-managed key. */
export interface IKmsKey {
  /** Data-plane id of the current version (`https://<vault>.vault.azure.net/keys/<name>/<version>`). */
  readonly keyId: string;
  /** Data-plane id without version, what customer-managed-key settings take so rotation applies. */
  readonly versionlessKeyId: string;
  /** Azure Resource Manager id of the key without version: the scope of a role assignment on this key only. */
  readonly resourceVersionlessId: string;
  /** The vault that holds the key. */
  readonly keyVault: IKeyVault;
}

export interface KmsKeyProps {
  /** What the key protects; becomes the `purpose` tag and, unless `name` is set, the key name. */
  readonly purpose: KeyPurpose;
  /**
   * Key name, 1-127 letters, digits and hyphens, unique in the vault. A vault that holds one
   * key per environment for the same purpose (the evidence vault) names them apart.
   * @default the purpose
   */
  readonly name?: string;
  /** The vault the key is created in; the key waits for its `keyWriteDependencies`. */
  readonly keyVault: IKeyVault;
  /**
   * Key type: `RSA-HSM` wraps data keys, `EC-HSM` signs.
   * @default "RSA-HSM" (3072 bits); "EC-HSM" uses curve P-384
   */
  readonly keyType?: AzureKeyType;
  /**
   * Curve of an `EC-HSM` key; refused for `RSA-HSM`, which has a size instead.
   * @default "P-384"
   */
  readonly curve?: AzureKeyCurve;
  /** Days after creation a new version is created, 7-3650. @default 90 */
  readonly rotationPeriodDays?: number;
  /**
   * Days after creation a version expires; at least 28 and at least 7 more than the rotation
   * period. The gap is how long a failed rotation can go unnoticed before the key stops working.
   * @default rotationPeriodDays + 90
   */
  readonly expireAfterDays?: number;
  /** Refuse any plan that destroys the key. @default true */
  readonly preventDestroy?: boolean;
  /** The five standard tags plus anything else. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * HSM-backed Key Vault key with an automatic rotation policy, an expiry on every version and
 * a notification 30 days before expiry. The rotation policy's expiry applies to versions created
 * by rotation only; the first version gets its expiry from a `time_offset` of `expireAfterDays`
 * (taken once, at creation, so the JSON has no timestamp), and the changes rotation makes are
 * ignored so plans stay empty after each rotation.
 *
 * @example
 * const key = new KmsKey(this, "logs", { purpose: "logs", keyVault: vault, tags });
 */
export class KmsKey extends Construct implements IKmsKey {
  public readonly keyId: string;
  public readonly versionlessKeyId: string;
  public readonly resourceVersionlessId: string;
  public readonly keyVault: IKeyVault;
  /** The `azurerm_key_vault_key` resource. */
  public readonly resource: KeyVaultKey;

  constructor(scope: Construct, id: string, props: KmsKeyProps) {
    const keyType = props.keyType ?? "RSA-HSM";
    const rotationPeriodDays = props.rotationPeriodDays ?? 90;
    const expireAfterDays = props.expireAfterDays ?? rotationPeriodDays + 90;
    const minExpiry = Math.max(AZURE_KEY_MIN_EXPIRY_DAYS, rotationPeriodDays + AZURE_KEY_ROTATION_MARGIN_DAYS);
    const name = props.name ?? props.purpose;
    new PropValidator(scope, id)
      .matches("name", name, AZURE_KEY_VAULT_KEY_NAME, "AZURE_KEY_NAME_INVALID")
      .integerInRange("rotationPeriodDays", rotationPeriodDays, AZURE_KEY_ROTATION_DAYS.min, AZURE_KEY_ROTATION_DAYS.max, "AZURE_KMS_ROTATION_OUT_OF_RANGE")
      .integerInRange("expireAfterDays", expireAfterDays, minExpiry, AZURE_KEY_ROTATION_DAYS.max + 365, "AZURE_KEY_EXPIRY_OUT_OF_RANGE")
      .require(props.curve === undefined || keyType === "EC-HSM", "AZURE_KEY_CURVE_NOT_EC", "curve", props.curve, "a curve only with keyType \"EC-HSM\" (RSA-HSM keys have a size, 3072 bits)")
      .throwIfInvalid();
    super(scope, id);

    ensureTimeProvider(this);
    // The clock is read when this resource is created and kept in state: the synthesized JSON
    // stays identical, and the first version's expiry does not move on later applies.
    const firstVersionExpiry = new Offset(this, "FirstVersionExpiry", { offsetDays: expireAfterDays });
    this.resource = new KeyVaultKey(this, "Resource", {
      name,
      keyVaultId: props.keyVault.keyVaultId,
      keyType,
      ...(keyType === "RSA-HSM" ? { keySize: 3072 } : { curve: props.curve ?? "P-384" }),
      keyOpts: [...KEY_OPERATIONS[keyType]],
      expirationDate: firstVersionExpiry.rfc3339,
      rotationPolicy: {
        automatic: { timeAfterCreation: `P${rotationPeriodDays}D` },
        expireAfter: `P${expireAfterDays}D`,
        notifyBeforeExpiry: "P30D",
      },
      tags: { ...props.tags, purpose: props.purpose },
      dependsOn: [...props.keyVault.keyWriteDependencies],
      lifecycle: { preventDestroy: props.preventDestroy ?? true, ignoreChanges: [...AZURE_KEY_ROTATION_IGNORED_CHANGES] },
    });
    this.keyId = this.resource.id;
    this.versionlessKeyId = this.resource.versionlessId;
    this.resourceVersionlessId = this.resource.resourceVersionlessId;
    this.keyVault = props.keyVault;
  }
}

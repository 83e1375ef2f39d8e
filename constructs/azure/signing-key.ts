import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { RoleDefinition } from "@cdktf/provider-azurerm/lib/role-definition";
import { Construct } from "constructs";
import { AZURE_KEY_VAULT_KEY_NAME, AZURE_RESOURCE_GROUP_ID } from "../shared/limits/azure";
import { UUID } from "../shared/limits/common";
import { azureSigningRoleName } from "../shared/naming";
import { PropValidator } from "../shared/validation-error";
import { IKeyVault } from "./key-vault";
import { KmsKey } from "./kms-key";

/**
 * Data actions of the signer role: `sign` to sign, `keys/read` to fetch the public key whose
 * sha256 is the bundle's `publicKey.hint` (names from learn.microsoft.com/azure/
 * role-based-access-control/permissions/security, Microsoft.KeyVault). The built-in Key Vault
 * Crypto User would add encrypt, decrypt, wrap, unwrap, update and backup.
 */
export const SIGNER_DATA_ACTIONS = ["Microsoft.KeyVault/vaults/keys/read", "Microsoft.KeyVault/vaults/keys/sign/action"] as const;

/**
 * Data actions of the verifier role (the promotion gate): read the public key of each version
 * and verify through Key Vault; never sign. Verifying needs only the public key, so `verify` is
 * a convenience (learn.microsoft.com/rest/api/keyvault/keys/verify: "requires the keys/verify
 * permission").
 */
export const VERIFIER_DATA_ACTIONS = ["Microsoft.KeyVault/vaults/keys/read", "Microsoft.KeyVault/vaults/keys/verify/action"] as const;

export interface SigningKeyProps {
  /** The environment's vault; the key waits for its `keyWriteDependencies`. */
  readonly keyVault: IKeyVault;
  /**
   * Id of the vault's resource group: the signer and verifier roles are defined there (custom
   * roles cannot list a key as assignable scope) and assigned on the key only.
   */
  readonly resourceGroupId: string;
  /**
   * Entra ID object ids (users, groups, managed identities) that may sign: each gets the signer
   * role on this key and on nothing else. Empty: nobody can sign until one is added.
   */
  readonly publisherObjectIds: readonly string[];
  /**
   * Entra ID object ids that verify (the promotion gate): the verifier role on this key.
   * @default - none
   */
  readonly verifierObjectIds?: readonly string[];
  /** Key name in the vault, 1-127 letters, digits and hyphens. @default "signing" */
  readonly name?: string;
  /**
   * Names of the signer and verifier roles, unique per tenant: a second key of this kind in the
   * same vault (the gate attestation key) needs its own.
   * @default azureSigningRoleName(<vault>, "signer" | "verifier")
   */
  readonly roleNames?: { readonly signer: string; readonly verifier: string };
  /**
   * What the key is, in the roles' and assignments' descriptions.
   * @default "the model-signing key"
   */
  readonly label?: string;
  /** Days after creation a new key version is created, 7-3650. @default 90 */
  readonly rotationPeriodDays?: number;
  /**
   * Days after creation a version expires (at least 7 more than the rotation period). An
   * expired version can no longer sign but still verifies (learn.microsoft.com/azure/key-vault/
   * keys/about-keys-details, "Date-time controlled operations").
   * @default rotationPeriodDays + 90
   */
  readonly expireAfterDays?: number;
  /** Refuse any plan that destroys the key (and with it every version's public key). @default true */
  readonly preventDestroy?: boolean;
  /** The five standard tags. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The environment's model-signing key: an HSM-backed `EC-HSM` P-256 Key Vault key that may only
 * sign and verify, with a custom signer role (sign and read, nothing else) assigned on the key to
 * each publisher and a verifier role (verify and read) to the gate. Rotation, expiry and the
 * vault's write dependencies come from KmsKey.
 *
 * Signatures: Key Vault signs a SHA-256 digest with `ES256` and returns the raw 64-byte `r||s`
 * (JWS form, RFC 7518 §3.4); the OpenSSF Model Signing bundle needs DER, which the blueprint CLI
 * converts to before writing `model.sig`.
 *
 * Rotation creates a new key version with a new key pair; the key id without version then signs
 * with the new one. A signature made before verifies only with the public key of the version that
 * made it, so keep old versions enabled (and their public keys recorded) until every model they
 * signed is retired: disabling or purging an old version strands those signatures. Expiry
 * (`expireAfterDays`) stops a version signing, not verifying; a version that expires without a
 * new one having been created (a failed rotation) leaves publishers unable to sign, which the
 * 30-day near-expiry notification is there to catch.
 *
 * @example
 * const signing = new SigningKey(this, "signing-key", {
 *   keyVault: vault, resourceGroupId: rg.id, publisherObjectIds: [trainingPipelineId], verifierObjectIds: [gateId], tags,
 * });
 */
export class SigningKey extends Construct {
  /** Data-plane id of the current version. */
  public readonly keyId: string;
  /** Data-plane id without version: what publishers sign with, so rotation applies. */
  public readonly versionlessKeyId: string;
  /** Azure Resource Manager id of the key without version: the scope of the signer and verifier assignments. */
  public readonly resourceVersionlessId: string;
  /** PEM (PKIX `PUBLIC KEY`) of the current version, the gate's trust anchor. */
  public readonly publicKeyPem: string;
  /** The underlying key. */
  public readonly key: KmsKey;
  /** Custom role that signs and reads the public key. */
  public readonly signerRole: RoleDefinition;
  /** Custom role that verifies and reads the public key. */
  public readonly verifierRole: RoleDefinition;
  /** The publishers' signer assignments, one per object id. */
  public readonly signerAssignments: readonly RoleAssignment[];
  private readonly label: string;

  constructor(scope: Construct, id: string, props: SigningKeyProps) {
    const verifiers = props.verifierObjectIds ?? [];
    const objectIdRule = { ...UUID, accepted: `an Entra ID object id: ${UUID.accepted}` };
    const v = new PropValidator(scope, id)
      .matches("resourceGroupId", props.resourceGroupId, AZURE_RESOURCE_GROUP_ID, "AZURE_RESOURCE_GROUP_ID_INVALID")
      .matches("name", props.name ?? "signing", AZURE_KEY_VAULT_KEY_NAME, "AZURE_KEY_NAME_INVALID");
    for (const [prop, ids] of [["publisherObjectIds", props.publisherObjectIds], ["verifierObjectIds", verifiers]] as const) {
      for (const objectId of ids) v.matches(prop, objectId, objectIdRule, "AZURE_OBJECT_ID_INVALID");
      const duplicate = ids.find((x, i) => ids.indexOf(x) !== i);
      v.require(duplicate === undefined, "AZURE_SIGNING_PRINCIPAL_DUPLICATE", prop, duplicate, "each object id once (Azure refuses a second identical role assignment)");
    }
    v.throwIfInvalid();
    super(scope, id);

    this.key = new KmsKey(this, "Key", {
      purpose: "signing",
      name: props.name,
      keyVault: props.keyVault,
      keyType: "EC-HSM",
      // P-256 / ES256: the curve OpenSSF Model Signing and cosign verify, and the one AWS
      // (ECC_NIST_P256) and GCP (EC_SIGN_P256_SHA256) signing keys use.
      curve: "P-256",
      rotationPeriodDays: props.rotationPeriodDays,
      expireAfterDays: props.expireAfterDays,
      preventDestroy: props.preventDestroy,
      tags: props.tags,
    });

    // Defined on the resource group (a key cannot be an assignable scope), assigned on the key:
    // with the vault as scope a signer could also sign with keys added to the vault later. The
    // names carry the vault's name as a literal (readable in the portal, unique per tenant), so
    // the roles wait for the key, and through it for the vault they are named after.
    const roleDependencies = [this.key.resource];
    const label = props.label ?? "the model-signing key";
    this.label = label;
    this.signerRole = new RoleDefinition(this, "SignerRole", {
      name: props.roleNames?.signer ?? azureSigningRoleName(props.keyVault.keyVaultName, "signer"),
      scope: props.resourceGroupId,
      assignableScopes: [props.resourceGroupId],
      description: `Sign with ${label} and read its public key; no encrypt, decrypt, wrap, unwrap or key management.`,
      permissions: [{ actions: [], dataActions: [...SIGNER_DATA_ACTIONS] }],
      dependsOn: roleDependencies,
    });
    this.verifierRole = new RoleDefinition(this, "VerifierRole", {
      name: props.roleNames?.verifier ?? azureSigningRoleName(props.keyVault.keyVaultName, "verifier"),
      scope: props.resourceGroupId,
      assignableScopes: [props.resourceGroupId],
      description: `Verify with ${label} and read its public key; never sign.`,
      permissions: [{ actions: [], dataActions: [...VERIFIER_DATA_ACTIONS] }],
      dependsOn: roleDependencies,
    });
    // One assignment per object id, named by it: adding or removing a publisher never renames
    // (and so replaces) another publisher's assignment.
    this.signerAssignments = props.publisherObjectIds.map(
      (objectId) =>
        new RoleAssignment(this, `Signer-${objectId}`, {
          scope: this.key.resourceVersionlessId,
          roleDefinitionId: this.signerRole.roleDefinitionResourceId,
          principalId: objectId,
          description: "Publisher: signs models with the environment's signing key.",
        }),
    );
    for (const objectId of verifiers) {
      new RoleAssignment(this, `Verifier-${objectId}`, {
        scope: this.key.resourceVersionlessId,
        roleDefinitionId: this.verifierRole.roleDefinitionResourceId,
        principalId: objectId,
        description: "Promotion gate: verifies model signatures with the environment's signing key.",
      });
    }

    this.keyId = this.key.keyId;
    this.versionlessKeyId = this.key.versionlessKeyId;
    this.resourceVersionlessId = this.key.resourceVersionlessId;
    this.publicKeyPem = this.key.resource.publicKeyPem;
  }

  /**
   * Lets `principalId` sign with this key (the signer role on the key alone), under construct id
   * `Signer-<id>`: for principals known only at apply time (a function's identity), whose id is
   * a token and cannot name the construct.
   */
  public grantSign(id: string, principalId: string, description: string): RoleAssignment {
    this.validateGrant("grantSign", `Signer-${id}`, principalId);
    return new RoleAssignment(this, `Signer-${id}`, {
      scope: this.key.resourceVersionlessId,
      roleDefinitionId: this.signerRole.roleDefinitionResourceId,
      principalId,
      description,
    });
  }

  /** Lets `principalId` read the public key and verify (the verifier role on the key alone), as `Verifier-<id>`. */
  public grantVerify(id: string, principalId: string, description: string): RoleAssignment {
    this.validateGrant("grantVerify", `Verifier-${id}`, principalId);
    return new RoleAssignment(this, `Verifier-${id}`, {
      scope: this.key.resourceVersionlessId,
      roleDefinitionId: this.verifierRole.roleDefinitionResourceId,
      principalId,
      description,
    });
  }

  private validateGrant(method: string, childId: string, principalId: string): void {
    new PropValidator(this, method)
      .matches("principalId", principalId, { ...UUID, accepted: `an Entra ID object id: ${UUID.accepted}` }, "AZURE_OBJECT_ID_INVALID")
      .require(this.node.tryFindChild(childId) === undefined, "AZURE_SIGNING_PRINCIPAL_DUPLICATE", "id", childId, `each grant of ${this.label} once`)
      .throwIfInvalid();
  }
}

import { DataGoogleKmsCryptoKeyVersion } from "@cdktf/provider-google/lib/data-google-kms-crypto-key-version";
import { KmsCryptoKey } from "@cdktf/provider-google/lib/kms-crypto-key";
import { KmsCryptoKeyIamMember } from "@cdktf/provider-google/lib/kms-crypto-key-iam-member";
import { ITerraformDependable, Token } from "cdktf";
import { Construct } from "constructs";
import { GCP_KMS_DELETION_WINDOW_DAYS, GCP_KMS_KEY_NAME } from "../shared/limits/gcp";
import { GCP_REGISTRY_MEMBER } from "../shared/limits/registry";
import { PropagationDelay } from "../shared/propagation-delay";
import { PropValidator } from "../shared/validation-error";
import { IKeyRing } from "./key-ring";
import { GcpKeyProtectionLevel } from "./kms-key";
import { stableSuffix } from "../shared/naming";

const SECONDS_PER_DAY = 86_400;

/**
 * `cloudkms.cryptoKeyVersions.useToSign` and nothing else of the key
 * (cloud.google.com/iam/docs/roles-permissions/cloudkms): `asymmetricSign` on the key's versions.
 */
export const KMS_SIGNER_ROLE = "roles/cloudkms.signer";
/**
 * `cloudkms.cryptoKeyVersions.viewPublicKey` (same page): `getPublicKey`, which publishers need for
 * the bundle's `publicKey.hint` and the gate for verification. A P-256 signature is verified with
 * the public key alone, outside Cloud KMS: `roles/cloudkms.verifier` (`useToVerify`) serves MAC
 * keys' `macVerify` and would add nothing here.
 */
export const KMS_PUBLIC_KEY_VIEWER_ROLE = "roles/cloudkms.publicKeyViewer";

/** The key version whose public key the stack outputs: Cloud KMS creates version 1 with the key. */
const FIRST_VERSION = 1;

export interface SigningKeyProps {
  /** Ring the key lives in (the environment's ring, administered by its key admins). */
  readonly keyRing: IKeyRing;
  /**
   * The key's name in the ring, also its `purpose` label (`gate-attestation` for the promotion
   * gate's decision-record key).
   * @default "signing"
   */
  readonly name?: string;
  /**
   * Who may sign (`roles/cloudkms.signer`) and read the public key, on this key only: the union
   * of the registries' publishers, each `serviceAccount:` or `group:` and an email address
   * (`GCP_REGISTRY_MEMBER`). Never a person or the project: a signature says "a named publisher
   * built this".
   */
  readonly publisherMembers: readonly string[];
  /**
   * Who may read the public key to verify signatures (the promotion gate's identity), same form.
   * @default [] - only publishers and administrators read it until the gate exists
   */
  readonly verifierMembers?: readonly string[];
  /**
   * A stable name for each member given as a reference (the email attribute of a service account
   * this stack creates), used in its grants' construct ids: a reference's text carries a token
   * number that changes from one synth to the next, and an id made from it would replace the
   * grant on every plan. Literal members need none (their ids hash the member).
   * @default - no member is a reference
   */
  readonly memberIds?: ReadonlyMap<string, string>;
  /**
   * Days a destroyed key version stays restorable, 7-30: a destroyed version's signatures can
   * never be verified against Cloud KMS again.
   * @default 30
   */
  readonly deletionWindowDays?: number;
  /**
   * Where the private key lives; `SOFTWARE` is cheaper and weaker.
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
 * The environment's model-signing key: Cloud KMS `ASYMMETRIC_SIGN` with `EC_SIGN_P256_SHA256`
 * (ECDSA P-256, SHA-256 digests, DER signatures, what OpenSSF Model Signing's `key` method
 * verifies), HSM-backed, named `signing` in the environment's ring. Publishers may sign and read
 * the public key on this key alone (additive `_iam_member` grants); verifiers read the public key.
 *
 * No `rotation_period`: Cloud KMS does not rotate asymmetric keys automatically (Cloud KMS docs
 * "Key rotation", "Asymmetric key rotation"), because each version has its own public key and
 * verifiers must be told which one to use. Rotating means creating a new version by hand and
 * publishing its public key: signatures already issued stay valid only against the version that
 * made them, so the old version must not be disabled or destroyed while any model it signed is
 * still in use (verify it, re-sign it with the new version, then retire the old one). The stack
 * outputs version 1's public key; a rotation adds the new version's key beside it.
 *
 * @example
 * const signing = new SigningKey(this, "signing", {
 *   keyRing: ring,
 *   publisherMembers: ["serviceAccount:publisher@acme-ai-prod.iam.gserviceaccount.com"],
 *   verifierMembers: ["serviceAccount:gate@acme-ai-prod.iam.gserviceaccount.com"],
 * });
 */
export class SigningKey extends Construct {
  /** The key's `id` attribute, `projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/signing`. */
  public readonly keyId: string;
  /**
   * Version 1's resource name, `<keyId>/cryptoKeyVersions/1`: what a signer names (Cloud KMS
   * signs with a version, never a key), so a new version never silently changes who signs.
   */
  public readonly firstVersionName: string;
  /** Version 1's public key in PEM (the `data.google_kms_crypto_key_version` read at apply). */
  public readonly publicKeyPem: string;
  public readonly resource: KmsCryptoKey;
  /**
   * What anything that signs or reads the public key in the same apply depends on: a wait after
   * the grants, because Cloud KMS honours a new IAM member only once it has propagated.
   */
  public readonly ready: ITerraformDependable;

  constructor(scope: Construct, id: string, props: SigningKeyProps) {
    const verifiers = props.verifierMembers ?? [];
    const deletionWindowDays = props.deletionWindowDays ?? GCP_KMS_DELETION_WINDOW_DAYS.max;
    const validator = new PropValidator(scope, id).integerInRange(
      "deletionWindowDays",
      deletionWindowDays,
      GCP_KMS_DELETION_WINDOW_DAYS.min,
      GCP_KMS_DELETION_WINDOW_DAYS.max,
      "GCP_KMS_DELETION_WINDOW_OUT_OF_RANGE",
    );
    if (props.name !== undefined) validator.matches("name", props.name, GCP_KMS_KEY_NAME, "GCP_SIGNING_KEY_NAME_INVALID");
    props.publisherMembers.forEach((m, i) => validator.matches(`publisherMembers[${i}]`, m, GCP_REGISTRY_MEMBER, "GCP_SIGNING_MEMBER_INVALID"));
    verifiers.forEach((m, i) => validator.matches(`verifierMembers[${i}]`, m, GCP_REGISTRY_MEMBER, "GCP_SIGNING_MEMBER_INVALID"));
    for (const [prop, members] of [["publisherMembers", props.publisherMembers], ["verifierMembers", verifiers]] as const) {
      // Two `_iam_member` resources for one member and role share one binding: destroying either revokes both.
      const duplicate = members.find((m, i) => members.indexOf(m) !== i);
      validator.require(duplicate === undefined, "GCP_SIGNING_MEMBER_DUPLICATE", prop, duplicate, "each member once");
    }
    for (const m of [...props.publisherMembers, ...verifiers]) {
      validator.require(!Token.isUnresolved(m) || props.memberIds?.has(m) === true, "GCP_SIGNING_MEMBER_ID_MISSING", "memberIds", m, "a stable name in memberIds for every member given as a reference");
    }
    validator.throwIfInvalid();
    super(scope, id);

    const name = props.name ?? "signing";
    this.resource = new KmsCryptoKey(this, "Resource", {
      name,
      keyRing: props.keyRing.keyRingId,
      purpose: "ASYMMETRIC_SIGN",
      destroyScheduledDuration: `${deletionWindowDays * SECONDS_PER_DAY}s`,
      versionTemplate: { algorithm: "EC_SIGN_P256_SHA256", protectionLevel: props.protectionLevel ?? "HSM" },
      labels: { purpose: name },
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    this.keyId = this.resource.id;
    this.firstVersionName = `${this.resource.id}/cryptoKeyVersions/${FIRST_VERSION}`;

    // Ids carry a hash of the member, not a position: inserting a publisher must not replace the
    // others' grants, and a logical id carries no email address.
    const grants: KmsCryptoKeyIamMember[] = [];
    const grant = (prefix: string, role: string, member: string): void => {
      const stable = props.memberIds?.get(member) ?? member.toLowerCase();
      grants.push(new KmsCryptoKeyIamMember(this, `${prefix}-${stableSuffix(8, stable)}`, { cryptoKeyId: this.keyId, role, member }));
    };
    for (const member of props.publisherMembers) {
      grant("Signer", KMS_SIGNER_ROLE, member);
      grant("PublicKeyViewer", KMS_PUBLIC_KEY_VIEWER_ROLE, member);
    }
    for (const member of verifiers.filter((m) => !props.publisherMembers.includes(m))) {
      grant("Verifier", KMS_PUBLIC_KEY_VIEWER_ROLE, member);
    }
    this.ready =
      grants.length > 0
        ? new PropagationDelay(this, "GrantPropagation", {
            kind: "gcp-iam",
            grants,
            reason: "the publishers' and verifiers' grants on the signing key, before anything in the same apply signs or reads its public key",
          }).resource
        : this.resource;

    // Asymmetric keys have no primary version (only ENCRYPT_DECRYPT keys do), so the data source
    // names the version; its default is 1 anyway (google provider 6.50
    // google/services/kms/data_source_google_kms_crypto_key_version.go: `version` Default 1), and it
    // retries while the version is PENDING_GENERATION.
    const version = new DataGoogleKmsCryptoKeyVersion(this, "PublicKey", { cryptoKey: this.keyId, version: FIRST_VERSION });
    this.publicKeyPem = version.publicKey.get(0).pem;
  }
}

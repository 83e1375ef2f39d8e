import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsIamSessionContext } from "@cdktf/provider-aws/lib/data-aws-iam-session-context";
import { DataAwsKmsPublicKey } from "@cdktf/provider-aws/lib/data-aws-kms-public-key";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey as KmsKeyResource } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import { KEY_PURPOSE_DESCRIPTIONS } from "../shared/key-purposes";
import { AWS_ACCOUNT_ID, AWS_KMS_DELETION_WINDOW_DAYS, AWS_PARTITION, IAM_ROLE_ARN, KMS_ALIAS_NAME } from "../shared/limits/aws";
import { PropValidator } from "../shared/validation-error";
import { keyPolicy } from "./kms-key";
import { PolicyDocument, PolicyStatement } from "./policy-document";

/** What a publisher needs: sign, and read the public key for the bundle's `publicKey.hint`. */
export const SIGNING_KEY_PUBLISHER_ACTIONS = ["kms:Sign", "kms:GetPublicKey"] as const;

/** What the gate needs: verify with KMS, read the key's public key and metadata. */
export const SIGNING_KEY_VERIFIER_ACTIONS = ["kms:Verify", "kms:GetPublicKey", "kms:DescribeKey"] as const;

export interface SigningKeyProps {
  /** Alias without the `alias/` prefix, e.g. `acme-ai-prod-signing` (`awsSigningKeyAlias`). */
  readonly aliasName: string;
  /** AWS account that owns the key (12 digits); its root keeps IAM delegation working. */
  readonly accountId: string;
  /** Partition of the account's region (`aws`, `aws-cn`, `aws-us-gov`). @default "aws" */
  readonly partition?: string;
  /** ARN of the role that administers (not uses) the key, as for every KmsKey of the environment. */
  readonly adminRoleArn: string;
  /**
   * IAM role ARNs allowed to sign (the registries' publishers). Empty means nobody can sign: the
   * Deny on `kms:Sign` then has no exception.
   */
  readonly publisherRoleArns: readonly string[];
  /**
   * IAM role ARNs allowed to verify with KMS and read the public key: the readers of decision
   * records, on the gate attestation key. The model-signing key has none: the gate verifies
   * with its public key, outside KMS.
   * @default - none: only the administrators are exempt from the Verify deny
   */
  readonly verifierRoleArns?: readonly string[];
  /**
   * Principal ARNs, besides publishers, verifiers and the admin role, that may read the public
   * key. May be tokens.
   * @default - the identity applying the stack: the issuer ARN of `aws_iam_session_context` for
   *   `aws_caller_identity` (the role, not the session), so the `signing-public-key` output can
   *   be read on the first apply
   */
  readonly publicKeyReaderArns?: readonly string[];
  /** Days a scheduled deletion can be cancelled, 7-30. @default 30 (the longest window) */
  readonly deletionWindowDays?: number;
  /** Refuse any plan that destroys the key. @default true */
  readonly preventDestroy?: boolean;
  /**
   * What the key signs, for its description and `purpose` tag (the gate's attestation key
   * reuses this construct: the gate roles sign, readers verify).
   * @default - "signing": model signatures
   */
  readonly purpose?: { readonly tag: string; readonly description: string };
}

/**
 * The environment's model-signing key: an asymmetric AWS KMS key (`ECC_NIST_P256`,
 * `SIGN_VERIFY`, signing algorithm `ECDSA_SHA_256`) whose private half never leaves KMS.
 * Publishers sign the SHA-256 of the DSSE PAE of an OpenSSF Model Signing bundle with
 * `Sign(MessageType=DIGEST)`; the promotion gate verifies.
 *
 * Rotation: AWS KMS rotates only symmetric encryption keys automatically; asymmetric keys, HMAC
 * keys and keys with imported material cannot rotate (AWS KMS Developer Guide, "Rotating AWS
 * KMS keys"), so `enable_key_rotation` is false here and KEY-ROTATION-AWS treats the key as not
 * applicable. Rotating a signing key means creating a new key (a new alias target): signatures
 * already issued verify only with the old public key, so keep the old key (or at least its
 * public PEM, with its `publicKey.hint`) until every model signed with it is retired, and
 * disable, never delete, the old key once nobody signs with it.
 *
 * Key policy, beyond the account root and the admin role of every KmsKey:
 * - `kms:Sign` is denied to every principal whose `aws:PrincipalArn` is not a publisher. The
 *   account root delegates `kms:*` to IAM, so without this Deny any IAM policy of the account
 *   (an administrator's `kms:*` on `*`) could sign a poisoned model.
 * - `kms:Verify` is denied to all but the verifiers (the gate) and the admin role.
 * - `kms:GetPublicKey`: the public key is not secret (anyone holding a bundle can check it), but
 *   who reads it is still narrowed to those who need it: publishers (the bundle's
 *   `publicKey.hint` is the sha256 of the PEM), verifiers, the admin role (`kms:Get*`) and the
 *   identity applying the stack, which reads it for the `signing-public-key` output. That
 *   identity is looked up at plan time (aws_iam_session_context, whose `issuer_arn` is the role
 *   behind an assumed-role session: terraform-provider-aws docs, d/iam_session_context), so the
 *   first apply reads the key without a second pass. A CI role that changes changes the policy.
 *
 * @example
 * const signing = new SigningKey(this, "signing-key", {
 *   aliasName: "acme-ai-prod-signing",
 *   accountId: "222222222222",
 *   adminRoleArn: "arn:aws:iam::222222222222:role/blueprint-admin",
 *   publisherRoleArns: ["arn:aws:iam::222222222222:role/fraud-scoring-publisher"],
 * });
 */
export class SigningKey extends Construct {
  public readonly keyArn: string;
  public readonly keyId: string;
  /** Alias without `alias/`, as the alias resource's attribute. */
  public readonly aliasName: string;
  /** The public key in PEM (SubjectPublicKeyInfo), read from KMS after the key exists. */
  public readonly publicKeyPem: string;
  public readonly resource: KmsKeyResource;
  private readonly policy: PolicyDocument;

  constructor(scope: Construct, id: string, props: SigningKeyProps) {
    const deletionWindowDays = props.deletionWindowDays ?? AWS_KMS_DELETION_WINDOW_DAYS.max;
    const verifiers = props.verifierRoleArns ?? [];
    const validator = new PropValidator(scope, id)
      .integerInRange("deletionWindowDays", deletionWindowDays, AWS_KMS_DELETION_WINDOW_DAYS.min, AWS_KMS_DELETION_WINDOW_DAYS.max, "AWS_KMS_DELETION_WINDOW_OUT_OF_RANGE")
      .matches("aliasName", props.aliasName, KMS_ALIAS_NAME, "AWS_KMS_ALIAS_INVALID")
      .matches("accountId", props.accountId, AWS_ACCOUNT_ID, "AWS_ACCOUNT_ID_INVALID")
      .matches("partition", props.partition, AWS_PARTITION, "AWS_PARTITION_INVALID")
      .matches("adminRoleArn", props.adminRoleArn, IAM_ROLE_ARN, "AWS_KMS_ADMIN_ROLE_INVALID");
    props.publisherRoleArns.forEach((arn, i) => validator.matches(`publisherRoleArns[${i}]`, arn, IAM_ROLE_ARN, "AWS_SIGNING_PUBLISHER_INVALID"));
    verifiers.forEach((arn, i) => validator.matches(`verifierRoleArns[${i}]`, arn, IAM_ROLE_ARN, "AWS_SIGNING_VERIFIER_INVALID"));
    // Separation of duties: the role that can re-policy the key must not also sign with it, and
    // a publisher must not be the gate that accepts its own signatures.
    props.publisherRoleArns.forEach((arn, i) =>
      validator
        .require(arn !== props.adminRoleArn, "AWS_SIGNING_PUBLISHER_IS_ADMIN", `publisherRoleArns[${i}]`, arn, "a role other than adminRoleArn")
        .require(!verifiers.includes(arn), "AWS_SIGNING_PUBLISHER_IS_VERIFIER", `publisherRoleArns[${i}]`, arn, "a role that is not also in verifierRoleArns"),
    );
    validator.throwIfInvalid();
    super(scope, id);

    const partition = props.partition ?? "aws";
    const publishers = [...props.publisherRoleArns];
    const readers = props.publicKeyReaderArns ?? [this.deployerArn()];
    this.policy = new PolicyDocument([
      ...keyPolicy(partition, props.accountId, props.adminRoleArn),
      ...signingStatements(props.adminRoleArn, publishers, [...verifiers], [...readers]),
    ]);
    this.resource = new KmsKeyResource(this, "Resource", {
      description: `${props.aliasName}: ${props.purpose?.description ?? KEY_PURPOSE_DESCRIPTIONS.signing}`,
      keyUsage: "SIGN_VERIFY",
      // The 6.25 attribute is `customer_master_key_spec` (KMS's KeySpec; the binding has no
      // `key_spec`): NIST P-256 signs with ECDSA_SHA_256, what OMS `key` bundles verify.
      customerMasterKeySpec: "ECC_NIST_P256",
      // Asymmetric keys cannot rotate automatically ("Rotating AWS KMS keys"): see the class doc.
      enableKeyRotation: false,
      deletionWindowInDays: deletionWindowDays,
      isEnabled: true,
      multiRegion: false,
      bypassPolicyLockoutSafetyCheck: false,
      policy: this.policy.render(),
      tags: { purpose: props.purpose?.tag ?? "signing" },
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    const alias = new KmsAlias(this, "Alias", { name: `alias/${props.aliasName}`, targetKeyId: this.resource.keyId });
    // Read after the key exists (its ARN is unknown until then): the deployer is exempt from
    // the GetPublicKey deny above, so this works on the first apply.
    const publicKey = new DataAwsKmsPublicKey(this, "PublicKey", { keyId: this.resource.arn });

    this.keyArn = this.resource.arn;
    this.keyId = this.resource.keyId;
    this.aliasName = alias.name;
    this.publicKeyPem = publicKey.publicKeyPem;
  }

  /** Adds a statement to the key policy (a later gate's own grant, say). */
  public addToKeyPolicy(statement: PolicyStatement): void {
    this.policy.add(statement);
  }

  /**
   * The role behind the identity applying the stack: `aws_caller_identity.arn` is an
   * assumed-role session ARN, which `aws:PrincipalArn` never equals; the session context's
   * `issuer_arn` is the role ARN with its path (terraform-provider-aws docs,
   * d/iam_session_context: it calls iam:GetRole for the path).
   */
  private deployerArn(): string {
    const caller = new DataAwsCallerIdentity(this, "Deployer");
    return new DataAwsIamSessionContext(this, "DeployerSession", { arn: caller.arn }).issuerArn;
  }
}

/** Deny everyone whose `aws:PrincipalArn` is not listed; with nobody listed, deny everyone. */
function denyAllBut(sid: string, actions: string | readonly string[], allowed: readonly string[]): PolicyStatement {
  return {
    Sid: sid,
    Effect: "Deny",
    Principal: "*",
    Action: actions,
    Resource: "*",
    ...(allowed.length > 0 ? { Condition: { ArnNotEquals: { "aws:PrincipalArn": allowed } } } : {}),
  };
}

function signingStatements(adminRoleArn: string, publishers: string[], verifiers: string[], readers: string[]): PolicyStatement[] {
  return [
    denyAllBut("DenySignExceptPublishers", "kms:Sign", publishers),
    ...(publishers.length > 0 ? [{ Sid: "PublishersSign", Effect: "Allow" as const, Principal: { AWS: publishers }, Action: [...SIGNING_KEY_PUBLISHER_ACTIONS], Resource: "*" }] : []),
    denyAllBut("DenyVerifyExceptVerifiers", "kms:Verify", [...verifiers, adminRoleArn]),
    ...(verifiers.length > 0 ? [{ Sid: "VerifiersVerify", Effect: "Allow" as const, Principal: { AWS: verifiers }, Action: [...SIGNING_KEY_VERIFIER_ACTIONS], Resource: "*" }] : []),
    denyAllBut("DenyPublicKeyExceptNamed", "kms:GetPublicKey", [...new Set([...publishers, ...verifiers, adminRoleArn, ...readers])]),
  ];
}

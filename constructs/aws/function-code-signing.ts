import { SIGNING_PROFILE_NAME } from "../shared/limits/aws";
import { LambdaCodeSigningConfig } from "@cdktf/provider-aws/lib/lambda-code-signing-config";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { SignerSigningProfile } from "@cdktf/provider-aws/lib/signer-signing-profile";
import { Construct } from "constructs";
import { S3_BUCKET_NAME } from "../shared/limits/aws";
import { PropValidator } from "../shared/validation-error";
import { AccessLogBucket } from "./access-log-bucket";
import { denyInsecureRequests, s3BucketBaseline } from "./bucket-baseline";
import { IKmsKey } from "./kms-key";
import { ABORT_INCOMPLETE_UPLOAD_DAYS } from "./lifecycle-rules";
import { PolicyDocument } from "./policy-document";

/**
 * The Lambda code signing platform: "AWSLambda-SHA384-ECDSA" is the one AWS Signer platform for
 * Lambda (AWS Signer Developer Guide, "Signing platforms"; AWS CDK
 * `signer.Platform.AWS_LAMBDA_SHA384_ECDSA`; research gate-and-admission.md §7).
 */
export const LAMBDA_SIGNING_PLATFORM = "AWSLambda-SHA384-ECDSA";


/** Days a superseded package version is kept: long enough to roll back, then it only costs money. */
export const FUNCTION_CODE_NONCURRENT_DAYS = 90;

export interface FunctionCodeSigningProps {
  /** Name of the code bucket (`awsFunctionCodeBucketName`): 3-63 characters. */
  readonly bucketName: string;
  /** The environment's `functions` key: encrypts the packages (and the functions' settings). */
  readonly kmsKey: IKmsKey;
  /** Target of the code bucket's server access logs (same account and region). */
  readonly accessLogBucket: AccessLogBucket;
  /** Signer profile name (`awsFunctionSigningProfileName`): 2-64 letters, digits and `_`. */
  readonly signingProfileName: string;
  /**
   * Months a signature stays valid: Lambda refuses to deploy a package whose signature expired
   * (Lambda Developer Guide, "Using code signing to verify code integrity": expiry check). A
   * running function is not affected; a new build signs again.
   * @default 12
   */
  readonly signatureValidityMonths?: number;
  /** Refuse any plan that destroys the code bucket. @default true */
  readonly preventDestroy?: boolean;
}

/**
 * What every signed function of an environment shares: the versioned, KMS-encrypted code
 * bucket (the S3 baseline, TLS-only policy, access logs), the AWS Signer profile for Lambda and
 * the Lambda code signing config that allows only that profile, in `Enforce` mode.
 *
 * Why a signing job and not a zip uploaded by Terraform: with `Enforce`, Lambda "blocks the
 * deployment" of a package whose signature is missing, expired, revoked or not from an allowed
 * publisher, and checks the package's integrity against the signature (Lambda Developer Guide,
 * "Using code signing to verify code integrity"). Anyone who can call UpdateFunctionCode (a
 * leaked CI credential) can then no longer swap the code, unless they can also run a job on
 * this profile. A signing job reads a *versioned* object (StartSigningJob source.s3.version is
 * required) and writes the signed copy under `signed/` in the same bucket
 * (LockedDownFunction does both per function).
 *
 * @example
 * const signing = new FunctionCodeSigning(this, "function-code", {
 *   bucketName: "acme-ai-prod-fn-code-222222222222",
 *   kmsKey: keys.functions,
 *   accessLogBucket,
 *   signingProfileName: "acme_ai_prod_functions",
 * });
 */
export class FunctionCodeSigning extends Construct {
  public readonly bucketName: string;
  public readonly bucketArn: string;
  public readonly bucketId: string;
  public readonly kmsKey: IKmsKey;
  /** The Signer profile's name, as its attribute. */
  public readonly signingProfileName: string;
  /** The profile version ARN the code signing config allows. */
  public readonly signingProfileVersionArn: string;
  /** ARN of the `Enforce` code signing config every function of the environment uses. */
  public readonly codeSigningConfigArn: string;
  public readonly codeSigningConfig: LambdaCodeSigningConfig;

  constructor(scope: Construct, id: string, props: FunctionCodeSigningProps) {
    const months = props.signatureValidityMonths ?? 12;
    new PropValidator(scope, id)
      .matches("bucketName", props.bucketName, S3_BUCKET_NAME, "AWS_S3_BUCKET_NAME_INVALID")
      .matches("signingProfileName", props.signingProfileName, SIGNING_PROFILE_NAME, "AWS_SIGNING_PROFILE_NAME_INVALID")
      // Signer's signature validity period is at most 135 months (PutSigningProfile, SignatureValidityPeriod).
      .integerInRange("signatureValidityMonths", months, 1, 135, "AWS_SIGNING_VALIDITY_OUT_OF_RANGE")
      .throwIfInvalid();
    super(scope, id);

    const bucket = new S3Bucket(this, "Resource", {
      bucket: props.bucketName,
      forceDestroy: false,
      tags: { purpose: "function-code" },
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
      dependsOn: [props.kmsKey.resource],
    });
    const baseline = s3BucketBaseline(this, bucket.id, { kmsKeyArn: props.kmsKey.keyArn });
    new S3BucketLifecycleConfiguration(this, "Lifecycle", {
      bucket: bucket.id,
      rule: [
        {
          // Current packages stay (a function's code is copied at deployment, but a rollback
          // needs them); superseded versions go after FUNCTION_CODE_NONCURRENT_DAYS.
          id: "noncurrent-packages",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrentVersionExpiration: [{ noncurrentDays: FUNCTION_CODE_NONCURRENT_DAYS }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_INCOMPLETE_UPLOAD_DAYS }],
        },
      ],
      dependsOn: [baseline.versioning],
    });
    const policy = new PolicyDocument(denyInsecureRequests(bucket.arn));
    new S3BucketPolicy(this, "Policy", { bucket: bucket.id, policy: policy.render(), dependsOn: [baseline.publicAccessBlock] });
    props.accessLogBucket.logsFrom("function-code", { bucketId: bucket.id, bucketArn: bucket.arn });

    const profile = new SignerSigningProfile(this, "SigningProfile", {
      name: props.signingProfileName,
      platformId: LAMBDA_SIGNING_PLATFORM,
      signatureValidityPeriod: { value: months, type: "MONTHS" },
      tags: { purpose: "function-code" },
    });
    this.codeSigningConfig = new LambdaCodeSigningConfig(this, "CodeSigningConfig", {
      description: `${props.signingProfileName}: only packages signed by this profile deploy`,
      allowedPublishers: { signingProfileVersionArns: [profile.versionArn] },
      // `Warn` (the API's default) deploys unsigned code and only logs it.
      policies: { untrustedArtifactOnDeployment: "Enforce" },
      tags: { purpose: "function-code" },
    });

    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.bucketId = bucket.id;
    this.kmsKey = props.kmsKey;
    this.signingProfileName = profile.name;
    this.signingProfileVersionArn = profile.versionArn;
    this.codeSigningConfigArn = this.codeSigningConfig.arn;
  }
}

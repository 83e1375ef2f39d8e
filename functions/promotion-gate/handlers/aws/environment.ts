/**
 * The AWS gate's own environment variables, besides the cloud-neutral GATE_ENV
 * (../gate-environment.ts): written at synth by the module (modules/ai-supply-chain-aws.ts),
 * read at start-up by the handler. No SDK import here, so the synth side can read the names
 * without loading any AWS SDK.
 */
export const AWS_GATE_ENV = {
  /** The registry bucket (`incoming/` and `approved/`): events for any other bucket are ignored. */
  registryBucket: "GATE_AWS_REGISTRY_BUCKET",
  /** ARN of the registry key: the bucket policy denies a copy under any other key. */
  registryKeyArn: "GATE_AWS_REGISTRY_KEY_ARN",
  /** The environment's write-once log bucket, where decision records go under `provenance/`. */
  logBucket: "GATE_AWS_LOG_BUCKET",
  /** Region of the log bucket: the function's own, or the evidence account's region (`clouds.aws.evidence`). */
  logRegion: "GATE_AWS_LOG_REGION",
  /** ARN of the log bucket's key. */
  logKeyArn: "GATE_AWS_LOG_KEY_ARN",
  /** ARN of the gate's attestation key (ECC_NIST_P256, SIGN_VERIFY): signs decision records. */
  attestationKeyArn: "GATE_AWS_ATTESTATION_KEY_ARN",
  /** Name of the registry's SageMaker model package group. */
  modelPackageGroup: "GATE_AWS_MODEL_PACKAGE_GROUP",
} as const;

/** The variables of {@link AWS_GATE_ENV}, by key. */
export interface AwsGateEnvironmentInput {
  readonly registryBucket: string;
  readonly registryKeyArn: string;
  readonly logBucket: string;
  readonly logRegion: string;
  readonly logKeyArn: string;
  readonly attestationKeyArn: string;
  readonly modelPackageGroup: string;
}

/** The AWS variables of one registry's gate; values may be Terraform tokens. */
export function awsGateEnvironmentVariables(input: AwsGateEnvironmentInput): Record<string, string> {
  return Object.fromEntries(Object.entries(AWS_GATE_ENV).map(([k, name]) => [name, input[k as keyof AwsGateEnvironmentInput]]));
}

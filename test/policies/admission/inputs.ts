import { AdmissionInputs } from "../../../policies/admission";

/** The AWS prod environment of the fixtures: ECR host, `acme-ai-prod/` prefix, KMS key by ARN. */
export function prodInputs(overrides: Partial<AdmissionInputs> = {}): AdmissionInputs {
  return {
    registryHost: "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
    repositoryPrefix: "acme-ai-prod/",
    mode: "enforce",
    paramsConfigMap: { name: "approved-models", namespace: "model-serving-policy" },
    signingKeyUri: "awskms:///arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
    ...overrides,
  };
}

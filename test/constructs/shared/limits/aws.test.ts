import { AWS_TAG_KEY, IAM_ROLE_ARN, KMS_ALIAS_NAME, S3_BUCKET_NAME } from "../../../../constructs/shared/limits/aws";
import { satisfies } from "../../../../constructs/shared/limits/text-rule";

describe("AWS text rules", () => {
  test("bucket names: 3-63 characters, no .., no IP address, letter or digit at both ends", () => {
    expect(satisfies(S3_BUCKET_NAME, "acme.logs-1")).toBe(true);
    expect(satisfies(S3_BUCKET_NAME, "acme..logs")).toBe(false);
    expect(satisfies(S3_BUCKET_NAME, "192.168.0.1")).toBe(false);
    expect(satisfies(S3_BUCKET_NAME, "acme-logs-")).toBe(false);
    expect(satisfies(S3_BUCKET_NAME, "ab")).toBe(false);
    expect(S3_BUCKET_NAME.accepted).toBe("3-63 lowercase letters, digits, - and ., starting and ending with a letter or digit, no .., not an IP address");
  });

  test("role ARNs name a role of a 12-digit account", () => {
    expect(satisfies(IAM_ROLE_ARN, "arn:aws-us-gov:iam::123456789012:role/ops/admin")).toBe(true);
    expect(satisfies(IAM_ROLE_ARN, "arn:aws:iam::123456789012:user/admin")).toBe(false);
    expect(satisfies(IAM_ROLE_ARN, "arn:aws:iam::12345678901:role/admin")).toBe(false);
  });

  test("alias names stay out of the aws/ namespace", () => {
    expect(satisfies(KMS_ALIAS_NAME, "blueprint/logs_1")).toBe(true);
    expect(satisfies(KMS_ALIAS_NAME, "aws/logs")).toBe(false);
    expect(satisfies(KMS_ALIAS_NAME, "a".repeat(251))).toBe(false);
  });

  test("tag keys stay out of the aws: namespace", () => {
    expect(satisfies(AWS_TAG_KEY, "cost-center")).toBe(true);
    expect(satisfies(AWS_TAG_KEY, "aws:createdBy")).toBe(false);
    expect(AWS_TAG_KEY.accepted).toBe("a user tag key: 1-128 letters, digits, spaces and _ . : / = + - @, not starting with aws:");
  });
});

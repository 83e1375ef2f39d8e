import { KmsKey } from "../../../constructs/aws/kms-key";
import { StateBucket, StateBucketProps } from "../../../constructs/aws/state-bucket";
import { validationErrorOf } from "../../helpers/errors";
import { Json, onlyResource, synthConstruct } from "../../helpers/synth";

function synthBucket(props: Partial<Omit<StateBucketProps, "kmsKey">> = {}): Json {
  return synthConstruct((scope) => {
    const kmsKey = new KmsKey(scope, "key", {
      purpose: "state",
      aliasName: "acme-ai-tfstate",
      accountId: "222222222222",
      adminRoleArn: "arn:aws:iam::222222222222:role/admin",
    });
    new StateBucket(scope, "state", { bucketName: "acme-ai-tfstate-222222222222-eu-west-1", kmsKey, ...props });
  });
}

interface Statement {
  Sid: string;
  Effect: string;
  Principal: string;
  Action: string;
  Resource: string | string[];
  Condition: Record<string, Record<string, string>>;
}

describe("aws StateBucket", () => {
  const stack = synthBucket();

  test("bucket is never force-destroyed and refuses destroy plans", () => {
    const bucket = onlyResource(stack, "aws_s3_bucket");
    expect(bucket["bucket"]).toBe("acme-ai-tfstate-222222222222-eu-west-1");
    expect(bucket["force_destroy"]).toBe(false);
    expect(bucket["lifecycle"]).toEqual({ prevent_destroy: true });
  });

  test("versioning is enabled", () => {
    expect(onlyResource(stack, "aws_s3_bucket_versioning")["versioning_configuration"]).toEqual({ status: "Enabled" });
  });

  test("default encryption is SSE-KMS with the state key and a bucket key", () => {
    const rule = (onlyResource(stack, "aws_s3_bucket_server_side_encryption_configuration")["rule"] as Json[])[0]!;
    expect(rule["apply_server_side_encryption_by_default"]).toEqual({
      sse_algorithm: "aws:kms",
      kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\.key_[A-Z0-9]+\.arn\}$/),
    });
    expect(rule["bucket_key_enabled"]).toBe(true);
  });

  test("all four public access blocks are on", () => {
    const block = onlyResource(stack, "aws_s3_bucket_public_access_block");
    expect(block).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
  });

  test("ACLs are disabled (BucketOwnerEnforced)", () => {
    expect(onlyResource(stack, "aws_s3_bucket_ownership_controls")["rule"]).toEqual({ object_ownership: "BucketOwnerEnforced" });
  });

  test("bucket policy denies non-TLS requests on the bucket and its objects", () => {
    const policy = JSON.parse(onlyResource(stack, "aws_s3_bucket_policy")["policy"] as string) as { Statement: Statement[] };
    const tls = policy.Statement.find((s) => s.Sid === "DenyInsecureTransport")!;
    expect(tls.Effect).toBe("Deny");
    expect(tls.Action).toBe("s3:*");
    expect(tls.Condition).toEqual({ Bool: { "aws:SecureTransport": "false" } });
    expect(tls.Resource).toHaveLength(2);
  });

  test("bucket policy denies uploads that ask for an encryption other than SSE-KMS", () => {
    const policy = JSON.parse(onlyResource(stack, "aws_s3_bucket_policy")["policy"] as string) as { Statement: Statement[] };
    const sse = policy.Statement.find((s) => s.Sid === "DenyNonKmsEncryption")!;
    expect(sse.Effect).toBe("Deny");
    expect(sse.Action).toBe("s3:PutObject");
    expect(sse.Condition["StringNotEquals"]).toEqual({ "s3:x-amz-server-side-encryption": "aws:kms" });
  });

  test("superseded state versions are kept 365 days by default", () => {
    const rule = (onlyResource(stack, "aws_s3_bucket_lifecycle_configuration")["rule"] as Json[])[0]!;
    expect(rule["noncurrent_version_expiration"]).toEqual([{ noncurrent_days: 365 }]);
    expect(rule["status"]).toBe("Enabled");
  });

  test("#5 the bucket depends on its key, so a destroy never schedules the key's deletion while the bucket survives", () => {
    expect(onlyResource(stack, "aws_s3_bucket")["depends_on"]).toEqual([expect.stringMatching(/^aws_kms_key\.key_[A-Z0-9]+$/)]);
  });

  test("#1 exposes the bucket's name as the resource attribute, not the props literal", () => {
    const names: string[] = [];
    synthConstruct((scope) => {
      const kmsKey = new KmsKey(scope, "key", { purpose: "state", aliasName: "acme-ai-tfstate", accountId: "222222222222", adminRoleArn: "arn:aws:iam::222222222222:role/admin" });
      names.push(new StateBucket(scope, "state", { bucketName: "acme-ai-tfstate-222222222222-eu-west-1", kmsKey }).bucketName);
    });
    expect(names[0]).not.toBe("acme-ai-tfstate-222222222222-eu-west-1");
    expect(names[0]).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
  });

  test("rejects an invalid bucket name and a too-short version retention together", () => {
    const error = validationErrorOf(() => synthBucket({ bucketName: "Bad_Name", noncurrentVersionDays: 1 }));
    expect(error.problems.map((p) => [p.prop, p.code])).toEqual([
      ["bucketName", "S3_BUCKET_NAME_INVALID"],
      ["noncurrentVersionDays", "STATE_RETENTION_OUT_OF_RANGE"],
    ]);
  });
});

import { TerraformVariable } from "cdktf";
import { KmsKey } from "../../../constructs/aws/kms-key";
import { StateBucket, StateBucketProps } from "../../../constructs/aws/state-bucket";
import { validationErrorOf } from "../../helpers/errors";
import { resolved } from "../../helpers/resolve";
import { awsBucketsUseCustomerManagedKeys } from "../../checkers/cmk-encryption";
import { awsBucketsBlockPublicAccess } from "../../checkers/public-access";
import { awsBucketsAreTlsOnly } from "../../checkers/tls-only";
import { awsLogBucketsAreWriteOnce } from "../../checkers/write-once";
import { Json, onlyResource, resourcesOf, synthConstruct } from "../../helpers/synth";

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
    expect(bucket["tags"]).toEqual({ purpose: "state" });
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

  test("#1 bucket policy: exactly the TLS deny and the SSE-KMS deny, each for everyone, on the whole bucket", () => {
    const id = Object.keys(resourcesOf(stack, "aws_s3_bucket"))[0]!;
    const policy = JSON.parse(onlyResource(stack, "aws_s3_bucket_policy")["policy"] as string) as { Statement: Statement[] };
    expect(policy).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [`\${aws_s3_bucket.${id}.arn}`, `\${aws_s3_bucket.${id}.arn}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        {
          Sid: "DenyNonKmsEncryption",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:PutObject",
          Resource: `\${aws_s3_bucket.${id}.arn}/*`,
          Condition: { StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" }, Null: { "s3:x-amz-server-side-encryption": "false" } },
        },
      ],
    });
  });

  test("superseded state versions are kept 365 days by default, in one rule for every object", () => {
    expect(onlyResource(stack, "aws_s3_bucket_lifecycle_configuration")["rule"]).toEqual([
      {
        id: "expire-superseded-state",
        status: "Enabled",
        filter: [{ prefix: "" }],
        noncurrent_version_expiration: [{ noncurrent_days: 365 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      },
    ]);
  });

  test("#5 the bucket depends on its key, so a destroy never schedules the key's deletion while the bucket survives", () => {
    expect(onlyResource(stack, "aws_s3_bucket")["depends_on"]).toEqual([expect.stringMatching(/^aws_kms_key\.key_[A-Z0-9]+$/)]);
  });

  test("#1 exposes the bucket's name as the resource attribute, not the props literal", () => {
    const exposed: unknown[] = [];
    synthConstruct((scope) => {
      const kmsKey = new KmsKey(scope, "key", { purpose: "state", aliasName: "acme-ai-tfstate", accountId: "222222222222", adminRoleArn: "arn:aws:iam::222222222222:role/admin" });
      const state = new StateBucket(scope, "state", { bucketName: "acme-ai-tfstate-222222222222-eu-west-1", kmsKey });
      exposed.push(resolved(scope, state.bucketName), resolved(scope, state.bucketArn), resolved(scope, state.bucketId));
    });
    expect(exposed).toEqual([
      expect.stringMatching(/^\$\{aws_s3_bucket\.state_[A-Z0-9]+\.bucket\}$/),
      expect.stringMatching(/^\$\{aws_s3_bucket\.state_[A-Z0-9]+\.arn\}$/),
      expect.stringMatching(/^\$\{aws_s3_bucket\.state_[A-Z0-9]+\.id\}$/),
    ]);
  });

  test("rejects an invalid bucket name and a too-short version retention together", () => {
    const error = validationErrorOf(() => synthBucket({ bucketName: "Bad_Name", noncurrentVersionDays: 1 }));
    expect(error.problems.map((p) => [p.prop, p.code])).toEqual([
      ["bucketName", "AWS_S3_BUCKET_NAME_INVALID"],
      ["noncurrentVersionDays", "AWS_STATE_RETENTION_OUT_OF_RANGE"],
    ]);
  });
});

test("a bucket name known only at apply (a variable) passes; a literal one is checked", () => {
  const stack = synthConstruct((scope) => {
    const name = new TerraformVariable(scope, "state_bucket_name", { type: "string" });
    const kmsKey = new KmsKey(scope, "key", { purpose: "state", aliasName: "acme-ai-tfstate", accountId: "222222222222", adminRoleArn: "arn:aws:iam::222222222222:role/admin" });
    new StateBucket(scope, "state", { bucketName: name.stringValue, kmsKey });
  });
  expect(onlyResource(stack, "aws_s3_bucket")["bucket"]).toBe("${var.state_bucket_name}");
  for (const bucketName of ["acme..tfstate", "192.168.1.10", "-acme-tfstate", "acme-tfstate."]) {
    expect(validationErrorOf(() => synthBucket({ bucketName })).problems.map((p) => [p.code, p.value])).toEqual([["AWS_S3_BUCKET_NAME_INVALID", JSON.stringify(bucketName)]]);
  }
});

describe("aws StateBucket controls (test/checkers)", () => {
  const stack = synthBucket();
  const bucket = [expect.stringMatching(/^aws_s3_bucket\.state_[A-Z0-9]+$/)];

  test("TLS only, SSE-KMS with the state key, public access blocked", () => {
    expect(awsBucketsAreTlsOnly(stack)).toEqual({ status: "compliant", checked: bucket });
    expect(awsBucketsUseCustomerManagedKeys(stack)).toEqual({ status: "compliant", checked: bucket });
    expect(awsBucketsBlockPublicAccess(stack)).toEqual({ status: "compliant", checked: bucket });
  });

  test("not write-once: state is versioned and rewritten, it holds no evidence", () => {
    expect(awsLogBucketsAreWriteOnce(stack)).toEqual({ status: "not-applicable" });
  });
});

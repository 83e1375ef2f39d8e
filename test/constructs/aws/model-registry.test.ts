import { AccessLogBucket } from "../../../constructs/aws/access-log-bucket";
import { KmsKey } from "../../../constructs/aws/kms-key";
import { IRegistryGrantee, IdentityPolicyStatement, ModelRegistry, ModelRegistryProps } from "../../../constructs/aws/model-registry";
import { RETENTION_TIER_PRESETS } from "../../../constructs/shared/retention-presets";
import { ModelRegistrySpec } from "../../../constructs/shared/model-registry-spec";
import { awsBucketsUseCustomerManagedKeys } from "../../checkers/cmk-encryption";
import { awsBucketsBlockPublicAccess } from "../../checkers/public-access";
import { awsBucketsAreTlsOnly } from "../../checkers/tls-only";
import { validationErrorOf } from "../../helpers/errors";
import { Json, resourcesOf, synthApp, synthConstruct } from "../../helpers/synth";

interface Statement {
  Sid: string;
  Effect: string;
  Principal?: unknown;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

const PUBLISHER = "arn:aws:iam::222222222222:role/fraud-publisher";
const READER = "arn:aws:iam::222222222222:role/fraud-serving";
const GATE = "arn:aws:iam::222222222222:role/promotion-gate";

const SPEC: ModelRegistrySpec = {
  name: "fraud-scoring",
  publishers: [PUBLISHER],
  readers: [READER],
  lineageTags: ["dataset-digest", "source-commit", "eval-report"],
  approvedRetentionDays: 365,
  incomingExpiryDays: 14,
};

interface Built {
  registry?: ModelRegistry;
}

/** A registry of `SPEC` under its key, logging into an access-log bucket; `extra` runs after. */
function synthRegistry(props: Partial<ModelRegistryProps> = {}, extra: (r: ModelRegistry) => void = () => undefined, built: Built = {}): Json {
  return synthConstruct((scope) => {
    const kmsKey = new KmsKey(scope, "key", { purpose: "registry", aliasName: "acme-ai-prod-registry", accountId: "222222222222", adminRoleArn: "arn:aws:iam::222222222222:role/admin" });
    const accessLogBucket = new AccessLogBucket(scope, "access", { bucketName: "acme-ai-prod-access-logs-222222222222", accountId: "222222222222", retentionTier: RETENTION_TIER_PRESETS["audit-1y"] });
    const registry = new ModelRegistry(scope, "registry", {
      spec: SPEC,
      organization: "acme-ai",
      environment: "prod",
      accountId: "222222222222",
      region: "eu-west-1",
      kmsKey,
      accessLogBucket,
      ...props,
    });
    built.registry = registry;
    extra(registry);
  });
}

/** The one resource of `type` whose logical id starts with `prefix`. */
function one(stack: Json, type: string, prefix = "registry_"): Json {
  const found = Object.entries(resourcesOf(stack, type)).filter(([id]) => id.startsWith(prefix));
  if (found.length !== 1) throw new Error(`expected one ${type} ${prefix}*, found ${found.length}`);
  return found[0]![1];
}

function bucketPolicy(stack: Json): Statement[] {
  return (JSON.parse(one(stack, "aws_s3_bucket_policy")["policy"] as string) as { Statement: Statement[] }).Statement;
}

function keyPolicy(stack: Json): Statement[] {
  return (JSON.parse(one(stack, "aws_kms_key", "key_")["policy"] as string) as { Statement: Statement[] }).Statement;
}

const BUCKET_ARN = /^\$\{aws_s3_bucket\.registry_[A-Z0-9]+\.arn\}$/;
const arnWith = (suffix: string): unknown => expect.stringMatching(new RegExp(`^\\$\\{aws_s3_bucket\\.registry_[A-Z0-9]+\\.arn\\}${suffix.replace(/[*/]/g, "\\$&")}$`));
const KEY_ARN = expect.stringMatching(/^\$\{aws_kms_key\.key_[A-Z0-9]+\.arn\}$/);

describe("#9 aws ModelRegistry", () => {
  const stack = synthRegistry();

  test("#9 bucket: derived name, Object Lock at creation, never force-destroyed, protected, tagged as a registry, outlived by its key", () => {
    const bucket = one(stack, "aws_s3_bucket");
    expect(bucket["bucket"]).toBe("acme-ai-prod-models-fraud-scoring-222222222222");
    expect(bucket["object_lock_enabled"]).toBe(true);
    expect(bucket["force_destroy"]).toBe(false);
    expect(bucket["lifecycle"]).toEqual({ prevent_destroy: true });
    expect(bucket["tags"]).toEqual({ purpose: "model-registry", registry: "fraud-scoring" });
    expect(bucket["depends_on"]).toEqual([expect.stringMatching(/^aws_kms_key\.key_[A-Z0-9]+$/)]);
  });

  test("#9 no default retention: the gate sets retention per object on approved/ copies", () => {
    expect(resourcesOf(stack, "aws_s3_bucket_object_lock_configuration")).toEqual({});
  });

  test("#9 versioned, SSE-KMS with the registry key and a bucket key, all public access blocked, ACLs disabled", () => {
    expect(one(stack, "aws_s3_bucket_versioning")["versioning_configuration"]).toEqual({ status: "Enabled" });
    expect(one(stack, "aws_s3_bucket_server_side_encryption_configuration")["rule"]).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: KEY_ARN }, bucket_key_enabled: true },
    ]);
    expect(one(stack, "aws_s3_bucket_public_access_block")).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(one(stack, "aws_s3_bucket_ownership_controls")["rule"]).toEqual({ object_ownership: "BucketOwnerEnforced" });
  });

  test("#9 the shared checkers pass: TLS only, customer-managed key, public access blocked", () => {
    expect(awsBucketsAreTlsOnly(stack).status).toBe("compliant");
    expect(awsBucketsUseCustomerManagedKeys(stack).status).toBe("compliant");
    expect(awsBucketsBlockPublicAccess(stack).status).toBe("compliant");
  });

  test("#9 server access logs go to the access-log bucket under registry-<name>/", () => {
    const logging = Object.values(resourcesOf(stack, "aws_s3_bucket_logging"));
    expect(logging).toHaveLength(1);
    expect(logging[0]).toMatchObject({
      bucket: expect.stringMatching(/^\$\{aws_s3_bucket\.registry_[A-Z0-9]+\.id\}$/),
      target_bucket: expect.stringMatching(/^\$\{aws_s3_bucket\.access_[A-Z0-9]+\.id\}$/),
      target_prefix: "registry-fraud-scoring/",
    });
  });

  test("#9 lifecycle: incoming/ expires after incomingExpiryDays, its noncurrent versions a day later; incomplete uploads abort; nothing for approved/", () => {
    const lifecycle = one(stack, "aws_s3_bucket_lifecycle_configuration");
    expect(lifecycle["depends_on"]).toEqual([expect.stringMatching(/^aws_s3_bucket_versioning\.registry_/)]);
    expect(lifecycle["rule"]).toEqual([
      { id: "incoming-expiry", status: "Enabled", filter: [{ prefix: "incoming/" }], expiration: [{ days: 14 }], noncurrent_version_expiration: [{ noncurrent_days: 1 }] },
      { id: "incoming-delete-markers", status: "Enabled", filter: [{ prefix: "incoming/" }], expiration: [{ expired_object_delete_marker: true }] },
      { id: "abort-incomplete-uploads", status: "Enabled", filter: [{ prefix: "" }], abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }] },
    ]);
    const expiry = one(synthRegistry({ spec: { ...SPEC, incomingExpiryDays: 3 } }), "aws_s3_bucket_lifecycle_configuration")["rule"] as Json[];
    expect(expiry[0]!["expiration"]).toEqual([{ days: 3 }]);
  });

  test("#9 the policy is applied after the public access block", () => {
    expect(one(stack, "aws_s3_bucket_policy")["depends_on"]).toEqual([expect.stringMatching(/^aws_s3_bucket_public_access_block\.registry_/)]);
  });

  test("#9 policy: TLS only, SSE-KMS only, the registry key only", () => {
    const byId = (sid: string): Statement | undefined => bucketPolicy(stack).find((s) => s.Sid === sid);
    expect(byId("DenyInsecureTransport")).toEqual({
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [expect.stringMatching(BUCKET_ARN), arnWith("/*")],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    expect(byId("DenyNonKmsEncryption")).toEqual({
      Sid: "DenyNonKmsEncryption",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: arnWith("/*"),
      Condition: { StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" }, Null: { "s3:x-amz-server-side-encryption": "false" } },
    });
    expect(byId("DenyOtherKmsKeys")).toEqual({
      Sid: "DenyOtherKmsKeys",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: arnWith("/*"),
      Condition: { StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": KEY_ARN }, Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" } },
    });
  });

  test("#9 policy: one lineage Deny per tag on incoming/ uploads that declare SSE, one per tag on retagging, no tag deletion, no copies in", () => {
    const lineage = bucketPolicy(stack).filter((s) => /^DenyIncoming|^DenyCopy/.test(s.Sid));
    const upload = (sid: string, tag: string): Statement => ({
      Sid: sid,
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: arnWith("/incoming/*") as string,
      Condition: { Null: { [`s3:RequestObjectTag/${tag}`]: "true", "s3:x-amz-server-side-encryption": "false" } },
    });
    const retag = (sid: string, tag: string): Statement => ({
      Sid: sid,
      Effect: "Deny",
      Principal: "*",
      Action: ["s3:PutObjectTagging", "s3:PutObjectVersionTagging"],
      Resource: arnWith("/incoming/*") as string,
      Condition: { Null: { [`s3:RequestObjectTag/${tag}`]: "true" } },
    });
    expect(lineage).toEqual([
      upload("DenyIncomingUploadWithoutDatasetDigest", "dataset-digest"),
      retag("DenyIncomingRetagWithoutDatasetDigest", "dataset-digest"),
      upload("DenyIncomingUploadWithoutSourceCommit", "source-commit"),
      retag("DenyIncomingRetagWithoutSourceCommit", "source-commit"),
      upload("DenyIncomingUploadWithoutEvalReport", "eval-report"),
      retag("DenyIncomingRetagWithoutEvalReport", "eval-report"),
      { Sid: "DenyIncomingTagDeletion", Effect: "Deny", Principal: "*", Action: ["s3:DeleteObjectTagging", "s3:DeleteObjectVersionTagging"], Resource: arnWith("/incoming/*") },
      { Sid: "DenyCopyIntoIncoming", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: arnWith("/incoming/*"), Condition: { Null: { "s3:x-amz-copy-source": "false" } } },
    ]);
  });

  test("#9 policy: a fourth lineage tag from config gets its own pair of Denies", () => {
    const sids = bucketPolicy(synthRegistry({ spec: { ...SPEC, lineageTags: ["dataset-digest", "source-commit", "eval-report", "base-model"] } })).map((s) => s.Sid);
    expect(sids.filter((s) => s.startsWith("DenyIncomingUploadWithout"))).toEqual([
      "DenyIncomingUploadWithoutDatasetDigest",
      "DenyIncomingUploadWithoutSourceCommit",
      "DenyIncomingUploadWithoutEvalReport",
      "DenyIncomingUploadWithoutBaseModel",
    ]);
    expect(sids.filter((s) => s.startsWith("DenyIncomingRetagWithout"))).toHaveLength(4);
  });

  const APPROVED_ACTIONS = [
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:DeleteObjectVersion",
    "s3:PutObjectTagging",
    "s3:PutObjectVersionTagging",
    "s3:DeleteObjectTagging",
    "s3:DeleteObjectVersionTagging",
    "s3:PutObjectAcl",
    "s3:PutObjectVersionAcl",
    "s3:PutObjectRetention",
    "s3:PutObjectLegalHold",
    "s3:BypassGovernanceRetention",
  ];

  test("#9 policy: without a gate nobody changes approved/; nobody deletes a version; nobody changes the Object Lock configuration", () => {
    const byId = (sid: string): Statement | undefined => bucketPolicy(stack).find((s) => s.Sid === sid);
    expect(byId("DenyApprovedChangesButGate")).toEqual({ Sid: "DenyApprovedChangesButGate", Effect: "Deny", Principal: "*", Action: APPROVED_ACTIONS, Resource: arnWith("/approved/*") });
    expect(byId("DenyObjectVersionDeletion")).toEqual({ Sid: "DenyObjectVersionDeletion", Effect: "Deny", Principal: "*", Action: "s3:DeleteObjectVersion", Resource: arnWith("/*") });
    expect(byId("DenyObjectLockConfigurationChanges")).toEqual({
      Sid: "DenyObjectLockConfigurationChanges",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutBucketObjectLockConfiguration",
      Resource: expect.stringMatching(BUCKET_ARN),
    });
  });

  test("#9 policy: with a gate role, approved/ changes are denied to every principal but that role", () => {
    const statement = bucketPolicy(synthRegistry({ gateRoleArn: GATE })).find((s) => s.Sid === "DenyApprovedChangesButGate");
    expect(statement).toEqual({
      Sid: "DenyApprovedChangesButGate",
      Effect: "Deny",
      Principal: "*",
      Action: APPROVED_ACTIONS,
      Resource: arnWith("/approved/*"),
      Condition: { ArnNotEquals: { "aws:PrincipalArn": GATE } },
    });
  });

  const PUBLISH_KEY = { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com", "kms:EncryptionContext:aws:s3:arn": expect.stringMatching(BUCKET_ARN) } };

  test("#9 configured publishers may upload and list under incoming/ and use the key through S3 for this bucket", () => {
    const allows = bucketPolicy(stack).filter((s) => s.Effect === "Allow" && s.Sid.startsWith("Publish"));
    expect(allows).toEqual([
      { Sid: "PublishIncomingObjects", Effect: "Allow", Principal: { AWS: [PUBLISHER] }, Action: ["s3:PutObject", "s3:PutObjectTagging", "s3:AbortMultipartUpload"], Resource: arnWith("/incoming/*") },
      {
        Sid: "PublishIncomingList",
        Effect: "Allow",
        Principal: { AWS: [PUBLISHER] },
        Action: "s3:ListBucket",
        Resource: expect.stringMatching(BUCKET_ARN),
        Condition: { StringLike: { "s3:prefix": ["incoming/", "incoming/*"] } },
      },
    ]);
    expect(keyPolicy(stack).filter((s) => s.Sid.startsWith("Publish"))).toEqual([
      { Sid: expect.stringMatching(/^PublishModelsFraudScoring[0-9a-f]{4}Key$/), Effect: "Allow", Principal: { AWS: [PUBLISHER] }, Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: "*", Condition: PUBLISH_KEY },
    ]);
  });

  test("#9 configured readers may read and list approved/ only, and decrypt through S3 for this bucket", () => {
    const allows = bucketPolicy(stack).filter((s) => s.Effect === "Allow" && s.Sid.startsWith("Read"));
    expect(allows).toEqual([
      { Sid: "ReadApprovedObjects", Effect: "Allow", Principal: { AWS: [READER] }, Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectTagging"], Resource: arnWith("/approved/*") },
      {
        Sid: "ReadApprovedList",
        Effect: "Allow",
        Principal: { AWS: [READER] },
        Action: "s3:ListBucket",
        Resource: expect.stringMatching(BUCKET_ARN),
        Condition: { StringLike: { "s3:prefix": ["approved/", "approved/*"] } },
      },
    ]);
    expect(keyPolicy(stack).filter((s) => s.Sid.startsWith("Read"))).toEqual([
      { Sid: expect.stringMatching(/^ReadModelsFraudScoring[0-9a-f]{4}Key$/), Effect: "Allow", Principal: { AWS: [READER] }, Action: ["kms:Decrypt"], Resource: "*", Condition: PUBLISH_KEY },
    ]);
  });

  test("#9 roles granted the same prefix share one statement per policy; a repeated grant adds nothing", () => {
    const other = "arn:aws:iam::222222222222:role/second-publisher";
    const s = synthRegistry({ spec: { ...SPEC, publishers: [PUBLISHER, other] } }, (r) => r.grantPublish(PUBLISHER));
    const publish = bucketPolicy(s).filter((st) => st.Sid.startsWith("Publish"));
    expect(publish.map((st) => [st.Sid, st.Principal])).toEqual([
      ["PublishIncomingObjects", { AWS: [PUBLISHER, other] }],
      ["PublishIncomingList", { AWS: [PUBLISHER, other] }],
    ]);
    expect(keyPolicy(s).filter((st) => st.Sid.startsWith("Publish")).map((st) => st.Principal)).toEqual([{ AWS: [PUBLISHER, other] }]);
  });

  test("#9 the China partition binds key use to the .com.cn S3 endpoint", () => {
    const china = synthRegistry({ partition: "aws-cn", region: "cn-north-1", spec: { ...SPEC, publishers: [], readers: ["arn:aws-cn:iam::222222222222:role/serving"] } });
    expect(keyPolicy(china).find((s) => s.Sid.startsWith("Read"))?.Condition?.["StringEquals"]?.["kms:ViaService"]).toBe("s3.cn-north-1.amazonaws.com.cn");
  });

  describe("grants with a model", () => {
    const grants: Record<string, IdentityPolicyStatement[]> = {};
    const withModel = synthRegistry({ grantConfiguredPrincipals: false }, (r) => {
      grants["publish"] = r.grantPublish(PUBLISHER, "fraud-model");
      grants["read"] = r.grantRead(READER, "fraud-model");
    });

    test("#9 statements are scoped to the model's prefix: no object resource is bucket-wide or area-wide", () => {
      const allows = bucketPolicy(withModel).filter((s) => s.Effect === "Allow");
      expect(allows.map((s) => [s.Sid.replace(/[0-9a-f]{6}(?=Objects|List)/, "<h>"), s.Resource, s.Condition])).toEqual([
        ["PublishIncomingFraudModel<h>Objects", arnWith("/incoming/fraud-model/*"), undefined],
        ["PublishIncomingFraudModel<h>List", expect.stringMatching(BUCKET_ARN), { StringLike: { "s3:prefix": ["incoming/fraud-model/", "incoming/fraud-model/*"] } }],
        ["ReadApprovedFraudModel<h>Objects", arnWith("/approved/fraud-model/*"), undefined],
        ["ReadApprovedFraudModel<h>List", expect.stringMatching(BUCKET_ARN), { StringLike: { "s3:prefix": ["approved/fraud-model/", "approved/fraud-model/*"] } }],
      ]);
      const objectResources = allows.filter((s) => s.Sid.endsWith("Objects")).flatMap((s) => [s.Resource].flat());
      expect(objectResources).toHaveLength(2);
      expect(objectResources.filter((r) => /\}\/\*$|\}\/(incoming|approved)\/\*$/.test(r))).toEqual([]);
    });

    test("#9 no grant has a `*` action, in the bucket policy, the key policy or the identity form", () => {
      const allowActions = [...bucketPolicy(withModel), ...keyPolicy(withModel)]
        .filter((s) => s.Effect === "Allow" && /^(Publish|Read)/.test(s.Sid))
        .flatMap((s) => [s.Action].flat());
      const identityActions = [...grants["publish"]!, ...grants["read"]!].flatMap((s) => [s.Action].flat());
      expect(allowActions).toHaveLength(11);
      expect(identityActions).toHaveLength(11);
      expect([...allowActions, ...identityActions].filter((a) => a.includes("*"))).toEqual([]);
    });

    test("#9 the identity form names the model's objects, the bucket and the key ARN, never `*`", () => {
      const built: Built = {};
      let read: IdentityPolicyStatement[] = [];
      synthRegistry({ grantConfiguredPrincipals: false }, (r) => (read = r.grantRead(READER, "fraud-model")), built);
      const r = built.registry!;
      expect(read.map((s) => s.Resource)).toEqual([`${r.bucketArn}/approved/fraud-model/*`, r.bucketArn, r.kmsKey.keyArn]);
    });
  });

  test("#9 a grantee object receives the statements in its identity policy; the bucket and key policies stay without it", () => {
    const received: IdentityPolicyStatement[] = [];
    const role: IRegistryGrantee = { roleArn: "arn:aws:iam::222222222222:role/fn-deploy", addToPrincipalPolicy: (s) => received.push(s) };
    const s = synthRegistry({ grantConfiguredPrincipals: false }, (r) => r.grantRead(role, "fraud-model"));
    expect(received.map((st) => [st.Effect, st.Action])).toEqual([
      ["Allow", ["s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectTagging"]],
      ["Allow", "s3:ListBucket"],
      ["Allow", ["kms:Decrypt"]],
    ]);
    expect(received.map((st) => Object.keys(st).includes("Principal"))).toEqual([false, false, false]);
    expect(bucketPolicy(s).filter((st) => st.Effect === "Allow")).toEqual([]);
    expect(keyPolicy(s).filter((st) => /^(Publish|Read)/.test(st.Sid))).toEqual([]);
  });

  test("#9 exposes the bucket and the approved/ URI by attribute", () => {
    const built: Built = {};
    synthRegistry({}, () => undefined, built);
    expect(built.registry!.approvedUri).toMatch(/^s3:\/\/\$\{TfToken\[TOKEN\.\d+\]\}\/approved\/$/);
    expect(built.registry!.lineageTags).toEqual(["dataset-digest", "source-commit", "eval-report"]);
  });

  test("#9 loosening is explicit: preventDestroy false", () => {
    expect(one(synthRegistry({ preventDestroy: false }), "aws_s3_bucket")["lifecycle"]).toEqual({ prevent_destroy: false });
  });

  describe("multipart uploads against the lineage Denies", () => {
    /*
     * A small evaluator of this policy's Deny statements (Null, Bool, StringNotEquals,
     * ArnNotEquals; Resource `*` globs), fed the condition keys each S3 call carries: tags only
     * where x-amz-tagging is sent (PutObject, CreateMultipartUpload), the SSE header only on
     * PutObject and CreateMultipartUpload (UploadPart and CompleteMultipartUpload do not accept
     * it), all of them authorised as s3:PutObject.
     */
    const KEY = "arn:aws:kms:eu-west-1:222222222222:key/k";
    const denies = (): Statement[] =>
      bucketPolicy(stack)
        .filter((s) => s.Effect === "Deny")
        .map((s) => JSON.parse(JSON.stringify(s).replace(/\$\{aws_s3_bucket\.registry_[A-Z0-9]+\.arn\}/g, "arn:aws:s3:::reg").replace(/\$\{aws_kms_key\.key_[A-Z0-9]+\.arn\}/g, KEY)) as Statement);
    const glob = (p: string, t: string): boolean => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`).test(t);
    function denied(action: string, key: string, context: Record<string, string>): string[] {
      const holds = (operator: string, k: string, v: string | string[]): boolean => {
        const want = [v].flat();
        const got = context[k];
        if (operator === "Null") return (got === undefined) === (want[0] === "true");
        if (operator === "Bool") return got !== undefined && want.includes(got);
        if (operator === "StringNotEquals" || operator === "ArnNotEquals") return got === undefined || !want.includes(got);
        throw new Error(`operator ${operator} not modelled`);
      };
      return denies()
        .filter((s) => [s.Action].flat().some((a) => glob(a, action)) && [s.Resource].flat().some((r) => glob(r, `arn:aws:s3:::reg/${key}`)))
        .filter((s) => Object.entries(s.Condition ?? {}).every(([op, block]) => Object.entries(block).every(([k, v]) => holds(op, k, v))))
        .map((s) => s.Sid);
    }
    const secure = { "aws:SecureTransport": "true" };
    const sse = { "s3:x-amz-server-side-encryption": "aws:kms", "s3:x-amz-server-side-encryption-aws-kms-key-id": KEY };
    const tags = { "s3:RequestObjectTag/dataset-digest": "sha256:ab", "s3:RequestObjectTag/source-commit": "0123abc", "s3:RequestObjectTag/eval-report": "s3://r/e.json" };
    const object = "incoming/fraud-model/v1/model.safetensors";

    test("#9 CreateMultipartUpload with every tag, then UploadPart and CompleteMultipartUpload, pass", () => {
      expect(denied("s3:PutObject", object, { ...secure, ...sse, ...tags })).toEqual([]);
      expect(denied("s3:PutObject", object, { ...secure })).toEqual([]);
    });

    test("#9 CreateMultipartUpload or PutObject missing one tag is denied by that tag's statement", () => {
      const partial = Object.fromEntries(Object.entries(tags).filter(([k]) => k !== "s3:RequestObjectTag/source-commit"));
      expect(denied("s3:PutObject", object, { ...secure, ...sse, ...partial })).toEqual(["DenyIncomingUploadWithoutSourceCommit"]);
      expect(denied("s3:PutObject", object, { ...secure, ...sse })).toEqual(["DenyIncomingUploadWithoutDatasetDigest", "DenyIncomingUploadWithoutSourceCommit", "DenyIncomingUploadWithoutEvalReport"]);
    });

    test("#9 a copy into incoming/ is denied even with tags; under approved/ every write is denied without a gate", () => {
      expect(denied("s3:PutObject", object, { ...secure, ...sse, ...tags, "s3:x-amz-copy-source": "other/x" })).toEqual(["DenyCopyIntoIncoming"]);
      expect(denied("s3:PutObject", "approved/fraud-model/v1/model.safetensors", { ...secure, ...sse, ...tags })).toEqual(["DenyApprovedChangesButGate"]);
    });

    test("#9 a new tag set under incoming/ must keep every lineage tag; deleting tags is denied", () => {
      expect(denied("s3:PutObjectTagging", object, { ...secure, ...tags })).toEqual([]);
      expect(denied("s3:PutObjectTagging", object, { ...secure, "s3:RequestObjectTag/dataset-digest": "x" })).toEqual(["DenyIncomingRetagWithoutSourceCommit", "DenyIncomingRetagWithoutEvalReport"]);
      expect(denied("s3:DeleteObjectTagging", object, { ...secure })).toEqual(["DenyIncomingTagDeletion"]);
    });
  });

  describe("validation", () => {
    const codes = (build: () => unknown): string[][] => validationErrorOf(build).problems.map((p) => [p.prop, p.code]);

    test("#9 bad registry name, account, partition, gate role, days", () => {
      expect(
        codes(() =>
          synthRegistry({ spec: { ...SPEC, name: "Fraud_Scoring", incomingExpiryDays: 0, approvedRetentionDays: 40_000 }, accountId: "1234", partition: "aws-eu", gateRoleArn: "arn:aws:iam::222222222222:user/gate" }),
        ),
      ).toEqual([
        ["spec.name", "AWS_REGISTRY_NAME_INVALID"],
        ["accountId", "AWS_ACCOUNT_ID_INVALID"],
        ["partition", "AWS_PARTITION_INVALID"],
        ["gateRoleArn", "AWS_REGISTRY_GATE_ROLE_INVALID"],
        ["spec.incomingExpiryDays", "AWS_REGISTRY_INCOMING_EXPIRY_OUT_OF_RANGE"],
        ["spec.approvedRetentionDays", "AWS_REGISTRY_APPROVED_RETENTION_OUT_OF_RANGE"],
      ]);
    });

    test("#9 lineage tags: 1 to 9, each once, each a valid key", () => {
      expect(codes(() => synthRegistry({ spec: { ...SPEC, lineageTags: [] } }))).toEqual([["spec.lineageTags", "AWS_REGISTRY_LINEAGE_TAG_COUNT"]]);
      expect(codes(() => synthRegistry({ spec: { ...SPEC, lineageTags: Array.from({ length: 10 }, (_, i) => `t${i}`) } }))).toEqual([["spec.lineageTags", "AWS_REGISTRY_LINEAGE_TAG_COUNT"]]);
      expect(codes(() => synthRegistry({ spec: { ...SPEC, lineageTags: ["dataset-digest", "dataset-digest", "Bad Tag"] } }))).toEqual([
        ["spec.lineageTags", "AWS_REGISTRY_LINEAGE_TAG_DUPLICATE"],
        ["spec.lineageTags[2]", "AWS_REGISTRY_LINEAGE_TAG_INVALID"],
      ]);
    });

    test("#9 publishers and readers: role ARNs, each once, at most 20", () => {
      expect(codes(() => synthRegistry({ spec: { ...SPEC, publishers: [PUBLISHER, PUBLISHER, "arn:aws:iam::222222222222:root"], readers: Array.from({ length: 21 }, (_, i) => `arn:aws:iam::222222222222:role/r${i}`) } }))).toEqual([
        ["spec.publishers", "AWS_REGISTRY_PRINCIPAL_DUPLICATE"],
        ["spec.publishers[2]", "AWS_REGISTRY_PRINCIPAL_INVALID"],
        ["spec.readers", "AWS_REGISTRY_TOO_MANY_PRINCIPALS"],
      ]);
    });

    test("#9 the limits are inclusive: 1 and 9 lineage tags, 20 publishers, are accepted", () => {
      const single = synthRegistry({ spec: { ...SPEC, lineageTags: ["dataset-digest"] } });
      const nine = synthRegistry({ spec: { ...SPEC, lineageTags: Array.from({ length: 9 }, (_, i) => `t${i}`) } });
      const twenty = synthRegistry({ spec: { ...SPEC, publishers: Array.from({ length: 20 }, (_, i) => `arn:aws:iam::222222222222:role/p${i}`) } });
      const lineageDenies = (stack: Json) => (JSON.parse(String(one(stack, "aws_s3_bucket_policy")["policy"])) as { Statement: Array<{ Sid: string }> }).Statement.filter((st) => st.Sid.startsWith("DenyIncomingUploadWithout")).length;
      expect([lineageDenies(single), lineageDenies(nine), lineageDenies(twenty)]).toEqual([1, 9, 3]);
    });

    test("#9 problems name the duplicates and the accepted range", () => {
      const problems = validationErrorOf(() => synthRegistry({ spec: { ...SPEC, lineageTags: ["a", "a"], publishers: [PUBLISHER, PUBLISHER], readers: Array.from({ length: 21 }, (_, i) => `arn:aws:iam::222222222222:role/r${i}`) } })).problems;
      expect(problems.map((p) => [p.code, p.value, p.accepted])).toEqual([
        ["AWS_REGISTRY_LINEAGE_TAG_DUPLICATE", '"a,a"', "each tag once"],
        ["AWS_REGISTRY_PRINCIPAL_DUPLICATE", `"${PUBLISHER},${PUBLISHER}"`, "each role once"],
        ["AWS_REGISTRY_TOO_MANY_PRINCIPALS", "21", "at most 20"],
      ]);
    });

    test("#9 a grant refuses a model name that could reach other models, and a grantee that is not a role", () => {
      expect(codes(() => synthRegistry({}, (r) => r.grantPublish(PUBLISHER, "fraud/*")))).toEqual([["model", "AWS_REGISTRY_MODEL_NAME_INVALID"]]);
      expect(codes(() => synthRegistry({}, (r) => r.grantRead(READER, "")))).toEqual([["model", "AWS_REGISTRY_MODEL_NAME_INVALID"]]);
      expect(codes(() => synthRegistry({}, (r) => r.grantRead("arn:aws:iam::222222222222:user/alice")))).toEqual([["grantee", "AWS_REGISTRY_PRINCIPAL_INVALID"]]);
    });
  });
});

describe("#9 aws module: registries from the default config", () => {
  test("#9 each configured registry is a bucket with its outputs: bucket name and approved/ URI", () => {
    const stacks = synthApp("aws-registries");
    const dev = JSON.parse(stacks.get("aws-dev")!) as Json;
    const outputs = (dev["output"] ?? {}) as Record<string, { value: string; description: string }>;
    const registryOutputs = Object.keys(outputs).filter((k) => /^registry-.*-(bucket|uri)$/.test(k)).sort();
    expect(registryOutputs).toEqual(["registry-fraud-scoring-bucket", "registry-fraud-scoring-uri", "registry-llm-adapters-bucket", "registry-llm-adapters-uri"]);
    expect(outputs["registry-fraud-scoring-bucket"]!.value).toMatch(/^\$\{aws_s3_bucket\.supply-chain_registries_fraud-scoring_[A-Z0-9]+\.bucket\}$/);
    expect(outputs["registry-fraud-scoring-uri"]!.value).toMatch(/^s3:\/\/\$\{aws_s3_bucket\.supply-chain_registries_fraud-scoring_[A-Z0-9]+\.bucket\}\/approved\/$/);
    expect(outputs["registry-llm-adapters-uri"]!.description).toContain("MLflow");
    const buckets = Object.values(resourcesOf(dev, "aws_s3_bucket")).filter((b) => (b["tags"] as Json | undefined)?.["purpose"] === "model-registry");
    expect(buckets.map((b) => b["bucket"]).sort()).toEqual(["acme-ai-dev-models-fraud-scoring-111111111111", "acme-ai-dev-models-llm-adapters-111111111111"]);
  });
});

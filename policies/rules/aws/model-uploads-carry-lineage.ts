import { Json, Resource } from "../../model";
import { Problems, resourceRule } from "../../rule";
import { conditionsOf } from "../../support/aws-iam";
import { checkRegistryBucket, coversAction, coversPrefix, deniesEveryone, registryPlan, registryStack } from "../../support/aws-registry";

/**
 * A model registry bucket (constructs/aws/model-registry.ts) is recognised by its `purpose`
 * tag, not by its policy: a registry whose lineage statements were removed must be found, not
 * skipped. Its policy refuses an upload under `incoming/` that lacks any lineage tag with one
 * Deny per tag, `Null: { "s3:RequestObjectTag/<key>": "true" }`: the keys of one Null block are
 * ANDed (IAM User Guide, "Condition operators", multiple keys), so one statement naming several
 * tags denies only when all of them are missing. The blueprint also requires the
 * `x-amz-server-side-encryption` header to be present (`Null ... "false"`) so that UploadPart
 * and CompleteMultipartUpload, which carry no tags, still pass (the construct's policy comment
 * gives the sources); no other condition may narrow the Deny. A new tag set (PutObjectTagging)
 * must keep each tag, and tags under `incoming/` cannot be deleted.
 */

/** The one extra Null condition a lineage Deny may carry: the SSE header is present. */
const MULTIPART_EXEMPTION = { key: "s3:x-amz-server-side-encryption", value: "false" };

const TAG_KEY_PREFIX = "s3:requestobjecttag/";

/** The tag keys a statement's Null conditions require to be absent (`"true"`). */
function absentTags(statement: Json): string[] {
  return conditionsOf(statement)
    .filter((c) => c.operator === "Null" && c.key.toLowerCase().startsWith(TAG_KEY_PREFIX) && c.values.map((v) => v.toLowerCase()).includes("true"))
    .map((c) => c.key.slice(TAG_KEY_PREFIX.length));
}

/** Conditions other than the tag's Null and the multipart exemption: each narrows the Deny. */
function narrowing(statement: Json): string[] {
  return conditionsOf(statement)
    .filter((c) => !(c.operator === "Null" && c.key.toLowerCase().startsWith(TAG_KEY_PREFIX)))
    .filter((c) => !(c.operator === "Null" && c.key.toLowerCase() === MULTIPART_EXEMPTION.key && c.values.length === 1 && String(c.values[0]).toLowerCase() === MULTIPART_EXEMPTION.value))
    .map((c) => `${c.operator} ${c.key}`);
}

function sidOf(statement: Json): string {
  return typeof statement["Sid"] === "string" ? statement["Sid"] : "(no Sid)";
}

function checkLineage(bucket: Resource, statements: Json[], problems: Problems): void {
  const candidates = statements.filter((s) => deniesEveryone(s) && coversPrefix(s, bucket, "incoming/") && absentTags(s).length > 0);
  const uploads = candidates.filter((s) => coversAction(s, "s3:PutObject"));
  for (const s of uploads.filter((u) => absentTags(u).length > 1)) {
    problems.error(`${sidOf(s)} names ${absentTags(s).length} tags in one Null block: the keys are ANDed, so it denies only when every tag is absent`);
  }
  const qualifying = (s: Json): boolean => absentTags(s).length === 1 && narrowing(s).length === 0;
  for (const s of uploads.filter((u) => absentTags(u).length === 1 && narrowing(u).length > 0)) {
    problems.error(`${sidOf(s)} is narrowed by ${narrowing(s).join(", ")}: some uploads without ${absentTags(s)[0]} are allowed`);
  }
  const required = [...new Set(uploads.filter(qualifying).map((s) => absentTags(s)[0]!))].sort();
  if (required.length === 0) {
    problems.error("no Deny of s3:PutObject under incoming/ for every principal when a lineage tag is absent (Null s3:RequestObjectTag/<key> true)");
    return;
  }
  const retags = candidates.filter((s) => coversAction(s, "s3:PutObjectTagging") && qualifying(s));
  const kept = new Set(retags.map((s) => absentTags(s)[0]!));
  const strippable = required.filter((t) => !kept.has(t));
  if (strippable.length > 0) problems.error(`no Deny of s3:PutObjectTagging under incoming/ without ${strippable.join(", ")}: a new tag set can drop the lineage`);
  const deletes = statements.some((s) => deniesEveryone(s) && coversPrefix(s, bucket, "incoming/") && coversAction(s, "s3:DeleteObjectTagging") && conditionsOf(s).length === 0);
  if (!deletes) problems.error("no unconditional Deny of s3:DeleteObjectTagging under incoming/: the lineage tags can be removed after upload");
}

export const rule = resourceRule({
  control: "MODEL-LINEAGE-REQUIRED",
  cloud: "aws",
  title: "Model registry buckets refuse uploads without their lineage tags",
  severity: "error",
  appliesTo: ["aws_s3_bucket"],
  mappings: { nist80053: ["SR-4", "SR-11", "CM-14"] },
  rationale: "A model without its dataset digest, training commit and evaluation report cannot be traced or reviewed; refusing the upload at the bucket keeps untraced artifacts out of the registry instead of relying on every publisher to remember.",
  fix: "Create registry buckets with ModelRegistry (constructs/aws/model-registry.ts): one Deny of s3:PutObject on <bucket>/incoming/* per lineage tag with Null s3:RequestObjectTag/<key> true, the matching PutObjectTagging Deny, and a Deny of DeleteObjectTagging under incoming/.",
  check(bucket, context) {
    return checkRegistryBucket(bucket, context, (statements, problems) => checkLineage(bucket, statements, problems));
  },
  tests: {
    compliance: [
      {
        name: "one Deny per tag, multipart exempted by the SSE header, retag and tag deletion denied",
        stack: registryStack([
          ...["dataset-digest", "source-commit"].map((tag) => uploadDeny(tag)),
          ...["dataset-digest", "source-commit"].map((tag) => retagDeny(tag)),
          { Sid: "DenyIncomingTagDeletion", Effect: "Deny", Principal: "*", Action: ["s3:DeleteObjectTagging", "s3:DeleteObjectVersionTagging"], Resource: "${aws_s3_bucket.r.arn}/incoming/*" },
        ]),
      },
      {
        name: "a plan with literal ARNs, a bucket-wide Deny without the exemption and s3:*Tagging",
        plan: registryPlan([
          { Effect: "Deny", Principal: { AWS: "*" }, Action: ["s3:PutObject", "s3:PutObjectTagging"], Resource: "arn:aws:s3:::models/*", Condition: { Null: { "s3:RequestObjectTag/dataset-digest": true } } },
          { Effect: "Deny", Principal: "*", Action: "s3:DeleteObject*Tagging", Resource: "arn:aws:s3:::models/incoming/*" },
        ]),
      },
    ],
    noncompliance: [
      {
        name: "a registry bucket without a policy",
        stack: { resource: { aws_s3_bucket: { r: { bucket: "models", tags: { purpose: "model-registry" } } } } },
        expect: "no aws_s3_bucket_policy",
      },
      {
        name: "all tags in one Null block (ANDed)",
        stack: registryStack([
          { Sid: "DenyUntagged", Effect: "Deny", Principal: "*", Action: ["s3:PutObject", "s3:PutObjectTagging"], Resource: "${aws_s3_bucket.r.arn}/incoming/*", Condition: { Null: { "s3:RequestObjectTag/dataset-digest": "true", "s3:RequestObjectTag/source-commit": "true" } } },
          { Sid: "DenyIncomingTagDeletion", Effect: "Deny", Principal: "*", Action: "s3:DeleteObjectTagging", Resource: "${aws_s3_bucket.r.arn}/incoming/*" },
        ]),
        expect: "DenyUntagged names 2 tags in one Null block",
      },
      {
        name: "the Deny covers one model's prefix only",
        stack: registryStack([{ ...uploadDeny("dataset-digest"), Resource: "${aws_s3_bucket.r.arn}/incoming/fraud/*" }, retagDeny("dataset-digest")]),
        expect: "no Deny of s3:PutObject under incoming/ for every principal",
      },
      {
        name: "the Deny exempts a principal",
        stack: registryStack([
          { ...uploadDeny("dataset-digest"), Condition: { Null: { "s3:RequestObjectTag/dataset-digest": "true" }, ArnNotEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/ci" } } },
          retagDeny("dataset-digest"),
        ]),
        expect: "DenyIncomingUploadWithoutDatasetDigest is narrowed by ArnNotEquals aws:PrincipalArn",
      },
      {
        name: "tags can be replaced and deleted after upload",
        stack: registryStack([uploadDeny("dataset-digest")]),
        expect: "no Deny of s3:PutObjectTagging under incoming/ without dataset-digest",
      },
      {
        name: "a plan whose registry (purpose from tags_all) has no lineage Deny",
        plan: registryPlan([{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::models", "arn:aws:s3:::models/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } }]),
        expect: "no Deny of s3:PutObject under incoming/",
      },
    ],
  },
});

function uploadDeny(tag: string): Json {
  const name = tag.replace(/(^|-)(\w)/g, (_m, _d: string, c: string) => c.toUpperCase());
  return { Sid: `DenyIncomingUploadWithout${name}`, Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: "${aws_s3_bucket.r.arn}/incoming/*", Condition: { Null: { [`s3:RequestObjectTag/${tag}`]: "true", "s3:x-amz-server-side-encryption": "false" } } };
}

function retagDeny(tag: string): Json {
  const name = tag.replace(/(^|-)(\w)/g, (_m, _d: string, c: string) => c.toUpperCase());
  return { Sid: `DenyIncomingRetagWithout${name}`, Effect: "Deny", Principal: "*", Action: ["s3:PutObjectTagging", "s3:PutObjectVersionTagging"], Resource: "${aws_s3_bucket.r.arn}/incoming/*", Condition: { Null: { [`s3:RequestObjectTag/${tag}`]: "true" } } };
}

import { Json, Resource } from "../../model";
import { UNKNOWN_VALUE, asList, policyDocument, resourceRule, statementsOf, valueOf } from "../../rule";
import { companionsOf } from "../../support/aws-storage";

/**
 * S3 answers plain HTTP unless the bucket policy refuses it. The documented control is one Deny
 * for every principal and every S3 action, on the bucket and all its objects, under
 * `"Bool": { "aws:SecureTransport": "false" }` (Amazon S3 User Guide, "Security best practices
 * for Amazon S3"; Security Hub S3.5). A narrower principal, action list or resource, or another
 * condition beside it, leaves some plaintext requests allowed (the idea of
 * test/checkers/tls-only.ts, read from the resource model).
 */

function isEveryone(principal: unknown): boolean {
  if (principal === "*") return true;
  return asList((principal as Json | undefined)?.["AWS"]).includes("*");
}

function deniesPlaintext(statement: Json): boolean {
  const bool = ((statement["Condition"] as Json | undefined)?.["Bool"] ?? {}) as Json;
  return statement["Effect"] === "Deny" && String(bool["aws:SecureTransport"]).toLowerCase() === "false";
}

/** True when `pattern` (an IAM Resource, `*` wildcards) matches `text`. */
function globMatches(pattern: string, text: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`).test(text);
}

/** The ways a policy can name the bucket: its synthesized reference, its plan ARN, its name's ARN in the Resource's own partition. */
function bucketArns(bucket: Resource, resource: string): string[] {
  const arns = [`\${${bucket.baseAddress}.arn}`];
  const arn = valueOf(bucket, "arn");
  if (typeof arn === "string") arns.push(arn);
  const name = valueOf(bucket, "bucket");
  const partition = /^arn:([^:]+):s3:::/.exec(resource)?.[1];
  if (typeof name === "string" && partition) arns.push(`arn:${partition}:s3:::${name}`);
  return arns;
}

function covers(resources: readonly string[], bucket: Resource, suffix: string): boolean {
  return resources.some((r) => r === "*" || bucketArns(bucket, r).some((arn) => globMatches(r, `${arn}${suffix}`)));
}

function shortcomings(statement: Json, bucket: Resource): string[] {
  const sid = typeof statement["Sid"] === "string" ? statement["Sid"] : "(no Sid)";
  const resources = asList(statement["Resource"]);
  const found: string[] = [];
  if (!isEveryone(statement["Principal"])) found.push(`${sid} denies only ${JSON.stringify(statement["Principal"] ?? null)}, not every principal ("*")`);
  if (!asList(statement["Action"]).some((a) => a === "s3:*" || a === "*")) found.push(`${sid} denies ${JSON.stringify(statement["Action"] ?? null)}, not every S3 action (s3:*)`);
  if (!covers(resources, bucket, "")) found.push(`${sid} does not cover the bucket itself`);
  if (!covers(resources, bucket, "/*")) found.push(`${sid} does not cover every object (<bucket arn>/*)`);
  const condition = (statement["Condition"] ?? {}) as Json;
  const extra = Object.entries(condition).flatMap(([operator, keys]) => Object.keys((keys ?? {}) as Json).filter((k) => !(operator === "Bool" && k === "aws:SecureTransport")).map((k) => `${operator} ${k}`));
  if (extra.length > 0) found.push(`${sid} has conditions besides aws:SecureTransport false: ${extra.join(", ")}`);
  return found;
}

export const rule = resourceRule({
  control: "TLS-ONLY",
  cloud: "aws",
  title: "S3 bucket policies deny every request without TLS",
  severity: "error",
  appliesTo: ["aws_s3_bucket"],
  mappings: { checkov: ["CKV_AWS_379"], cis: ["AWS Foundations 3.0 2.1.1"], nist80053: ["SC-8", "SC-8(1)"] },
  rationale: "Requests over plain HTTP expose credentials-signed requests and object contents to anyone on the path; only a bucket policy makes S3 refuse them.",
  fix: "Add to the bucket policy a Deny for Principal \"*\", Action \"s3:*\", Resource [bucket ARN, bucket ARN/*] when aws:SecureTransport is false (denyInsecureTransport in constructs/aws/bucket-baseline.ts; every blueprint bucket has it).",
  check(bucket, context) {
    const problems = context.problems();
    const policies = companionsOf(bucket, "aws_s3_bucket_policy", context);
    if (policies.length === 0) return problems.error("no aws_s3_bucket_policy: plaintext HTTP requests are not denied").outcome();
    const denies: Json[] = [];
    for (const policy of policies) {
      const document = policyDocument(policy, "policy");
      if (document === UNKNOWN_VALUE) return problems.unknown(`${policy.address} policy`).outcome();
      if (document) denies.push(...statementsOf(document).filter(deniesPlaintext));
    }
    if (denies.length === 0) return problems.error("no bucket policy statement denies requests with aws:SecureTransport false").outcome();
    const gaps = denies.map((s) => shortcomings(s, bucket));
    if (gaps.some((g) => g.length === 0)) return problems.outcome();
    for (const gap of gaps[0]!) problems.error(gap);
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "the blueprint's DenyInsecureTransport statement",
        stack: {
          resource: {
            aws_s3_bucket: { b: { bucket: "data" } },
            aws_s3_bucket_policy: {
              p: {
                bucket: "${aws_s3_bucket.b.id}",
                policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["${aws_s3_bucket.b.arn}", "${aws_s3_bucket.b.arn}/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } }] }),
              },
            },
          },
        },
      },
      {
        name: "a plan with literal ARNs",
        plan: {
          format_version: "1.2",
          planned_values: {
            root_module: {
              resources: [
                { address: "aws_s3_bucket.b", mode: "managed", type: "aws_s3_bucket", name: "b", values: { bucket: "data", arn: "arn:aws:s3:::data" } },
                {
                  address: "aws_s3_bucket_policy.p",
                  mode: "managed",
                  type: "aws_s3_bucket_policy",
                  name: "p",
                  values: { bucket: "data", policy: JSON.stringify({ Statement: [{ Effect: "Deny", Principal: { AWS: "*" }, Action: ["s3:*"], Resource: ["arn:aws:s3:::data", "arn:aws:s3:::data/*"], Condition: { Bool: { "aws:SecureTransport": false } } }] }) },
                },
              ],
            },
          },
        },
      },
    ],
    noncompliance: [
      { name: "no bucket policy", stack: { resource: { aws_s3_bucket: { b: { bucket: "data" } } } }, expect: "no aws_s3_bucket_policy" },
      {
        name: "a policy without a TLS statement",
        stack: {
          resource: {
            aws_s3_bucket: { b: { bucket: "data" } },
            aws_s3_bucket_policy: { p: { bucket: "${aws_s3_bucket.b.id}", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject", Resource: "${aws_s3_bucket.b.arn}/*" }] }) } },
          },
        },
        expect: "no bucket policy statement denies requests with aws:SecureTransport false",
      },
      {
        name: "TLS deny on objects only, for PutObject",
        stack: {
          resource: {
            aws_s3_bucket: { b: { bucket: "data" } },
            aws_s3_bucket_policy: {
              p: { bucket: "${aws_s3_bucket.b.id}", policy: JSON.stringify({ Statement: [{ Sid: "Tls", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: "${aws_s3_bucket.b.arn}/*", Condition: { Bool: { "aws:SecureTransport": "false" } } }] }) },
            },
          },
        },
        expect: "Tls does not cover the bucket itself",
      },
      {
        name: "a plan whose TLS deny has an extra condition",
        plan: {
          format_version: "1.2",
          planned_values: {
            root_module: {
              resources: [
                { address: "aws_s3_bucket.b", mode: "managed", type: "aws_s3_bucket", name: "b", values: { bucket: "data" } },
                {
                  address: "aws_s3_bucket_policy.p",
                  mode: "managed",
                  type: "aws_s3_bucket_policy",
                  name: "p",
                  values: {
                    bucket: "data",
                    policy: JSON.stringify({ Statement: [{ Sid: "Tls", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::data", "arn:aws:s3:::data/*"], Condition: { Bool: { "aws:SecureTransport": "false" }, StringEquals: { "aws:PrincipalAccount": "111111111111" } } }] }),
                  },
                },
              ],
            },
          },
        },
        expect: "conditions besides aws:SecureTransport false: StringEquals aws:PrincipalAccount",
      },
    ],
  },
});

import { Json, Resource } from "../model";
import { Outcome, Problems, RuleContext, UNKNOWN_VALUE, asList, notApplicable, policyDocument, statementsOf, valueOf } from "../rule";
import { isPublicPrincipal, principalsOf } from "./aws-iam";
import { companionsOf, purposeOf, shown } from "./aws-storage";

/*
 * What the AWS registry rules share (MODEL-LINEAGE-REQUIRED-AWS, MODEL-APPROVAL-GATED-AWS): how
 * a registry bucket is recognised, its policy statements, and how a statement covers an
 * action or a prefix of the bucket.
 */

/** The `purpose` tag of a registry bucket (ModelRegistry). */
export const REGISTRY_PURPOSE = "model-registry";

/**
 * Runs `check` over a registry bucket's policy statements: not applicable to other buckets, known
 * only after apply when the purpose or the policy is, an error when the bucket has no policy.
 */
export function checkRegistryBucket(bucket: Resource, context: RuleContext, check: (statements: Json[], problems: Problems) => void): Outcome {
  const problems = context.problems();
  const purpose = purposeOf(bucket);
  if (purpose === UNKNOWN_VALUE) return problems.unknown("tags.purpose").outcome();
  if (purpose !== REGISTRY_PURPOSE) return notApplicable(`purpose tag is ${shown(purpose)}, not "${REGISTRY_PURPOSE}"`);
  const statements = registryStatements(bucket, context, problems);
  if (statements) check(statements, problems);
  return problems.outcome();
}

/** The registry's bucket policy statements, or undefined after reporting why none can be read. */
export function registryStatements(bucket: Resource, context: RuleContext, problems: Problems): Json[] | undefined {
  const policies = companionsOf(bucket, "aws_s3_bucket_policy", context);
  if (policies.length === 0) {
    problems.error("no aws_s3_bucket_policy: nothing denies uploads or changes");
    return undefined;
  }
  const statements: Json[] = [];
  for (const policy of policies) {
    const document = policyDocument(policy, "policy");
    if (document === UNKNOWN_VALUE) {
      problems.unknown(`${policy.address} policy`);
      return undefined;
    }
    if (document) statements.push(...statementsOf(document));
  }
  return statements;
}

/** True when the Deny applies to every principal. */
export function deniesEveryone(statement: Json): boolean {
  return statement["Effect"] === "Deny" && statement["NotPrincipal"] === undefined && principalsOf(statement).some(isPublicPrincipal);
}

/** True when `pattern` (IAM `*` and `?` wildcards, case-insensitive for actions) matches `text`. */
export function globMatches(pattern: string, text: string, ignoreCase = false): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`, ignoreCase ? "i" : "").test(text);
}

/** True when the statement's Action (not NotAction) covers `action`. */
export function coversAction(statement: Json, action: string): boolean {
  return statement["NotAction"] === undefined && asList(statement["Action"]).some((a) => a === "*" || globMatches(a, action, true));
}

/** The ways a policy names the bucket: its synthesized reference, its plan ARN, its name's ARN. */
function bucketArns(bucket: Resource): string[] {
  const arns = [`\${${bucket.baseAddress}.arn}`];
  const arn = valueOf(bucket, "arn");
  if (typeof arn === "string") arns.push(arn);
  const name = valueOf(bucket, "bucket");
  if (typeof name === "string") for (const partition of ["aws", "aws-cn", "aws-us-gov"]) arns.push(`arn:${partition}:s3:::${name}`);
  return arns;
}

/**
 * True when the statement's Resource covers every object under `prefix` (`incoming/`): the
 * pattern matches `<bucket arn>/<prefix>*` literally, so `.../incoming/*`, `.../*` and `*` do
 * and `.../incoming/fraud/*` does not.
 */
export function coversPrefix(statement: Json, bucket: Resource, prefix: string): boolean {
  if (statement["NotResource"] !== undefined) return false;
  const arns = bucketArns(bucket);
  return asList(statement["Resource"]).some((r) => r === "*" || arns.some((arn) => r === `${arn}/${prefix}*` || (r.endsWith("*") && globMatches(r, `${arn}/${prefix}`) && globMatches(r, `${arn}/${prefix}*`))));
}


/** A synthesized stack with one registry bucket `r` and a policy of `statements`. */
export function registryStack(statements: Json[]): Json {
  return {
    resource: {
      aws_s3_bucket: { r: { bucket: "models", tags: { purpose: "model-registry" } } },
      aws_s3_bucket_policy: { p: { bucket: "${aws_s3_bucket.r.id}", policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) } },
    },
  };
}

/** A plan with one registry bucket `models` (purpose in tags_all) and a policy of `statements`. */
export function registryPlan(statements: Json[]): Json {
  return {
    format_version: "1.2",
    planned_values: {
      root_module: {
        resources: [
          { address: "aws_s3_bucket.r", mode: "managed", type: "aws_s3_bucket", name: "r", values: { bucket: "models", arn: "arn:aws:s3:::models", tags: {}, tags_all: { purpose: "model-registry" } } },
          { address: "aws_s3_bucket_policy.p", mode: "managed", type: "aws_s3_bucket_policy", name: "p", values: { bucket: "models", policy: JSON.stringify({ Statement: statements }) } },
        ],
      },
    },
  };
}

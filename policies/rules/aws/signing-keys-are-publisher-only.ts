import { Json, Resource } from "../../model";
import { RuleContext, UNKNOWN_VALUE, asList, notApplicable, policyDocument, resourceRule, statementsOf, valueOf } from "../../rule";

/**
 * A model-signing key is an asymmetric KMS key with `key_usage = SIGN_VERIFY`. Its key policy
 * keeps the account root statement (kms:* delegated to IAM, AWS KMS Developer Guide, "Default
 * key policy"), so any IAM policy of the account that allows kms:Sign on `*` (an administrator's
 * kms:*) could sign a poisoned model. Only an explicit Deny in the key policy overrides those
 * Allows (IAM User Guide, "Policy evaluation logic"): kms:Sign denied to every principal whose
 * `aws:PrincipalArn` is not one of the named publisher roles. A Deny without a condition (nobody
 * signs) also passes.
 */
const NEGATED_ARN_OPERATORS = ["ArnNotEquals", "ArnNotLike", "StringNotEquals", "StringNotLike", "ArnNotEqualsIfExists", "StringNotEqualsIfExists"];
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

function matches(pattern: string, action: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`, "i").test(action);
}

function coversSign(statement: Json): boolean {
  if (statement["NotAction"] !== undefined) return !asList(statement["NotAction"]).some((a) => matches(a, "kms:Sign"));
  return asList(statement["Action"]).some((a) => matches(a, "kms:Sign"));
}

function isEveryone(statement: Json): boolean {
  const principal = statement["Principal"];
  if (principal === "*") return true;
  return typeof principal === "object" && principal !== null && asList((principal as Json)["AWS"]).includes("*");
}

function policiesOf(key: Resource, context: RuleContext): Array<ReturnType<typeof policyDocument>> {
  const own: Array<ReturnType<typeof policyDocument>> = key.attributes["policy"] === undefined ? [] : [policyDocument(key, "policy")];
  return [...own, ...context.referencing(key, "aws_kms_key_policy", "key_id").map((p) => policyDocument(p, "policy"))];
}

/** Why a Deny of kms:Sign to everyone does not limit signing to named roles, or undefined when it does. */
function exceptionProblem(statement: Json): string | undefined {
  const condition = statement["Condition"];
  if (condition === undefined) return undefined;
  if (typeof condition !== "object" || condition === null) return "its Condition is not an object";
  const entries = Object.entries(condition as Json);
  const others = entries.filter(([operator]) => !NEGATED_ARN_OPERATORS.includes(operator));
  if (others.length > 0) return `it also depends on ${others.map(([o]) => o).join(", ")}, so it does not deny every other caller`;
  for (const [operator, keys] of entries) {
    const byKey = Object.entries((keys ?? {}) as Json);
    const foreign = byKey.filter(([k]) => k.toLowerCase() !== "aws:principalarn");
    if (foreign.length > 0) return `${operator} tests ${foreign.map(([k]) => k).join(", ")}, not aws:PrincipalArn`;
    for (const [, values] of byKey) {
      const bad = asList(values).filter((v) => !v.includes("${") && (!ROLE_ARN.test(v) || /[*?]/.test(v)));
      if (bad.length > 0) return `its exception ${bad.map((v) => JSON.stringify(v)).join(", ")} is not a named IAM role (no wildcards, users or account roots)`;
    }
  }
  return undefined;
}

export const rule = resourceRule({
  control: "SIGNING-KEY-RESTRICTED",
  cloud: "aws",
  title: "A model-signing KMS key denies kms:Sign to every principal but named publisher roles",
  severity: "error",
  appliesTo: ["aws_kms_key"],
  mappings: { nist80053: ["AC-6", "SC-12", "SI-7"] },
  rationale:
    "Whoever can call kms:Sign on the model-signing key can make a poisoned model look published; the key policy's account-root statement lets any IAM policy grant Sign, so only an explicit Deny naming the publisher roles keeps signing to them.",
  fix: "Use SigningKey (constructs/aws/signing-key.ts): its policy denies kms:Sign to every principal whose aws:PrincipalArn is not a publisher role and allows Sign to those roles only.",
  check(key, context) {
    const usage = valueOf(key, "key_usage");
    if (usage === UNKNOWN_VALUE) return context.problems().unknown("key_usage").outcome();
    if (usage !== "SIGN_VERIFY") return notApplicable("not a signing key");
    const problems = context.problems();
    const documents = policiesOf(key, context);
    if (documents.some((d) => d === UNKNOWN_VALUE)) return problems.unknown("policy").outcome();
    if (documents.length === 0) return problems.error("no key policy: the default policy lets any IAM policy of the account allow kms:Sign").outcome();
    if (documents.some((d) => d === undefined)) return problems.error("policy is not a JSON policy document").outcome();
    const statements = (documents as Json[]).flatMap(statementsOf);
    for (const s of statements) {
      if (s["Effect"] === "Allow" && coversSign(s) && (isEveryone(s) || s["NotPrincipal"] !== undefined)) {
        problems.error(`${String(s["Sid"] ?? "a statement")} allows kms:Sign to every principal`);
      }
    }
    const denies = statements.filter((s) => s["Effect"] === "Deny" && coversSign(s) && isEveryone(s));
    const reasons = denies.map(exceptionProblem);
    if (!reasons.some((r) => r === undefined)) {
      problems.error(
        denies.length === 0
          ? "no statement denies kms:Sign to every principal but the publisher roles: the account root's kms:* lets any IAM policy allow Sign"
          : `the Deny of kms:Sign does not limit signing to named roles: ${reasons.join("; ")}`,
      );
    }
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "the SigningKey policy: Deny Sign but to the publishers, Allow them",
        stack: {
          resource: {
            aws_kms_key: {
              k: {
                key_usage: "SIGN_VERIFY",
                customer_master_key_spec: "ECC_NIST_P256",
                policy: JSON.stringify({
                  Statement: [
                    { Sid: "AccountRootDelegatesToIam", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "kms:*", Resource: "*" },
                    { Sid: "DenySignExceptPublishers", Effect: "Deny", Principal: "*", Action: "kms:Sign", Resource: "*", Condition: { ArnNotEquals: { "aws:PrincipalArn": ["arn:aws:iam::111111111111:role/publisher"] } } },
                    { Sid: "PublishersSign", Effect: "Allow", Principal: { AWS: ["arn:aws:iam::111111111111:role/publisher"] }, Action: ["kms:Sign", "kms:GetPublicKey"], Resource: "*" },
                  ],
                }),
              },
              data: { key_usage: "ENCRYPT_DECRYPT", enable_key_rotation: true },
            },
          },
        },
      },
      {
        name: "no publishers yet: Sign denied to everyone",
        stack: { resource: { aws_kms_key: { k: { key_usage: "SIGN_VERIFY", policy: JSON.stringify({ Statement: [{ Sid: "DenySign", Effect: "Deny", Principal: { AWS: "*" }, Action: ["kms:Sign"], Resource: "*" }] }) } } } },
      },
    ],
    noncompliance: [
      {
        name: "the root statement alone",
        stack: { resource: { aws_kms_key: { k: { key_usage: "SIGN_VERIFY", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "kms:*", Resource: "*" }] }) } } } },
        expect: "no statement denies kms:Sign to every principal but the publisher roles",
      },
      {
        name: "no key policy at all",
        stack: { resource: { aws_kms_key: { k: { key_usage: "SIGN_VERIFY", customer_master_key_spec: "ECC_NIST_P256" } } } },
        expect: "no key policy",
      },
      {
        name: "the exception is a wildcard of roles",
        stack: {
          resource: {
            aws_kms_key: {
              k: { key_usage: "SIGN_VERIFY", policy: JSON.stringify({ Statement: [{ Effect: "Deny", Principal: "*", Action: "kms:*", Resource: "*", Condition: { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/*" } } }] }) },
            },
          },
        },
        expect: 'its exception "arn:aws:iam::111111111111:role/*" is not a named IAM role',
      },
      {
        name: "the Deny applies only outside AWS services, and an Allow to everyone",
        stack: {
          resource: {
            aws_kms_key: {
              k: {
                key_usage: "SIGN_VERIFY",
                policy: JSON.stringify({
                  Statement: [
                    { Sid: "Deny", Effect: "Deny", Principal: "*", Action: "kms:Sign", Resource: "*", Condition: { ArnNotEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/p" }, Bool: { "aws:ViaAWSService": "false" } } },
                    { Sid: "Open", Effect: "Allow", Principal: "*", Action: "kms:Sign", Resource: "*" },
                  ],
                }),
              },
            },
          },
        },
        expect: "it also depends on Bool",
      },
      {
        name: "an Allow of Sign to every principal",
        stack: {
          resource: {
            aws_kms_key: {
              k: {
                key_usage: "SIGN_VERIFY",
                policy: JSON.stringify({
                  Statement: [
                    { Sid: "Deny", Effect: "Deny", Principal: "*", Action: "kms:Sign", Resource: "*" },
                    { Sid: "Open", Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Sign", Resource: "*" },
                  ],
                }),
              },
            },
          },
        },
        expect: "Open allows kms:Sign to every principal",
      },
      {
        name: "a policy rendered at apply",
        stack: { resource: { aws_kms_key: { k: { key_usage: "SIGN_VERIFY", policy: "${data.aws_iam_policy_document.k.json}" } } } },
        expect: "policy is known only after apply",
        severity: "warning",
      },
    ],
  },
});

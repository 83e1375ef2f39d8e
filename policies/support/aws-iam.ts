/**
 * Reading AWS IAM policy documents the way IAM evaluates them, for the IAM rules of
 * policies/rules/aws: which attribute of which resource type holds a document, statements with
 * their one-or-many fields as lists, principals by kind, and conditions by key.
 */
import { Json, Resource, isUnknown, valuesAt } from "../model";
import { Problems, UNKNOWN_VALUE, asList, statementsOf } from "../rule";

/** One policy document found on a resource: where it was, and the document (or why it cannot be read). */
export interface FoundDocument {
  /** Attribute path, e.g. `policy`, `inline_policy.policy`. */
  readonly path: string;
  /** `inline_policy` blocks are named; others have no name. */
  readonly label: string;
  readonly document: Json | typeof UNKNOWN_VALUE | "invalid";
}

/** Resource types whose `policy` attribute is a resource policy (Principal present; `*` resource means the resource itself). */
export const RESOURCE_POLICY_TYPES = [
  "aws_s3_bucket_policy",
  "aws_kms_key",
  "aws_sqs_queue_policy",
  "aws_sns_topic_policy",
  "aws_ecr_repository_policy",
  "aws_secretsmanager_secret_policy",
  "aws_sagemaker_model_package_group_policy",
] as const;

/** Where a type keeps its policy document when it is not `policy`. */
const POLICY_ATTRIBUTE: Readonly<Record<string, string>> = { aws_sagemaker_model_package_group_policy: "resource_policy" };

/** Resource types holding identity policies: the policy attaches to a user, group or role. */
export const IDENTITY_POLICY_TYPES = ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_iam_role"] as const;

/** Parses one raw attribute value as a policy document. */
export function parseDocument(raw: unknown): Json | typeof UNKNOWN_VALUE | "invalid" | undefined {
  if (raw === undefined || raw === null || raw === "") return undefined;
  if (isUnknown(raw)) return UNKNOWN_VALUE;
  if (typeof raw === "object" && !Array.isArray(raw)) return raw as Json;
  if (typeof raw !== "string") return "invalid";
  // A whole-document expression (`${data.aws_iam_policy_document.x.json}`, `${jsonencode(...)}`)
  // is known only after apply; a literal document may still embed references in its values.
  if (raw.trimStart().startsWith("${")) return UNKNOWN_VALUE;
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Json) : "invalid";
  } catch {
    return "invalid";
  }
}

/**
 * The policy documents of a resource: `policy` for policies and resource policies, every
 * `inline_policy` block of an `aws_iam_role` (its `assume_role_policy` is a trust policy and is
 * read by the trust rule alone).
 */
export function policyDocumentsOf(resource: Resource): FoundDocument[] {
  const found: FoundDocument[] = [];
  if (resource.type === "aws_iam_role") {
    const blocks = valuesAt(resource.attributes, "inline_policy");
    blocks.forEach((block, index) => {
      if (isUnknown(block)) {
        found.push({ path: "inline_policy", label: `inline_policy ${index + 1}`, document: UNKNOWN_VALUE });
        return;
      }
      const name = valuesAt(block, "name")[0];
      const document = parseDocument(valuesAt(block, "policy")[0]);
      if (document !== undefined) found.push({ path: "inline_policy.policy", label: `inline_policy ${typeof name === "string" ? JSON.stringify(name) : index + 1}`, document });
    });
    return found;
  }
  const attribute = POLICY_ATTRIBUTE[resource.type] ?? "policy";
  const document = parseDocument(valuesAt(resource.attributes, attribute)[0]);
  if (document !== undefined) found.push({ path: attribute, label: attribute, document });
  return found;
}

/**
 * Calls `visit` for every statement of every readable document of `resource`, with the label a
 * finding names it by (`policy Sid`, `inline_policy "x" 2`); a document known only at apply is
 * reported unknown, one that is not JSON an error. Returns how many documents there were.
 */
export function forEachStatement(resource: Resource, problems: Problems, visit: (statement: Json, where: string, document: FoundDocument) => void): number {
  const documents = policyDocumentsOf(resource);
  for (const found of documents) {
    if (found.document === UNKNOWN_VALUE) problems.unknown(found.label);
    else if (found.document === "invalid") problems.error(`${found.label} is not a JSON policy document`);
    else statementsOf(found.document).forEach((statement, index) => visit(statement, `${found.label} ${statementLabel(statement, index)}`, found));
  }
  return documents.length;
}

/** A statement's name in findings: its Sid, else its position. */
export function statementLabel(statement: Json, index: number): string {
  const sid = statement["Sid"];
  return typeof sid === "string" && sid !== "" ? `statement "${sid}"` : `statement ${index + 1}`;
}

export function isAllow(statement: Json): boolean {
  return statement["Effect"] === "Allow";
}

export { asList, statementsOf };

/** A principal entry: `*` (the bare `"Principal": "*"`), or a kind (`AWS`, `Service`, `Federated`, `CanonicalUser`) and one value. */
export interface PrincipalEntry {
  readonly kind: "*" | "AWS" | "Service" | "Federated" | "CanonicalUser" | string;
  readonly value: string;
}

export function principalsOf(statement: Json): PrincipalEntry[] {
  const principal = statement["Principal"];
  if (principal === undefined || principal === null) return [];
  if (typeof principal === "string") return [{ kind: principal === "*" ? "*" : "AWS", value: principal }];
  if (typeof principal !== "object" || Array.isArray(principal)) return [];
  return Object.entries(principal as Json).flatMap(([kind, values]) => asList(values).map((value) => ({ kind, value })));
}

/** True for a principal that means everyone: `"*"` or `{"AWS": "*"}` (IAM User Guide, "AWS JSON policy elements: Principal"). */
export function isPublicPrincipal(entry: PrincipalEntry): boolean {
  return entry.value === "*" && (entry.kind === "*" || entry.kind === "AWS");
}

/** One condition of a statement: operator, key, values. */
export interface ConditionEntry {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
}

export function conditionsOf(statement: Json): ConditionEntry[] {
  const condition = statement["Condition"];
  if (!condition || typeof condition !== "object" || Array.isArray(condition)) return [];
  return Object.entries(condition as Json).flatMap(([operator, block]) =>
    block && typeof block === "object" && !Array.isArray(block) ? Object.entries(block as Json).map(([key, values]) => ({ operator, key, values: asList(values) })) : [],
  );
}

/**
 * True when the operator only lets a request through if its key matches one of the values:
 * the `String`/`Arn` equality and pattern operators, with or without a `ForAnyValue:` /
 * `ForAllValues:` set qualifier. Negated operators (`StringNotEquals`) and `...IfExists` (true
 * when the key is absent) limit nothing, nor does `Null` (IAM User Guide, "IAM JSON policy
 * elements: Condition operators").
 */
export function isLimitingOperator(operator: string): boolean {
  const bare = operator.replace(/^(ForAnyValue|ForAllValues):/i, "");
  if (/IfExists$/i.test(bare)) return false;
  return /^(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike)$/i.test(bare);
}

/** True when a value of a `...Like` condition matches anything (`*`), so the condition limits nothing. */
export function matchesAnything(operator: string, value: string): boolean {
  return /Like$/i.test(operator) && /^[*?]*$/.test(value) && value.includes("*");
}

/** The conditions that limit `key` (case-insensitive) to values that are not a bare wildcard. */
export function limitingConditions(statement: Json, keys: readonly string[]): ConditionEntry[] {
  const wanted = new Set(keys.map((k) => k.toLowerCase()));
  return conditionsOf(statement).filter((c) => wanted.has(c.key.toLowerCase()) && isLimitingOperator(c.operator) && c.values.length > 0 && !c.values.some((v) => matchesAnything(c.operator, v)));
}

/** True for an action that names every action of a service (`kms:*`) or of every service (`*`). */
export function wholeServiceAction(action: string): boolean {
  return action === "*" || /^[a-z0-9-]+:\*$/i.test(action) || /^\*:\*$/.test(action);
}

import { Json, Resource } from "../../model";
import { RuleContext, UNKNOWN_VALUE, asList, policyDocument, resourceRule, statementsOf } from "../../rule";

/**
 * Separation of duties on a key policy: whoever can change the key (its policy, state, aliases,
 * deletion) must not also be able to use it, or one compromised identity both reads the data
 * and covers its tracks. Action classes follow the AWS KMS Developer Guide ("Default key
 * policy": the key administrators' and key users' statements). Read-only calls (Describe*,
 * Get*, List*) belong to neither class; CreateGrant counts as use, because a grant can give its
 * creator Decrypt. The account-root statement (`arn:aws:iam::<account>:root` with kms:*) is the
 * default key policy itself, which hands access control to IAM, and is exempt.
 */
interface ActionClass {
  /** Every action of the class KMS has today (AWS KMS API Reference, "Actions"). */
  readonly actions: readonly string[];
  /** Families a future action of the class would join: only a literal granted action is matched against them. */
  readonly families: readonly string[];
}

const ADMIN: ActionClass = {
  actions: [
    "kms:CreateAlias",
    "kms:CreateKey",
    "kms:CreateCustomKeyStore",
    "kms:PutKeyPolicy",
    "kms:UpdateAlias",
    "kms:UpdateKeyDescription",
    "kms:UpdatePrimaryRegion",
    "kms:UpdateCustomKeyStore",
    "kms:DisableKey",
    "kms:DisableKeyRotation",
    "kms:EnableKey",
    "kms:EnableKeyRotation",
    "kms:DeleteAlias",
    "kms:DeleteImportedKeyMaterial",
    "kms:DeleteCustomKeyStore",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
    "kms:ReplicateKey",
    "kms:ImportKeyMaterial",
    "kms:RotateKeyOnDemand",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ConnectCustomKeyStore",
    "kms:DisconnectCustomKeyStore",
  ],
  families: ["kms:Put*", "kms:Update*", "kms:Disable*", "kms:Enable*", "kms:Delete*"],
};

const USE: ActionClass = {
  actions: [
    "kms:Encrypt",
    "kms:Decrypt",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyPair",
    "kms:GenerateDataKeyPairWithoutPlaintext",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:Sign",
    "kms:Verify",
    "kms:GenerateMac",
    "kms:VerifyMac",
    "kms:DeriveSharedSecret",
    "kms:CreateGrant",
  ],
  families: ["kms:ReEncrypt*", "kms:GenerateDataKey*"],
};

/** True when the IAM pattern (`*` any run, `?` one character; case-insensitive) matches `action`. */
function matches(pattern: string, action: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`, "i").test(action);
}

/**
 * The first `[action of the class, granted action]` an Allow statement grants, matching
 * wildcards both ways: a granted pattern (`kms:*`, `kms:Re*`) against the class's actions, and
 * a granted literal against the class's families. `NotAction` grants what it does not name.
 */
function grantIn(statement: Json, actionClass: ActionClass): [string, string] | undefined {
  if (statement["NotAction"] !== undefined) {
    const notActions = asList(statement["NotAction"]);
    const kept = actionClass.actions.find((a) => !notActions.some((n) => matches(n, a)));
    return kept ? [kept, `NotAction ${JSON.stringify(statement["NotAction"])}`] : undefined;
  }
  for (const granted of asList(statement["Action"])) {
    const action = actionClass.actions.find((a) => matches(granted, a)) ?? (/[*?]/.test(granted) ? undefined : actionClass.families.find((f) => matches(f, granted)) && granted);
    if (action) return [action, JSON.stringify(granted)];
  }
  return undefined;
}

/** The principals a statement names, one string each (`*` for everyone, `Service:x` for services). */
function principalsOf(statement: Json): string[] {
  if (statement["NotPrincipal"] !== undefined) return ["*"];
  const principal = statement["Principal"];
  if (principal === "*") return ["*"];
  if (!principal || typeof principal !== "object") return [];
  return Object.entries(principal as Json).flatMap(([kind, values]) => asList(values).map((v) => (kind === "AWS" ? v : `${kind}:${v}`)));
}

/** The account root (`arn:<partition>:iam::<account>:root`, or the bare account id). */
function isAccountRoot(principal: string): boolean {
  return /^arn:[^:]+:iam::[^:]+:root$/.test(principal) || /^\d{12}$/.test(principal);
}

/** The key's policy documents: its own `policy` and any aws_kms_key_policy on it. */
function policiesOf(key: Resource, context: RuleContext): Array<ReturnType<typeof policyDocument>> {
  const own: Array<ReturnType<typeof policyDocument>> = key.attributes["policy"] === undefined ? [] : [policyDocument(key, "policy")];
  return [...own, ...context.referencing(key, "aws_kms_key_policy", "key_id").map((p) => policyDocument(p, "policy"))];
}

interface Grants {
  admin?: [string, string];
  use?: [string, string];
}

export const rule = resourceRule({
  control: "KEY-ADMIN-SEPARATED",
  cloud: "aws",
  title: "No principal but the account root both administers and uses a KMS key",
  severity: "error",
  appliesTo: ["aws_kms_key"],
  mappings: { nist80053: ["AC-5", "AC-6", "SC-12"] },
  rationale: "An identity that can both decrypt with a key and rewrite its policy, disable it or schedule its deletion can read the data and then remove the evidence or the key; separating the duties takes two compromised identities.",
  fix: "Grant key administrators only the administrative actions (KmsKey's adminRoleArn statement) and key users only Encrypt/Decrypt/GenerateDataKey* (the grant methods of KmsKey); never kms:* to anyone but the account root.",
  check(key, context) {
    const problems = context.problems();
    const documents = policiesOf(key, context);
    if (documents.some((d) => d === UNKNOWN_VALUE)) return problems.unknown("policy").outcome();
    if (documents.some((d) => d === undefined)) return problems.error("policy is not a JSON policy document").outcome();
    const byPrincipal = new Map<string, Grants>();
    for (const document of documents as Json[]) {
      for (const statement of statementsOf(document)) {
        if (statement["Effect"] !== "Allow") continue;
        const admin = grantIn(statement, ADMIN);
        const use = grantIn(statement, USE);
        if (!admin && !use) continue;
        for (const principal of principalsOf(statement)) {
          if (isAccountRoot(principal)) continue;
          const grants = byPrincipal.get(principal) ?? {};
          grants.admin ??= admin;
          grants.use ??= use;
          byPrincipal.set(principal, grants);
        }
      }
    }
    for (const [principal, { admin, use }] of byPrincipal) {
      if (admin && use) {
        problems.error(`${principal} is granted key administration (${admin[0]} via ${admin[1]}) and key use (${use[0]} via ${use[1]})`);
      }
    }
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "root delegation, an admin role and a separate user role",
        stack: {
          resource: {
            aws_kms_key: {
              k: {
                policy: JSON.stringify({
                  Version: "2012-10-17",
                  Statement: [
                    { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "kms:*", Resource: "*" },
                    { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:role/admin" }, Action: ["kms:CreateAlias", "kms:Put*", "kms:Describe*", "kms:ScheduleKeyDeletion", "kms:Revoke*"], Resource: "*" },
                    { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:role/app" }, Action: ["kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"], Resource: "*" },
                    { Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:GenerateDataKey*", Resource: "*" },
                  ],
                }),
              },
            },
          },
        },
      },
      { name: "no policy: the default key policy (root only)", stack: { resource: { aws_kms_key: { k: { enable_key_rotation: true } } } } },
    ],
    noncompliance: [
      {
        name: "a role with kms:* besides the root",
        stack: {
          resource: {
            aws_kms_key: {
              k: {
                policy: JSON.stringify({
                  Statement: [
                    { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "kms:*", Resource: "*" },
                    { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:role/ops" }, Action: "kms:*", Resource: "*" },
                  ],
                }),
              },
            },
          },
        },
        expect: "arn:aws:iam::111111111111:role/ops is granted key administration",
      },
      {
        name: "admin and use granted in two statements, one through a wildcard",
        stack: {
          resource: {
            aws_kms_key: {
              k: {
                policy: JSON.stringify({
                  Statement: [
                    { Effect: "Allow", Principal: { AWS: ["arn:aws:iam::111111111111:role/admin"] }, Action: ["kms:PutKeyPolicy"], Resource: "*" },
                    { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:role/admin" }, Action: "kms:Re*", Resource: "*" },
                  ],
                }),
              },
            },
          },
        },
        expect: "key use (kms:ReEncryptFrom via \"kms:Re*\")",
      },
      {
        name: "a standalone aws_kms_key_policy in a plan grants an admin Decrypt",
        plan: {
          format_version: "1.2",
          planned_values: {
            root_module: {
              resources: [
                { address: "aws_kms_key.k", mode: "managed", type: "aws_kms_key", name: "k", values: { enable_key_rotation: true } },
                {
                  address: "aws_kms_key_policy.p",
                  mode: "managed",
                  type: "aws_kms_key_policy",
                  name: "p",
                  values: { policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:user/alice" }, Action: ["kms:ScheduleKeyDeletion", "kms:Decrypt"], Resource: "*" }] }) },
                },
              ],
            },
          },
          configuration: { root_module: { resources: [{ address: "aws_kms_key_policy.p", expressions: { key_id: { references: ["aws_kms_key.k.id", "aws_kms_key.k"] } } }] } },
        },
        expect: "arn:aws:iam::111111111111:user/alice is granted key administration (kms:ScheduleKeyDeletion",
      },
      {
        name: "NotAction grants everything it does not name",
        stack: {
          resource: {
            aws_kms_key: {
              k: { policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:role/ops" }, NotAction: ["kms:Decrypt", "kms:ScheduleKeyDeletion"], Resource: "*" }] }) },
            },
          },
        },
        expect: 'key administration (kms:CreateAlias via NotAction ["kms:Decrypt","kms:ScheduleKeyDeletion"]) and key use (kms:Encrypt via NotAction',
      },
      {
        name: "a policy rendered at apply",
        stack: { resource: { aws_kms_key: { k: { policy: "${data.aws_iam_policy_document.k.json}" } } } },
        expect: "policy is known only after apply",
        severity: "warning",
      },
    ],
  },
});

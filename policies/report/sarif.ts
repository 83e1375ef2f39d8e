import { createHash } from "node:crypto";
import { Evaluation, Finding } from "../engine";
import { StackModel } from "../model";
import { Rule } from "../rule";
import { ACKNOWLEDGEMENT_RULE } from "../rules";
import { PROJECT_URI, TOOL_NAME } from "./identity";
import { compareText } from "./status";

/** A file the audit read, as the caller names it (a path relative to where it ran) and where it is. */
export interface SarifSubject {
  readonly name: string;
  readonly path: string;
}

type SarifJson = Record<string, unknown>;

function ruleDescriptor(rule: Rule): SarifJson {
  return {
    id: rule.id,
    name: rule.id
      .toLowerCase()
      .split("-")
      .map((w) => (w === "" ? w : w[0]!.toUpperCase() + w.slice(1)))
      .join(""),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: { text: rule.fix },
    defaultConfiguration: { level: rule.severity },
    properties: {
      control: rule.control,
      cloud: rule.cloud,
      severity: rule.severity,
      mappings: { checkov: [...(rule.mappings.checkov ?? [])], cis: [...(rule.mappings.cis ?? [])], nist80053: [...rule.mappings.nist80053] },
      tags: [rule.control, rule.cloud],
    },
  };
}

/** The stack file as the caller named it (the subject whose path ends with the stack's file), else the stack's own relative file. */
function artifactUri(stack: StackModel, subjects: readonly SarifSubject[]): string {
  const file = stack.file.split("\\").join("/");
  const subject = subjects.find((s) => {
    const p = s.path.split("\\").join("/");
    return p === file || p.endsWith(`/${file}`);
  });
  return subject?.name ?? file;
}

function logicalLocation(f: Finding): SarifJson {
  if (f.stack === "(config)") return { name: "acknowledgements", fullyQualifiedName: "(config)/acknowledgements", kind: "object" };
  if (f.address === "(stack)") return { name: f.stack, fullyQualifiedName: f.stack, kind: "module" };
  return { name: f.address, fullyQualifiedName: `${f.stack}/${f.address}`, kind: "resource" };
}

/**
 * report.sarif: SARIF 2.1.0, one run. Every rule of the evaluation is a reportingDescriptor with
 * its rationale, fix and mappings; every finding one result, located by a logical location
 * `<stack>/<address>` and the stack file; an acknowledged finding carries an external suppression
 * with the acknowledgement's reason, owner, ticket and expiry. No timestamps or absolute paths.
 */
export function buildSarif(evaluation: Evaluation, toolVersion: string, subjects: readonly SarifSubject[]): SarifJson {
  const rules = [...evaluation.rules];
  // Stale acknowledgements are reported under the acknowledgement rule even when a caller ran a subset.
  if (evaluation.findings.some((f) => f.ruleId === ACKNOWLEDGEMENT_RULE.id) && !rules.some((r) => r.id === ACKNOWLEDGEMENT_RULE.id)) rules.push(ACKNOWLEDGEMENT_RULE);
  rules.sort((a, b) => compareText(a.id, b.id));
  const index = new Map(rules.map((r, i) => [r.id, i] as const));
  const stacks = new Map(evaluation.stacks.map((s) => [s.name, s] as const));
  const results = evaluation.findings.map((f) => {
    const stack = stacks.get(f.stack);
    const location: SarifJson = {
      ...(stack ? { physicalLocation: { artifactLocation: { uri: artifactUri(stack, subjects) } } } : {}),
      logicalLocations: [logicalLocation(f)],
    };
    const ack = f.acknowledgement;
    return {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId) ?? -1,
      level: f.severity,
      message: { text: f.message },
      locations: [location],
      partialFingerprints: { "blueprintFinding/v1": createHash("sha256").update([f.ruleId, f.stack, f.address, f.message].join("\u0000")).digest("hex") },
      ...(ack ? { suppressions: [{ kind: "external", status: "accepted", justification: ack.reason, properties: { owner: ack.owner, ticket: ack.ticket, expires: ack.expires } }] } : {}),
      properties: {
        stack: f.stack,
        address: f.address,
        ...(f.resourceType ? { resourceType: f.resourceType } : {}),
        ...(f.constructPath ? { constructPath: f.constructPath } : {}),
        control: f.control,
        fix: f.fix,
        unknownUntilApply: f.unknown === true,
      },
    };
  });
  return {
    $schema: "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: TOOL_NAME, version: toolVersion, semanticVersion: toolVersion, informationUri: PROJECT_URI, rules: rules.map(ruleDescriptor) } },
        columnKind: "unicodeCodePoints",
        results,
      },
    ],
  };
}

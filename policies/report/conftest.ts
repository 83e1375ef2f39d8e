import { Resource, StackModel } from "../model";
import { REPORT_VERSION } from "./identity";

/**
 * resource-model.json (`--format conftest`): the normalised resource model every rule reads, as
 * plain JSON for teams' own OPA/Rego policies (`conftest test --namespace ... resource-model.json`,
 * docs/audit-report.md). `references` becomes an object keyed by attribute path; an unknown value
 * is the UNKNOWN object, which serialises as {"$unknown": true}.
 */
function resourceJson(r: Resource): Record<string, unknown> {
  return {
    address: r.address,
    baseAddress: r.baseAddress,
    type: r.type,
    name: r.name,
    mode: r.mode,
    attributes: r.attributes,
    references: Object.fromEntries([...r.references.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    dependsOn: [...r.dependsOn],
    preventDestroy: r.preventDestroy ?? null,
    constructPath: r.constructPath ?? null,
    actions: r.actions ? [...r.actions] : null,
    before: r.before ?? null,
    replace: r.replace ?? null,
  };
}

export function buildResourceModelJson(stacks: readonly StackModel[]): Record<string, unknown> {
  return {
    version: REPORT_VERSION,
    stacks: stacks.map((s) => ({
      name: s.name,
      source: s.source,
      file: s.file,
      cloud: s.cloud ?? null,
      environment: s.environment ?? null,
      providers: s.providers,
      resources: s.resources.map(resourceJson),
    })),
  };
}

import { Json, Resource, isExpression, valuesAt } from "../model";
import { RuleContext } from "../rule";

/** Data-access audit log types; ADMIN_READ completes the set CIS GCP 2.1 asks for. */
export const DATA_ACCESS_LOG_TYPES = ["ADMIN_READ", "DATA_READ", "DATA_WRITE"] as const;

/** The log types an audit config turns on. */
export function logTypesOf(config: Resource): string[] {
  return valuesAt(config.attributes, "audit_log_config").flatMap((c) => {
    const type = ((c ?? {}) as Json)["log_type"];
    return typeof type === "string" ? [type] : [];
  });
}

function literal(value: unknown): string | undefined {
  return typeof value === "string" && !isExpression(value) ? value : undefined;
}

/**
 * The stack's `google_project_iam_audit_config`s that turn on every log type of `types` for
 * `service` (directly or through `allServices`: the provider unions the two, google provider 6.50
 * website/docs/r/google_project_iam.html.markdown) in `project` (when both sides name it literally).
 */
export function auditConfigsCovering(context: RuleContext, service: string, types: readonly string[], project?: string): Resource[] {
  return context.memo(`gcp-audit:covering:${service}:${types.join(",")}:${project ?? ""}`, () => coveringConfigs(context, service, types, project));
}

function coveringConfigs(context: RuleContext, service: string, types: readonly string[], project?: string): Resource[] {
  const all = context.resourcesOf("google_project_iam_audit_config").filter((c) => {
    const configProject = literal(valuesAt(c.attributes, "project")[0]);
    return project === undefined || configProject === undefined || configProject === project;
  });
  const relevant = all.filter((c) => ["allServices", service].includes(String(valuesAt(c.attributes, "service")[0])));
  const covered = new Set(relevant.flatMap(logTypesOf));
  return types.every((t) => covered.has(t)) ? relevant : [];
}

/** The literal project a resource names, if any (else the provider's). */
export function projectOf(resource: Resource, context: RuleContext): string | undefined {
  return literal(valuesAt(resource.attributes, "project")[0]) ?? literal(context.stack.providers["google"]?.[0]?.["project"]);
}

import { Json, Resource, valuesAt } from "../../model";
import { RuleContext, UNKNOWN_VALUE, resourceRule, valueOf } from "../../rule";

/**
 * Either the repository's own `image_scanning_configuration.scan_on_push`, or a registry-wide
 * `aws_ecr_registry_scanning_configuration` rule whose filter covers the repository. The
 * repository-level setting is deprecated in favour of the registry level (ECR API Reference,
 * PutImageScanningConfiguration). A rule scans on push with `SCAN_ON_PUSH` (basic or enhanced)
 * or `CONTINUOUS_SCAN` (enhanced: Amazon Inspector scans on push and again as new CVEs appear);
 * `MANUAL` does not (ECR API Reference, RegistryScanningRule).
 */
const ON_PUSH = ["SCAN_ON_PUSH", "CONTINUOUS_SCAN"];

function wildcard(filter: string): RegExp {
  return new RegExp(`^${filter.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
}

/** The registry rule that scans `name` on push (a filter of `*` covers every repository, whatever its name). */
function registryRuleFor(name: unknown, context: RuleContext): Resource | undefined {
  return context.resourcesOf("aws_ecr_registry_scanning_configuration").find((config) =>
    (valuesAt(config.attributes, "rule") as Json[]).some((r) => {
      const frequency = valuesAt(r, "scan_frequency")[0];
      if (typeof frequency !== "string" || !ON_PUSH.includes(frequency)) return false;
      return valuesAt(r, "repository_filter.filter").some((f) => typeof f === "string" && (f === "*" || (typeof name === "string" && wildcard(f).test(name))));
    }),
  );
}

export const rule = resourceRule({
  control: "REGISTRY-SCAN-ON-PUSH",
  cloud: "aws",
  title: "ECR images are scanned for vulnerabilities when pushed",
  severity: "error",
  appliesTo: ["aws_ecr_repository"],
  mappings: { checkov: ["CKV_AWS_163"], nist80053: ["RA-5", "SI-3"] },
  rationale: "An image that is never scanned reaches a cluster with whatever known vulnerabilities its base layers carry; scanning on push reports them before anything pulls the image.",
  fix: "Set image_scanning_configuration { scan_on_push = true }, or add an aws_ecr_registry_scanning_configuration with a rule scanning on push (SCAN_ON_PUSH, or CONTINUOUS_SCAN with ENHANCED scanning) whose filter covers the repository (`*` for all).",
  check(repository, context) {
    const problems = context.problems();
    const scan = valueOf(repository, "image_scanning_configuration.scan_on_push");
    if (scan === true || registryRuleFor(valueOf(repository, "name"), context)) return problems.outcome();
    if (scan === UNKNOWN_VALUE) problems.unknown("image_scanning_configuration.scan_on_push");
    else problems.error(`image_scanning_configuration.scan_on_push is ${JSON.stringify(scan ?? "absent")} and no aws_ecr_registry_scanning_configuration rule of the stack scans this repository on push`);
    return problems.outcome();
  },
  tests: {
    compliance: [
      { name: "scan on push", stack: { resource: { aws_ecr_repository: { r: { name: "models", image_scanning_configuration: { scan_on_push: true } } } } } },
      {
        name: "a registry rule for every repository",
        stack: { resource: { aws_ecr_repository: { r: { name: "models" } }, aws_ecr_registry_scanning_configuration: { s: { scan_type: "ENHANCED", rule: [{ scan_frequency: "CONTINUOUS_SCAN", repository_filter: [{ filter: "*", filter_type: "WILDCARD" }] }] } } } },
      },
    ],
    noncompliance: [
      { name: "no scanning at all", stack: { resource: { aws_ecr_repository: { r: { name: "models" } } } }, expect: 'scan_on_push is "absent" and no aws_ecr_registry_scanning_configuration rule' },
      {
        name: "a registry rule for other repositories, and a manual one",
        stack: {
          resource: {
            aws_ecr_repository: { r: { name: "models", image_scanning_configuration: { scan_on_push: false } } },
            aws_ecr_registry_scanning_configuration: {
              s: {
                scan_type: "BASIC",
                rule: [
                  { scan_frequency: "SCAN_ON_PUSH", repository_filter: [{ filter: "web-*", filter_type: "WILDCARD" }] },
                  { scan_frequency: "MANUAL", repository_filter: [{ filter: "*", filter_type: "WILDCARD" }] },
                ],
              },
            },
          },
        },
        expect: "scan_on_push is false and no aws_ecr_registry_scanning_configuration rule",
      },
      {
        name: "a plan without scanning",
        plan: {
          format_version: "1.2",
          resource_changes: [{ address: "aws_ecr_repository.r", mode: "managed", type: "aws_ecr_repository", name: "r", change: { actions: ["create"], before: null, after: { name: "models", image_scanning_configuration: [{ scan_on_push: false }] }, after_unknown: {} } }],
        },
        expect: "scan_on_push is false",
      },
    ],
  },
});

import { Json } from "./model";

/**
 * References written in synthesized JSON: `${aws_kms_key.logs.arn}`, also inside functions
 * (`${jsonencode(aws_s3_bucket.b.arn)}`) and policy documents. A resource type always has a
 * provider prefix and an underscore, which tells it apart from `var.x`, `local.y` and
 * `each.value`.
 */
const INTERPOLATION = /\$\{([^}]*)\}/g;
const RESOURCE_REFERENCE = /(?<![A-Za-z0-9_.-])((?:data\.)?[a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z_][A-Za-z0-9_-]*)(?=\.|\[|\s|\)|,|$)/g;

/** The base addresses (`aws_kms_key.logs`, `data.aws_caller_identity.current`) referenced in `text`. */
export function referencesIn(text: string): string[] {
  const found: string[] = [];
  for (const interpolation of text.matchAll(INTERPOLATION)) {
    for (const reference of (interpolation[1] ?? "").matchAll(RESOURCE_REFERENCE)) {
      if (!found.includes(reference[1]!)) found.push(reference[1]!);
    }
  }
  return found;
}

/** Keys that describe a resource or configure Terraform itself, never wire it to another resource. */
const NON_ATTRIBUTE_KEYS = new Set(["//", "depends_on", "lifecycle", "provider", "provisioner", "connection"]);

/** Every reference under `value`, by dotted attribute path with list indexes dropped. */
export function referencesByPath(value: unknown): Map<string, string[]> {
  const byPath = new Map<string, string[]>();
  const walk = (node: unknown, path: string): void => {
    if (typeof node === "string") {
      const targets = referencesIn(node);
      if (targets.length > 0) byPath.set(path, [...new Set([...(byPath.get(path) ?? []), ...targets])]);
    } else if (Array.isArray(node)) {
      for (const item of node) walk(item, path);
    } else if (node && typeof node === "object") {
      for (const [key, child] of Object.entries(node as Json)) {
        if (path === "" && NON_ATTRIBUTE_KEYS.has(key)) continue;
        walk(child, path === "" ? key : `${path}.${key}`);
      }
    }
  };
  walk(value, "");
  return byPath;
}

/**
 * References recorded in a plan's `configuration` section: each expression has
 * `references: ["aws_kms_key.logs.arn", "aws_kms_key.logs"]`, nested blocks are lists of
 * objects of expressions. Module-relative addresses get the module's prefix.
 */
export function planExpressionReferences(expressions: unknown, modulePrefix: string): Map<string, string[]> {
  const byPath = new Map<string, string[]>();
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item, path);
      return;
    }
    if (!node || typeof node !== "object") return;
    const references = (node as Json)["references"];
    if (Array.isArray(references) && path !== "") {
      const targets = references.filter((r): r is string => typeof r === "string").map((r) => resourcePart(r)).filter((r): r is string => r !== undefined);
      if (targets.length > 0) byPath.set(path, [...new Set([...(byPath.get(path) ?? []), ...targets.map((t) => `${modulePrefix}${t}`)])]);
      return;
    }
    for (const [key, child] of Object.entries(node as Json)) {
      if (key === "constant_value" || key === "references") continue;
      walk(child, path === "" ? key : `${path}.${key}`);
    }
  };
  walk(expressions, "");
  return byPath;
}

/** `aws_kms_key.logs.arn` → `aws_kms_key.logs`; `var.x`, `local.y`, `each.key` → undefined. */
function resourcePart(reference: string): string | undefined {
  const match = /^((?:data\.)?[a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z_][A-Za-z0-9_-]*)/.exec(reference.replace(/\[[^\]]*\]/g, ""));
  return match?.[1];
}

/*
 * The configuration of the bench's scale row: the default organisation with `count`
 * environments, each on all three clouds, so synth cost per stack can be compared with the
 * 10-stack default (it should stay flat: the blueprint does no per-stack work that grows with
 * the number of stacks).
 */
import * as fs from "node:fs";
import { parse, stringify } from "yaml";

type Doc = Record<string, unknown>;

/** `e01`, `e02`, …: valid environment names (2-10 lowercase letters and digits). */
export function environmentName(i: number): string {
  return `e${String(i).padStart(2, "0")}`;
}

/**
 * Reads the default config at `basePath` and returns a YAML text with `count` environments on
 * every cloud; odd ones copy the default `dev` settings, even ones `prod`. Ids are distinct per
 * environment (AWS accounts, GCP projects, Azure subscriptions), so no two stacks share a name.
 */
export function scaleConfigYaml(basePath: string, count: number): string {
  const base = parse(fs.readFileSync(basePath, "utf8")) as Doc;
  const envs = base["environments"] as Record<string, Doc>;
  const clouds = base["clouds"] as Record<string, Doc>;
  const environments: Record<string, Doc> = {};
  const perCloud: Record<string, Record<string, Doc>> = { aws: {}, gcp: {}, azure: {} };
  for (let i = 1; i <= count; i++) {
    const name = environmentName(i);
    const template = i % 2 === 1 ? "dev" : "prod";
    environments[name] = envs[template]!;
    const aws = (clouds["aws"]!["environments"] as Record<string, Doc>)[template]!;
    const gcp = (clouds["gcp"]!["environments"] as Record<string, Doc>)[template]!;
    const azure = (clouds["azure"]!["environments"] as Record<string, Doc>)[template]!;
    const accountId = String(400000000000 + i);
    // Registry principals are roles of the environment's own account (config checks it).
    const registries = ((aws["registries"] as Doc[] | undefined) ?? []).map((r) => ({
      ...r,
      publishers: (r["publishers"] as string[]).map((arn) => arn.replace(/::\d{12}:/, `::${accountId}:`)),
      readers: (r["readers"] as string[]).map((arn) => arn.replace(/::\d{12}:/, `::${accountId}:`)),
    }));
    // So is the functions' permissions boundary.
    const functions = aws["functions"] as Doc | undefined;
    const boundary = functions?.["permissionsBoundary"] as string | undefined;
    const ownFunctions = functions && boundary ? { functions: { ...functions, permissionsBoundary: boundary.replace(/::\d{12}:/, `::${accountId}:`) } } : {};
    perCloud["aws"]![name] = { ...aws, accountId, registries, ...ownFunctions };
    perCloud["gcp"]![name] = { ...gcp, projectId: `acme-ai-${name}` };
    perCloud["azure"]![name] = { ...azure, subscriptionId: `00000000-0000-4000-8000-${String(100000000000 + i)}` };
  }
  // The scale row measures environment stacks: no CI identity stacks, and so none of the
  // acknowledgements that only those stacks' findings use (an unused one is itself an error).
  const withoutCi = Object.fromEntries(Object.entries(base).filter(([key]) => key !== "ci"));
  const acknowledgements = ((base["acknowledgements"] as Doc[] | undefined) ?? []).filter((a) => !String(a["resource"]).startsWith("ci-"));
  const doc: Doc = { ...withoutCi, environments, clouds: {}, acknowledgements };
  for (const cloud of ["aws", "gcp", "azure"]) {
    (doc["clouds"] as Record<string, Doc>)[cloud] = { ...clouds[cloud]!, environments: perCloud[cloud]! };
  }
  // Copies, not YAML aliases: the generated file reads like one a user would write.
  return stringify(doc, { aliasDuplicateObjects: false });
}

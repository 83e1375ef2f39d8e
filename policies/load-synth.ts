import * as fs from "node:fs";
import * as path from "node:path";
import { Cloud, Json, Resource, StackModel, baseAddressOf, cloudOfType, compareText } from "./model";
import { referencesByPath, referencesIn } from "./references";

const PROVIDER_CLOUDS: Readonly<Record<string, Cloud>> = { aws: "aws", google: "gcp", azurerm: "azure" };

/** The stack files of a cdktf output folder (`manifest.json`, else `stacks/<name>/cdk.tf.json`), sorted by stack name. */
export function synthStackFiles(outdir: string): Array<{ name: string; file: string }> {
  const manifest = path.join(outdir, "manifest.json");
  if (fs.existsSync(manifest)) {
    const stacks = (JSON.parse(fs.readFileSync(manifest, "utf8")) as { stacks?: Record<string, { synthesizedStackPath?: string }> }).stacks ?? {};
    return Object.entries(stacks)
      .filter(([, s]) => typeof s.synthesizedStackPath === "string")
      .map(([name, s]) => ({ name, file: path.join(outdir, s.synthesizedStackPath!) }))
      .filter((s) => fs.existsSync(s.file))
      .sort((a, b) => compareText(a.name, b.name));
  }
  const stacksDir = path.join(outdir, "stacks");
  if (!fs.existsSync(stacksDir)) return [];
  return fs
    .readdirSync(stacksDir)
    .filter((name) => fs.existsSync(path.join(stacksDir, name, "cdk.tf.json")))
    .sort()
    .map((name) => ({ name, file: path.join(stacksDir, name, "cdk.tf.json") }));
}

function resourcesOf(stack: string, section: unknown, mode: "managed" | "data"): Resource[] {
  const byType = (section ?? {}) as Record<string, Record<string, Json>>;
  const out: Resource[] = [];
  for (const [type, byName] of Object.entries(byType)) {
    for (const [name, body] of Object.entries(byName ?? {})) {
      const address = mode === "data" ? `data.${type}.${name}` : `${type}.${name}`;
      const metadata = ((body["//"] as Json | undefined)?.["metadata"] ?? {}) as Json;
      const lifecycle = (body["lifecycle"] ?? {}) as Json;
      const attributes: Json = {};
      for (const [key, value] of Object.entries(body)) {
        if (key !== "//" && key !== "lifecycle" && key !== "depends_on" && key !== "provider") attributes[key] = value;
      }
      const dependsOn = Array.isArray(body["depends_on"]) ? (body["depends_on"] as unknown[]).flatMap((d) => (typeof d === "string" ? (d.includes("${") ? referencesIn(d) : [d]) : [])) : [];
      out.push({
        stack,
        address,
        baseAddress: baseAddressOf(address),
        type,
        name,
        mode,
        attributes,
        references: referencesByPath(attributes),
        dependsOn,
        ...(typeof lifecycle["prevent_destroy"] === "boolean" ? { preventDestroy: lifecycle["prevent_destroy"] } : {}),
        ...(typeof metadata["path"] === "string" ? { constructPath: metadata["path"] } : {}),
      });
    }
  }
  return out;
}

function environmentOf(providers: Record<string, Json[]>, resources: readonly Resource[]): string | undefined {
  const aws = providers["aws"]?.[0];
  const awsTags = ((aws?.["default_tags"] as Json[] | undefined)?.[0]?.["tags"] ?? {}) as Json;
  const googleLabels = (providers["google"]?.[0]?.["default_labels"] ?? {}) as Json;
  const fromProvider = awsTags["environment"] ?? googleLabels["environment"];
  if (typeof fromProvider === "string") return fromProvider;
  for (const r of resources) {
    const own = ((r.attributes["tags"] ?? r.attributes["labels"]) ?? {}) as Json;
    if (typeof own["environment"] === "string") return own["environment"];
  }
  return undefined;
}

/** One synthesized stack as the resource model. `name` is the stack's name, `file` where it came from. */
export function stackFromSynth(name: string, file: string, json: Json): StackModel {
  const providers = (json["provider"] ?? {}) as Record<string, Json[]>;
  const resources = [...resourcesOf(name, json["resource"], "managed"), ...resourcesOf(name, json["data"], "data")];
  const cloud = Object.keys(providers).map((p) => PROVIDER_CLOUDS[p]).find((c) => c !== undefined) ?? resources.map((r) => cloudOfType(r.type)).find((c) => c !== undefined);
  const environment = environmentOf(providers, resources);
  return { name, source: "synth", file, providers, resources, ...(cloud ? { cloud } : {}), ...(environment ? { environment } : {}) };
}

/** Every stack of a cdktf output folder. */
export function loadSynthOutput(outdir: string): StackModel[] {
  return synthStackFiles(outdir).map(({ name, file }) => stackFromSynth(name, path.relative(outdir, file), JSON.parse(fs.readFileSync(file, "utf8")) as Json));
}

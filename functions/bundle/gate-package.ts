import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { deterministicZip } from "./deterministic-zip";

/**
 * What one cloud's function package holds: the handler bundled into one file, plus the files
 * the runtime reads beside it (Azure's host.json, a package.json naming the entry point).
 */
export interface GatePackage {
  /** Short name, e.g. `promotion-gate-aws`: the archive is `<name>.zip`. */
  readonly name: string;
  /** The handler's entry point, relative to the project root. */
  readonly entry: string;
  /** Path of the bundle inside the archive, e.g. `index.js`. */
  readonly bundlePath: string;
  /** Other files of the archive, path to content. */
  readonly extraFiles: Readonly<Record<string, string>>;
  /** Modules the runtime provides, left out of the bundle. @default [] */
  readonly external?: readonly string[];
}

/** A built archive: where it is and its SHA-256, which the synthesized resources carry. */
export interface GateArtifact {
  /** The package's short name (GatePackage.name): the id of its asset in a stack. */
  readonly name: string;
  readonly zipPath: string;
  /** Lowercase hex SHA-256 of the archive's bytes. */
  readonly sha256: string;
  /** Base64 SHA-256, the form `source_code_hash` and Content-MD5-style fields take. */
  readonly sha256Base64: string;
  readonly bytes: number;
}

/** The project root: the nearest folder with a package.json (from dist/functions/bundle or functions/bundle). */
export function projectRoot(from: string = __dirname): string {
  const parent = path.dirname(from);
  return fs.existsSync(path.join(from, "package.json")) || parent === from ? from : projectRoot(parent);
}

const sha256 = (bytes: Uint8Array | string): string => createHash("sha256").update(bytes).digest("hex");

/** Inputs besides the sources esbuild read whose change must rebuild every package. */
const EXTRA_INPUTS = ["package-lock.json", "tsconfig.json"];

interface CacheRecord {
  readonly descriptor: string;
  readonly inputs: Record<string, string>;
  readonly zip: string;
}

function hashOf(root: string, relative: string): string {
  try {
    return sha256(fs.readFileSync(path.join(root, relative)));
  } catch {
    return "missing";
  }
}

/**
 * Bundles `pkg.entry` with esbuild into one CommonJS file for Node 20 and packs it with the
 * extra files into a deterministic zip. The result is cached under node_modules/.cache/
 * promotion-gate/ with the hash of every source esbuild read: a synth or a test run after no
 * change reuses it, any change rebuilds it, and a rebuild of the same sources gives the same
 * bytes (esbuild's output is deterministic for the same inputs and options).
 */
export function buildGatePackage(pkg: GatePackage, root: string = projectRoot(), cacheDir: string = path.join(root, "node_modules", ".cache", "promotion-gate")): GateArtifact {
  const dir = path.join(cacheDir, pkg.name);
  const recordPath = path.join(dir, "record.json");
  const descriptor = sha256(JSON.stringify({ pkg, esbuild: esbuildVersion(root) }));
  const cached = readRecord(recordPath);
  if (cached !== undefined && cached.descriptor === descriptor && Object.entries(cached.inputs).every(([f, h]) => hashOf(root, f) === h)) {
    const zipPath = path.join(dir, cached.zip);
    if (fs.existsSync(zipPath)) return artifact(pkg.name, zipPath);
  }
  // Required here, not at the top: loading this module (every synth) must not load esbuild.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require("esbuild") as typeof import("esbuild");
  const result = esbuild.buildSync({
    absWorkingDir: root,
    entryPoints: [path.join(root, pkg.entry)],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    write: false,
    metafile: true,
    outfile: path.join(dir, "out", pkg.bundlePath),
    external: [...(pkg.external ?? [])],
    // Licences of the bundled SDKs stay in the package, collected at the end of the file.
    legalComments: "eof",
    logLevel: "silent",
    sourcemap: false,
  });
  const bundle = result.outputFiles.find((f) => f.path.endsWith(pkg.bundlePath));
  if (bundle === undefined) throw new Error(`esbuild wrote no ${pkg.bundlePath} for ${pkg.entry}`);
  const inputs: Record<string, string> = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    const relative = path.relative(root, path.resolve(root, input)).split(path.sep).join("/");
    // Installed packages change only with the lockfile, which is an input below; hashing each
    // of the SDKs' files on every synth would cost more than it tells.
    if (relative.startsWith("..") || relative.split("/").includes("node_modules")) continue;
    inputs[relative] = hashOf(root, relative);
  }
  for (const extra of EXTRA_INPUTS) inputs[extra] = hashOf(root, extra);
  const zip = deterministicZip([
    { name: pkg.bundlePath, bytes: bundle.contents },
    ...Object.entries(pkg.extraFiles).map(([name, text]) => ({ name, bytes: Buffer.from(text, "utf8") })),
  ]);
  fs.mkdirSync(dir, { recursive: true });
  // Named by content and written under a private name first: a concurrent build (parallel test
  // workers) never reads half an archive, and both write the same bytes anyway.
  const name = `${pkg.name}-${sha256(zip).slice(0, 16)}.zip`;
  const tmp = path.join(dir, `${name}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, zip);
  fs.renameSync(tmp, path.join(dir, name));
  const sortedInputs = Object.fromEntries(Object.entries(inputs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const record: CacheRecord = { descriptor, inputs: sortedInputs, zip: name };
  fs.writeFileSync(`${recordPath}.${process.pid}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  fs.renameSync(`${recordPath}.${process.pid}.tmp`, recordPath);
  return artifact(pkg.name, path.join(dir, name));
}

function readRecord(file: string): CacheRecord | undefined {
  try {
    const r = JSON.parse(fs.readFileSync(file, "utf8")) as CacheRecord;
    return typeof r.zip === "string" && typeof r.descriptor === "string" && typeof r.inputs === "object" ? r : undefined;
  } catch {
    return undefined;
  }
}

function esbuildVersion(root: string): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(root, "node_modules", "esbuild", "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

function artifact(name: string, zipPath: string): GateArtifact {
  const bytes = fs.readFileSync(zipPath);
  const digest = createHash("sha256").update(bytes);
  const hex = digest.copy().digest("hex");
  return { name, zipPath, sha256: hex, sha256Base64: Buffer.from(hex, "hex").toString("base64"), bytes: bytes.length };
}

const builtPerApp = new WeakMap<object, Map<string, GateArtifact>>();

/**
 * `buildGatePackage(pkg)` once per app: every stack of one synth deploys the same archive, and
 * checking the cache (hashing each source and the archive) once per stack would grow with the
 * number of stacks for nothing. `app` is the construct tree's root (`scope.node.root`), so a
 * new synth, or a test's new App, checks again.
 */
export function gatePackageFor(app: object, pkg: GatePackage): GateArtifact {
  let built = builtPerApp.get(app);
  if (built === undefined) builtPerApp.set(app, (built = new Map()));
  const key = JSON.stringify(pkg);
  const cached = built.get(key);
  if (cached !== undefined) return cached;
  const made = buildGatePackage(pkg);
  built.set(key, made);
  return made;
}

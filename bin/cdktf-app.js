// @ts-check
"use strict";
/*
 * The `app` of cdktf.json (what `cdktf synth|diff|deploy` runs). It runs the blueprint from an
 * esbuild bundle of main.ts and everything it imports, cdktf and the provider classes included:
 * one file to read instead of hundreds of modules to resolve, and no TypeScript compiler at run
 * time (`node --import tsx main.ts` cost about 5x loading cdktf alone).
 *
 * The bundle is never stale: inputs.json records the SHA-256 of every project file esbuild
 * compiled into it (hashed as esbuild read them, so an edit made during a build is caught the
 * next time), plus tsconfig.json, node_modules/.package-lock.json (npm rewrites it on every
 * install) and this file. Any difference, or a missing file, rebuilds the bundle before it runs.
 * The bundle's name carries the hash of that record, so two builds that overlap can never leave
 * a record describing the other's bundle.
 * Plain CommonJS on purpose: it must run before anything is compiled.
 */
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

/** Inputs outside the bundle's own sources whose change must rebuild it (paths from the root). */
const EXTRA_INPUTS = ["tsconfig.json", "node_modules/.package-lock.json", "bin/cdktf-app.js"];

/** Where the bundles and their input record live: ignored by git, removed with node_modules. */
function cachePaths(root) {
  const dir = path.join(root, "node_modules", ".cache", "cdktf-app");
  return { dir, inputs: path.join(dir, "inputs.json") };
}

function sha256(bytes) {
  return crypto.createHash("sha256").update(bytes).digest("hex");
}

/** Hash of a file's content, or "missing": a deleted input differs from any recorded hash. */
function hashOf(root, relative) {
  try {
    return sha256(fs.readFileSync(path.join(root, relative)));
  } catch {
    return "missing";
  }
}

/**
 * The path of the recorded bundle when it exists and every input it was built from still has
 * the recorded hash; otherwise undefined.
 */
function freshBundle(root) {
  const { dir, inputs } = cachePaths(root);
  let record;
  try {
    record = JSON.parse(fs.readFileSync(inputs, "utf8"));
  } catch {
    return undefined;
  }
  if (typeof record !== "object" || record === null || typeof record.bundle !== "string") return undefined;
  const bundle = path.join(dir, path.basename(record.bundle));
  const entries = Object.entries(record.inputs ?? {});
  const unchanged = entries.length > 0 && entries.every(([relative, hash]) => hashOf(root, relative) === hash);
  return unchanged && fs.existsSync(bundle) ? bundle : undefined;
}

/** True when the recorded bundle may run as it is. */
function isFresh(root) {
  return freshBundle(root) !== undefined;
}

const LOADERS = { ".ts": "ts", ".js": "js", ".json": "json" };

/** Bundles `main.ts` of `root`; writes the bundle, then the hashes of what went into it. */
async function build(root) {
  const esbuild = require("esbuild");
  const hashes = {};
  for (const relative of EXTRA_INPUTS) hashes[relative] = hashOf(root, relative);
  const recordProjectFiles = {
    name: "record-project-files",
    setup(b) {
      b.onLoad({ filter: /\.(ts|js|json)$/ }, (args) => {
        const relative = path.relative(root, args.path);
        if (relative.startsWith("..") || relative.split(path.sep).includes("node_modules")) return undefined;
        const contents = fs.readFileSync(args.path);
        hashes[relative.split(path.sep).join("/")] = sha256(contents);
        return { contents, loader: LOADERS[path.extname(args.path)] };
      });
    },
  };
  const { dir, inputs } = cachePaths(root);
  fs.mkdirSync(dir, { recursive: true });
  // Written under a private name, then renamed: a concurrent run never reads half a bundle, and
  // the record is renamed last, so it never names a bundle that is not there yet.
  const tmp = path.join(dir, `build-${process.pid}.tmp`);
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: [path.join(root, "main.ts")],
    outfile: tmp,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: `node${process.versions.node.split(".")[0]}`,
    tsconfig: path.join(root, "tsconfig.json"),
    plugins: [recordProjectFiles],
    // As the app, esbuild prints each error with file and line; imported (tests), it stays quiet
    // and the rejection carries the same text.
    logLevel: require.main === module ? "error" : "silent",
  });
  const sorted = Object.fromEntries(Object.entries(hashes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const name = `main-${sha256(JSON.stringify(sorted)).slice(0, 16)}.js`;
  fs.renameSync(tmp, path.join(dir, name));
  fs.writeFileSync(`${inputs}.${process.pid}.tmp`, `${JSON.stringify({ bundle: name, inputs: sorted }, null, 2)}\n`);
  fs.renameSync(`${inputs}.${process.pid}.tmp`, inputs);
  removeOldBundles(dir, name);
  return path.join(dir, name);
}

/** Bundles other than `keep`, older than a minute (a concurrent run may be loading a newer one). */
function removeOldBundles(dir, keep) {
  const cutoff = Date.now() - 60_000;
  for (const file of fs.readdirSync(dir)) {
    const full = path.join(dir, file);
    try {
      if (/^main-[0-9a-f]{16}\.js$/.test(file) && file !== keep && fs.statSync(full).mtimeMs < cutoff) fs.rmSync(full);
    } catch {
      // Removed by a concurrent run already.
    }
  }
}

/** Returns the path of a bundle built from the current sources, building it when needed. */
async function ensureBundle(root) {
  const fresh = freshBundle(root);
  return fresh ? { bundle: fresh, rebuilt: false } : { bundle: await build(root), rebuilt: true };
}

module.exports = { ensureBundle, isFresh, cachePaths, EXTRA_INPUTS };

if (require.main === module) {
  const root = path.resolve(__dirname, "..");
  // The fresh path stays synchronous: no promise, no esbuild load, just hashes and one require.
  const fresh = freshBundle(root);
  if (fresh) {
    require(fresh);
  } else {
    ensureBundle(root).then(
      ({ bundle }) => require(bundle),
      (e) => {
        // esbuild has printed the errors with file and line already.
        process.stderr.write(`cdktf app: could not bundle main.ts: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}\n`);
        process.exitCode = 1;
      },
    );
  }
}

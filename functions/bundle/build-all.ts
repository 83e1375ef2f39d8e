/*
 * `npm run build` ends here: builds the promotion gate's package for each cloud (esbuild bundle
 * in a deterministic zip) and prints each archive's SHA-256, the digest the synthesized stacks
 * reference. Synth builds them the same way when they are missing or stale (gate-package.ts),
 * so this step only makes the digests visible and the cache warm.
 */
import * as path from "node:path";
import { AWS_GATE_PACKAGE } from "../promotion-gate/handlers/aws/package";
import { AZURE_GATE_PACKAGE } from "../promotion-gate/handlers/azure/package";
import { GCP_GATE_PACKAGE } from "../promotion-gate/handlers/gcp/package";
import { buildGatePackage, GatePackage, projectRoot } from "./gate-package";

/** Every cloud's gate package, in the order the build prints them. */
export const GATE_PACKAGES: readonly GatePackage[] = [AWS_GATE_PACKAGE, GCP_GATE_PACKAGE, AZURE_GATE_PACKAGE];

/** One line per package: `<name>.zip sha256:<hex> <bytes> bytes <path from the root>`. */
export function buildAll(root: string = projectRoot(), write: (line: string) => void = (l) => void process.stdout.write(`${l}\n`)): void {
  for (const pkg of GATE_PACKAGES) {
    const a = buildGatePackage(pkg, root);
    write(`${pkg.name}.zip sha256:${a.sha256} ${a.bytes} bytes ${path.relative(root, a.zipPath)}`);
  }
}

if (require.main === module) {
  try {
    buildAll();
  } catch (e) {
    process.stderr.write(`build error: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}\n`);
    process.exitCode = 1;
  }
}

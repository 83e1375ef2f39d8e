import * as fs from "node:fs";

/**
 * The system Chromium playwright-core drives (Debian's `chromium` package; CHROMIUM_PATH
 * overrides). Flags keep a headless run offline and quiet: no sandbox (containers), no GPU, no
 * background or component-update traffic, no sync.
 */
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
}

export function hasChromium(env: NodeJS.ProcessEnv = process.env): boolean {
  return fs.existsSync(chromiumPath(env));
}

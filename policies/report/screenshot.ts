/**
 * Builds the audit report of the default configuration's synthesized stacks (cdktf.out, as
 * `npm run synth` leaves it) and saves a screenshot of report.html as docs/audit-report.png.
 *
 *   node --import tsx policies/report/screenshot.ts [cdktf.out] [docs/audit-report.png]
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { loadConfig } from "../../config/load";
import { evaluate } from "../engine";
import { loadSynthOutput, synthStackFiles } from "../load-synth";
import { CHROMIUM_ARGS, chromiumPath } from "./browser";
import { finopsRows } from "./finops";
import { AuditSubject, writeAuditReports } from "./write";

async function main(): Promise<void> {
  const root = path.resolve(__dirname, "../..");
  const outdir = path.resolve(process.argv[2] ?? path.join(root, "cdktf.out"));
  const png = path.resolve(process.argv[3] ?? path.join(root, "docs/audit-report.png"));
  const configFile = path.join(root, "blueprint.config.yaml");
  const config = loadConfig(configFile);
  // The report's clock: acknowledgements are judged as of the day the screenshot is taken.
  const evaluation = evaluate({ stacks: loadSynthOutput(outdir) }, { acknowledgements: config.acknowledgements });
  const subjects: AuditSubject[] = [
    ...synthStackFiles(outdir).map((s) => ({ name: path.relative(root, s.file), path: s.file })),
    { name: "blueprint.config.yaml", path: configFile },
    { name: "package-lock.json", path: path.join(root, "package-lock.json") },
  ];
  const version = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string }).version;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-report-"));
  writeAuditReports(dir, { evaluation, toolVersion: version, subjects, finops: finopsRows(config) });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, deviceScaleFactor: 1 });
    await page.goto(pathToFileURL(path.join(dir, "report.html")).href);
    // The header, summary and the first cloud's matrix: what an auditor sees first.
    await page.screenshot({ path: png, clip: { x: 0, y: 0, width: 1400, height: 1500 }, fullPage: true });
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`wrote ${path.relative(process.cwd(), png)} from ${path.relative(process.cwd(), outdir)} (${evaluation.stacks.length} stacks, ${evaluation.findings.length} findings)\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`screenshot failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});

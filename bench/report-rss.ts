/*
 * Preloaded into each measured process (`node -r`): at exit it writes the process's peak
 * resident set size, in kilobytes, to the file named by BENCH_RSS_FILE.
 */
import * as fs from "node:fs";

const target = process.env["BENCH_RSS_FILE"];
if (target) {
  process.on("exit", () => {
    fs.writeFileSync(target, String(process.resourceUsage().maxRSS));
  });
}

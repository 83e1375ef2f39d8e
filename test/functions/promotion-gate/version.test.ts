import * as fs from "node:fs";
import * as path from "node:path";
import { GATE_VERSION } from "../../../functions/promotion-gate/version";

test("the gate's recorded version is the package's version", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "..", "package.json"), "utf8")) as { version: string };
  expect(GATE_VERSION).toBe(pkg.version);
  expect(GATE_VERSION).toBe("0.1.0");
});

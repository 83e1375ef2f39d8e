import * as path from "node:path";
import { Linter } from "eslint";

/* The project's own lint configuration must reject provider root imports and accept deep ones. */
const ROOT = path.resolve(__dirname, "..", "..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const config = require(path.join(ROOT, "eslint.config.js")) as Linter.Config[];

function lint(code: string, file = "constructs/aws/example.ts"): string[] {
  const linter = new Linter({ configType: "flat", cwd: ROOT });
  return linter.verify(code, config, { filename: path.join(ROOT, file) }).map((m) => `${m.ruleId ?? "fatal"}: ${m.message}`);
}

/** A provider package root, e.g. `@cdktf/provider-aws`: what the rule must reject. */
const root = (cloud: string): string => `@cdktf/provider-${cloud}`;

describe("provider import lint rule", () => {
  test.each([
    `import { S3Bucket } from "${root("aws")}";`,
    `import { kmsKey } from "${root("google")}";`,
    `import * as azurerm from "${root("azurerm")}";`,
    'import { s3Bucket } from "@cdktf/provider-aws/lib";',
    `export { KeyVault } from "${root("azurerm")}";`,
  ])("rejects %s", (code) => {
    const messages = lint(`${code}\nexport const used = 1;\n`);
    expect(messages.filter((m) => !m.startsWith("@typescript-eslint/no-unused-vars"))).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*(deep path|resource's own module)/),
    ]);
  });

  test("accepts a deep import", () => {
    expect(lint('import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";\nexport const used = S3Bucket;\n')).toEqual([]);
  });

  test("only the naive baseline is exempt", () => {
    expect(lint(`import { kmsKey } from "${root("aws")}";\nexport const used = kmsKey;\n`, "bench/baseline/main.ts")).toEqual([]);
    expect(lint(`import { kmsKey } from "${root("aws")}";\nexport const used = kmsKey;\n`, "bench/run.ts")).toHaveLength(1);
  });
});

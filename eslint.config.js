// @ts-check
const eslint = require("@eslint/js");
const tseslint = require("typescript-eslint");

/**
 * Provider packages must be imported from their deep paths. A root import such as
 * `import { S3Bucket } from "@cdktf/provider-aws"` loads every resource class of the provider:
 * synth and `tsc` become an order of magnitude slower (`npm run bench` measures it).
 */
const providerRootImportRule = {
  "no-restricted-imports": [
    "error",
    {
      patterns: [
        {
          regex: "^@cdktf/provider-[a-z0-9-]+$",
          message:
            "Import provider classes from their deep path, e.g. @cdktf/provider-aws/lib/s3-bucket: the package root loads every resource (synth ~10x slower).",
        },
        {
          regex: "^@cdktf/provider-[a-z0-9-]+/lib/?$",
          message: "Import the resource's own module, e.g. @cdktf/provider-aws/lib/s3-bucket, not the lib index.",
        },
      ],
    },
  ],
};

module.exports = tseslint.config(
  { ignores: ["node_modules/", "dist/", "cdktf.out/", "coverage/", "test/.out/", "reports/", ".stryker-tmp/", "**/*.js", "**/*.mjs"] },
  eslint.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ["**/*.ts"],
    rules: {
      ...providerRootImportRule,
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-non-null-assertion": "off",
      "no-console": "error",
      eqeqeq: ["error", "always"],
    },
  },
  {
    // The naive baseline exists to measure what root imports cost; it is the one exception.
    files: ["bench/baseline/**/*.ts"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    // Command-line entry points talk to the terminal.
    files: ["bench/**/*.ts"],
    rules: { "no-console": "off" },
  },
);

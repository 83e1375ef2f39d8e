/** Transpile-only: type-checking is `npm run typecheck`, a separate step of `npm test`. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // Every test file sees a hostile BLUEPRINT_CONFIG / CDKTF_OUTDIR: no test may depend on the caller's shell.
  setupFiles: ["<rootDir>/test/helpers/caller-environment.ts"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }],
  },
  moduleFileExtensions: ["ts", "js", "json"],
  testTimeout: 60000,
};

// @ts-check
/**
 * `npm run test:mutation`: Stryker changes one value at a time in constructs/ and config/ and
 * runs the jest tests that cover it; a mutant that no test notices is a value nothing guards.
 *
 * The snapshot file (test/stacks/blueprint.test.ts) is left out on purpose: `jest -u` accepts
 * any change, so a mutant counts as killed only when a property test goes red.
 * Runs offline (no dashboard reporter). Reports and the incremental cache go to reports/mutation/,
 * the sandbox to .stryker-tmp/; both are git-ignored.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: "jest",
  jest: {
    projectType: "custom",
    configFile: "jest.config.js",
    config: {
      testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/stacks/blueprint.test.ts"],
    },
    // Only the test files that import the mutated file run for it.
    enableFindRelatedTests: true,
  },
  mutate: ["constructs/**/*.ts", "config/**/*.ts"],
  ignorePatterns: ["dist", "cdktf.out", "coverage", "reports", "test/.out"],
  // test/.out is left out of the copy; test/stacks/run-blueprint.test.ts synthesizes into a
  // folder below it and cdktf creates only the last level.
  buildCommand: "mkdir -p test/.out",
  coverageAnalysis: "perTest",
  // Most construct code also runs while test files load (stack tests synthesize at the top of the
  // file), which makes Stryker rerun every related test file for each such mutant: hours on two
  // cores. With ignoreStatic those mutants run only the tests that cover them; mutants reached
  // only while loading (module-level constants) are reported as Ignored and listed in the README.
  ignoreStatic: true,
  // The tests synthesize into fixed folders under test/.out: two workers running the same test
  // file would delete each other's output. One worker keeps every verdict honest.
  concurrency: 1,
  timeoutMS: 60000,
  // Reuses the verdicts of mutants whose code and covering tests did not change since last run.
  incremental: true,
  incrementalFile: "reports/mutation/stryker-incremental.json",
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  clearTextReporter: { allowEmojis: false, logTests: false, reportScoreTable: true },
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
  thresholds: { high: 90, low: 85, break: null },
};

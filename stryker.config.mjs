// @ts-check
/**
 * `npm run test:mutation`: Stryker changes one value at a time in constructs/ and config/ and
 * runs the jest tests that cover it; a mutant that no test notices is a value nothing guards.
 *
 * The snapshot file (test/stacks/blueprint.test.ts) is left out on purpose: `jest -u` accepts
 * any change, so a mutant counts as killed only when a property test goes red.
 * Runs offline (no dashboard reporter). Reports and the incremental cache go to reports/mutation/,
 * the sandbox to .stryker-tmp-<scope>/; both are git-ignored.
 * `MUTATION_SCOPE=constructs/aws npm run test:mutation` measures one folder, and
 * `MUTATION_SCOPE=constructs/aws/kms-key.ts` one file (reports, incremental cache and sandbox are
 * then named for it): a whole run takes hours on two cores, a folder minutes.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const scope = process.env.MUTATION_SCOPE?.replace(/\/+$/, "");
const report = `${scope ? scope.replace(/[^A-Za-z0-9]+/g, "-") : "mutation"}${process.env.MUTATION_STATIC === "1" ? "-static" : ""}`;

export default {
  testRunner: "jest",
  jest: {
    projectType: "custom",
    configFile: "jest.config.js",
    config: {
      testPathIgnorePatterns: [
        "/node_modules/",
        "<rootDir>/test/stacks/blueprint.test.ts",
        // For a scope under constructs/, the tests of the layers above (config loading, the CLI,
        // the bench, the bundled app) are left out: each of their files runs whole synths in
        // child processes, which multiplies the cost of every mutant in a shared helper. A
        // construct's values are pinned by its own tests.
        ...(scope?.startsWith("constructs") || scope?.startsWith("policies") ? ["<rootDir>/test/config/", "<rootDir>/test/cli/", "<rootDir>/test/bench/", "<rootDir>/test/bin/"] : []),
        // For a scope under policies/, the stack tests (whole synths, each through the engine)
        // too: the rules' cases and the engine's own tests in test/policies/ pin it.
        // The engine and its loaders are measured against their own tests: the synth gate's
        // (whole synths), the report's and the 545 rule cases, which all call the engine, would
        // make each mutant cost seconds. A rule file (policies/rules/...) keeps its cases.
        // The catalogue test compares generated files byte for byte, which the sandbox's
        // instrumentation rewrites.
        ...(scope?.startsWith("policies") ? ["<rootDir>/test/stacks/", "<rootDir>/test/policies/synth-gate.test.ts", "<rootDir>/test/policies/report/", "<rootDir>/test/policies/catalogue.test.ts"] : []),
        ...(scope?.startsWith("policies") && !scope.startsWith("policies/rules") ? ["<rootDir>/test/policies/rules-"] : []),
      ],
    },
    // Only the test files that import the mutated file run for it.
    enableFindRelatedTests: true,
  },
  mutate: scope ? [scope.endsWith(".ts") ? scope : `${scope}/**/*.ts`] : ["constructs/**/*.ts", "config/**/*.ts"],
  ignorePatterns: ["dist", "cdktf.out", "coverage", "reports", "test/.out", "/.stryker-tmp*"],
  // test/.out is left out of the copy; test/stacks/run-blueprint.test.ts synthesizes into a
  // folder below it and cdktf creates only the last level.
  buildCommand: "mkdir -p test/.out",
  coverageAnalysis: "perTest",
  // A mutant reached while a test file loads (a module-level constant, a stack synthesized at the
  // top of a stack test) would make Stryker rerun every related test file: hours on two cores.
  // With ignoreStatic those mutants run only the tests that reach them inside a test, and mutants
  // reached only while loading are reported as Ignored. Construct tests that share a stack per
  // describe block still count: synthConstruct synthesizes it again inside each test that reads it.
  // MUTATION_STATIC=1 runs them too (every related test per mutant): the way to measure files
  // that are all module-level constants, such as constructs/shared/limits/.
  ignoreStatic: process.env.MUTATION_STATIC !== "1",
  // Construct tests synthesize in memory, and synthApp gives each worker its own folder: two
  // workers for a scope under constructs/. The config tests write into fixed folders under
  // test/.out and remove them afterwards: two workers running one of them at once would delete
  // each other's files, so a scope that includes config/ runs one worker.
  concurrency: scope?.startsWith("constructs") ? 2 : 1,
  timeoutMS: 60000,
  // Reuses the verdicts of mutants whose code and covering tests did not change since last run.
  incremental: true,
  incrementalFile: `reports/mutation/${report}-incremental.json`,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: `reports/mutation/${report}.html` },
  jsonReporter: { fileName: `reports/mutation/${report}.json` },
  clearTextReporter: { allowEmojis: false, logTests: false, reportScoreTable: true },
  // Runs of different scopes may overlap: each has its own sandbox folder.
  tempDirName: `.stryker-tmp-${report}`,
  cleanTempDir: true,
  thresholds: { high: 90, low: 85, break: null },
};

/*
 * Runs before every test file (jest `setupFiles`): tests must not depend on what the caller's
 * shell exports. The blueprint's own variables are set to values that break any test that reads
 * them instead of passing its environment explicitly, so such a test fails on every run, not only
 * on a machine where they happen to be exported. cdktf's own switches cannot be passed in (cdktf
 * reads them from `process.env` itself), so they are removed. Jest gives each test file its own
 * copy of `process.env`, so this never leaks into the shell or another file.
 */

/** What the caller might export, as the tests see it: a file and a folder that do not exist. */
export const HOSTILE_ENV = {
  BLUEPRINT_CONFIG: "/nonexistent/caller/blueprint.config.yaml",
  CDKTF_OUTDIR: "/nonexistent/caller/cdktf.out",
  BLUEPRINT_DEBUG: "1",
} as const;

/** cdktf switches that change synthesized output (node_modules/cdktf/lib/app.js, lib/terraform-stack.js). */
export const CDKTF_SWITCHES = ["SYNTH_HCL_OUTPUT", "CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS", "CDKTF_TARGET_STACK_ID", "CDKTF_CONTEXT_JSON"] as const;

Object.assign(process.env, HOSTILE_ENV);
for (const name of CDKTF_SWITCHES) Reflect.deleteProperty(process.env, name);

import * as path from "node:path";
import { App } from "cdktf";
import { runCli } from "../../cli/blueprint";
import { runFinops } from "../../cli/finops";

/*
 * #5: `npm test` passes whatever the caller exports. test/helpers/caller-environment.ts (jest
 * setupFiles) sets BLUEPRINT_CONFIG and CDKTF_OUTDIR to paths that do not exist for every test
 * file; these tests prove that the setting is in force and that it bites code that reads the
 * environment itself, so every other test passes only because it passes its environment in.
 */

function capture(): { io: { stdout: { write(t: string): boolean }; stderr: { write(t: string): boolean } }; err: () => string } {
  let err = "";
  return { io: { stdout: { write: () => true }, stderr: { write: (t: string) => ((err += t), true) } }, err: () => err };
}

describe("#5 tests run with a hostile caller environment", () => {
  test("BLUEPRINT_CONFIG, CDKTF_OUTDIR and BLUEPRINT_DEBUG point at nothing in every test file; cdktf's switches are unset", () => {
    expect([process.env["BLUEPRINT_CONFIG"], process.env["CDKTF_OUTDIR"], process.env["BLUEPRINT_DEBUG"]]).toEqual([
      "/nonexistent/caller/blueprint.config.yaml",
      "/nonexistent/caller/cdktf.out",
      "1",
    ]);
    expect([process.env["SYNTH_HCL_OUTPUT"], process.env["CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS"], process.env["CDKTF_TARGET_STACK_ID"], process.env["CDKTF_CONTEXT_JSON"]]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  test("a cdktf App without an outdir would synthesize into CDKTF_OUTDIR, and fails here: tests name their outdir", () => {
    expect(() => new App()).toThrow("ENOENT");
  });

  test("finops without a context reads BLUEPRINT_CONFIG and fails here; with the test's context it runs", async () => {
    const hostile = capture();
    expect(runFinops(["--tier", "investigations-2y", "--ingest-gb-per-day", "10"], hostile.io)).toBe(2);
    expect(hostile.err()).toMatch(/^config error: \/nonexistent\/caller\/blueprint\.config\.yaml: file not found;/);
    const explicit = capture();
    expect(await runCli(["finops", "--tier", "investigations-2y", "--ingest-gb-per-day", "10"], explicit.io, { env: {}, cwd: path.resolve(__dirname, "..", "..") })).toBe(0);
    expect(explicit.err()).toBe("");
  });
});

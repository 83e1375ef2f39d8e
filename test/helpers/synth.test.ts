import { TerraformOutput } from "cdktf";
import { Json, synthConstruct } from "./synth";

/*
 * A stack built while a describe block is collected is synthesized again inside each test that
 * reads it, so each test runs (and is credited with) the construct code it checks.
 */
let builds = 0;
const shared = synthConstruct((scope) => {
  builds += 1;
  new TerraformOutput(scope, "marker", { value: "one" });
});

describe("synthConstruct at describe level", () => {
  test("synthesizes inside the first test that reads it, not while the file loads", () => {
    expect(builds).toBe(0);
    expect((shared["output"] as Json)["marker"]).toEqual({ value: "one" });
    expect(builds).toBe(1);
    (shared["output"] as Json)["marker"] = "changed by this test";
  });

  test("synthesizes afresh for the next test: no test sees another's changes", () => {
    expect((shared["output"] as Json)["marker"]).toEqual({ value: "one" });
    expect(builds).toBe(2);
  });

  test("reads within one test share one synthesis, and keys and equality work on the stand-in", () => {
    expect(Object.keys(shared)).toEqual(Object.keys(shared));
    expect("output" in shared).toBe(true);
    expect(builds).toBe(3);
    expect(shared).toEqual(JSON.parse(JSON.stringify(shared)));
  });
});

describe("synthConstruct inside a test", () => {
  test("synthesizes at once and returns plain JSON", () => {
    const before = builds;
    const direct = synthConstruct((scope) => {
      builds += 1;
      new TerraformOutput(scope, "marker", { value: "two" });
    });
    expect(builds).toBe(before + 1);
    expect(Object.getPrototypeOf(direct)).toBe(Object.prototype);
    expect((direct["output"] as Json)["marker"]).toEqual({ value: "two" });
  });
});

import { Token } from "cdktf";
import { withoutTokenStackTraces } from "../../stacks/token-stack-traces";

function plainCapture(): string {
  const holder = { stack: "" };
  Error.captureStackTrace(holder);
  return holder.stack;
}

describe("withoutTokenStackTraces", () => {
  test("a stack captured on a plain object is empty inside, and formatted again after", () => {
    expect(plainCapture()).toContain("plainCapture");
    expect(withoutTokenStackTraces({}, plainCapture)).toBe("");
    expect(plainCapture()).toContain("plainCapture");
  });

  test("an Error keeps its whole stack inside", () => {
    const stack = withoutTokenStackTraces({}, () => new Error("boom").stack ?? "");
    expect(stack.startsWith("Error: boom\n    at ")).toBe(true);
    expect(stack).toContain("token-stack-traces.test.ts");
  });

  test("cdktf tokens made inside carry no creation stack; with BLUEPRINT_TOKEN_STACKS=1 they do", () => {
    const creationStack = (env: NodeJS.ProcessEnv): string[] =>
      withoutTokenStackTraces(env, () => (Token.asAny({ value: 1 }) as unknown as { creationStack: string[] }).creationStack);
    expect(creationStack({})).toEqual([]);
    expect(creationStack({ BLUEPRINT_TOKEN_STACKS: "1" }).length).toBeGreaterThan(0);
  });

  test("the previous formatter is back after a throw", () => {
    const before = Error.prepareStackTrace;
    expect(() =>
      withoutTokenStackTraces({}, () => {
        throw new Error("inside");
      }),
    ).toThrow("inside");
    expect(Error.prepareStackTrace).toBe(before);
  });
});

/**
 * cdktf 0.21 records where every token was created: each `Intrinsic` (every attribute
 * reference, every Lazy value) calls `captureStackTrace` with an unlimited frame count and
 * reads the formatted `stack` string of a plain object (cdktf/lib/tokens/private/stack-trace.js
 * and intrinsic.js). The string is only ever printed when that token fails to resolve
 * (cdktf/lib/tokens/resolvable.js, errors.js). Formatting those traces took about 15% of the
 * blueprint's synth CPU (median of five runs of `node dist/main.js`, 2.06 s against 1.74 s of
 * user and system time).
 *
 * While `run` builds and synthesizes, a stack trace captured on anything that is not an Error
 * formats to an empty string, so cdktf stores no creation stack; every Error's trace still goes
 * through the previous formatter, unchanged. `BLUEPRINT_TOKEN_STACKS=1` keeps the creation
 * stacks, for debugging a token that does not resolve.
 */
export function withoutTokenStackTraces<T>(env: NodeJS.ProcessEnv, run: () => T): T {
  if (env["BLUEPRINT_TOKEN_STACKS"] === "1") return run();
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = function prepareStackTrace(target: unknown, frames: NodeJS.CallSite[]): unknown {
    if (!(target instanceof Error)) return "";
    // Node 20 installs its own formatter here (ErrorPrepareStackTrace); without one, V8's
    // default is the error's string and its frames, which this reproduces.
    return previous ? previous(target, frames) : `${String(target)}${frames.map((f) => `\n    at ${String(f)}`).join("")}`;
  };
  try {
    return run();
  } finally {
    Error.prepareStackTrace = previous;
  }
}

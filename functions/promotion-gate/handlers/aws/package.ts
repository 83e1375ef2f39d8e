import { GatePackage } from "../../../bundle/gate-package";

/**
 * The AWS gate's Lambda package: the handler and the SDKs it uses bundled into one CommonJS
 * file. The SDKs are bundled, not taken from the runtime, so the package's digest pins the exact
 * SDK code that runs (the nodejs22.x runtime's own SDK v3 changes with runtime updates).
 * Pure JavaScript, no native modules: it runs on arm64 (Graviton).
 */
export const AWS_GATE_PACKAGE: GatePackage = {
  name: "promotion-gate-aws",
  entry: "functions/promotion-gate/handlers/aws/index.ts",
  bundlePath: "index.js",
  extraFiles: {},
  external: [],
};

/** The Lambda `handler` setting: `<file without .js>.<export>`. */
export const AWS_GATE_HANDLER = "index.handler";

import { GatePackage } from "../../../bundle/gate-package";

/** The Functions Framework version the runtime runs, the one the project pins. */
const FUNCTIONS_FRAMEWORK_VERSION = "5.0.5";

/**
 * The Cloud Functions (2nd gen) package: `index.js` (the handler and the Storage and KMS SDKs,
 * bundled) and a package.json. The Node.js buildpack reads `main` and `engines.node`, and
 * installs `dependencies` (cloud.google.com/functions/docs/writing/dependencies: "The Node.js
 * Functions Framework is a required dependency for all functions"). The framework stays out of
 * the bundle: the buildpack starts the framework it installed, and `functions.cloudEvent` must
 * register in that copy, not in a bundled one the server never reads.
 */
export const GCP_GATE_PACKAGE: GatePackage = {
  name: "promotion-gate-gcp",
  entry: "functions/promotion-gate/handlers/gcp/index.ts",
  bundlePath: "index.js",
  extraFiles: {
    "package.json": `${JSON.stringify(
      {
        name: "promotion-gate-gcp",
        version: "0.1.0",
        private: true,
        main: "index.js",
        engines: { node: "22" },
        dependencies: { "@google-cloud/functions-framework": FUNCTIONS_FRAMEWORK_VERSION },
      },
      null,
      2,
    )}\n`,
  },
  external: ["@google-cloud/functions-framework"],
};

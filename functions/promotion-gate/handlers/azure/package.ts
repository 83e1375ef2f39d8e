import { GatePackage } from "../../../bundle/gate-package";
import { GATE_VERSION } from "../../version";

/**
 * host.json of the Azure package. `version: "2.0"` is the schema of Functions runtime 2.x and
 * later; the Event Grid trigger is not built into the host (only HTTP and timer are), so its
 * extension comes from the extension bundle, v4 being the one Flex Consumption apps run with
 * ("Azure Event Grid bindings for Azure Functions": install the bundle; "host.json reference for
 * Azure Functions 2.x and later": extensionBundle). Sampling is set per environment through the
 * app setting overrides the function app carries (`AzureFunctionsJobHost__...`), so the package
 * is the same bytes in every environment.
 */
export const AZURE_HOST_JSON = {
  version: "2.0",
  extensionBundle: { id: "Microsoft.Azure.Functions.ExtensionBundle", version: "[4.*, 5.0.0)" },
  logging: { logLevel: { default: "Information" } },
} as const;

/**
 * The package's package.json: `main` names the file that registers the functions (Node.js v4
 * programming model: "Azure Functions Node.js developer guide", folder structure).
 */
export const AZURE_PACKAGE_JSON = {
  name: "promotion-gate-azure",
  version: GATE_VERSION,
  private: true,
  main: "index.js",
} as const;

/**
 * The Azure gate: handlers/azure/index.ts bundled into index.js with host.json and package.json
 * beside it. `@azure/functions-core` is the worker's own module (`require`d lazily by
 * @azure/functions 4.16, dist/azure-functions.js tryGetCoreApiLazy), so it stays out of the bundle.
 */
export const AZURE_GATE_PACKAGE: GatePackage = {
  name: "promotion-gate-azure",
  entry: "functions/promotion-gate/handlers/azure/index.ts",
  bundlePath: "index.js",
  extraFiles: {
    "host.json": `${JSON.stringify(AZURE_HOST_JSON, null, 2)}\n`,
    "package.json": `${JSON.stringify(AZURE_PACKAGE_JSON, null, 2)}\n`,
  },
  external: ["@azure/functions-core"],
};

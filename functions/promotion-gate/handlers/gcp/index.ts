import { KeyManagementServiceClient } from "@google-cloud/kms";
import * as functions from "@google-cloud/functions-framework";
import { Storage } from "@google-cloud/storage";
import { GCP_GATE_ENTRY_POINT } from "./environment";
import { createHandler, StorageCloudEvent } from "./handler";

export { createHandler, GCS_FINALIZED_EVENT } from "./handler";
export type { GcpGateHandlerDeps, GcpGateOutcome, StorageCloudEvent } from "./handler";

export { GCP_GATE_ENTRY_POINT } from "./environment";

/** The deployed handler: real clients, created at the first event and kept for the instance's life. */
export const handler = createHandler({
  env: process.env,
  // The runtime service account's credentials come from the metadata server (Application Default Credentials).
  storage: () => new Storage(),
  kms: () => new KeyManagementServiceClient(),
});

// Registered with the Functions Framework the runtime starts (`functions.cloudEvent`, "Write
// event-driven functions", cloud.google.com/functions/docs/writing/write-event-driven-functions):
// the framework is left out of the bundle and installed by the build from package.json, so this
// registers in the very copy that serves the function.
functions.cloudEvent(GCP_GATE_ENTRY_POINT, async (event: functions.CloudEvent<StorageCloudEvent["data"]>) => {
  await handler(event);
});

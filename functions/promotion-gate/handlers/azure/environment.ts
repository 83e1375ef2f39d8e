/**
 * Name the gate is registered under (index.ts): what the Event Grid subscription's
 * `azure_function_endpoint` points at, `<function app id>/functions/promotion-gate`.
 */
export const AZURE_GATE_FUNCTION_NAME = "promotion-gate";

/**
 * The Azure gate's own settings, besides the cloud-neutral GATE_ENV (../gate-environment.ts):
 * written by the module into the function app's settings, read by the handler at start-up.
 */
export const AZURE_GATE_ENV = {
  /** `https://<account>.blob.core.windows.net/incoming`: the registry's upload container. */
  incomingContainerUrl: "GATE_AZURE_INCOMING_CONTAINER_URL",
  /** `https://<account>.blob.core.windows.net/approved`: the container only the gate writes. */
  approvedContainerUrl: "GATE_AZURE_APPROVED_CONTAINER_URL",
  /** `https://<log account>.blob.core.windows.net/<container>`: where decision records go, under `provenance/`. */
  logContainerUrl: "GATE_AZURE_LOG_CONTAINER_URL",
  /** Versioned Key Vault key id of the gate's attestation key (`https://<vault>/keys/<name>/<version>`). */
  attestationKeyId: "GATE_AZURE_ATTESTATION_KEY_ID",
  /**
   * Client id of the function's user-assigned identity. The name is the one `@azure/identity`
   * 4.13's DefaultAzureCredential and ManagedIdentityCredential read to pick a user-assigned
   * identity ("Azure Identity client library for JavaScript", environment variables).
   */
  clientId: "AZURE_CLIENT_ID",
} as const;

/** The Azure settings, read back and checked. */
export interface AzureGateSettings {
  readonly incomingContainerUrl: string;
  readonly approvedContainerUrl: string;
  readonly logContainerUrl: string;
  readonly attestationKeyId: string;
  readonly clientId: string;
}

/** A blob container URL: https, a host, exactly one path segment, no query (no SAS may ride along). */
const CONTAINER_URL = /^https:\/\/[a-z0-9.-]+\/[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Thrown at start-up when a setting is missing or malformed: the function fails loudly, never approves with a default. */
export class AzureGateSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AzureGateSettingsError";
  }
}

export function readAzureGateSettings(env: NodeJS.ProcessEnv): AzureGateSettings {
  const get = (name: string): string => {
    const value = env[name];
    if (value === undefined || value === "") throw new AzureGateSettingsError(`environment variable ${name} is not set`);
    return value;
  };
  const container = (name: string): string => {
    const value = get(name);
    if (!CONTAINER_URL.test(value)) throw new AzureGateSettingsError(`${name} must be https://<account host>/<container>, without a query`);
    return value;
  };
  const clientId = get(AZURE_GATE_ENV.clientId);
  if (!UUID.test(clientId)) throw new AzureGateSettingsError(`${AZURE_GATE_ENV.clientId} must be the identity's client id (a UUID)`);
  return {
    incomingContainerUrl: container(AZURE_GATE_ENV.incomingContainerUrl),
    approvedContainerUrl: container(AZURE_GATE_ENV.approvedContainerUrl),
    logContainerUrl: container(AZURE_GATE_ENV.logContainerUrl),
    // AzureKeyVaultSigner parses it (and refuses a versionless id) when the handler builds it.
    attestationKeyId: get(AZURE_GATE_ENV.attestationKeyId),
    clientId,
  };
}

import { ManagedIdentityCredential } from "@azure/identity";
import { CryptographyClient, KeyClient } from "@azure/keyvault-keys";
import { ContainerClient } from "@azure/storage-blob";
import { AzureKeyVaultSigner } from "../../kms/azure-signer";
import { parseAzureKeyId } from "../../kms/kms-uri";
import { AzureBlobRegistryStore } from "../../storage/azure-blob-store";
import { AzureGateClients } from "./handler";
import { AzureGateSettings } from "./environment";

/**
 * The real clients: every one authenticates as the function's user-assigned identity, named by
 * its client id (ManagedIdentityCredential `{ clientId }`, @azure/identity 4.13), never by a key
 * or a connection string; the registry and log accounts have shared keys turned off.
 */
export function realClients(settings: AzureGateSettings): AzureGateClients {
  const credential = new ManagedIdentityCredential({ clientId: settings.clientId });
  const key = parseAzureKeyId(settings.attestationKeyId);
  return {
    store: new AzureBlobRegistryStore({
      incoming: new ContainerClient(settings.incomingContainerUrl, credential),
      approved: new ContainerClient(settings.approvedContainerUrl, credential),
      log: new ContainerClient(settings.logContainerUrl, credential),
      credential,
    }),
    attestationSigner: new AzureKeyVaultSigner({
      client: new CryptographyClient(settings.attestationKeyId, credential),
      keyClient: new KeyClient(key.vaultUrl, credential),
      keyId: settings.attestationKeyId,
    }),
  };
}

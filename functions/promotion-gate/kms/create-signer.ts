import type { KMSClient } from "@aws-sdk/client-kms";
import type { CryptographyClient, KeyClient } from "@azure/keyvault-keys";
import { OmsError } from "../oms/errors";
import { Signer } from "../oms/sign";
import { AwsKmsSigner } from "./aws-signer";
import { AzureKeyVaultSigner } from "./azure-signer";
import { GcpKmsClient, GcpKmsSigner } from "./gcp-signer";
import { KmsUri } from "./kms-uri";
import { oneLine } from "./support";

/** Clients to use instead of building real ones (tests, or a caller with its own credentials). */
export interface KmsSignerDeps {
  readonly aws?: Pick<KMSClient, "send">;
  readonly gcp?: GcpKmsClient;
  readonly azure?: { readonly client: Pick<CryptographyClient, "sign">; readonly keyClient: Pick<KeyClient, "getKey"> };
}

/**
 * Builds the SDK client on demand. Each SDK is imported inside this function only, so loading
 * this module (and the CLI) does not load three cloud SDKs, and only the one asked for needs its
 * credentials: the default provider chain for AWS, Application Default Credentials for GCP,
 * `DefaultAzureCredential` (`@azure/identity` 4.13.1) for Azure.
 */
async function realClient<T>(what: string, build: () => Promise<T>): Promise<T> {
  try {
    return await build();
  } catch (e) {
    throw new OmsError("OMS_SIGNER_FAILED", `${what} could not be created: ${oneLine(e)}`);
  }
}

/** A {@link Signer} for a parsed `--kms` value. SDK failures surface as OMS_SIGNER_FAILED, one line. */
export async function createKmsSigner(spec: KmsUri, deps: KmsSignerDeps = {}): Promise<Signer> {
  switch (spec.cloud) {
    case "aws": {
      const client =
        deps.aws ??
        (await realClient("AWS KMS client", async () => {
          const { KMSClient: Client } = await import("@aws-sdk/client-kms");
          // The region comes from the ARN: a KMS key can only be used in its own region.
          return new Client({ region: spec.region });
        }));
      return new AwsKmsSigner({ client, keyId: spec.keyId });
    }
    case "gcp": {
      const client =
        deps.gcp ??
        (await realClient("Cloud KMS client", async () => {
          const { KeyManagementServiceClient } = await import("@google-cloud/kms");
          const real: GcpKmsClient = new KeyManagementServiceClient();
          return real;
        }));
      return new GcpKmsSigner({ client, keyVersionName: spec.keyVersionName });
    }
    case "azure": {
      const clients =
        deps.azure ??
        (await realClient("Azure Key Vault client", async () => {
          const [{ CryptographyClient: Crypto, KeyClient: Keys }, { DefaultAzureCredential }] = await Promise.all([
            import("@azure/keyvault-keys"),
            import("@azure/identity"),
          ]);
          const credential = new DefaultAzureCredential();
          return { client: new Crypto(spec.keyId, credential), keyClient: new Keys(spec.vaultUrl, credential) };
        }));
      return new AzureKeyVaultSigner({ ...clients, keyId: spec.keyId });
    }
  }
}

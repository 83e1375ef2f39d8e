/*
 * The naive baseline: the same three providers imported from their package roots (what most
 * cdktf examples do), one key each. `npm run bench` compares the blueprint's synth with this.
 */
import { App, TerraformStack } from "cdktf";
import { kmsKey, provider as aws } from "@cdktf/provider-aws";
import { keyVault, keyVaultKey, provider as azurerm, resourceGroup } from "@cdktf/provider-azurerm";
import { kmsCryptoKey, kmsKeyRing, provider as google } from "@cdktf/provider-google";

const app = new App({ outdir: process.env["CDKTF_OUTDIR"] ?? "cdktf.out" });

const awsStack = new TerraformStack(app, "baseline-aws");
new aws.AwsProvider(awsStack, "aws", { region: "eu-west-1" });
new kmsKey.KmsKey(awsStack, "key", { enableKeyRotation: true });

const gcpStack = new TerraformStack(app, "baseline-gcp");
new google.GoogleProvider(gcpStack, "google", { project: "acme-ai-dev", region: "europe-west1" });
const ring = new kmsKeyRing.KmsKeyRing(gcpStack, "ring", { name: "baseline", location: "europe-west1" });
new kmsCryptoKey.KmsCryptoKey(gcpStack, "key", { name: "key", keyRing: ring.id, rotationPeriod: "7776000s" });

const azureStack = new TerraformStack(app, "baseline-azure");
new azurerm.AzurermProvider(azureStack, "azurerm", { features: [{}], subscriptionId: "00000000-0000-4000-8000-000000000001" });
const group = new resourceGroup.ResourceGroup(azureStack, "rg", { name: "rg-baseline", location: "westeurope" });
const vault = new keyVault.KeyVault(azureStack, "vault", {
  name: "kv-baseline",
  location: "westeurope",
  resourceGroupName: group.name,
  tenantId: "00000000-0000-4000-8000-000000000000",
  skuName: "premium",
});
new keyVaultKey.KeyVaultKey(azureStack, "key", { name: "key", keyVaultId: vault.id, keyType: "RSA", keySize: 3072, keyOpts: ["wrapKey", "unwrapKey"] });

app.synth();

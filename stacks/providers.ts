import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { Construct } from "constructs";
import { StandardTags, toGcpLabels, toTagMap } from "../constructs/shared/tags";

export function awsProvider(scope: Construct, accountId: string, region: string, tags: StandardTags): AwsProvider {
  return new AwsProvider(scope, "aws", {
    region,
    // A plan run with credentials for another account fails instead of deploying there.
    allowedAccountIds: [accountId],
    defaultTags: [{ tags: toTagMap(tags) }],
  });
}

export function googleProvider(scope: Construct, projectId: string, region: string, tags: StandardTags): GoogleProvider {
  const provider = new GoogleProvider(scope, "google", { project: projectId, region });
  // cdktf 0.21 snake-cases the keys of provider-level maps ("cost-center" became "cost_center");
  // an override is written verbatim, so the labels keep the same keys as the AWS and Azure tags.
  provider.addOverride("default_labels", toGcpLabels(tags));
  return provider;
}

/**
 * `registerResourceProviders: false` where the CI identities run Terraform: azurerm registers its
 * resource providers at start-up unless told not to, and they hold no `<provider>/register/action`
 * (docs/release-automation.md lists the providers to register once).
 */
export function azurermProvider(scope: Construct, subscriptionId: string, tenantId: string, options: { readonly registerResourceProviders?: boolean } = {}): AzurermProvider {
  return new AzurermProvider(scope, "azurerm", {
    subscriptionId,
    tenantId,
    ...(options.registerResourceProviders === false ? { resourceProviderRegistrations: "none" } : {}),
    // Storage accounts have shared keys disabled: the provider must use Entra ID for data plane.
    storageUseAzuread: true,
    features: [
      {
        // Destroying a vault or key must never also purge it: soft delete is the undo.
        keyVault: [
          {
            purgeSoftDeleteOnDestroy: false,
            purgeSoftDeletedKeysOnDestroy: false,
            recoverSoftDeletedKeyVaults: true,
            recoverSoftDeletedKeys: true,
          },
        ],
        resourceGroup: [{ preventDeletionIfContainsResources: true }],
      },
    ],
  });
}

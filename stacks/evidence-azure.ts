import { TerraformOutput } from "cdktf";
import { BlueprintValidationError } from "../constructs/shared/validation-error";
import { toTagMap } from "../constructs/shared/tags";
import { EvidenceAzure, EvidenceEnvironment } from "../modules/evidence-azure";
import { azureBackend } from "./backends";
import { EvidenceWiring, placedEnvironments } from "./evidence-stack";
import { azurermProvider } from "./providers";

/**
 * evidence-azure: provider in the evidence subscription, state in the Azure backend like the
 * environment stacks, and one logs key and log account per Azure environment (config order).
 */
export const wireEvidenceAzure: EvidenceWiring = (stack, { config, tags, backend }) => {
  const azure = config.clouds.azure;
  const evidence = azure?.evidence;
  if (!azure || !evidence) {
    // The stack list adds evidence-azure only with clouds.azure.evidence: reached, it is a caller's mistake.
    throw new BlueprintValidationError([
      {
        code: "AZURE_EVIDENCE_NOT_CONFIGURED",
        constructPath: stack.node.path,
        prop: azure ? "clouds.azure.evidence" : "clouds.azure",
        value: "undefined",
        accepted: "a mapping with subscriptionId and location: the evidence subscription this stack deploys into",
      },
    ]);
  }
  azurermProvider(stack, evidence.subscriptionId, azure.tenantId);
  azureBackend(stack, backend, azure);
  const environments: EvidenceEnvironment[] = placedEnvironments(config, azure.environments).map(({ name, inputs, placement }) => ({
    environment: name,
    location: placement.location,
    keyRotationDays: inputs.keyRotationDays,
    protection: inputs.protection,
    logs: { retentionTier: inputs.logs.retentionTier, lockRetention: inputs.logs.lockRetention },
    // The environment's gates write decision records into its log account here.
    ...(placement.functions.subnetId === undefined ? {} : { gateSubnetId: placement.functions.subnetId }),
  }));
  const module = new EvidenceAzure(stack, "evidence", {
    organization: config.organization.name,
    subscriptionId: evidence.subscriptionId,
    tenantId: azure.tenantId,
    location: evidence.location,
    adminObjectIds: evidence.adminObjectIds ?? azure.adminObjectIds,
    allowedIpRanges: azure.allowedIpRanges,
    environments,
    tags: toTagMap(tags),
  });
  new TerraformOutput(stack, "key-vault", { value: module.keyVault.keyVaultId, description: "Vault of every Azure environment's logs key" });
  new TerraformOutput(stack, "log-account", { value: module.logStorage.storageAccountName, description: "The evidence subscription's own write-once log account: the vault's audit events and the subscription's Activity Log" });
  for (const [environment, logStorage] of Object.entries(module.environmentLogStorage)) {
    new TerraformOutput(stack, `log-storage-${environment}`, { value: logStorage.storageAccountId, description: `Write-once log account of ${environment}` });
  }
};

import { TerraformOutput } from "cdktf";
import { EvidenceGcp, EvidenceGcpEnvironment, gcpEvidenceLogsKeyOutput } from "../modules/evidence-gcp";
import { gcpBackend } from "./backends";
import { EvidenceWiring, placedEnvironments } from "./evidence-stack";
import { googleProvider } from "./providers";

/**
 * evidence-gcp: provider in the evidence project, state in the GCP backend like the environment
 * stacks, and one key ring, logs key and write-once log bucket per GCP environment (config order).
 */
export const wireEvidenceGcp: EvidenceWiring = (stack, { config, tags, backend }) => {
  const gcp = config.clouds.gcp;
  const evidence = gcp?.evidence;
  if (!gcp || !evidence) {
    throw new Error("clouds.gcp.evidence is not set in the configuration");
  }
  googleProvider(stack, evidence.projectId, evidence.region, tags);
  gcpBackend(stack, backend, gcp);
  const environments: EvidenceGcpEnvironment[] = placedEnvironments(config, gcp.environments).map(({ name, inputs, placement }) => ({
    environment: name,
    projectId: placement.projectId,
    keyRotationDays: inputs.keyRotationDays,
    protection: inputs.protection,
    logs: { retentionTier: inputs.logs.retentionTier, lockRetention: inputs.logs.lockRetention },
  }));
  const module = new EvidenceGcp(stack, "evidence", {
    organization: config.organization.name,
    projectId: evidence.projectId,
    region: evidence.region,
    keyAdminMembers: gcp.keyAdminMembers,
    environments,
  });
  for (const [environment, key] of Object.entries(module.keys)) {
    new TerraformOutput(stack, gcpEvidenceLogsKeyOutput(environment), { value: key.keyId, description: `Logs key of ${environment}` });
    new TerraformOutput(stack, `${environment}-log-bucket`, { value: module.logBuckets[environment]!.bucketName, description: `Write-once log bucket of ${environment}` });
  }
};

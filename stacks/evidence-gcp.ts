import { TerraformOutput } from "cdktf";
import { gcpEvidenceLogBucketOutput, gcpEvidenceLogsKeyOutput } from "../constructs/shared/naming";
import { BlueprintValidationError } from "../constructs/shared/validation-error";
import { EvidenceGcp, EvidenceGcpEnvironment } from "../modules/evidence-gcp";
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
    // buildBlueprint creates this stack only under clouds.gcp.evidence; this guards callers
    // that wire it from a hand-made config.
    throw new BlueprintValidationError([
      {
        code: "GCP_EVIDENCE_NOT_CONFIGURED",
        constructPath: stack.node.path,
        prop: gcp ? "clouds.gcp.evidence" : "clouds.gcp",
        value: "missing",
        accepted: "clouds.gcp.evidence with the evidence project's projectId and region",
      },
    ]);
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
    new TerraformOutput(stack, gcpEvidenceLogBucketOutput(environment), { value: module.logBuckets[environment]!.bucketName, description: `Write-once log bucket of ${environment}` });
  }
};

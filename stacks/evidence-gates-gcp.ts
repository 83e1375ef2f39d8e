import { TerraformOutput } from "cdktf";
import { BlueprintConfig } from "../config/schema";
import { BlueprintValidationError } from "../constructs/shared/validation-error";
import { EvidenceGcpGateEnvironment, EvidenceGcpGateRecords } from "../modules/evidence-gates-gcp";
import { gcpBackend } from "./backends";
import { EvidenceWiring, placedEnvironments } from "./evidence-stack";
import { googleProvider } from "./providers";

/** The second GCP evidence stack (`<purpose>-<cloud>`, like state-backend-gcp): the promotion gates' grants on their decision records. */
export const EVIDENCE_GCP_GATES_STACK = "evidence-gates-gcp";

/** The GCP environments with registries, in config order: each runs one gate per registry. */
export function gcpGateEnvironments(config: BlueprintConfig): EvidenceGcpGateEnvironment[] {
  const gcp = config.clouds.gcp;
  if (!gcp) return [];
  return placedEnvironments(config, gcp.environments)
    .filter(({ placement }) => placement.registries.length > 0)
    .map(({ name, placement }) => ({ environment: name, projectId: placement.projectId, registries: placement.registries.map((r) => r.name) }));
}

/**
 * `evidence-gates-gcp`, in the evidence project like evidence-gcp, with its state in the GCP
 * backend: create and read on `provenance/<registry>/` of each environment's log bucket for that
 * registry's gate. Deployed after the GCP environments, whose stacks create the gates' service
 * accounts (buildBlueprint records the dependency, so `cdktf deploy '*'` orders it last).
 */
export const wireEvidenceGcpGates: EvidenceWiring = (stack, { config, tags, backend }) => {
  const gcp = config.clouds.gcp;
  const evidence = gcp?.evidence;
  const environments = gcpGateEnvironments(config);
  if (!gcp || !evidence || environments.length === 0) {
    // buildBlueprint creates this stack only with an evidence project and registries; this
    // guards callers that wire it from a hand-made config.
    throw new BlueprintValidationError([
      {
        code: "GCP_EVIDENCE_GATES_NOT_CONFIGURED",
        constructPath: stack.node.path,
        prop: !gcp ? "clouds.gcp" : !evidence ? "clouds.gcp.evidence" : "clouds.gcp.environments",
        value: "missing",
        accepted: "clouds.gcp.evidence and at least one GCP environment with registries",
      },
    ]);
  }
  googleProvider(stack, evidence.projectId, evidence.region, tags);
  gcpBackend(stack, backend, gcp);
  const records = new EvidenceGcpGateRecords(stack, "gate-records", {
    organization: config.organization.name,
    projectId: evidence.projectId,
    environments,
  });
  for (const [key, member] of Object.entries(records.gateMembers)) {
    const [environment, registry] = key.split("/");
    new TerraformOutput(stack, `${environment}-${registry}-gate`, {
      value: member,
      description: `Promotion gate of the ${registry} registry in ${environment}: writes and reads its decision records under provenance/${registry}/`,
    });
  }
};

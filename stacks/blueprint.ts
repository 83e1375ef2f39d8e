import { Construct } from "constructs";
import { BlueprintConfig, CLOUD_NAMES, CloudName } from "../config/schema";
import { CostAllocationStack } from "./cost-allocation-stack";
import { wireEvidenceAws } from "./evidence-aws";
import { wireEvidenceAzure } from "./evidence-azure";
import { wireEvidenceGcp } from "./evidence-gcp";
import { EVIDENCE_GCP_GATES_STACK, gcpGateEnvironments, wireEvidenceGcpGates } from "./evidence-gates-gcp";
import { EvidenceStack } from "./evidence-stack";
import { StateBackendStack } from "./state-backend-stack";
import { SupplyChainStack } from "./supply-chain-stack";
import { CiStack, CiWiring } from "./ci-stack";
import { wireCiAws } from "./ci-aws";
import { wireCiAzure } from "./ci-azure";
import { wireCiGcp } from "./ci-gcp";

/** Each cloud's CI identity wiring (stacks/ci-<cloud>.ts). */
const CI_WIRING: Readonly<Record<CloudName, CiWiring>> = { aws: wireCiAws, gcp: wireCiGcp, azure: wireCiAzure };

/**
 * Every stack of the configuration, in a fixed order (clouds as listed in CLOUD_NAMES,
 * environments in config order): one state backend per enabled cloud, then the cloud's evidence
 * stack where `clouds.<cloud>.evidence` is set, then (with `ci`) one CI identity stack per
 * CI environment the cloud places, then one supply-chain stack per enabled cloud × environment, then (GCP with an evidence project and registries) `evidence-gates-gcp`, then
 * (AWS) the cost-allocation tag activation.
 */
export function buildBlueprint(app: Construct, config: BlueprintConfig): TerraformStackList {
  const stacks: TerraformStackList = [];
  for (const cloud of CLOUD_NAMES) {
    const settings = config.clouds[cloud];
    if (!settings?.enabled) continue;
    stacks.push(new StateBackendStack(app, { config, cloud }));
    // Evidence stacks (one line per cloud): `new EvidenceStack(app, { config, cloud }, wireEvidence<Cloud>)`.
    if (cloud === "aws" && config.clouds.aws?.evidence) stacks.push(new EvidenceStack(app, { config, cloud }, wireEvidenceAws));
    if (cloud === "azure" && config.clouds.azure?.evidence) stacks.push(new EvidenceStack(app, { config, cloud }, wireEvidenceAzure));
    if (cloud === "gcp" && config.clouds.gcp?.evidence) stacks.push(new EvidenceStack(app, { config, cloud }, wireEvidenceGcp));
    // The CI identities come before the environments: an environment's registries name its
    // CI publishers, which must exist when the bucket and key policies are applied.
    const ciStacks = new Map<string, CiStack>();
    for (const environment of config.ci?.environments ?? []) {
      if (environment in settings.environments) {
        const ci = new CiStack(app, { config, cloud, environment }, CI_WIRING[cloud]);
        ciStacks.set(environment, ci);
        stacks.push(ci);
      }
    }
    const environmentStacks: SupplyChainStack[] = [];
    for (const environment of Object.keys(config.environments)) {
      if (environment in settings.environments) {
        const stack = new SupplyChainStack(app, { config, cloud, environment });
        const ci = ciStacks.get(environment);
        if (ci) stack.addDependency(ci);
        environmentStacks.push(stack);
      }
    }
    stacks.push(...environmentStacks);
    // After the environments: their gates' service accounts must exist before a bucket binds them.
    if (cloud === "gcp" && config.clouds.gcp?.evidence && gcpGateEnvironments(config).length > 0) {
      const gates = new EvidenceStack(app, { config, cloud, name: EVIDENCE_GCP_GATES_STACK }, wireEvidenceGcpGates);
      const withGates = new Set(gcpGateEnvironments(config).map((e) => e.environment));
      environmentStacks.filter((s) => withGates.has(s.environment)).forEach((s) => gates.addDependency(s));
      stacks.push(gates);
    }
    if (cloud === "aws" && config.clouds.aws?.activateCostAllocationTags) {
      stacks.push(new CostAllocationStack(app, config));
    }
  }
  return stacks;
}

export type TerraformStackList = Array<StateBackendStack | EvidenceStack | CiStack | SupplyChainStack | CostAllocationStack>;

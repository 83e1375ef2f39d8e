import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { BlueprintConfig, CloudName } from "../config/schema";
import { StandardTags, standardTags } from "../constructs/shared/tags";
import { EnvironmentInputs } from "../modules/environment-inputs";
import { BackendTarget } from "./backends";
import { environmentInputs } from "./supply-chain-stack";

/** Tag `environment` of an evidence stack, which holds the evidence of every environment. */
export const EVIDENCE_ENVIRONMENT = "evidence";

/** `evidence-<cloud>`: the stack in the dedicated evidence account, project or subscription. */
export function evidenceStackName(cloud: CloudName): string {
  return `evidence-${cloud}`;
}

export interface EvidenceStackProps {
  readonly config: BlueprintConfig;
  readonly cloud: CloudName;
  /** Stack name when the cloud has a second evidence stack (`evidence-gates-gcp`); default `evidence-<cloud>`. */
  readonly name?: string;
}

/** What every cloud's evidence wiring needs. */
export interface EvidenceContext {
  readonly config: BlueprintConfig;
  readonly tags: StandardTags;
  readonly backend: BackendTarget;
}

/** An environment a cloud places, with its resolved settings and its placement on that cloud. */
export interface PlacedEnvironment<P> {
  readonly name: string;
  readonly inputs: EnvironmentInputs;
  readonly placement: P;
}

/**
 * The environments a cloud places (`clouds.<cloud>.environments`), in config order, resolved
 * exactly as their own stacks resolve them, so the evidence stack keeps each environment's
 * tier, lock and protection.
 */
export function placedEnvironments<P>(config: BlueprintConfig, placements: Readonly<Record<string, P>>): Array<PlacedEnvironment<P>> {
  return Object.keys(config.environments)
    .filter((name) => name in placements)
    .map((name) => ({ name, inputs: environmentInputs(config, name, config.environments[name]!), placement: placements[name]! }));
}

/** Builds one cloud's evidence stack (`stacks/evidence-<cloud>.ts`). */
export type EvidenceWiring = (stack: TerraformStack, context: EvidenceContext) => void;

/**
 * The log-archive layout (`clouds.<cloud>.evidence`): the write-once log storage of every
 * environment of the cloud, and the key that encrypts it, live in one dedicated account, project
 * or subscription that the environments' administrators do not administer; each environment
 * delivers into it across the account boundary. Deployed after the state backend and before the
 * environments, whose trails, sinks and diagnostic settings need their destination to exist; on
 * GCP a second one, `evidence-gates-gcp`, comes after them (stacks/evidence-gates-gcp.ts).
 */
export class EvidenceStack extends TerraformStack {
  public readonly tags: StandardTags;

  constructor(scope: Construct, props: EvidenceStackProps, wiring: EvidenceWiring) {
    const name = props.name ?? evidenceStackName(props.cloud);
    super(scope, name);
    const { config } = props;
    this.tags = standardTags({
      owner: config.organization.owner,
      costCenter: config.organization.costCenter,
      environment: EVIDENCE_ENVIRONMENT,
      // Audit logs name every principal and resource of every environment.
      dataClassification: "confidential",
    });
    wiring(this, {
      config,
      tags: this.tags,
      backend: { stackName: name, outdir: App.of(this).outdir, organization: config.organization.name },
    });
  }
}

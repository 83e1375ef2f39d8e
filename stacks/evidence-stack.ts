import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { BlueprintConfig, CloudName } from "../config/schema";
import { StandardTags, standardTags } from "../constructs/shared/tags";
import { BackendTarget } from "./backends";

/** Tag `environment` of an evidence stack, which holds the evidence of every environment. */
export const EVIDENCE_ENVIRONMENT = "evidence";

/** `evidence-<cloud>`: the stack in the dedicated evidence account, project or subscription. */
export function evidenceStackName(cloud: CloudName): string {
  return `evidence-${cloud}`;
}

export interface EvidenceStackProps {
  readonly config: BlueprintConfig;
  readonly cloud: CloudName;
}

/** What every cloud's evidence wiring needs. */
export interface EvidenceContext {
  readonly config: BlueprintConfig;
  readonly tags: StandardTags;
  readonly backend: BackendTarget;
}

/** Builds one cloud's evidence stack; each cloud registers its own below. */
export type EvidenceWiring = (stack: TerraformStack, context: EvidenceContext) => void;

/**
 * The log-archive layout (`clouds.<cloud>.evidence`): the write-once log storage of every
 * environment of the cloud, and the key that encrypts it, live in one dedicated account, project
 * or subscription that the environments' administrators do not administer; each environment
 * delivers into it across the account boundary. Deployed after the state backend and before the
 * environments, whose trails, sinks and diagnostic settings need their destination to exist.
 */
export class EvidenceStack extends TerraformStack {
  public readonly tags: StandardTags;

  constructor(scope: Construct, props: EvidenceStackProps, wiring: EvidenceWiring) {
    const name = evidenceStackName(props.cloud);
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

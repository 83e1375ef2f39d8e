import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { BlueprintConfig, CiConfig, CloudName } from "../config/schema";
import { CiPublisher, ciPublishers } from "../constructs/shared/ci-identities";
import { StandardTags, standardTags } from "../constructs/shared/tags";
import { BlueprintValidationError } from "../constructs/shared/validation-error";
import { BackendTarget } from "./backends";

/** `ci-<cloud>-<environment>`, e.g. `ci-aws-prod`: the CI identities of one environment on one cloud. */
export function ciStackName(cloud: CloudName, environment: string): string {
  return `ci-${cloud}-${environment}`;
}

export interface CiStackProps {
  readonly config: BlueprintConfig;
  readonly cloud: CloudName;
  readonly environment: string;
}

/** What every cloud's CI wiring needs. */
export interface CiContext {
  readonly config: BlueprintConfig;
  readonly ci: CiConfig;
  /** The environment (`ci.environments[]`) whose identities this stack holds. */
  readonly environment: string;
  /** Model repositories that publish into this environment on this cloud, with their registries there. */
  readonly publishers: readonly CiPublisher[];
  readonly tags: StandardTags;
  readonly backend: BackendTarget;
}

/** Builds one cloud's CI stack (`stacks/ci-<cloud>.ts`). */
export type CiWiring = (stack: TerraformStack, context: CiContext) => void;

/** The registry names an environment has on a cloud. */
export function registryNamesOn(config: BlueprintConfig, cloud: CloudName, environment: string): string[] {
  return config.clouds[cloud]?.environments[environment]?.registries.map((r) => r.name) ?? [];
}

/**
 * The CI identities of one environment on one cloud (README, "Release automation"): the trust
 * in the CI's OIDC issuer, the plan identity, the environment's deploy identity and one publisher
 * identity per model repository. A stack of its own, applied once by an administrator before the
 * environment's stack (whose registries admit the publishers by name): the pipelines never apply
 * it, so no pipeline can widen its own trust.
 */
export class CiStack extends TerraformStack {
  public readonly tags: StandardTags;
  public readonly environment: string;

  constructor(scope: Construct, props: CiStackProps, wiring: CiWiring) {
    const name = ciStackName(props.cloud, props.environment);
    super(scope, name);
    const { config, cloud, environment } = props;
    this.environment = environment;
    const ci = config.ci;
    const env = config.environments[environment];
    if (!ci || !env || !ci.environments.includes(environment)) {
      // buildBlueprint creates this stack only for ci.environments; this guards hand-made callers.
      throw new BlueprintValidationError([
        {
          code: "CI_ENVIRONMENT_NOT_CONFIGURED",
          constructPath: name,
          prop: "ci.environments",
          value: JSON.stringify(environment),
          accepted: `an environment listed under ci.environments: ${ci?.environments.join(", ") ?? "(no ci block)"}`,
        },
      ]);
    }
    this.tags = standardTags({
      owner: config.organization.owner,
      costCenter: config.organization.costCenter,
      environment,
      dataClassification: env.dataClassification,
    });
    wiring(this, {
      config,
      ci,
      environment,
      publishers: ciPublishers(ci, environment, registryNamesOn(config, cloud, environment)),
      tags: this.tags,
      backend: { stackName: name, outdir: App.of(this).outdir, organization: config.organization.name },
    });
  }
}

import { awsPartition } from "../config/regions";
import { BlueprintConfig, CiConfig, CloudName, CLOUD_NAMES } from "../config/schema";
import { awsCiRoleName, CiPublisher, ciPublishers, CiRole, gcpCiServiceAccountEmail } from "../constructs/shared/ci-identities";
import { awsIamRoleArn } from "../constructs/shared/naming";

/*
 * What the pipelines need to know, derived from the configuration alone: which stacks they plan
 * and apply, in which order, and the identity each job federates into. `blueprint ci init`
 * renders this for GitHub Actions or GitLab CI; neither renderer reads the config itself.
 */

/** The identity one job federates into on one cloud. */
export type CiIdentity =
  | { readonly cloud: "aws"; readonly role: CiRole; readonly roleArn: string; readonly region: string }
  | {
      readonly cloud: "gcp";
      readonly role: CiRole;
      readonly serviceAccount: string;
      readonly projectId: string;
      /** CI variable holding the provider's full resource name (it contains the project number, which config does not know). */
      readonly providerVariable: string;
    }
  | {
      readonly cloud: "azure";
      readonly role: CiRole;
      /** CI variable holding the identity's client id (assigned by Entra ID when the ci-azure stack is applied). */
      readonly clientIdVariable: string;
      readonly tenantId: string;
      readonly subscriptionId: string;
    };

/** One `<cloud>-<env>` stack the pipelines plan on pull requests and apply on the default branch. */
export interface CiStackTarget {
  readonly stack: string;
  readonly cloud: CloudName;
  readonly environment: string;
  readonly plan: CiIdentity;
  readonly deploy: CiIdentity;
  /** Runner labels for its jobs (`ci.runners.<cloud>`); undefined: the CI's default runners. */
  readonly runner?: readonly string[];
}

/** One model repository publishing into one environment on one cloud. */
export interface CiPublishTarget {
  readonly publisher: CiPublisher;
  readonly cloud: CloudName;
  readonly environment: string;
  readonly identity: CiIdentity;
  /** Runner labels for its job (`ci.runners.<cloud>`); undefined: the CI's default runners. */
  readonly runner?: readonly string[];
}

export interface CiTargets {
  readonly ci: CiConfig;
  readonly organization: string;
  /** Environment stacks in apply order: ci.environments order, clouds in CLOUD_NAMES order within one. */
  readonly stacks: readonly CiStackTarget[];
  readonly publishers: readonly CiPublishTarget[];
}

/** `dev` → `DEV`: the suffix of per-environment CI variables. */
export function variableSuffix(environment: string): string {
  return environment.toUpperCase();
}

function identity(config: BlueprintConfig, cloud: CloudName, environment: string, role: CiRole, publisher?: string): CiIdentity {
  const org = config.organization.name;
  if (cloud === "aws") {
    const placement = config.clouds.aws!.environments[environment]!;
    return { cloud, role, region: placement.region, roleArn: awsIamRoleArn(awsPartition(placement.region), placement.accountId, awsCiRoleName(org, environment, role, publisher)) };
  }
  if (cloud === "gcp") {
    const placement = config.clouds.gcp!.environments[environment]!;
    return {
      cloud,
      role,
      projectId: placement.projectId,
      serviceAccount: gcpCiServiceAccountEmail(placement.projectId, role, publisher),
      providerVariable: `GCP_WORKLOAD_IDENTITY_PROVIDER_${variableSuffix(environment)}`,
    };
  }
  const azure = config.clouds.azure!;
  const placement = azure.environments[environment]!;
  const who = role === "publish" ? `PUBLISH_${(publisher ?? "").toUpperCase().replace(/-/g, "_")}` : role.toUpperCase();
  return { cloud, role, tenantId: azure.tenantId, subscriptionId: placement.subscriptionId, clientIdVariable: `AZURE_CLIENT_ID_${who}_${variableSuffix(environment)}` };
}

/** The pipelines' targets for `config`; none without a `ci` block. */
export function ciTargets(config: BlueprintConfig): CiTargets | undefined {
  const ci = config.ci;
  if (!ci) return undefined;
  const stacks: CiStackTarget[] = [];
  const publishers: CiPublishTarget[] = [];
  for (const environment of ci.environments) {
    for (const cloud of CLOUD_NAMES) {
      const settings = config.clouds[cloud];
      const placement = settings?.enabled ? settings.environments[environment] : undefined;
      if (!placement) continue;
      const runner = ci.runners[cloud];
      const runs = runner ? { runner } : {};
      stacks.push({ stack: `${cloud}-${environment}`, cloud, environment, plan: identity(config, cloud, environment, "plan"), deploy: identity(config, cloud, environment, "deploy"), ...runs });
      for (const publisher of ciPublishers(ci, environment, placement.registries.map((r) => r.name))) {
        publishers.push({ publisher, cloud, environment, identity: identity(config, cloud, environment, "publish", publisher.name), ...runs });
      }
    }
  }
  return { ci, organization: config.organization.name, stacks, publishers };
}

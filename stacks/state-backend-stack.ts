import { App, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { awsPartition } from "../config/regions";
import { BlueprintConfig, CloudName } from "../config/schema";
import { awsIamRoleArn } from "../constructs/shared/naming";
import { StandardTags, standardTags, toTagMap } from "../constructs/shared/tags";
import { BlueprintValidationError } from "../constructs/shared/validation-error";
import { StateBackendAws } from "../modules/state-backend-aws";
import { StateBackendAzure } from "../modules/state-backend-azure";
import { StateBackendGcp } from "../modules/state-backend-gcp";
import { localBackend } from "./backends";
import { awsProvider, azurermProvider, googleProvider } from "./providers";

/** Tag `environment` of the state backend, which serves every environment of its cloud. */
export const STATE_BACKEND_ENVIRONMENT = "shared";
/** State key rotation: fixed, the state backend belongs to no environment. */
export const STATE_KEY_ROTATION_DAYS = 90;

export function stateBackendStackName(cloud: CloudName): string {
  return `state-backend-${cloud}`;
}

export interface StateBackendStackProps {
  readonly config: BlueprintConfig;
  readonly cloud: CloudName;
}

/**
 * The hardened remote-state storage of one cloud. Deployed first, with local state (nothing
 * exists yet to hold it remotely): keep `terraform.state-backend-<cloud>.tfstate` safe, it is
 * the only record of the bucket and key.
 */
export class StateBackendStack extends TerraformStack {
  public readonly tags: StandardTags;

  constructor(scope: Construct, props: StateBackendStackProps) {
    const name = stateBackendStackName(props.cloud);
    super(scope, name);
    const { config } = props;
    const organization = config.organization.name;
    this.tags = standardTags({
      owner: config.organization.owner,
      costCenter: config.organization.costCenter,
      environment: STATE_BACKEND_ENVIRONMENT,
      // State holds every resource id and any secret a provider returns.
      dataClassification: "confidential",
    });
    localBackend(this, { stackName: name, outdir: App.of(this).outdir, organization });

    const outputs: Record<string, string> = {};
    if (props.cloud === "aws" && config.clouds.aws) {
      const { accountId, region } = config.clouds.aws.stateBackend;
      const partition = awsPartition(region);
      awsProvider(this, accountId, region, this.tags);
      const state = new StateBackendAws(this, "state", {
        organization,
        accountId,
        region,
        partition,
        adminRoleArn: awsIamRoleArn(partition, accountId, config.clouds.aws.adminRoleName),
        keyRotationDays: STATE_KEY_ROTATION_DAYS,
      });
      outputs["bucket"] = state.bucket.bucketName;
      outputs["kms-key"] = state.key.keyArn;
      // Where an auditor reads who touched the state: S3 server access logs.
      outputs["access-log-bucket"] = state.accessLogBucket.bucketName;
    } else if (props.cloud === "gcp" && config.clouds.gcp) {
      const { projectId, region } = config.clouds.gcp.stateBackend;
      googleProvider(this, projectId, region, this.tags);
      const state = new StateBackendGcp(this, "state", {
        organization,
        projectId,
        region,
        keyRotationDays: STATE_KEY_ROTATION_DAYS,
        keyAdminMembers: config.clouds.gcp.keyAdminMembers,
      });
      outputs["bucket"] = state.bucket.bucketName;
      outputs["kms-key"] = state.key.keyId;
      outputs["usage-log-bucket"] = state.usageLogs.bucketName;
    } else if (props.cloud === "azure" && config.clouds.azure) {
      const azure = config.clouds.azure;
      const { subscriptionId, location } = azure.stateBackend;
      azurermProvider(this, subscriptionId, azure.tenantId);
      const state = new StateBackendAzure(this, "state", {
        organization,
        subscriptionId,
        tenantId: azure.tenantId,
        location,
        adminObjectIds: azure.adminObjectIds,
        allowedIpRanges: azure.allowedIpRanges,
        keyRotationDays: STATE_KEY_ROTATION_DAYS,
        // An environment stack in the same subscription already sends its Activity Log.
        recordActivityLog: !Object.values(azure.environments).some((e) => e.subscriptionId === subscriptionId),
        tags: toTagMap(this.tags),
      });
      outputs["storage-account"] = state.bucket.storageAccountName;
      outputs["kms-key"] = state.key.versionlessKeyId;
      outputs["log-account"] = state.logStorage.storageAccountName;
    } else {
      throw new BlueprintValidationError([
        {
          code: "CLOUD_NOT_CONFIGURED",
          constructPath: name,
          prop: `clouds.${props.cloud}`,
          value: "(missing)",
          accepted: `a clouds.${props.cloud} block in the configuration`,
        },
      ]);
    }
    for (const [id, value] of Object.entries(outputs)) {
      new TerraformOutput(this, id, { value });
    }
  }
}

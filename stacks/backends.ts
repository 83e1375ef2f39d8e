import * as path from "node:path";
import { AzurermBackend, GcsBackend, LocalBackend, S3Backend, TerraformStack } from "cdktf";
import { awsKmsAliasArn, awsStateBucketName, awsStateKeyAlias, gcpStateBucketName, gcpStateKeyName, stateKey } from "../constructs/shared/naming";
import { STATE_CONTAINER_NAME } from "../constructs/azure/state-bucket";
import { awsPartition } from "../config/regions";
import { AwsConfig, AzureConfig, GcpConfig } from "../config/schema";
import { azureStateNames } from "../modules/state-backend-azure";

/** Where a stack's state goes: its name, the app's output directory, the organisation. */
export interface BackendTarget {
  readonly stackName: string;
  readonly outdir: string;
  readonly organization: string;
}

/**
 * Local state in the project root as `terraform.<stack>.tfstate`, where cdktf itself would put
 * it, but written relative to the stack directory: cdktf's default is an absolute path, which
 * would put this machine's layout into the synthesized JSON.
 */
export function localBackend(stack: TerraformStack, { outdir, stackName }: BackendTarget): LocalBackend {
  const stackDir = path.resolve(outdir, "stacks", stackName);
  const toRoot = path.relative(stackDir, process.cwd()).split(path.sep).join("/");
  return new LocalBackend(stack, { path: `${toRoot}/terraform.${stackName}.tfstate` });
}

/** Remote state in the bucket the state-backend-aws stack creates, unless config names another. */
export function awsBackend(stack: TerraformStack, target: BackendTarget, aws: AwsConfig): void {
  const { stackName, organization } = target;
  const backend = aws.backend;
  if (backend.type === "local") {
    localBackend(stack, target);
    return;
  }
  const { accountId, region } = aws.stateBackend;
  const s3 = new S3Backend(stack, {
    bucket: backend.bucket ?? awsStateBucketName(organization, accountId, region),
    key: stateKey("aws", stackName),
    region,
    encrypt: true,
    kmsKeyId: backend.kmsKeyId ?? awsKmsAliasArn(awsPartition(region), region, accountId, awsStateKeyAlias(organization)),
    ...(backend.roleArn ? { assumeRole: { roleArn: backend.roleArn } } : {}),
  });
  // S3-native locking (Terraform 1.10+): no DynamoDB table to create, pay for or forget.
  s3.addOverride("use_lockfile", true);
}

export function gcpBackend(stack: TerraformStack, target: BackendTarget, gcp: GcpConfig): void {
  const { stackName, organization } = target;
  const backend = gcp.backend;
  if (backend.type === "local") {
    localBackend(stack, target);
    return;
  }
  const { projectId, region } = gcp.stateBackend;
  new GcsBackend(stack, {
    bucket: backend.bucket ?? gcpStateBucketName(organization, projectId),
    prefix: stateKey("gcp", stackName),
    kmsEncryptionKey: backend.kmsKeyId ?? gcpStateKeyName(organization, projectId, region),
  });
}

export function azureBackend(stack: TerraformStack, target: BackendTarget, azure: AzureConfig): void {
  const { stackName, organization } = target;
  const backend = azure.backend;
  if (backend.type === "local") {
    localBackend(stack, target);
    return;
  }
  const names = azureStateNames(organization, azure.stateBackend.subscriptionId);
  new AzurermBackend(stack, {
    resourceGroupName: backend.resourceGroupName ?? names.resourceGroupName,
    storageAccountName: backend.storageAccountName ?? names.storageAccountName,
    containerName: STATE_CONTAINER_NAME,
    key: stateKey("azure", stackName),
    subscriptionId: azure.stateBackend.subscriptionId,
    tenantId: azure.tenantId,
    // Shared keys are disabled on the state account: Entra ID is the only way in.
    useAzureadAuth: true,
  });
}

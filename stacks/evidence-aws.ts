import { TerraformOutput } from "cdktf";
import { awsPartition } from "../config/regions";
import { AwsEvidenceEnvironment, EvidenceAws } from "../modules/evidence-aws";
import { awsBackend } from "./backends";
import { EvidenceWiring, placedEnvironments } from "./evidence-stack";
import { awsProvider } from "./providers";

/**
 * `evidence-aws`, in `clouds.aws.evidence.accountId`: the log archive of every AWS environment.
 * Its provider only accepts the evidence account; its state goes to the AWS backend like every
 * other AWS stack. Deployed after the state backend and before the environments, whose plans
 * look its keys up and whose trails need its bucket policies to exist.
 */
export const wireEvidenceAws: EvidenceWiring = (stack, { config, tags, backend }) => {
  const aws = config.clouds.aws;
  const evidence = aws?.evidence;
  if (!aws || !evidence) {
    throw new Error("clouds.aws.evidence is not configured");
  }
  const { accountId, region } = evidence;
  awsProvider(stack, accountId, region, tags);
  awsBackend(stack, backend, aws);
  const partition = awsPartition(region);
  const environments: AwsEvidenceEnvironment[] = placedEnvironments(config, aws.environments).map(({ name, inputs, placement }) => ({
    environment: name,
    accountId: placement.accountId,
    region: placement.region,
    protectionLevel: config.environments[name]!.protection,
    keyRotationDays: inputs.keyRotationDays,
    logs: inputs.logs,
  }));
  const archive = new EvidenceAws(stack, "evidence", {
    organization: config.organization.name,
    accountId,
    region,
    partition,
    adminRoleArn: `arn:${partition}:iam::${accountId}:role/${aws.adminRoleName}`,
    // The break-glass role of the evidence account: the environments' own roles have no power here.
    ...(aws.breakGlassRoleName ? { breakGlassRoleArn: `arn:${partition}:iam::${accountId}:role/${aws.breakGlassRoleName}` } : {}),
    environments,
  });
  new TerraformOutput(stack, "trail", { value: archive.trail.trailArn, description: "The evidence account's own trail: its management events and every read and tampering write on every evidence bucket" });
  for (const [name, held] of Object.entries(archive.environments)) {
    new TerraformOutput(stack, `${name}-log-bucket`, { value: held.logBucket.bucketName, description: `Write-once log bucket of environment ${name}` });
    new TerraformOutput(stack, `${name}-logs-key`, { value: held.key.keyArn, description: `Key that encrypts the logs of environment ${name}` });
  }
};

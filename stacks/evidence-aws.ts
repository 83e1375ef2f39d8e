import { TerraformOutput } from "cdktf";
import { awsPartition } from "../config/regions";
import { awsIamRoleArn } from "../constructs/shared/naming";
import { BlueprintValidationError } from "../constructs/shared/validation-error";
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
    // buildBlueprint creates this stack only under clouds.aws.evidence; this guards callers
    // that wire it from a hand-made config.
    throw new BlueprintValidationError([
      {
        code: "AWS_EVIDENCE_NOT_CONFIGURED",
        constructPath: stack.node.path,
        prop: aws ? "clouds.aws.evidence" : "clouds.aws",
        value: "missing",
        accepted: "clouds.aws.evidence with the evidence account's accountId and region",
      },
    ]);
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
    registries: placement.registries.map((r) => r.name),
  }));
  const archive = new EvidenceAws(stack, "evidence", {
    organization: config.organization.name,
    accountId,
    region,
    partition,
    adminRoleArn: awsIamRoleArn(partition, accountId, aws.adminRoleName),
    // The break-glass role of the evidence account: the environments' own roles have no power here.
    ...(aws.breakGlassRoleName ? { breakGlassRoleArn: awsIamRoleArn(partition, accountId, aws.breakGlassRoleName) } : {}),
    environments,
  });
  new TerraformOutput(stack, "trail", { value: archive.trail.trailArn, description: "The evidence account's own trail: its management events and every read and tampering write on every evidence bucket" });
  for (const [name, held] of Object.entries(archive.environments)) {
    new TerraformOutput(stack, `${name}-log-bucket`, { value: held.logBucket.bucketName, description: `Write-once log bucket of environment ${name}` });
    new TerraformOutput(stack, `${name}-logs-key`, { value: held.key.keyArn, description: `Key that encrypts the logs of environment ${name}` });
  }
};

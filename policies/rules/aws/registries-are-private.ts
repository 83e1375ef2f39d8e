import { resourceRule } from "../../rule";

/**
 * An ECR Public repository is readable by anyone on the internet, without AWS credentials
 * (Amazon ECR Public User Guide, "What is Amazon ECR Public"); a private `aws_ecr_repository` is
 * reachable only through IAM and its repository policy (NO-PUBLIC-PRINCIPAL-AWS reads that).
 */
export const rule = resourceRule({
  control: "REGISTRY-NOT-PUBLIC",
  cloud: "aws",
  title: "Container images live in private ECR repositories, not ECR Public",
  severity: "error",
  appliesTo: ["aws_ecrpublic_repository", "aws_ecr_repository"],
  mappings: { nist80053: ["AC-3", "SC-7"] },
  rationale: "A public repository publishes every image pushed to it, with the model weights, code and configuration baked into its layers; anyone can pull and study them.",
  fix: "Use an aws_ecr_repository (private) and grant pulls to named principals; publish deliberately public images from a separate, reviewed pipeline outside these stacks.",
  check(repository, context) {
    if (repository.type === "aws_ecr_repository") return { status: "compliant" };
    return context.problems().error(`aws_ecrpublic_repository ${repository.name} publishes its images to everyone on the internet`).outcome();
  },
  tests: {
    compliance: [{ name: "a private repository", stack: { resource: { aws_ecr_repository: { r: { name: "models" } } } } }],
    noncompliance: [
      { name: "a public repository", stack: { resource: { aws_ecrpublic_repository: { r: { repository_name: "models" } } } }, expect: "aws_ecrpublic_repository r publishes its images to everyone" },
      {
        name: "a plan that creates a public repository",
        plan: { format_version: "1.2", resource_changes: [{ address: "aws_ecrpublic_repository.r", mode: "managed", type: "aws_ecrpublic_repository", name: "r", change: { actions: ["create"], before: null, after: { repository_name: "models" }, after_unknown: { arn: true } } }] },
        expect: "publishes its images to everyone",
      },
    ],
  },
});

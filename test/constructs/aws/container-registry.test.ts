import { Construct } from "constructs";
import { ContainerRegistry, ContainerRegistryProps } from "../../../constructs/aws/container-registry";
import { KmsKey } from "../../../constructs/aws/kms-key";
import { rule as cmkEncryption } from "../../../policies/rules/aws/data-is-encrypted-with-customer-managed-keys";
import { rule as registriesPrivate } from "../../../policies/rules/aws/registries-are-private";
import { rule as immutableTags } from "../../../policies/rules/aws/registries-have-immutable-tags";
import { rule as scanOnPush } from "../../../policies/rules/aws/registries-scan-on-push";
import { rule as noPublicPrincipal } from "../../../policies/rules/aws/policies-grant-no-public-principal";
import { validationErrorOf } from "../../helpers/errors";
import { Json, onlyResource, resourcesOf, synthConstruct } from "../../helpers/synth";
import { runCase } from "../../policies/rule-cases";

const READER = "arn:aws:iam::222222222222:role/llm-serving";
const PUBLISHER = "arn:aws:iam::222222222222:role/llm-adapters-publisher";

function key(scope: Construct): KmsKey {
  return new KmsKey(scope, "registry-key", { purpose: "registry", aliasName: "acme-ai-prod-registry", accountId: "222222222222", adminRoleArn: "arn:aws:iam::222222222222:role/admin" });
}

function synthRegistry(props: Partial<Omit<ContainerRegistryProps, "kmsKey">> = {}): Json {
  return synthConstruct((scope) => new ContainerRegistry(scope, "images", { repositoryName: "acme-ai-prod/model-serving", kmsKey: key(scope), readerRoleArns: [READER], publisherRoleArns: [PUBLISHER], ...props }));
}

function repositoryPolicy(stack: Json): { Version: string; Statement: Array<Record<string, unknown>> } {
  return JSON.parse(onlyResource(stack, "aws_ecr_repository_policy")["policy"] as string) as { Version: string; Statement: Array<Record<string, unknown>> };
}

describe("aws ContainerRegistry", () => {
  test("a private repository with immutable tags, scan on push, KMS with the registry key, no force delete", () => {
    const repository = onlyResource(synthRegistry(), "aws_ecr_repository");
    expect(repository["name"]).toBe("acme-ai-prod/model-serving");
    expect(repository["image_tag_mutability"]).toBe("IMMUTABLE");
    expect(repository["image_scanning_configuration"]).toEqual({ scan_on_push: true });
    expect(repository["encryption_configuration"]).toEqual([{ encryption_type: "KMS", kms_key: expect.stringMatching(/^\$\{aws_kms_key\.registry-key_[A-Z0-9]+\.arn\}$/) }]);
    expect(repository["force_delete"]).toBe(false);
    expect(repository["depends_on"]).toEqual([expect.stringMatching(/^aws_kms_key\.registry-key_[A-Z0-9]+$/)]);
  });

  test("the lifecycle policy expires untagged images 14 days after push by default", () => {
    const lifecycle = onlyResource(synthRegistry(), "aws_ecr_lifecycle_policy");
    expect(lifecycle["repository"]).toMatch(/^\$\{aws_ecr_repository\.images_[A-Z0-9]+\.name\}$/);
    expect(JSON.parse(lifecycle["policy"] as string)).toEqual({
      rules: [
        {
          rulePriority: 1,
          description: "Expire untagged images 14 days after push",
          selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 14 },
          action: { type: "expire" },
        },
      ],
    });
    expect((JSON.parse(onlyResource(synthRegistry({ untaggedExpiryDays: 3 }), "aws_ecr_lifecycle_policy")["policy"] as string) as { rules: Array<{ selection: { countNumber: number } }> }).rules[0]!.selection.countNumber).toBe(3);
  });

  test("the repository policy names readers (pull) and publishers (pull and push), denies other pushers and every image deletion", () => {
    const stack = synthRegistry();
    expect(onlyResource(stack, "aws_ecr_repository_policy")["repository"]).toMatch(/^\$\{aws_ecr_repository\.images_[A-Z0-9]+\.name\}$/);
    expect(repositoryPolicy(stack)).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "ReadersPull", Effect: "Allow", Principal: { AWS: [READER, PUBLISHER] }, Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] },
        { Sid: "PublishersPush", Effect: "Allow", Principal: { AWS: [PUBLISHER] }, Action: ["ecr:CompleteLayerUpload", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"] },
        {
          Sid: "DenyPushExceptPublishers",
          Effect: "Deny",
          Principal: "*",
          Action: ["ecr:CompleteLayerUpload", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"],
          Condition: { ArnNotEquals: { "aws:PrincipalArn": [PUBLISHER] } },
        },
        { Sid: "DenyImageDeletion", Effect: "Deny", Principal: "*", Action: "ecr:BatchDeleteImage" },
      ],
    });
  });

  test("no statement carries Resource (ECR refuses it) and no Allow names the * principal", () => {
    const { Statement } = repositoryPolicy(synthRegistry());
    expect(Statement.filter((s) => "Resource" in s)).toEqual([]);
    expect(Statement.filter((s) => s["Effect"] === "Allow" && JSON.stringify(s["Principal"]).includes('"*"'))).toEqual([]);
  });

  test("with no principals only the denies remain, and nobody can push", () => {
    expect(repositoryPolicy(synthRegistry({ readerRoleArns: [], publisherRoleArns: [] })).Statement).toEqual([
      { Sid: "DenyPushExceptPublishers", Effect: "Deny", Principal: "*", Action: ["ecr:CompleteLayerUpload", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"] },
      { Sid: "DenyImageDeletion", Effect: "Deny", Principal: "*", Action: "ecr:BatchDeleteImage" },
    ]);
  });

  test("owns the registry's enhanced scanning: continuous scan of the environment's namespace", () => {
    expect(onlyResource(synthRegistry(), "aws_ecr_registry_scanning_configuration")).toEqual({
      scan_type: "ENHANCED",
      rule: [{ scan_frequency: "CONTINUOUS_SCAN", repository_filter: [{ filter: "acme-ai-prod/*", filter_type: "WILDCARD" }] }],
    });
    expect(onlyResource(synthRegistry({ scanFrequency: "SCAN_ON_PUSH", scanRepositoryFilter: "acme-*" }), "aws_ecr_registry_scanning_configuration")["rule"]).toEqual([
      { scan_frequency: "SCAN_ON_PUSH", repository_filter: [{ filter: "acme-*", filter_type: "WILDCARD" }] },
    ]);
  });

  test("leaves the registry scanning configuration to its owner when told so", () => {
    expect(resourcesOf(synthRegistry({ manageRegistryScanning: false }), "aws_ecr_registry_scanning_configuration")).toEqual({});
  });

  test("exposes the repository URL as the resource's attribute", () => {
    const exposed: string[] = [];
    synthConstruct((scope) => exposed.push(new ContainerRegistry(scope, "images", { repositoryName: "acme-ai-prod/model-serving", kmsKey: key(scope), readerRoleArns: [], publisherRoleArns: [] }).repositoryUrl));
    expect(exposed[0]).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
  });

  test("the registry rules pass on the synthesized repository", () => {
    const stack = synthRegistry();
    for (const rule of [cmkEncryption, registriesPrivate, immutableTags, scanOnPush, noPublicPrincipal]) {
      const { findings, tally } = runCase(rule, { name: "container registry", stack });
      expect({ rule: rule.id, messages: findings.map((f) => f.message) }).toEqual({ rule: rule.id, messages: [] });
      expect(tally?.compliant).toBeGreaterThanOrEqual(1);
    }
  });

  test("rejects bad values, each with its code", () => {
    const error = validationErrorOf(() =>
      synthConstruct((scope) => new ContainerRegistry(scope, "images", { repositoryName: "Acme/Models", kmsKey: key(scope), readerRoleArns: ["*"], publisherRoleArns: ["arn:aws:iam::222222222222:user/bob"], untaggedExpiryDays: 0 })),
    );
    expect(error.problems.map((p) => [p.code, p.prop])).toEqual([
      ["AWS_ECR_REPOSITORY_NAME_INVALID", "repositoryName"],
      ["AWS_ECR_UNTAGGED_EXPIRY_OUT_OF_RANGE", "untaggedExpiryDays"],
      ["AWS_ECR_PRINCIPAL_INVALID", "readerRoleArns[0]"],
      ["AWS_ECR_PRINCIPAL_INVALID", "publisherRoleArns[0]"],
    ]);
  });
});

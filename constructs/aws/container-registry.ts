import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRegistryScanningConfiguration } from "@cdktf/provider-aws/lib/ecr-registry-scanning-configuration";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { EcrRepositoryPolicy } from "@cdktf/provider-aws/lib/ecr-repository-policy";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { ECR_REPOSITORY_NAME, IAM_ROLE_ARN } from "../shared/limits/aws";
import { PropValidator } from "../shared/validation-error";
import { IKmsKey } from "./kms-key";
import { PolicyStatement } from "./policy-document";

/**
 * A repository policy statement: an IAM statement without `Resource`. SetRepositoryPolicy
 * rejects a policy with a `Resource` element ("Invalid repository policy provided":
 * awsdocs/amazon-ecr-user-guide#20, aws/aws-cdk#3590); the repository is implied.
 */
export type EcrPolicyStatement = Omit<PolicyStatement, "Resource">;


/** Days an untagged image is kept before the lifecycle policy expires it. */
export const ECR_UNTAGGED_EXPIRY_DAYS = { min: 1, max: 365 } as const;

/**
 * What pulling an image takes (Amazon ECR User Guide, "Private repository policy examples"):
 * check layers, fetch the manifest, download the layers.
 */
export const ECR_PULL_ACTIONS = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] as const;

/** What pushing an image takes besides the pull actions: the layer upload and PutImage. */
export const ECR_PUSH_ACTIONS = ["ecr:CompleteLayerUpload", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"] as const;

/** The frequencies of an enhanced-scanning rule that scan every push (ECR API Reference, RegistryScanningRule). */
export type EcrScanFrequency = "CONTINUOUS_SCAN" | "SCAN_ON_PUSH";

export interface ContainerRegistryProps {
  /** Repository name, e.g. `acme-ai-prod/model-serving` (`awsImageRepositoryName`). */
  readonly repositoryName: string;
  /** The environment's registry key: images are encrypted with it (KMS, not AES256). */
  readonly kmsKey: IKmsKey;
  /** IAM role ARNs that pull images (serving, deployment). */
  readonly readerRoleArns: readonly string[];
  /** IAM role ARNs that push images; they may pull too (a push checks existing layers). */
  readonly publisherRoleArns: readonly string[];
  /** Days before an untagged image (a superseded build) is expired, 1-365. @default 14 */
  readonly untaggedExpiryDays?: number;
  /**
   * Own the account and region's registry scanning configuration: ENHANCED scanning (Amazon
   * Inspector) with one rule for `scanRepositoryFilter`. There is one such configuration per
   * account and region, and applying it replaces every rule there (ECR API Reference,
   * PutRegistryScanningConfiguration): two environments in one account and region must not
   * both own it. Without it the repository relies on basic scan on push.
   * @default true
   */
  readonly manageRegistryScanning?: boolean;
  /** Repository filter of the enhanced-scanning rule (a WILDCARD filter). @default - the repository's namespace, e.g. `acme-ai-prod/*` */
  readonly scanRepositoryFilter?: string;
  /** Frequency of the enhanced-scanning rule. @default "CONTINUOUS_SCAN" (on push, and again as new CVEs are published) */
  readonly scanFrequency?: EcrScanFrequency;
}

/**
 * A private ECR repository for the environment's model-serving images: immutable tags (a
 * released tag can never point at another image), scan on push plus the registry's enhanced
 * scanning, KMS encryption with the registry key, no force delete, a lifecycle policy expiring
 * untagged images and a repository policy that names its readers and publishers.
 *
 * @example
 * new ContainerRegistry(this, "image-registry", {
 *   repositoryName: "acme-ai-prod/model-serving",
 *   kmsKey: registryKey,
 *   readerRoleArns: ["arn:aws:iam::222222222222:role/llm-serving"],
 *   publisherRoleArns: ["arn:aws:iam::222222222222:role/llm-adapters-publisher"],
 * });
 */
export class ContainerRegistry extends Construct {
  public readonly repositoryArn: string;
  public readonly repositoryName: string;
  /** `<account>.dkr.ecr.<region>.amazonaws.com/<name>`: what images are tagged and pulled as. */
  public readonly repositoryUrl: string;
  public readonly resource: EcrRepository;
  private readonly statements: EcrPolicyStatement[];

  constructor(scope: Construct, id: string, props: ContainerRegistryProps) {
    const untaggedExpiryDays = props.untaggedExpiryDays ?? 14;
    const validator = new PropValidator(scope, id)
      .matches("repositoryName", props.repositoryName, ECR_REPOSITORY_NAME, "AWS_ECR_REPOSITORY_NAME_INVALID")
      .integerInRange("untaggedExpiryDays", untaggedExpiryDays, ECR_UNTAGGED_EXPIRY_DAYS.min, ECR_UNTAGGED_EXPIRY_DAYS.max, "AWS_ECR_UNTAGGED_EXPIRY_OUT_OF_RANGE");
    props.readerRoleArns.forEach((arn, i) => validator.matches(`readerRoleArns[${i}]`, arn, IAM_ROLE_ARN, "AWS_ECR_PRINCIPAL_INVALID"));
    props.publisherRoleArns.forEach((arn, i) => validator.matches(`publisherRoleArns[${i}]`, arn, IAM_ROLE_ARN, "AWS_ECR_PRINCIPAL_INVALID"));
    validator.throwIfInvalid();
    super(scope, id);

    this.resource = new EcrRepository(this, "Resource", {
      name: props.repositoryName,
      imageTagMutability: "IMMUTABLE",
      // Deprecated in favour of the registry-level configuration (ECR API Reference,
      // PutImageScanningConfiguration), but still the repository's own floor if the registry
      // configuration is owned elsewhere.
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: props.kmsKey.keyArn }],
      // A destroy must never take released images with it: refuse while images exist.
      forceDelete: false,
      tags: { purpose: "model-serving-images" },
      dependsOn: [props.kmsKey.resource],
    });
    new EcrLifecyclePolicy(this, "Lifecycle", { repository: this.resource.name, policy: JSON.stringify(untaggedExpiryPolicy(untaggedExpiryDays)) });
    this.statements = repositoryStatements([...props.readerRoleArns], [...props.publisherRoleArns]);
    const policy = Lazy.stringValue({ produce: () => JSON.stringify({ Version: "2012-10-17", Statement: this.statements }) });
    new EcrRepositoryPolicy(this, "Policy", { repository: this.resource.name, policy });
    if (props.manageRegistryScanning ?? true) {
      const filter = props.scanRepositoryFilter ?? namespaceFilter(props.repositoryName);
      new EcrRegistryScanningConfiguration(this, "RegistryScanning", {
        scanType: "ENHANCED",
        rule: [{ scanFrequency: props.scanFrequency ?? "CONTINUOUS_SCAN", repositoryFilter: [{ filter, filterType: "WILDCARD" }] }],
      });
    }

    this.repositoryArn = this.resource.arn;
    this.repositoryName = this.resource.name;
    this.repositoryUrl = this.resource.repositoryUrl;
  }

  /** Adds a statement to the repository policy. */
  public addToRepositoryPolicy(statement: EcrPolicyStatement): void {
    if (this.statements.some((s) => s.Sid === statement.Sid)) throw new Error(`repository policy already has a statement with Sid ${statement.Sid}`);
    this.statements.push(statement);
  }
}

/** `acme-ai-prod/model-serving` → `acme-ai-prod/*`; a name without a namespace is its own filter. */
function namespaceFilter(repositoryName: string): string {
  const slash = repositoryName.lastIndexOf("/");
  return slash < 0 ? repositoryName : `${repositoryName.slice(0, slash + 1)}*`;
}

/**
 * Untagged images are superseded builds (with immutable tags a rebuild gets a new tag): expire
 * them after `days` so they neither cost storage nor linger as unscanned pull targets
 * (Amazon ECR User Guide, "Lifecycle policy parameters").
 */
function untaggedExpiryPolicy(days: number): object {
  return {
    rules: [
      {
        rulePriority: 1,
        description: `Expire untagged images ${days} days after push`,
        selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: days },
        action: { type: "expire" },
      },
    ],
  };
}

function repositoryStatements(readers: string[], publishers: string[]): EcrPolicyStatement[] {
  const pullers = [...new Set([...readers, ...publishers])];
  return [
    ...(pullers.length > 0 ? [{ Sid: "ReadersPull", Effect: "Allow" as const, Principal: { AWS: pullers }, Action: [...ECR_PULL_ACTIONS] }] : []),
    ...(publishers.length > 0 ? [{ Sid: "PublishersPush", Effect: "Allow" as const, Principal: { AWS: publishers }, Action: [...ECR_PUSH_ACTIONS] }] : []),
    // An IAM policy with ecr:* on * (any administrator) would otherwise push into the serving
    // repository: only the publishers may push, whatever their IAM policies say.
    {
      Sid: "DenyPushExceptPublishers",
      Effect: "Deny",
      Principal: "*",
      Action: [...ECR_PUSH_ACTIONS],
      ...(publishers.length > 0 ? { Condition: { ArnNotEquals: { "aws:PrincipalArn": publishers } } } : {}),
    },
    // Immutable tags stop a tag from moving, but deleting `v1` and pushing a new `v1` would
    // move it anyway: nobody deletes images by API. The lifecycle policy's expiry of untagged
    // images is ECR's own action (CloudTrail records it as a PolicyExecutionEvent), not a
    // principal's BatchDeleteImage request.
    { Sid: "DenyImageDeletion", Effect: "Deny", Principal: "*", Action: "ecr:BatchDeleteImage" },
  ];
}

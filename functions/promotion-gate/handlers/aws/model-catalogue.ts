import { createHash } from "node:crypto";
import type { SageMakerClient } from "@aws-sdk/client-sagemaker";

/** What the gate registers for an accepted version. */
export interface ApprovedModelVersion {
  readonly model: string;
  readonly version: string;
  /** `s3://<bucket>/approved/<model>/<version>/`: what serving deploys from. */
  readonly approvedUri: string;
  /** The decision record's key in the log bucket (`provenance/...dsse.json`). */
  readonly recordKey: string;
  /** The OMS root digest of the approved files, when the signature verified. */
  readonly rootDigest?: string;
  /** The gate's identity URI (the record's `verifier.id`). */
  readonly verifierId: string;
}

/** The model catalogue the gate registers approved versions in (SageMaker on AWS). */
export interface ModelCatalogue {
  /** Registers `version` as approved; the same record registers the same package, never a second one. Returns its ARN. */
  registerApproved(version: ApprovedModelVersion): Promise<string>;
}

/** The one SageMakerClient method the catalogue calls; tests inject a fake with the SDK's shapes. */
export type SageMakerLike = Pick<SageMakerClient, "send">;

/**
 * `ClientToken` of CreateModelPackage: "A unique token that guarantees that the call to this API
 * is idempotent" (CreateModelPackageInput.ClientToken, @aws-sdk/client-sagemaker 3.1142.0
 * models_1.d.ts); the SageMaker API Reference bounds it to 1-36 characters of `[a-zA-Z0-9-]`.
 * Derived from the record key, which is one per upload input, so a redelivered event or a
 * replayed decision sends the same token with the same request and gets the package the first
 * call created.
 */
export function modelPackageClientToken(recordKey: string): string {
  return createHash("sha256").update(recordKey).digest("hex").slice(0, 36);
}

/** Customer metadata keys the gate sets on each package it registers. */
export const MODEL_PACKAGE_METADATA = {
  approvedUri: "gate:approved-uri",
  recordKey: "gate:record-key",
  rootDigest: "gate:root-digest",
} as const;

/**
 * Registers approved versions as SageMaker model package versions of one group, with
 * `ModelApprovalStatus: "Approved"`: the group policy and `ModelPackageGroup
 * .approvalGuardStatements()` let only the gate role do that. No tags on the request: tagging on
 * create needs `sagemaker:AddTags` as well, and the package inherits the group's tags (the
 * CreateModelPackageInput.Tags doc).
 */
export class SageMakerModelCatalogue implements ModelCatalogue {
  constructor(
    private readonly client: SageMakerLike,
    private readonly groupName: string,
  ) {}

  public async registerApproved(v: ApprovedModelVersion): Promise<string> {
    const { CreateModelPackageCommand } = await import("@aws-sdk/client-sagemaker");
    const out = await this.client.send(
      new CreateModelPackageCommand({
        ModelPackageGroupName: this.groupName,
        ModelPackageDescription: `${v.model} ${v.version}, approved by the promotion gate: ${v.approvedUri}`,
        ModelApprovalStatus: "Approved",
        ClientToken: modelPackageClientToken(v.recordKey),
        MetadataProperties: { GeneratedBy: v.verifierId },
        CustomerMetadataProperties: {
          [MODEL_PACKAGE_METADATA.approvedUri]: v.approvedUri,
          [MODEL_PACKAGE_METADATA.recordKey]: v.recordKey,
          ...(v.rootDigest === undefined ? {} : { [MODEL_PACKAGE_METADATA.rootDigest]: v.rootDigest }),
        },
      }),
    );
    if (out.ModelPackageArn === undefined) throw new Error(`CreateModelPackage in ${this.groupName} returned no ModelPackageArn`);
    return out.ModelPackageArn;
  }
}

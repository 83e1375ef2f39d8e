import { Construct } from "constructs";
import { KmsKey } from "../constructs/aws/kms-key";
import { StateBucket } from "../constructs/aws/state-bucket";
import { awsStateBucketName } from "../constructs/shared/naming";
import { PROTECTION } from "../constructs/shared/protection";

export interface StateBackendAwsProps {
  readonly organization: string;
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  readonly adminRoleArn: string;
  readonly keyRotationDays: number;
}

/** Alias of the state key; the s3 backend of every AWS stack names it. */
export function awsStateKeyAlias(organization: string): string {
  return `${organization}-tfstate`;
}

/**
 * The remote-state bucket of every AWS stack and its key. Always `strict`: losing state means
 * losing track of every resource the blueprint created.
 */
export class StateBackendAws extends Construct {
  public readonly key: KmsKey;
  public readonly bucket: StateBucket;

  constructor(scope: Construct, id: string, props: StateBackendAwsProps) {
    super(scope, id);
    this.key = new KmsKey(this, "key", {
      purpose: "state",
      aliasName: awsStateKeyAlias(props.organization),
      accountId: props.accountId,
      partition: props.partition,
      adminRoleArn: props.adminRoleArn,
      rotationPeriodDays: props.keyRotationDays,
      deletionWindowDays: PROTECTION.strict.keyDeletionWindowDays,
      preventDestroy: PROTECTION.strict.preventDestroy,
    });
    this.bucket = new StateBucket(this, "bucket", {
      bucketName: awsStateBucketName(props.organization, props.accountId, props.region),
      kmsKey: this.key,
      preventDestroy: PROTECTION.strict.preventDestroy,
    });
  }
}

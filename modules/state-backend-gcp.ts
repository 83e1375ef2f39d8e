import { Construct } from "constructs";
import { KeyRing } from "../constructs/gcp/key-ring";
import { KmsKey } from "../constructs/gcp/kms-key";
import { StateBucket } from "../constructs/gcp/state-bucket";
import { gcpStateBucketName } from "../constructs/shared/naming";
import { PROTECTION } from "../constructs/shared/protection";

export interface StateBackendGcpProps {
  readonly organization: string;
  readonly projectId: string;
  readonly region: string;
  readonly keyRotationDays: number;
}

/** Full resource name of the state key; the gcs backend of every GCP stack names it. */
export function gcpStateKeyName(organization: string, projectId: string, region: string): string {
  return `projects/${projectId}/locations/${region}/keyRings/${organization}-tfstate/cryptoKeys/state`;
}

/** The remote-state bucket of every GCP stack, its key ring and key. Always `strict`. */
export class StateBackendGcp extends Construct {
  public readonly key: KmsKey;
  public readonly bucket: StateBucket;

  constructor(scope: Construct, id: string, props: StateBackendGcpProps) {
    super(scope, id);
    const strict = PROTECTION.strict;
    const ring = new KeyRing(this, "key-ring", {
      name: `${props.organization}-tfstate`,
      projectId: props.projectId,
      location: props.region,
      preventDestroy: strict.preventDestroy,
    });
    this.key = new KmsKey(this, "key", {
      purpose: "state",
      keyRing: ring,
      rotationPeriodDays: props.keyRotationDays,
      deletionWindowDays: strict.keyDeletionWindowDays,
      preventDestroy: strict.preventDestroy,
    });
    this.bucket = new StateBucket(this, "bucket", {
      bucketName: gcpStateBucketName(props.organization, props.projectId),
      projectId: props.projectId,
      location: props.region,
      kmsKey: this.key,
      preventDestroy: strict.preventDestroy,
    });
  }
}

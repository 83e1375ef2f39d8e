import { DataGoogleServiceAccount } from "@cdktf/provider-google/lib/data-google-service-account";
import { Construct } from "constructs";
import { grantPrefixCreateAndReadOn } from "../constructs/gcp/immutable-log-bucket";
import { gcpFunctionAccountId, gcpGateAccountIdPrefix, gcpLogBucketName } from "../constructs/shared/naming";
import { PropValidator } from "../constructs/shared/validation-error";
import { PROVENANCE_PREFIX } from "../functions/promotion-gate/record/record-key";

/** One GCP environment whose promotion gates write decision records into the evidence project. */
export interface EvidenceGcpGateEnvironment {
  /** Environment name; part of the log bucket's and the gates' names. */
  readonly environment: string;
  /** The environment's project, where its gates' service accounts live. */
  readonly projectId: string;
  /** The environment's registries (`clouds.gcp.environments.<env>.registries[].name`), one gate each. */
  readonly registries: readonly string[];
}

export interface EvidenceGcpGateRecordsProps {
  /** Organization slug (`organization.name`), the first part of every name. */
  readonly organization: string;
  /** The evidence project, which holds every environment's log bucket. */
  readonly projectId: string;
  /** Environments with at least one registry, each once. */
  readonly environments: readonly EvidenceGcpGateEnvironment[];
}

/**
 * The promotion gates' access to their decision records under the log-archive layout: for each
 * environment and registry, the gate's runtime service account (looked up in the environment's
 * project, so a gate that does not exist yet fails the plan instead of the grant) gets create and
 * read on `provenance/<registry>/` of the environment's log bucket in the evidence project, and
 * nothing else: no other prefix, no other environment's bucket, no key. Writers of a CMEK bucket
 * need no Cloud KMS role: the evidence project's Cloud Storage service agent encrypts and decrypts
 * ("Use customer-managed encryption keys", Before you begin: object permissions for the caller,
 * key permissions for the service agent).
 *
 * Why a construct of its own, deployed after the environments: Cloud Storage refuses an IAM
 * binding for a service account that does not exist, and the gates' accounts are created by the
 * environment stacks, which themselves need evidence-gcp (their sinks' destination) first. The
 * environments' deployers hold no IAM on the evidence project, so the binding cannot live in
 * their stacks either.
 *
 * @example
 * new EvidenceGcpGateRecords(this, "gate-records", {
 *   organization: "acme-ai", projectId: "acme-ai-evidence",
 *   environments: [{ environment: "prod", projectId: "acme-ai-prod", registries: ["fraud-scoring"] }],
 * });
 */
export class EvidenceGcpGateRecords extends Construct {
  /** Each gate's runtime identity as an IAM member, by `<environment>/<registry>`. */
  public readonly gateMembers: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: EvidenceGcpGateRecordsProps) {
    const names = props.environments.map((e) => e.environment);
    const validator = new PropValidator(scope, id).require(
      names.length > 0 && new Set(names).size === names.length,
      "GCP_EVIDENCE_GATE_ENVIRONMENTS_INVALID",
      "environments",
      names.join(","),
      "one or more environments with registries, each once",
    );
    for (const [i, env] of props.environments.entries()) {
      validator.require(
        env.registries.length > 0 && new Set(env.registries).size === env.registries.length,
        "GCP_EVIDENCE_GATE_REGISTRIES_INVALID",
        `environments[${i}].registries`,
        env.registries.join(","),
        "one or more registry names, each once",
      );
    }
    validator.throwIfInvalid();
    super(scope, id);

    const members: Record<string, string> = {};
    for (const env of props.environments) {
      const scoped = new Construct(this, env.environment);
      // The bucket is evidence-gcp's: its name comes from the function that stack names it with.
      const bucket = gcpLogBucketName(props.organization, env.environment, props.projectId);
      for (const registry of env.registries) {
        const gate = new DataGoogleServiceAccount(scoped, `${registry}-gate-account`, {
          project: env.projectId,
          accountId: gcpFunctionAccountId(gcpGateAccountIdPrefix(props.organization, env.environment, registry), "run"),
        });
        // Records of this registry only, as the gate writes them (functions/promotion-gate/record/record-key.ts).
        grantPrefixCreateAndReadOn(bucket, gate.member, `${PROVENANCE_PREFIX}${registry}/`, scoped, `${registry}-records`);
        members[`${env.environment}/${registry}`] = gate.member;
      }
    }
    this.gateMembers = members;
  }
}

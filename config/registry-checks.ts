import { CLOUDS } from "../constructs/shared/retention-tier";
import { GCS_BUCKET_NAME } from "../constructs/shared/limits/gcp";
import { S3_BUCKET_NAME } from "../constructs/shared/limits/aws";
import { AZURE_LINEAGE_TAGS } from "../constructs/shared/limits/gate";
import { satisfies } from "../constructs/shared/limits/text-rule";
import { awsRegistryBucketName, gcpRegistryBucketName } from "../constructs/shared/naming";
import type { BlueprintConfig, GateConfig } from "./schema";

type Path = Array<string | number>;

/** A problem reported at the field to change (the shape config/cross-checks.ts collects). */
export interface RegistryIssue {
  readonly path: Path;
  readonly message: string;
}

interface RegistryFields {
  readonly name: string;
  readonly publishers: readonly string[];
  readonly readers: readonly string[];
  readonly lineageTags: readonly string[];
  readonly gate: GateConfig;
}

/**
 * Checks of the registries each cloud environment lists: names and lineage tags once each,
 * principals once per list, the bucket name each cloud derives from the registry name valid
 * (only the derived name knows the organisation and account), and AWS principals in the
 * environment's own account (the bucket policy, key policy and repository policy name them
 * as the account's publishers and readers).
 */
export function checkRegistries(config: BlueprintConfig): RegistryIssue[] {
  const out: RegistryIssue[] = [];
  const org = config.organization.name;
  for (const cloud of CLOUDS) {
    const settings = config.clouds[cloud];
    if (!settings) continue; // disabled clouds too: validated in full
    for (const [env, placement] of Object.entries(settings.environments)) {
      const base: Path = ["clouds", cloud, "environments", env, "registries"];
      const registries: readonly RegistryFields[] = placement.registries;
      registries.forEach((registry, i) => {
        const at = [...base, i];
        if (registries.findIndex((r) => r.name === registry.name) < i) {
          out.push({ path: [...at, "name"], message: `duplicates another registry (${registry.name}); accepted: each registry name once per environment` });
        }
        for (const field of ["publishers", "readers", "lineageTags"] as const) {
          registry[field].forEach((value, j) => {
            if (registry[field].findIndex((v) => v.toLowerCase() === value.toLowerCase()) < j) {
              out.push({ path: [...at, field, j], message: `duplicates another entry (${value}); accepted: each entry once` });
            }
          });
        }
        out.push(...derivedNameIssues(cloud, org, env, placement, registry.name, [...at, "name"]));
        out.push(...gateIssues(registry, at));
        if (cloud === "azure" && registry.lineageTags.length > AZURE_LINEAGE_TAGS.max) {
          out.push({
            path: [...at, "lineageTags"],
            message: `${registry.lineageTags.length} lineage tags; accepted: at most ${AZURE_LINEAGE_TAGS.max} on Azure, where Defender for Storage malware scanning writes 2 of a blob's 10 index tags`,
          });
        }
        if (cloud === "aws" && "accountId" in placement) {
          for (const field of ["publishers", "readers"] as const) {
            registry[field].forEach((arn, j) => {
              const account = arn.split(":")[4];
              if (account !== placement.accountId) {
                out.push({ path: [...at, field, j], message: `role of account ${account}, not the environment's ${placement.accountId}; accepted: IAM role ARNs of account ${placement.accountId}` });
              }
            });
          }
        }
      });
    }
  }
  out.push(...sharedScanningIssues(config));
  return out;
}

/**
 * The gate reads the evaluation report from the path the `eval-report` lineage tag names, so
 * requirements without that tag could never pass; duplicates would be recorded twice.
 */
function gateIssues(registry: RegistryFields, at: Path): RegistryIssue[] {
  const out: RegistryIssue[] = [];
  if (registry.gate.evaluation.length > 0 && !registry.lineageTags.includes("eval-report")) {
    out.push({ path: [...at, "gate", "evaluation"], message: "evaluation requirements without the eval-report lineage tag; accepted: add eval-report to lineageTags, or no requirements" });
  }
  for (const field of ["evaluation", "allowedFormats", "allowedPickleImports"] as const) {
    const values: readonly string[] = registry.gate[field];
    values.forEach((value, j) => {
      if (values.indexOf(value) < j) out.push({ path: [...at, "gate", field, j], message: `duplicates another entry (${value}); accepted: each entry once` });
    });
  }
  return out;
}

/**
 * AWS: an environment with registries owns its account's ECR registry scanning configuration
 * (one per account and region; PutRegistryScanningConfiguration replaces every rule, ECR API
 * Reference). Two such environments in one account and region would overwrite each other's.
 */
function sharedScanningIssues(config: BlueprintConfig): RegistryIssue[] {
  const aws = config.clouds.aws;
  if (!aws) return [];
  const owner = new Map<string, string>();
  const out: RegistryIssue[] = [];
  for (const [env, placement] of Object.entries(aws.environments)) {
    if (placement.registries.length === 0) continue;
    const slot = `${placement.accountId}/${placement.region}`;
    const first = owner.get(slot);
    if (first === undefined) {
      owner.set(slot, env);
      continue;
    }
    out.push({
      path: ["clouds", "aws", "environments", env, "registries"],
      message: `environment ${first} already has registries in account ${placement.accountId} and ${placement.region}, and each owns the account's ECR registry scanning configuration; accepted: one environment with registries per account and region`,
    });
  }
  return out;
}

function derivedNameIssues(cloud: string, org: string, env: string, placement: object, name: string, path: Path): RegistryIssue[] {
  if (cloud === "aws" && "accountId" in placement) {
    const bucket = awsRegistryBucketName(org, env, name, String(placement.accountId));
    if (!satisfies(S3_BUCKET_NAME, bucket)) {
      return [{ path, message: `gives the S3 bucket name ${bucket} (${bucket.length} characters); accepted: a registry name short enough for ${S3_BUCKET_NAME.accepted}` }];
    }
  }
  if (cloud === "gcp" && "projectId" in placement) {
    const bucket = gcpRegistryBucketName(org, env, name, String(placement.projectId));
    if (!satisfies(GCS_BUCKET_NAME, bucket)) {
      return [{ path, message: `gives the GCS bucket name ${bucket} (${bucket.length} characters); accepted: a registry name short enough for ${GCS_BUCKET_NAME.accepted}` }];
    }
  }
  // Azure account names are hashed to 24 characters whatever the registry name: always valid.
  return [];
}

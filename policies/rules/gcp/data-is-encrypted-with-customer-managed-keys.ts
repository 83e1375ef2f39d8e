import { valuesAt } from "../../model";
import { resourceRule } from "../../rule";
import { gcpPlan, gcpStack } from "../../support/gcp-cases";
import { checkStackKey } from "../../support/gcp-resources";

/**
 * Where each resource names its CMEK (google provider 6.50 website/docs/r/<type>). Secrets take
 * one key for automatic replication, or one per replica for user-managed replication.
 */
const KEY_PATHS: Readonly<Record<string, string>> = {
  google_storage_bucket: "encryption.default_kms_key_name",
  google_pubsub_topic: "kms_key_name",
  google_artifact_registry_repository: "kms_key_name",
  google_cloudfunctions2_function: "kms_key_name",
  google_bigquery_dataset: "default_encryption_configuration.kms_key_name",
  google_logging_project_bucket_config: "cmek_settings.kms_key_name",
};
const SECRET_AUTO = "replication.auto.customer_managed_encryption.kms_key_name";
const SECRET_REPLICAS = "replication.user_managed.replicas";

const KEY_REF = "${google_kms_crypto_key.k.id}";
const KEY = { google_kms_crypto_key: { k: { name: "logs", purpose: "ENCRYPT_DECRYPT", rotation_period: "7776000s" } } };

/**
 * The evidence layout (clouds.gcp.evidence) keeps this check within one stack: the evidence
 * stack creates each environment's logs key beside the log bucket it encrypts
 * (modules/evidence-gcp.ts), and an environment stack then has no bucket of its own.
 */
export const rule = resourceRule({
  control: "CMK-ENCRYPTION",
  cloud: "gcp",
  title: "Buckets, topics, registries, functions, datasets, log buckets and secrets are encrypted with a Cloud KMS key of the stack",
  severity: "error",
  appliesTo: [...Object.keys(KEY_PATHS), "google_secret_manager_secret"],
  mappings: { checkov: ["CKV_GCP_81", "CKV_GCP_83", "CKV_GCP_84"], nist80053: ["SC-12", "SC-28", "SC-28(1)"] },
  rationale: "With Google-managed keys anyone who can read the data can decrypt it; a customer-managed key adds a second, separately administered and audited permission, and destroying or disabling it is a kill switch for the data.",
  fix: "Reference a google_kms_crypto_key of the stack (KmsKey's keyId) in the resource's CMEK setting; ImmutableLogBucket, UsageLogBucket and StateBucket do by default.",
  check(resource, context) {
    const problems = context.problems();
    if (resource.type !== "google_secret_manager_secret") {
      checkStackKey(resource, KEY_PATHS[resource.type]!, context, problems);
      return problems.outcome();
    }
    const replicas = valuesAt(resource.attributes, SECRET_REPLICAS);
    if (replicas.length === 0) {
      checkStackKey(resource, SECRET_AUTO, context, problems);
      return problems.outcome();
    }
    const path = `${SECRET_REPLICAS}.customer_managed_encryption.kms_key_name`;
    const keyed = valuesAt(resource.attributes, path).filter((v) => v !== null && v !== "").length;
    if (keyed < replicas.length) problems.error(`${replicas.length - keyed} of ${replicas.length} replicas have no customer_managed_encryption.kms_key_name`);
    else checkStackKey(resource, path, context, problems);
    return problems.outcome();
  },
  tests: {
    compliance: [
      { name: "bucket with a key of the stack", stack: gcpStack({ ...KEY, google_storage_bucket: { b: { name: "logs", encryption: { default_kms_key_name: KEY_REF } } } }) },
      { name: "topic with a key of the stack", stack: gcpStack({ ...KEY, google_pubsub_topic: { t: { name: "events", kms_key_name: KEY_REF } } }) },
      { name: "Artifact Registry repository with a key of the stack", stack: gcpStack({ ...KEY, google_artifact_registry_repository: { r: { repository_id: "acme-ai-prod-images", format: "DOCKER", kms_key_name: KEY_REF } } }) },
      {
        name: "secret replicated to two regions, each with a key of the stack",
        stack: gcpStack({
          ...KEY,
          google_secret_manager_secret: {
            s: {
              secret_id: "token",
              replication: { user_managed: { replicas: [{ location: "europe-west1", customer_managed_encryption: { kms_key_name: KEY_REF } }, { location: "europe-west4", customer_managed_encryption: { kms_key_name: KEY_REF } }] } },
            },
          },
        }),
      },
      {
        name: "a plan whose bucket key is created in the same apply",
        plan: gcpPlan([
          { type: "google_kms_crypto_key", name: "k", after: { name: "logs" }, afterUnknown: { id: true } },
          { type: "google_storage_bucket", name: "b", after: { name: "logs", encryption: [{}] }, afterUnknown: { encryption: [{ default_kms_key_name: true }] }, references: { "encryption.default_kms_key_name": ["google_kms_crypto_key.k.id", "google_kms_crypto_key.k"] } },
        ]),
      },
    ],
    noncompliance: [
      { name: "bucket without CMEK", stack: gcpStack({ google_storage_bucket: { b: { name: "logs" } } }), expect: "encryption.default_kms_key_name is absent" },
      {
        name: "dataset with a literal key name",
        stack: gcpStack({ google_bigquery_dataset: { d: { dataset_id: "features", default_encryption_configuration: { kms_key_name: "projects/p/locations/europe-west1/keyRings/r/cryptoKeys/k" } } } }),
        expect: 'default_encryption_configuration.kms_key_name is "projects/p/locations/europe-west1/keyRings/r/cryptoKeys/k", not a key this stack manages',
        severity: "warning",
      },
      { name: "registry with Google-managed encryption", stack: gcpStack({ google_artifact_registry_repository: { r: { repository_id: "models", format: "DOCKER" } } }), expect: "kms_key_name is absent" },
      {
        name: "secret with one replica unencrypted",
        stack: gcpStack({ ...KEY, google_secret_manager_secret: { s: { secret_id: "token", replication: { user_managed: { replicas: [{ location: "europe-west1", customer_managed_encryption: { kms_key_name: KEY_REF } }, { location: "europe-west4" }] } } } } }),
        expect: "1 of 2 replicas have no customer_managed_encryption.kms_key_name",
      },
      {
        name: "a plan whose log bucket key apply decides, with no reference",
        plan: gcpPlan([{ type: "google_logging_project_bucket_config", name: "b", after: { bucket_id: "audit", cmek_settings: [{}] }, afterUnknown: { cmek_settings: [{ kms_key_name: true }] } }]),
        expect: "cmek_settings.kms_key_name is known only after apply",
        severity: "warning",
      },
    ],
  },
});

import { AuditTrail } from "../../../constructs/gcp/audit-trail";
import { ImmutableLogBucket } from "../../../constructs/gcp/immutable-log-bucket";
import { KeyRing } from "../../../constructs/gcp/key-ring";
import { KmsKey } from "../../../constructs/gcp/kms-key";
import { PROTECTION } from "../../../constructs/shared/protection";
import { RETENTION_TIER_PRESETS } from "../../../constructs/shared/retention-presets";
import { EvidenceGcp, EvidenceGcpEnvironment } from "../../../modules/evidence-gcp";
import { validationErrorOf } from "../../helpers/errors";
import { onlyResource, resourcesOf, synthConstruct } from "../../helpers/synth";

/*
 * #15 (issue 6) on GCP, construct level: the sink that delivers into another project's bucket
 * (AuditTrail with evidenceBucket) and the evidence project's composition (EvidenceGcp), with
 * every error code they raise.
 */

const EVIDENCE = { bucketName: "acme-ai-prod-logs-acme-ai-evidence", projectId: "acme-ai-evidence" };

function prodEnvironment(overrides: Partial<EvidenceGcpEnvironment> = {}): EvidenceGcpEnvironment {
  return {
    environment: "prod",
    projectId: "acme-ai-prod",
    keyRotationDays: 90,
    protection: PROTECTION.strict,
    logs: { retentionTier: RETENTION_TIER_PRESETS["compliance-7y"], lockRetention: true },
    ...overrides,
  };
}

describe("gcp AuditTrail into an evidence bucket", () => {
  const stack = synthConstruct((scope) => new AuditTrail(scope, "audit", { sinkName: "acme-ai-prod-audit", projectId: "acme-ai-prod", evidenceBucket: EVIDENCE }));

  test("#15 the sink names the other project's bucket and grants nothing itself", () => {
    expect(onlyResource(stack, "google_logging_project_sink")).toMatchObject({
      project: "acme-ai-prod",
      destination: "storage.googleapis.com/acme-ai-prod-logs-acme-ai-evidence",
      unique_writer_identity: true,
    });
    expect(resourcesOf(stack, "google_storage_bucket_iam_member")).toEqual({});
  });

  test("#15 the postcondition compares the sink's writer with the project's Logging service agent", () => {
    const [settingsId] = Object.keys((stack["data"] as Record<string, Record<string, unknown>>)["google_logging_project_settings"]!);
    const lifecycle = onlyResource(stack, "google_logging_project_sink")["lifecycle"] as { postcondition: Array<{ condition: string }> };
    expect(lifecycle.postcondition.map((p) => p.condition)).toEqual([
      `\${(self.writer_identity == "serviceAccount:\${data.google_logging_project_settings.${settingsId}.logging_service_account_id}")}`,
    ]);
  });

  test("#15 GCP_AUDIT_TRAIL_DESTINATION_INVALID: neither or both of logBucket and evidenceBucket", () => {
    const neither = validationErrorOf(() => synthConstruct((scope) => new AuditTrail(scope, "audit", { sinkName: "acme-ai-prod-audit", projectId: "acme-ai-prod" })));
    expect(neither.problems.map((p) => [p.code, p.prop, p.value])).toEqual([["GCP_AUDIT_TRAIL_DESTINATION_INVALID", "logBucket, evidenceBucket", '"neither"']]);
    const both = validationErrorOf(() =>
      synthConstruct((scope) => {
        const keyRing = new KeyRing(scope, "ring", { name: "acme-ai-prod", projectId: "acme-ai-prod", location: "europe-west1" });
        const kmsKey = new KmsKey(scope, "key", { purpose: "logs", keyRing });
        const logBucket = new ImmutableLogBucket(scope, "logs", {
          bucketName: "acme-ai-prod-logs-acme-ai-prod",
          projectId: "acme-ai-prod",
          location: "europe-west1",
          kmsKey,
          retentionTier: RETENTION_TIER_PRESETS["compliance-7y"],
        });
        new AuditTrail(scope, "audit", { sinkName: "acme-ai-prod-audit", projectId: "acme-ai-prod", logBucket, evidenceBucket: EVIDENCE });
      }),
    );
    expect(both.problems.map((p) => [p.code, p.value])).toEqual([["GCP_AUDIT_TRAIL_DESTINATION_INVALID", '"both"']]);
  });

  test("#15 GCP_AUDIT_TRAIL_EVIDENCE_PROJECT_INVALID: the evidence bucket must be in another project", () => {
    const error = validationErrorOf(() =>
      synthConstruct((scope) => new AuditTrail(scope, "audit", { sinkName: "acme-ai-prod-audit", projectId: "acme-ai-prod", evidenceBucket: { ...EVIDENCE, projectId: "acme-ai-prod" } })),
    );
    expect(error.problems.map((p) => [p.code, p.prop, p.value, p.accepted])).toEqual([
      ["GCP_AUDIT_TRAIL_EVIDENCE_PROJECT_INVALID", "evidenceBucket.projectId", '"acme-ai-prod"', "a project other than projectId"],
    ]);
  });
});

describe("gcp EvidenceGcp", () => {
  const build = (environments: EvidenceGcpEnvironment[]) => () =>
    synthConstruct(
      (scope) => new EvidenceGcp(scope, "evidence", { organization: "acme-ai", projectId: "acme-ai-evidence", region: "europe-west1", keyAdminMembers: [], environments }),
    );

  test("#15 one ring, logs key, bucket and writer grant per environment; no ring binding without key administrators", () => {
    const stack = build([prodEnvironment(), prodEnvironment({ environment: "dev", projectId: "acme-ai-dev", protection: PROTECTION.standard })])();
    expect(Object.values(resourcesOf(stack, "google_storage_bucket")).map((b) => b["name"])).toEqual(["acme-ai-dev-logs-acme-ai-evidence", "acme-ai-prod-logs-acme-ai-evidence"]);
    expect(Object.values(resourcesOf(stack, "google_kms_crypto_key")).map((k) => k["name"])).toEqual(["logs", "logs"]);
    expect(Object.keys(resourcesOf(stack, "google_storage_bucket_iam_member"))).toHaveLength(2);
    expect(resourcesOf(stack, "google_kms_key_ring_iam_binding")).toEqual({});
  });

  test("#15 no lien on the evidence project when every environment is standard (destroyable)", () => {
    const standardOnly = build([prodEnvironment({ environment: "dev", projectId: "acme-ai-dev", protection: PROTECTION.standard })])();
    expect(resourcesOf(standardOnly, "google_resource_manager_lien")).toEqual({});
    expect(Object.keys(resourcesOf(build([prodEnvironment()])(), "google_resource_manager_lien"))).toHaveLength(1);
  });

  test.each([
    ["no environment", [] as EvidenceGcpEnvironment[], ""],
    ["an environment twice", [prodEnvironment(), prodEnvironment()], "prod,prod"],
  ])("#15 GCP_EVIDENCE_ENVIRONMENTS_INVALID: %s", (_what, environments, value) => {
    expect(validationErrorOf(build(environments)).problems.map((p) => [p.code, p.prop, p.value])).toEqual([["GCP_EVIDENCE_ENVIRONMENTS_INVALID", "environments", JSON.stringify(value)]]);
  });

  test("#15 GCP_EVIDENCE_PROJECT_SHARED: an environment in the evidence project", () => {
    expect(validationErrorOf(build([prodEnvironment({ projectId: "acme-ai-evidence" })])).problems.map((p) => [p.code, p.prop, p.value])).toEqual([
      ["GCP_EVIDENCE_PROJECT_SHARED", "environments[0].projectId", '"acme-ai-evidence"'],
    ]);
  });
});

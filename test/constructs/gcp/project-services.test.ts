import { KmsKeyRing } from "@cdktf/provider-google/lib/kms-key-ring";
import { PubsubTopic } from "@cdktf/provider-google/lib/pubsub-topic";
import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import { TerraformStack, Testing } from "cdktf";
import { GCP_RESOURCE_APIS, ProjectServices } from "../../../constructs/gcp/project-services";
import { validationErrorOf } from "../../helpers/errors";
import { Json, onlyResource, resourcesOf, synthConstruct } from "../../helpers/synth";

describe("gcp ProjectServices", () => {
  test("#10 enables each API with disable_on_destroy = false and makes each google resource depend on its API", () => {
    const stack = synthConstruct((scope) => {
      new ProjectServices(scope, "apis", { projectId: "acme-ai-dev", services: ["cloudkms.googleapis.com", "storage.googleapis.com"] });
      new KmsKeyRing(scope, "ring", { name: "acme-ai-dev", location: "europe-west1" });
      new StorageBucket(scope, "bucket", { name: "acme-ai-dev-x", location: "europe-west1" });
    });
    expect(Object.values(resourcesOf(stack, "google_project_service"))).toEqual([
      { project: "acme-ai-dev", service: "cloudkms.googleapis.com", disable_on_destroy: false },
      { project: "acme-ai-dev", service: "storage.googleapis.com", disable_on_destroy: false },
    ]);
    expect(onlyResource(stack, "google_kms_key_ring")["depends_on"]).toEqual([expect.stringMatching(/^google_project_service\.apis_cloudkms_[A-Z0-9]+$/)]);
    expect(onlyResource(stack, "google_storage_bucket")["depends_on"]).toEqual([expect.stringMatching(/^google_project_service\.apis_storage_[A-Z0-9]+$/)]);
  });

  test("#10 GCP_RESOURCE_API_UNKNOWN: synth stops on a google resource whose API is not listed in GCP_RESOURCE_APIS", () => {
    const error = validationErrorOf(() =>
      synthConstruct((scope) => {
        new ProjectServices(scope, "apis", { projectId: "acme-ai-dev", services: ["storage.googleapis.com"] });
        new PubsubTopic(scope, "topic", { name: "t" });
      }),
    );
    expect(error.problems.map((p) => [p.code, p.constructPath, p.value])).toEqual([["GCP_RESOURCE_API_UNKNOWN", "test/topic", '"google_pubsub_topic"']]);
    expect(error.message).toContain("GCP_RESOURCE_APIS (constructs/gcp/project-services.ts)");
  });

  test("#10 GCP_RESOURCE_API_NOT_ENABLED: synth stops on a google resource whose API the stack does not enable", () => {
    const error = validationErrorOf(() =>
      synthConstruct((scope) => {
        new ProjectServices(scope, "apis", { projectId: "acme-ai-dev", services: ["storage.googleapis.com"] });
        new KmsKeyRing(scope, "ring", { name: "r", location: "europe-west1" });
      }),
    );
    expect(error.problems.map((p) => [p.code, p.constructPath, p.value, p.accepted])).toEqual([
      ["GCP_RESOURCE_API_NOT_ENABLED", "test/ring", '"google_kms_key_ring"', "a resource whose API cloudkms.googleapis.com is in the services of test/apis"],
    ]);
  });

  test.each([[[]], [["storage.googleapis.com", "storage.googleapis.com"]]] as const)("#10 rejects the service list %j", (services) => {
    expect(validationErrorOf(() => synthConstruct((scope) => new ProjectServices(scope, "apis", { projectId: "p-123456", services }))).problems[0]).toMatchObject({
      prop: "services",
      code: "GCP_SERVICES_INVALID",
    });
  });
});

describe("gcp ProjectServices: whole problems and existing edges", () => {
  test("#10 GCP_SERVICES_INVALID: the whole problem, with the rejected list and what is accepted", () => {
    const error = validationErrorOf(() =>
      synthConstruct((scope) => new ProjectServices(scope, "apis", { projectId: "p-123456", services: ["storage.googleapis.com", "cloudkms.googleapis.com", "storage.googleapis.com"] })),
    );
    expect(error.problems).toEqual([
      { code: "GCP_SERVICES_INVALID", constructPath: "test/apis", prop: "services", value: '"storage.googleapis.com,cloudkms.googleapis.com,storage.googleapis.com"', accepted: "one or more APIs, each once" },
    ]);
  });

  test("#10 GCP_RESOURCE_API_UNKNOWN: the whole problem names the resource's type", () => {
    const error = validationErrorOf(() =>
      synthConstruct((scope) => {
        new ProjectServices(scope, "apis", { projectId: "acme-ai-dev", services: ["storage.googleapis.com"] });
        new PubsubTopic(scope, "topic", { name: "t" });
      }),
    );
    expect(error.problems).toEqual([
      {
        code: "GCP_RESOURCE_API_UNKNOWN",
        constructPath: "test/topic",
        prop: "terraformResourceType",
        value: '"google_pubsub_topic"',
        accepted: "a google resource type listed in GCP_RESOURCE_APIS (constructs/gcp/project-services.ts) with the API it calls",
      },
    ]);
  });

  test("#10 synthesizing the stack again adds no second edge", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "test");
    new ProjectServices(stack, "apis", { projectId: "acme-ai-dev", services: ["storage.googleapis.com"] });
    new StorageBucket(stack, "bucket", { name: "acme-ai-dev-x", location: "europe-west1" });
    const first = Testing.synth(stack);
    const second = JSON.parse(Testing.synth(stack)) as Json;
    expect(onlyResource(second, "google_storage_bucket")["depends_on"]).toEqual([expect.stringMatching(/^google_project_service\.apis_storage_[A-Z0-9]+$/)]);
    expect(JSON.stringify(second, null, 2)).toBe(JSON.stringify(JSON.parse(first), null, 2));
  });
});

describe("gcp ProjectServices: monitoring resources", () => {
  test("log-based metrics call Logging, alert policies and channels call Monitoring", () => {
    expect([GCP_RESOURCE_APIS["google_logging_metric"], GCP_RESOURCE_APIS["google_monitoring_alert_policy"], GCP_RESOURCE_APIS["google_monitoring_notification_channel"]]).toEqual([
      ["logging.googleapis.com"],
      ["monitoring.googleapis.com"],
      ["monitoring.googleapis.com"],
    ]);
  });
});

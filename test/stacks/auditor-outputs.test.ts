import { stringify } from "yaml";
import { parseConfig } from "../../config/load";
import { defaultConfigDoc } from "../helpers/config-scratch";
import { allResources, Json, resourcesOf, synthApp } from "../helpers/synth";

/*
 * An auditor reads `terraform output` first: every stack names where its evidence is (the log
 * storage and what delivers into it), and no logical id carries a person's address or id.
 * Each output is followed to the resource it refers to, whose name is written here literally:
 * an output pointed at the wrong bucket or attribute fails, whatever the snapshot says.
 */

const stacks = new Map([...synthApp("auditor-outputs")].map(([name, text]) => [name, JSON.parse(text) as Json]));

function stack(name: string): Json {
  const found = stacks.get(name);
  if (!found) throw new Error(`no stack ${name}`);
  return found;
}

function output(stackJson: Json, id: string): string {
  const outputs = stackJson["output"] as Record<string, { value: string }>;
  const found = outputs[id];
  if (!found) throw new Error(`no output ${id}`);
  return found.value;
}

/** `${<type>.<id>.<attribute>}` resolved to the resource body and the attribute's name. */
function referenced(stackJson: Json, value: string): { type: string; body: Json; attribute: string } {
  const match = /^\$\{([a-z0-9_]+)\.([^.]+)\.([a-z_]+)\}$/.exec(value);
  if (!match) throw new Error(`not a resource reference: ${value}`);
  const [, type, id, attribute] = match as unknown as [string, string, string, string];
  const body = resourcesOf(stackJson, type)[id];
  if (!body) throw new Error(`no ${type}.${id}`);
  return { type, body, attribute };
}

describe("environment stacks name their log storage and what delivers into it", () => {
  test.each([
    ["aws-dev", "acme-ai-dev-logs-111111111111", "acme-ai-dev-audit"],
    ["aws-prod", "acme-ai-prod-logs-222222222222", "acme-ai-prod-audit"],
  ])("%s: log-bucket is the trail's bucket by name, trail is the trail's ARN", (name, bucket, trail) => {
    const s = stack(name);
    const logBucket = referenced(s, output(s, "log-bucket"));
    expect([logBucket.type, logBucket.attribute, logBucket.body["bucket"]]).toEqual(["aws_s3_bucket", "bucket", bucket]);
    expect(logBucket.body["object_lock_enabled"]).toBe(true);
    const cloudtrail = referenced(s, output(s, "trail"));
    expect([cloudtrail.type, cloudtrail.attribute, cloudtrail.body["name"], cloudtrail.body["s3_bucket_name"]]).toEqual([
      "aws_cloudtrail",
      "arn",
      trail,
      output(s, "log-bucket"),
    ]);
  });

  test.each([
    ["gcp-dev", "acme-ai-dev-logs-acme-ai-dev", "acme-ai-dev-audit"],
    ["gcp-prod", "acme-ai-prod-logs-acme-ai-prod", "acme-ai-prod-audit"],
  ])("%s: log-bucket is the sink's bucket by name, sink is the sink's id", (name, bucket, sink) => {
    const s = stack(name);
    const logBucket = referenced(s, output(s, "log-bucket"));
    expect([logBucket.type, logBucket.attribute, logBucket.body["name"]]).toEqual(["google_storage_bucket", "name", bucket]);
    const routed = referenced(s, output(s, "sink"));
    expect([routed.type, routed.attribute, routed.body["name"], routed.body["destination"]]).toEqual([
      "google_logging_project_sink",
      "id",
      sink,
      `storage.googleapis.com/${output(s, "log-bucket")}`,
    ]);
  });

  test.each([
    ["azure-dev", "stacmeailogsff183a", "audit-to-immutable-storage-acme-ai-dev"],
    ["azure-prod", "stacmeailogs826787", "audit-to-immutable-storage-acme-ai-prod"],
  ])("%s: log-account is the Activity Log setting's account by name, activity-log-setting names the setting", (name, account, setting) => {
    const s = stack(name);
    expect(output(s, "log-account")).toBe("${azurerm_storage_account.supply-chain_log-storage_E3263F58.name}");
    const logAccount = referenced(s, output(s, "log-account"));
    expect([logAccount.type, logAccount.attribute, logAccount.body["name"]]).toEqual(["azurerm_storage_account", "name", account]);
    expect(output(s, "activity-log-setting")).toBe(setting);
    const settings = Object.values(resourcesOf(s, "azurerm_monitor_diagnostic_setting")).filter((d) => d["name"] === setting);
    expect(settings).toHaveLength(1);
    expect(settings[0]!["storage_account_id"]).toBe("${azurerm_storage_account.supply-chain_log-storage_E3263F58.id}");
  });
});

describe("state-backend stacks name where access to the state is logged", () => {
  test("AWS: access-log-bucket is the server access log bucket", () => {
    const s = stack("state-backend-aws");
    const bucket = referenced(s, output(s, "access-log-bucket"));
    expect([bucket.type, bucket.attribute, bucket.body["bucket"]]).toEqual(["aws_s3_bucket", "bucket", "acme-ai-tfstate-access-222222222222-eu-west-1"]);
  });

  test("GCP: usage-log-bucket is the usage log bucket", () => {
    const s = stack("state-backend-gcp");
    const bucket = referenced(s, output(s, "usage-log-bucket"));
    expect([bucket.type, bucket.attribute, bucket.body["name"]]).toEqual(["google_storage_bucket", "name", "acme-ai-tfstate-usage-acme-ai-prod"]);
  });

  test("Azure: log-account is the state backend's own write-once log account", () => {
    const s = stack("state-backend-azure");
    expect(output(s, "log-account")).toBe("${azurerm_storage_account.state_log-storage_5D692EDA.name}");
    const account = referenced(s, output(s, "log-account"));
    expect([account.type, account.attribute, account.body["name"]]).toEqual(["azurerm_storage_account", "name", "stacmeailogs36e57c"]);
  });
});

describe("evidence stacks name the evidence holder's own trail and log account", () => {
  const doc = defaultConfigDoc<{ clouds: Record<string, Record<string, unknown>> }>();
  doc.clouds["aws"]!["evidence"] = { accountId: "444444444444", region: "eu-west-1" };
  doc.clouds["azure"]!["evidence"] = { subscriptionId: "00000000-0000-4000-8000-0000000000e1", location: "westeurope" };
  const withEvidence = new Map([...synthApp("auditor-outputs-evidence", parseConfig(stringify(doc), "evidence.yaml"))].map(([n, t]) => [n, JSON.parse(t) as Json]));

  test("evidence-aws: trail is the evidence account's own trail", () => {
    const s = withEvidence.get("evidence-aws")!;
    const trail = referenced(s, output(s, "trail"));
    expect([trail.type, trail.attribute, trail.body["name"]]).toEqual(["aws_cloudtrail", "arn", "acme-ai-log-archive-audit"]);
  });

  test("aws-dev with an evidence account: log-bucket names the evidence bucket its trail delivers to", () => {
    const s = withEvidence.get("aws-dev")!;
    expect(output(s, "log-bucket")).toBe("acme-ai-dev-logs-444444444444");
    expect(Object.values(resourcesOf(s, "aws_cloudtrail"))[0]!["s3_bucket_name"]).toBe("acme-ai-dev-logs-444444444444");
  });

  test("evidence-azure: log-account is the evidence subscription's own log account", () => {
    const s = withEvidence.get("evidence-azure")!;
    expect(output(s, "log-account")).toBe("${azurerm_storage_account.evidence_log-storage_43E73AD5.name}");
    const account = referenced(s, output(s, "log-account"));
    expect([account.type, account.attribute, account.body["name"]]).toEqual(["azurerm_storage_account", "name", "stacmeailogsb13735"]);
  });
});

describe("logical ids carry no personal data", () => {
  // The default configuration's addresses and object ids, as cdktf would fold them into an id
  // (non-alphanumerics dropped), and the way they were spelled before.
  const forbidden = [/finops/i, /mlplatform/i, /example/i, /kmsadmins/i, /0000000000a1/i, /^.*Email-/];

  test("no resource logical id of any default stack contains an address or an object id", () => {
    const ids = [...stacks.values()].flatMap((s) => allResources(s).map(([, id]) => id));
    expect(ids.length).toBeGreaterThan(100);
    expect(ids.filter((id) => forbidden.some((f) => f.test(id)))).toEqual([]);
  });

  test("GCP notification channels are still one per recipient", () => {
    const channels = Object.entries(resourcesOf(stack("gcp-prod"), "google_monitoring_notification_channel")).filter(([id]) => id.startsWith("supply-chain_budget_"));
    expect(channels.map(([, c]) => (c["labels"] as Json)["email_address"]).sort()).toEqual(["finops@example.com", "ml-platform@example.com"]);
    expect(channels.map(([id]) => id).sort()).toEqual([
      expect.stringMatching(/^supply-chain_budget_EmailChannel-370d7c57_[A-Z0-9]{8}$/),
      expect.stringMatching(/^supply-chain_budget_EmailChannel-f7b088e1_[A-Z0-9]{8}$/),
    ]);
  });

  test("the alert channels are one per alert recipient plus the webhook, named by a digest too", () => {
    const channels = Object.entries(resourcesOf(stack("gcp-prod"), "google_monitoring_notification_channel")).filter(([id]) => id.startsWith("supply-chain_monitoring_"));
    expect(channels.map(([, c]) => [c["type"], (c["labels"] as Json)["email_address"] ?? null]).sort()).toEqual([
      ["email", "ml-platform@example.com"],
      ["email", "security-alerts@example.com"],
      ["webhook_tokenauth", null],
    ]);
    expect(channels.map(([id]) => id).sort()).toEqual([
      expect.stringMatching(/^supply-chain_monitoring_channels_EmailChannel-[0-9a-f]{8}_[A-Z0-9]{8}$/),
      expect.stringMatching(/^supply-chain_monitoring_channels_EmailChannel-[0-9a-f]{8}_[A-Z0-9]{8}$/),
      expect.stringMatching(/^supply-chain_monitoring_channels_Webhook_[A-Z0-9]{8}$/),
    ]);
  });
});

import { DEFAULT_STACKS, Json, synthApp } from "../helpers/synth";
import { LiteralReference, literalReferences } from "../helpers/literal-references";

/*
 * #1 (issue 6): resources refer to each other through attributes, never a re-spelled name. A
 * literal gives Terraform no dependency edge, so the consumer can be created before the
 * resource it names exists (the GCP sink's bucket grant did, and the first apply failed with
 * 404). The scan is by value: it takes the name every resource of a stack gives itself and looks
 * for it in every other resource and data source of the same stack.
 */

/**
 * Literal references that cannot be attributes because the named resource depends on the
 * consumer: a reference would be a cycle Terraform refuses. Each entry says why; an entry that
 * matches nothing fails the suite, so the list cannot go stale.
 */
const CYCLES: ReadonlyArray<{ producer: string; consumer: string; why: string }> = [
  {
    producer: "aws_cloudtrail",
    consumer: "aws_s3_bucket_policy",
    why: "the bucket policy scopes CloudTrail's writes by aws:SourceArn, and CreateTrail checks at creation that the policy lets it write, so the trail depends on the policy",
  },
  {
    producer: "aws_cloudtrail",
    consumer: "aws_kms_key",
    why: "the key policy scopes CloudTrail's key use by aws:SourceArn, and the trail is encrypted with the key, so the trail depends on the key",
  },
];

/**
 * Literals that only look like a name: the scan matches by value, and an ARM id's fixed path
 * segment can equal a resource's name. An Event Grid subscription names the function it
 * delivers to as `<function app id>/functions/<function name>` (azurerm
 * eventgrid_system_topic_event_subscription, `azure_function_endpoint.function_id`, "The ID of
 * the Function where the Event Subscription will receive events"); the `functions` segment is
 * that path, not the environment's `functions` key. Allowed only for that value in that place,
 * with the app given by reference; an entry that matches nothing fails the suite.
 */
const COINCIDENCES: ReadonlyArray<{ consumer: string; path: string; value: string; producer: string; holds: RegExp; why: string }> = [
  {
    consumer: "azurerm_eventgrid_system_topic_event_subscription",
    path: "azure_function_endpoint.function_id",
    value: "functions",
    producer: "azurerm_key_vault_key",
    holds: /^\$\{azurerm_function_app_flex_consumption\.[^.}]+\.id\}\/functions\/[a-z0-9-]+$/,
    why: "the ARM path segment /functions/ of a function's id, after the app's id by reference",
  },
];

/** The value at a dotted path of a resource body (blocks are objects in cdktf's JSON). */
function valueAt(stack: Json, type: string, id: string, path: string): unknown {
  const body = ((stack["resource"] as Record<string, Record<string, Json>> | undefined)?.[type] ?? {})[id];
  return path.split(".").reduce<unknown>((v, key) => (v && typeof v === "object" ? (v as Json)[key] : undefined), body);
}

function isCoincidence(stack: Json, r: LiteralReference): boolean {
  return COINCIDENCES.some(
    (c) =>
      c.consumer === r.consumer.type &&
      c.path === r.consumer.path &&
      c.value === r.value &&
      c.producer === r.producer.type &&
      c.holds.test(String(valueAt(stack, r.consumer.type, r.consumer.id, r.consumer.path))),
  );
}

const stacks = new Map([...synthApp("attribute-references")].map(([name, json]) => [name, JSON.parse(json) as Json]));

function isCycle(r: LiteralReference): boolean {
  return CYCLES.some((c) => c.producer === r.producer.type && c.consumer === r.consumer.type);
}

test("every default stack is scanned", () => {
  expect([...stacks.keys()]).toEqual([...DEFAULT_STACKS]);
});

describe.each([...DEFAULT_STACKS])("%s", (name) => {
  test("#1 no attribute holds, as a literal, the name of another resource of the same stack", () => {
    const stack = stacks.get(name)!;
    const found = literalReferences(stack).filter((r) => !isCycle(r) && !isCoincidence(stack, r));
    expect(found.map((r) => r.describe())).toEqual([]);
  });
});

test("#1 every documented coincidence still occurs somewhere", () => {
  const unused = COINCIDENCES.filter((c) => ![...stacks.values()].some((s) => literalReferences(s).some((r) => isCoincidence(s, r) && r.consumer.type === c.consumer)));
  expect(unused).toEqual([]);
});

test("#1 every documented cycle still occurs somewhere", () => {
  const all = [...stacks.values()].flatMap((s) => literalReferences(s));
  const unused = CYCLES.filter((c) => !all.some((r) => r.producer.type === c.producer && r.consumer.type === c.consumer));
  expect(unused).toEqual([]);
});

describe("the documented coincidence", () => {
  const withFunctionId = (functionId: string): Json => ({
    resource: {
      azurerm_key_vault_key: { functions: { name: "functions" } },
      azurerm_eventgrid_system_topic_event_subscription: { sub: { name: "gate", azure_function_endpoint: { function_id: functionId } } },
    },
  });

  test("excuses the /functions/ segment of a function's id after the app's reference", () => {
    const stack = withFunctionId("${azurerm_function_app_flex_consumption.app.id}/functions/promotion-gate");
    const found = literalReferences(stack);
    expect(found.map((r) => r.describe())).toEqual(['azurerm_eventgrid_system_topic_event_subscription.sub.azure_function_endpoint.function_id holds "functions", the name of azurerm_key_vault_key.functions']);
    expect(found.filter((r) => !isCoincidence(stack, r))).toEqual([]);
  });

  test("does not excuse the key's name written out where the app's reference should be", () => {
    const stack = withFunctionId("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/functions/functions/promotion-gate");
    expect(literalReferences(stack).filter((r) => !isCoincidence(stack, r))).toHaveLength(1);
  });
});

describe("the scan itself", () => {
  const stack = (resource: Json, data: Json = {}): Json => ({ provider: { google: [{ project: "acme-ai-prod", region: "europe-west1" }] }, resource, data });

  test("finds a bucket name re-spelled in another resource, alone or inside a longer string", () => {
    const found = literalReferences(
      stack({
        google_storage_bucket: { logs: { name: "acme-ai-prod-logs", project: "acme-ai-prod" } },
        google_storage_bucket_iam_member: { writer: { bucket: "acme-ai-prod-logs", role: "roles/storage.objectCreator" } },
        google_logging_project_sink: { sink: { name: "acme-ai-prod-audit", destination: "storage.googleapis.com/acme-ai-prod-logs" } },
      }),
    );
    expect(found.map((r) => r.describe())).toEqual([
      'google_storage_bucket_iam_member.writer.bucket holds "acme-ai-prod-logs", the name of google_storage_bucket.logs',
      'google_logging_project_sink.sink.destination holds "acme-ai-prod-logs", the name of google_storage_bucket.logs',
    ]);
  });

  test("finds a name inside a JSON policy string and inside a data source", () => {
    const found = literalReferences(
      stack(
        {
          aws_s3_bucket: { logs: { bucket: "acme-ai-prod-logs-222222222222" } },
          aws_s3_bucket_policy: { p: { bucket: "${aws_s3_bucket.logs.id}", policy: '{"Resource":"arn:aws:s3:::acme-ai-prod-logs-222222222222/*"}' } },
        },
        { aws_s3_bucket: { read: { bucket: "acme-ai-prod-logs-222222222222" } } },
      ),
    );
    expect(found.map((r) => `${r.consumer.type}.${r.consumer.id}.${r.consumer.path}`)).toEqual(["aws_s3_bucket_policy.p.policy", "data.aws_s3_bucket.read.bucket"]);
  });

  test("passes references, names that only share a prefix, tags, the stack's own project, and same-named siblings", () => {
    const found = literalReferences(
      stack({
        google_kms_key_ring: { ring: { name: "acme-ai-prod", project: "acme-ai-prod" } },
        google_storage_bucket: { logs: { name: "acme-ai-prod-logs", labels: { purpose: "acme-ai-prod-logs" }, project: "acme-ai-prod" } },
        google_storage_bucket_iam_member: { writer: { bucket: "${google_storage_bucket.logs.name}" } },
        azurerm_monitor_diagnostic_setting: { a: { name: "audit-to-immutable-storage" }, b: { name: "audit-to-immutable-storage" } },
      }),
    );
    expect(found).toEqual([]);
  });
});

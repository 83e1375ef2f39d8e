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

const stacks = new Map([...synthApp("attribute-references")].map(([name, json]) => [name, JSON.parse(json) as Json]));

function isCycle(r: LiteralReference): boolean {
  return CYCLES.some((c) => c.producer === r.producer.type && c.consumer === r.consumer.type);
}

test("every default stack is scanned", () => {
  expect([...stacks.keys()]).toEqual([...DEFAULT_STACKS]);
});

describe.each([...DEFAULT_STACKS])("%s", (name) => {
  test("#1 no attribute holds, as a literal, the name of another resource of the same stack", () => {
    const found = literalReferences(stacks.get(name)!).filter((r) => !isCycle(r));
    expect(found.map((r) => r.describe())).toEqual([]);
  });
});

test("#1 every documented cycle still occurs somewhere", () => {
  const all = [...stacks.values()].flatMap((s) => literalReferences(s));
  const unused = CYCLES.filter((c) => !all.some((r) => r.producer.type === c.producer && r.consumer.type === c.consumer));
  expect(unused).toEqual([]);
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

import { stackFromPlan } from "../../policies/load-plan";
import { generatePlan, templateOf } from "../../bench/policy-plan";

/* The bench's generated plans must look like plans: exact size, distinct names, references to their own copy. */
const STACK = {
  provider: { aws: [{ region: "eu-west-1", default_tags: [{ tags: { "cost-center": "CC-1", owner: "team" } }] }] },
  resource: {
    aws_s3_bucket: { logs: { bucket: "acme-ai-prod-logs" } },
    aws_s3_bucket_versioning: { v: { bucket: "${aws_s3_bucket.logs.id}", versioning_configuration: { status: "Enabled" } } },
    aws_iam_policy: { p: { name: "acme-ai-prod-reader", policy: '{"Statement":[{"Resource":"arn:aws:s3:::acme-ai-prod-logs/*"}]}' } },
  },
};

const plan = generatePlan(templateOf(STACK), 7, STACK.provider);
const stack = stackFromPlan("p", "p.json", plan);

test("exactly the requested number of resources, copies named by index", () => {
  expect(stack.resources.map((r) => r.address)).toEqual([
    "aws_iam_policy.p_0",
    "aws_iam_policy.p_1",
    "aws_s3_bucket.logs_0",
    "aws_s3_bucket.logs_1",
    "aws_s3_bucket.logs_2",
    "aws_s3_bucket_versioning.v_0",
    "aws_s3_bucket_versioning.v_1",
  ]);
});

test("literal names get the copy's suffix, inside other values too; references become unknown values and point at their own copy", () => {
  const byAddress = new Map(stack.resources.map((r) => [r.address, r]));
  expect(byAddress.get("aws_s3_bucket.logs_1")!.attributes).toEqual({ bucket: "acme-ai-prod-logs-c1", id: { $unknown: true } });
  expect(byAddress.get("aws_iam_policy.p_1")!.attributes["policy"]).toBe('{"Statement":[{"Resource":"arn:aws:s3:::acme-ai-prod-logs-c1/*"}]}');
  expect(byAddress.get("aws_s3_bucket_versioning.v_1")!.attributes["bucket"]).toEqual({ $unknown: true });
  expect([...byAddress.get("aws_s3_bucket_versioning.v_1")!.references]).toEqual([["bucket", ["aws_s3_bucket.logs_1"]]]);
});

test("the stack's providers come along as configuration constants", () => {
  expect(stack.providers).toEqual({ aws: [{ region: "eu-west-1", default_tags: [{ tags: { "cost-center": "CC-1", owner: "team" } }] }] });
});

import { planExpressionReferences, referencesByPath, referencesIn } from "../../policies/references";

test("referencesIn: each resource once, data sources included, indexes dropped, var/local/each/module skipped", () => {
  expect(referencesIn("${aws_s3_bucket.b.arn}/* ${aws_s3_bucket.b.id} ${data.aws_iam_policy_document.d.json} ${module.m.out} ${aws_kms_key.k[0].arn}")).toEqual([
    "aws_s3_bucket.b",
    "data.aws_iam_policy_document.d",
    "aws_kms_key.k",
  ]);
  expect(referencesIn("${}")).toEqual([]);
});

test("referencesByPath: dotted paths through blocks and lists; Terraform's own keys at the top are not attributes", () => {
  const body = {
    bucket: "${aws_s3_bucket.b.id}",
    rule: [{ apply: { key: "${aws_kms_key.k.arn}" } }, { apply: { key: "${aws_kms_key.k2.arn}" } }],
    nested: { depends_on: "${aws_iam_role.r.arn}" },
    depends_on: ["${aws_iam_role.top.arn}"],
    lifecycle: { replace_triggered_by: ["${aws_iam_role.t.arn}"] },
    provider: "${aws.west}",
    count: 3,
    flag: true,
  };
  expect([...referencesByPath(body)]).toEqual([
    ["bucket", ["aws_s3_bucket.b"]],
    ["rule.apply.key", ["aws_kms_key.k", "aws_kms_key.k2"]],
    ["nested.depends_on", ["aws_iam_role.r"]],
  ]);
});

test("planExpressionReferences: nested block lists, constants skipped, var/local dropped, the module prefix added", () => {
  const expressions = {
    bucket: { references: ["aws_s3_bucket.b.id", "aws_s3_bucket.b"] },
    rule: [{ apply: [{ key: { references: ["aws_kms_key.k[\"a\"].arn", "aws_kms_key.k", "var.key"] }, algo: { constant_value: "aws:kms" } }] }],
    policy: { references: ["local.doc"] },
    tags: { constant_value: { references: ["aws_s3_bucket.fake"] } },
    odd: { references: [7, "aws_sqs_queue.q.arn"] },
  };
  expect([...planExpressionReferences(expressions, "module.m.")]).toEqual([
    ["bucket", ["module.m.aws_s3_bucket.b"]],
    ["rule.apply.key", ["module.m.aws_kms_key.k"]],
    ["odd", ["module.m.aws_sqs_queue.q"]],
  ]);
  expect([...planExpressionReferences({ references: ["aws_s3_bucket.b"] }, "")]).toEqual([]);
  expect([...planExpressionReferences(undefined, "")]).toEqual([]);
});

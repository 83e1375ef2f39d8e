import { Evaluation, Finding } from "../../policies/engine";
import { findingsReport, findingsSummary, findingsTable } from "../../policies/findings-table";

const finding = (over: Partial<Finding>): Finding => ({ ruleId: "KEY-ROTATION-AWS", control: "KEY-ROTATION", severity: "error", stack: "aws-prod", address: "aws_kms_key.k", message: "rotation off", fix: "turn it on", ...over });

test("one aligned row per finding, errors first, the fix under the message", () => {
  const rows = findingsTable([finding({ severity: "warning", stack: "aws-dev", address: "aws_s3_bucket.logs", ruleId: "WRITE-ONCE-AWS", message: "GOVERNANCE", fix: "use COMPLIANCE" }), finding({})]);
  expect(rows).toEqual([
    "SEVERITY  STACK     RESOURCE            RULE              MESSAGE",
    "error     aws-prod  aws_kms_key.k       KEY-ROTATION-AWS  rotation off",
    "                                                          fix: turn it on",
    "warning   aws-dev   aws_s3_bucket.logs  WRITE-ONCE-AWS    GOVERNANCE",
    "                                                          fix: use COMPLIANCE",
  ]);
  expect(findingsTable([])).toEqual([]);
});

test("the summary counts open errors, open warnings and acknowledged findings; the report lists open ones only", () => {
  const ack = { rule: "KEY-ROTATION-AWS", resource: "*", reason: "a reason here", owner: "o", ticket: "T-1", expires: "2027-01-01" };
  const evaluation = {
    stacks: [{}, {}],
    rules: [{}],
    findings: [finding({}), finding({ address: "aws_kms_key.b", acknowledgement: ack }), finding({ severity: "warning", message: "w" })],
    tallies: [],
    acknowledgements: [],
  } as unknown as Evaluation;
  expect(findingsSummary(evaluation)).toBe("policy: 1 error, 1 warning, 1 acknowledged over 2 stacks (1 rule)");
  expect(findingsReport(evaluation).filter((l) => /^(error|warning) /.test(l))).toEqual([
    "error     aws-prod  aws_kms_key.k  KEY-ROTATION-AWS  rotation off",
    "warning   aws-prod  aws_kms_key.k  KEY-ROTATION-AWS  w",
  ]);
});

import { AuditTrail, projectSinkWriterMember } from "../../../constructs/gcp/audit-trail";
import { validationErrorOf } from "../../helpers/errors";
import { Json, onlyResource, synthConstruct } from "../../helpers/synth";

const EVIDENCE = { bucketName: "acme-ai-prod-logs-acme-ai-evidence", projectId: "acme-ai-evidence" };

function dataOf(stack: Json, type: string): Record<string, Json> {
  return (stack["data"] as Record<string, Record<string, Json>>)[type]!;
}

describe("gcp projectSinkWriterMember", () => {
  test("reads the project's Logging settings and names its service agent as a service-account member", () => {
    let member: string | undefined;
    const stack = synthConstruct((scope) => {
      member = projectSinkWriterMember(scope, "Writer", "acme-ai-prod");
    });
    expect(dataOf(stack, "google_logging_project_settings")).toEqual({ Writer: { project: "acme-ai-prod" } });
    expect(member).toMatch(/^serviceAccount:\$\{TfToken\[TOKEN\.\d+\]\}$/);
  });
});

describe("gcp AuditTrail into an evidence bucket: the postcondition", () => {
  const stack = synthConstruct((scope) => new AuditTrail(scope, "audit", { sinkName: "acme-ai-prod-audit", projectId: "acme-ai-prod", evidenceBucket: EVIDENCE }));

  test("the writer identity is read from this project's Logging settings", () => {
    expect(Object.values(dataOf(stack, "google_logging_project_settings"))).toEqual([{ project: "acme-ai-prod" }]);
  });

  test("a sink writing as anyone else fails the apply with a message that says why", () => {
    const lifecycle = onlyResource(stack, "google_logging_project_sink")["lifecycle"] as { postcondition: Array<{ error_message: string }> };
    expect(lifecycle.postcondition.map((p) => p.error_message)).toEqual([
      "The sink's writer identity is not the project's Logging service agent, which the evidence stack granted object-create on the evidence bucket.",
    ]);
  });
});

test("GCP_AUDIT_TRAIL_DESTINATION_INVALID: the whole problem, with what is accepted", () => {
  const error = validationErrorOf(() => synthConstruct((scope) => new AuditTrail(scope, "audit", { sinkName: "acme-ai-prod-audit", projectId: "acme-ai-prod" })));
  expect(error.problems).toEqual([
    { code: "GCP_AUDIT_TRAIL_DESTINATION_INVALID", constructPath: "test/audit", prop: "logBucket, evidenceBucket", value: '"neither"', accepted: "exactly one of logBucket and evidenceBucket" },
  ]);
});

import { LoggingQuerySyntaxError, matchesLoggingQuery, parseLoggingQuery } from "./logging-query";

const ENTRY = {
  logName: "projects/acme-ai-prod/logs/cloudaudit.googleapis.com%2Factivity",
  resource: { type: "gcs_bucket", labels: { bucket_name: "acme-ai-prod-logs" } },
  jsonPayload: { accepted: false, count: 3 },
  protoPayload: {
    "@type": "type.googleapis.com/google.cloud.audit.AuditLog",
    methodName: "google.logging.v2.ConfigServiceV2.UpdateSink",
    serviceData: { policyDelta: { bindingDeltas: [{ action: "ADD", role: "roles/viewer" }, { action: "REMOVE", role: "roles/owner" }] } },
  },
};

describe("logging-query evaluator", () => {
  test("= is exact and case-sensitive; != needs the field present", () => {
    expect(matchesLoggingQuery('resource.type="gcs_bucket"', ENTRY)).toBe(true);
    expect(matchesLoggingQuery('resource.type="GCS_BUCKET"', ENTRY)).toBe(false);
    expect(matchesLoggingQuery('resource.type!="gce_instance"', ENTRY)).toBe(true);
    expect(matchesLoggingQuery('resource.labels.missing!="x"', ENTRY)).toBe(false);
  });

  test(": is a case-insensitive substring match and :* tests presence", () => {
    expect(matchesLoggingQuery('protoPayload.methodName:"configservicev2.updatesink"', ENTRY)).toBe(true);
    expect(matchesLoggingQuery('protoPayload.methodName:"DeleteSink"', ENTRY)).toBe(false);
    expect(matchesLoggingQuery("protoPayload.serviceData.policyDelta:*", ENTRY)).toBe(true);
    expect(matchesLoggingQuery("protoPayload.serviceData.policyDelta.auditConfigDeltas:*", ENTRY)).toBe(false);
  });

  test("=~ and !~ are unanchored regular expressions", () => {
    expect(matchesLoggingQuery('protoPayload.methodName=~"(Update|Delete)Sink$"', ENTRY)).toBe(true);
    expect(matchesLoggingQuery('protoPayload.methodName!~"Exclusion"', ENTRY)).toBe(true);
    expect(matchesLoggingQuery('protoPayload.methodName=~"^UpdateSink"', ENTRY)).toBe(false);
  });

  test("booleans and numbers compare by their logged text; quoted path segments work", () => {
    expect(matchesLoggingQuery("jsonPayload.accepted=false", ENTRY)).toBe(true);
    expect(matchesLoggingQuery("jsonPayload.accepted=true", ENTRY)).toBe(false);
    expect(matchesLoggingQuery("jsonPayload.count=3", ENTRY)).toBe(true);
    expect(matchesLoggingQuery('protoPayload."@type"="type.googleapis.com/google.cloud.audit.AuditLog"', ENTRY)).toBe(true);
  });

  test("a path through a repeated field matches when any element matches", () => {
    expect(matchesLoggingQuery('protoPayload.serviceData.policyDelta.bindingDeltas.role="roles/owner"', ENTRY)).toBe(true);
    expect(matchesLoggingQuery('protoPayload.serviceData.policyDelta.bindingDeltas.role="roles/editor"', ENTRY)).toBe(false);
  });

  test("precedence is NOT, then OR, then AND: the documented example groups as (a OR NOT b) AND (NOT c OR d)", () => {
    expect(parseLoggingQuery('x="a" OR NOT x="b" AND NOT x="c" OR x="d"')).toEqual({
      kind: "and",
      left: { kind: "or", left: { kind: "compare", path: ["x"], op: "=", value: "a" }, right: { kind: "not", operand: { kind: "compare", path: ["x"], op: "=", value: "b" } } },
      right: { kind: "or", left: { kind: "not", operand: { kind: "compare", path: ["x"], op: "=", value: "c" } }, right: { kind: "compare", path: ["x"], op: "=", value: "d" } },
    });
    // With AND tighter than OR this would be true (x="a" alone); Logging's grouping makes it false.
    expect(matchesLoggingQuery('x="a" OR x="b" AND x="c"', { x: "a" })).toBe(false);
    expect(matchesLoggingQuery('x="a" OR (x="b" AND x="c")', { x: "a" })).toBe(true);
  });

  test("juxtaposed comparisons are an implicit AND", () => {
    expect(matchesLoggingQuery('resource.type="gcs_bucket" jsonPayload.accepted=false', ENTRY)).toBe(true);
    expect(matchesLoggingQuery('resource.type="gcs_bucket" jsonPayload.accepted=true', ENTRY)).toBe(false);
  });

  test("NOT negates, including a missing field", () => {
    expect(matchesLoggingQuery("NOT protoPayload.request:*", ENTRY)).toBe(true);
    expect(matchesLoggingQuery('NOT (resource.type="gcs_bucket" OR resource.type="project")', ENTRY)).toBe(false);
  });

  test("a comparison on an object does not match", () => {
    expect(matchesLoggingQuery('resource.labels="acme-ai-prod-logs"', ENTRY)).toBe(false);
  });

  test.each([['"free text"'], ["resource.type"], ['resource.type="x" AND'], ['(resource.type="x"'], ['resource.type="x'], ['-resource.type="x"']])("throws on %s, outside the subset", (query) => {
    expect(() => matchesLoggingQuery(query, ENTRY)).toThrow(LoggingQuerySyntaxError);
  });
});

import { EventPatternSyntaxError, eventPatternMatches } from "./eventbridge-pattern";

/*
 * The evaluator against the EventBridge User Guide's own examples ("Amazon EventBridge event
 * patterns", "Content filtering in Amazon EventBridge event patterns"): each matcher with an
 * event that matches and one that does not.
 */

const EC2_EVENT = {
  version: "0",
  id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
  "detail-type": "EC2 Instance State-change Notification",
  source: "aws.ec2",
  account: "111122223333",
  time: "2017-12-22T18:43:48Z",
  region: "us-west-1",
  resources: ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
  detail: { "instance-id": "i-1234567890abcdef0", state: "terminated", count: 5, nested: { flag: true, none: null } },
};

describe("exact values and OR", () => {
  test("Compliance: every named field matches one of its values", () => {
    expect(eventPatternMatches({ source: ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"] }, EC2_EVENT)).toBe(true);
    expect(eventPatternMatches({ detail: { state: ["running", "terminated"] } }, EC2_EVENT)).toBe(true);
  });
  test("Noncompliance 1: one field does not match: AND across fields", () => {
    expect(eventPatternMatches({ source: ["aws.ec2"], "detail-type": ["Something else"] }, EC2_EVENT)).toBe(false);
  });
  test("Noncompliance 2: a field the event lacks does not match", () => {
    expect(eventPatternMatches({ detail: { missing: ["x"] } }, EC2_EVENT)).toBe(false);
  });
  test("numbers compare as numbers, booleans and null by value, not as strings", () => {
    expect(eventPatternMatches({ detail: { count: [5] } }, EC2_EVENT)).toBe(true);
    expect(eventPatternMatches({ detail: { count: ["5"] } }, EC2_EVENT)).toBe(false);
    expect(eventPatternMatches({ detail: { nested: { flag: [true], none: [null] } } }, EC2_EVENT)).toBe(true);
    expect(eventPatternMatches({ detail: { nested: { flag: [false] } } }, EC2_EVENT)).toBe(false);
  });
  test("an array in the event matches when any element does", () => {
    expect(eventPatternMatches({ resources: ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"] }, EC2_EVENT)).toBe(true);
    expect(eventPatternMatches({ resources: ["arn:aws:ec2:us-west-1:123456789012:instance/i-other"] }, EC2_EVENT)).toBe(false);
  });
  test("a nested pattern needs a nested object in the event", () => {
    expect(eventPatternMatches({ source: { inner: ["x"] } }, EC2_EVENT)).toBe(false);
  });
  test("the pattern may be the JSON string a rule carries", () => {
    expect(eventPatternMatches(JSON.stringify({ source: ["aws.ec2"] }), EC2_EVENT)).toBe(true);
  });
});

describe("numeric", () => {
  test("Compliance: inside a closed range and at its bound", () => {
    expect(eventPatternMatches({ detail: { count: [{ numeric: [">", 0, "<=", 5] }] } }, EC2_EVENT)).toBe(true);
    expect(eventPatternMatches({ detail: { count: [{ numeric: [">=", 5] }] } }, EC2_EVENT)).toBe(true);
    expect(eventPatternMatches({ detail: { count: [{ numeric: ["=", 5] }] } }, EC2_EVENT)).toBe(true);
  });
  test("Noncompliance 1: outside the range", () => {
    expect(eventPatternMatches({ detail: { count: [{ numeric: [">", 5] }] } }, EC2_EVENT)).toBe(false);
    expect(eventPatternMatches({ detail: { count: [{ numeric: ["<", 5] }] } }, EC2_EVENT)).toBe(false);
  });
  test("Noncompliance 2: a string that reads as a number is not a number", () => {
    expect(eventPatternMatches({ detail: { state: [{ numeric: [">", 0] }] } }, { detail: { state: "7" } })).toBe(false);
  });
});

describe("prefix, anything-but, exists, wildcard", () => {
  test("prefix", () => {
    expect(eventPatternMatches({ detail: { state: [{ prefix: "term" }] } }, EC2_EVENT)).toBe(true);
    expect(eventPatternMatches({ detail: { state: [{ prefix: "run" }] } }, EC2_EVENT)).toBe(false);
  });
  test("anything-but: a value, a list, a prefix; a missing field does not match", () => {
    expect(eventPatternMatches({ detail: { state: [{ "anything-but": "running" }] } }, EC2_EVENT)).toBe(true);
    expect(eventPatternMatches({ detail: { state: [{ "anything-but": ["stopped", "terminated"] }] } }, EC2_EVENT)).toBe(false);
    expect(eventPatternMatches({ detail: { state: [{ "anything-but": { prefix: "term" } }] } }, EC2_EVENT)).toBe(false);
    expect(eventPatternMatches({ detail: { missing: [{ "anything-but": "x" }] } }, EC2_EVENT)).toBe(false);
  });
  test("exists", () => {
    expect(eventPatternMatches({ detail: { state: [{ exists: true }] } }, EC2_EVENT)).toBe(true);
    expect(eventPatternMatches({ detail: { missing: [{ exists: false }] } }, EC2_EVENT)).toBe(true);
    expect(eventPatternMatches({ detail: { state: [{ exists: false }] } }, EC2_EVENT)).toBe(false);
  });
  test("wildcard: * spans any characters, / included", () => {
    expect(eventPatternMatches({ detail: { key: [{ wildcard: "incoming/*/*/model.sig" }] } }, { detail: { key: "incoming/m/1.0/model.sig" } })).toBe(true);
    expect(eventPatternMatches({ detail: { key: [{ wildcard: "incoming/*/*/model.sig" }] } }, { detail: { key: "incoming/m/1.0/weights.bin" } })).toBe(false);
  });
});

describe("patterns outside the subset throw, never silently miss", () => {
  test.each([
    ["an empty matcher list", { source: [] }],
    ["an unknown content filter", { source: [{ suffix: ".ec2" }] }],
    ["a bad numeric operator", { detail: { count: [{ numeric: ["!=", 1] }] } }],
    ["a scalar where an array belongs", { source: "aws.ec2" }],
    ["an empty object", {}],
  ])("%s", (_name, pattern) => {
    expect(() => eventPatternMatches(pattern as Record<string, unknown>, EC2_EVENT)).toThrow(EventPatternSyntaxError);
  });
});

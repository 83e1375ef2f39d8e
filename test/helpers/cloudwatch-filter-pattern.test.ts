import { FilterPatternSyntaxError, filterPatternMatches, parseFilterPattern, select } from "./cloudwatch-filter-pattern";

/*
 * The evaluator the trail-alarm tests trust: each case is an example from the CloudWatch Logs
 * user guide ("Filter pattern syntax for metric filters") or a case that would tell a wrong
 * reading of it (operator precedence, wildcards, missing fields) from the right one.
 */

// The guide's own example event ("Matching terms in JSON log events").
const GUIDE_EVENT = {
  eventType: "UpdateTrail",
  sourceIPAddress: "111.111.111.111",
  arrayKey: ["value", "another value"],
  objectList: [
    { name: "a", id: 1 },
    { name: "b", id: 2 },
  ],
  SomeObject: null,
};

// The guide's compound-expression example object.
const COMPOUND_EVENT = {
  user: { id: 1, email: "John.Stiles@example.com" },
  users: [{ id: 2, email: "John.Doe@example.com" }],
  actions: ["GET", "PUT", "DELETE"],
  coordinates: [
    [0, 1],
    [1, 2],
  ],
};

describe("the guide's examples", () => {
  test.each([
    ['{ $.eventType = "UpdateTrail" }', true],
    ["{ $.sourceIPAddress != 123.123.* }", true],
    ["{ $.sourceIPAddress != 111.111.* }", false],
    ['{ $.arrayKey[0] = "value" }', true],
    ["{ $.objectList[1].id = 2 }", true],
    ["{ $.objectList[1].id = 1 }", false],
    ["{ $.SomeObject IS NULL }", true],
    ["{ $.SomeOtherObject NOT EXISTS }", true],
    ["{ $.SomeObject NOT EXISTS }", false],
  ])("%s on the example event: %s", (pattern, expected) => {
    expect(filterPatternMatches(pattern, GUIDE_EVENT)).toBe(expected);
  });

  test.each([
    // "Expression that matches using AND": both sides hold.
    ['{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', true],
    // "Expression that matches using AND and OR": && binds tighter, so this is a || (b && c), and a holds.
    ['{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch" && $.actions[2] = "nonmatch" }', true],
    // "Expression that doesn't match using AND and OR": the parentheses make it (a || b) && c, and c fails.
    ['{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch") && $.actions[2] = "nonmatch" }', false],
    // "Expression that matches using OR": the right side holds.
    ['{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "DELETE" }', true],
  ])("%s: %s", (pattern, expected) => {
    expect(filterPatternMatches(pattern, COMPOUND_EVENT)).toBe(expected);
  });
});

describe("operator precedence: && before ||, parentheses first", () => {
  const event = { a: "1", b: "0", c: "0" };
  test("a || b && c is a || (b && c): true when a holds alone", () => {
    expect(filterPatternMatches('{ $.a = "1" || $.b = "1" && $.c = "1" }', event)).toBe(true);
  });
  test("b && c || a is (b && c) || a: true when a holds alone", () => {
    expect(filterPatternMatches('{ $.b = "1" && $.c = "1" || $.a = "1" }', event)).toBe(true);
  });
  test("(a || b) && c: false when c fails, though a holds", () => {
    expect(filterPatternMatches('{ ($.a = "1" || $.b = "1") && $.c = "1" }', event)).toBe(false);
  });
  test("a && b || c is (a && b) || c, not a && (b || c): false here, since neither a && b nor c holds", () => {
    expect(filterPatternMatches('{ $.a = "1" && $.b = "1" || $.c = "1" }', event)).toBe(false);
    expect(filterPatternMatches('{ $.a = "1" && $.b = "0" || $.c = "1" }', event)).toBe(true);
  });
  test("the parse tree puts || at the root", () => {
    expect(parseFilterPattern('{ $.a = "1" || $.b = "1" && $.c = "1" }').kind).toBe("or");
    expect(parseFilterPattern('{ ($.a = "1" || $.b = "1") && $.c = "1" }').kind).toBe("and");
  });
});

describe("values", () => {
  test.each([
    ['{ $.errorCode = "AccessDenied*" }', { errorCode: "AccessDenied" }, true],
    ['{ $.errorCode = "AccessDenied*" }', { errorCode: "AccessDeniedException" }, true],
    ['{ $.errorCode = "AccessDenied*" }', { errorCode: "Client.AccessDenied" }, false],
    ['{ $.errorCode = "*UnauthorizedOperation" }', { errorCode: "Client.UnauthorizedOperation" }, true],
    ['{ $.errorCode = "*UnauthorizedOperation" }', { errorCode: "UnauthorizedOperationX" }, false],
    ['{ $.key = "approved/*" }', { key: "approved/m/1/model.bin" }, true],
    ['{ $.key = "approved/*" }', { key: "incoming/approved/x" }, false],
    ['{ $.key = "a*b*c" }', { key: "a-b-c" }, true],
    ['{ $.key = "a*b*c" }', { key: "a-c-b" }, false],
    ['{ $.key = "ab*ba" }', { key: "aba" }, false],
    // Bare words compare like quoted strings; no quotes needed for alphanumerics.
    ["{ $.eventName = ConsoleLogin }", { eventName: "ConsoleLogin" }, true],
    ["{ $.eventName = ConsoleLogin }", { eventName: "ConsoleLogins" }, false],
    // Exact match, case-sensitive.
    ['{ $.eventName = "consolelogin" }', { eventName: "ConsoleLogin" }, false],
    // Numbers compare numerically when both sides are numbers.
    ["{ $.status = 400 }", { status: 400 }, true],
    ["{ $.status = 4.0e2 }", { status: 400 }, true],
    ["{ $.status != 500 }", { status: 400 }, true],
    ["{ $.status = 4* }", { status: 404 }, true],
    // IS TRUE / IS FALSE match booleans only.
    ["{ $.readOnly IS FALSE }", { readOnly: false }, true],
    ["{ $.readOnly IS FALSE }", { readOnly: "false" }, false],
    ["{ $.readOnly IS TRUE }", { readOnly: true }, true],
    ["{ $.readOnly IS TRUE }", { readOnly: false }, false],
    ["{ $.readOnly EXISTS }", { readOnly: false }, true],
    ["{ $.readOnly EXISTS }", {}, false],
  ])("%s on %j: %s", (pattern, event, expected) => {
    expect(filterPatternMatches(pattern, event)).toBe(expected);
  });

  test("an escaped quote inside a quoted string is part of the value", () => {
    expect(filterPatternMatches('{ $.m = "say \\"hi\\"" }', { m: 'say "hi"' })).toBe(true);
  });
});

describe("fields that are missing, null, objects or arrays", () => {
  test.each([
    ['{ $.missing = "x" }', false],
    ['{ $.missing != "x" }', false],
    ['{ $.nothing != "x" }', false],
    ['{ $.object = "*" }', false],
    ['{ $.array != "x" }', false],
    ['{ $.object.inner = "x" }', true],
    ['{ $.array[5] = "x" }', false],
    ['{ $.missing NOT EXISTS || $.missing != "x" }', true],
  ])("%s: %s", (pattern, expected) => {
    expect(filterPatternMatches(pattern, { nothing: null, object: { inner: "x" }, array: ["x"] })).toBe(expected);
  });

  test("select walks objects and array indexes, and stops at a missing step", () => {
    const event = { a: { b: [{ c: "d" }] } };
    expect(select(event, "$.a.b[0].c")).toBe("d");
    expect(select(event, "$.a.b[1].c")).toBeUndefined();
    expect(select(event, "$.a.x.c")).toBeUndefined();
    expect(select(event, "$.a.b.c")).toBeUndefined();
  });
});

describe("syntax outside the subset is an error, not a silent non-match", () => {
  test.each([
    ['$.a = "1"'],
    ['{ $.a = "1"'],
    ['{ $.a = "1" } extra'],
    ['{ a = "1" }'],
    ["{ $.a > 1 }"],
    ["{ $.a IS MAYBE }"],
    ["{ $.a NOT THERE }"],
    ['{ $.a = "unterminated }'],
    ['{ ($.a = "1" }'],
    ["{ $.a = }"],
  ])("%s", (pattern) => {
    expect(() => filterPatternMatches(pattern, {})).toThrow(FilterPatternSyntaxError);
  });
});

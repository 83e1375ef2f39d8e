import { propDocProblems, sourcesUnder } from "../helpers/source-lint";

/*
 * House style (DESIGN.md §8): every property of every exported interface in constructs/ and
 * modules/ has a JSDoc comment, and every optional one states its default with `@default`
 * (the value, or the behaviour: "- none: ..."), never `@default undefined`.
 */

describe("prop documentation", () => {
  test("the check reports each way a property can be undocumented, and only those", () => {
    const text = [
      "export interface ExampleProps {",
      "  readonly bare: string;",
      "  /** Day count. */",
      "  readonly optionalWithoutDefault?: number;",
      "  /** Name. @default undefined */",
      "  readonly defaultUndefined?: string;",
      "  /**",
      "   * Retention in days.",
      "   * @default 90",
      "   */",
      "  readonly documented?: number;",
      "  /** Where the logs go. */",
      "  readonly required: string;",
      "  /** @default true */",
      "  readonly onlyADefault?: boolean;",
      "}",
      "interface InternalProps {",
      "  readonly notExported?: string;",
      "}",
    ].join("\n");
    expect(propDocProblems({ file: "constructs/example.ts", text })).toEqual([
      "constructs/example.ts:2: ExampleProps.bare: no JSDoc comment",
      "constructs/example.ts:4: ExampleProps.optionalWithoutDefault: optional without @default",
      'constructs/example.ts:6: ExampleProps.defaultUndefined: @default must state the default or the behaviour, not "undefined"',
      "constructs/example.ts:15: ExampleProps.onlyADefault: JSDoc says nothing about the property",
    ]);
  });

  test("every exported interface property in constructs/ and modules/ is documented", () => {
    const sources = [...sourcesUnder("constructs"), ...sourcesUnder("modules", { recursive: false })];
    expect(sources.length).toBeGreaterThan(30);
    expect(sources.flatMap(propDocProblems)).toEqual([]);
  });
});

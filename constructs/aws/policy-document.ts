import { Lazy } from "cdktf";

export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

/** One IAM policy statement; `Sid` is required so reports and tests can name it. */
export interface PolicyStatement {
  /** Statement id, unique within its policy (PascalCase, e.g. `DenyInsecureTransport`). */
  readonly Sid: string;
  /** Whether the statement allows or denies. */
  readonly Effect: "Allow" | "Deny";
  /** `*` (every principal, for denies and condition-scoped allows), or AWS principals (ARNs) and service principals. */
  readonly Principal: "*" | { readonly AWS?: string | readonly string[]; readonly Service?: string | readonly string[] };
  /** One action or several, `service:Action`, wildcards allowed (`kms:Describe*`). */
  readonly Action: string | readonly string[];
  /** Resource ARNs (`*` in a key policy: the key itself). */
  readonly Resource: string | readonly string[];
  /** Condition operators to keys to values, e.g. `{ StringEquals: { "aws:SourceArn": arn } }`. @default - no condition */
  readonly Condition?: ConditionBlock;
}

/**
 * A resource policy that other constructs can add statements to after it was created (a trail
 * adds its write statement to the log bucket's policy). Rendered at synth time, in insertion
 * order, so the JSON is stable.
 */
export class PolicyDocument {
  private readonly statements: PolicyStatement[] = [];

  constructor(initial: readonly PolicyStatement[] = []) {
    initial.forEach((s) => this.add(s));
  }

  /** Adds a statement; a second statement with the same Sid is a programming error. */
  public add(statement: PolicyStatement): void {
    if (this.statements.some((s) => s.Sid === statement.Sid)) {
      throw new Error(`policy already has a statement with Sid ${statement.Sid}`);
    }
    this.statements.push(statement);
  }

  /** The statements so far (a copy). */
  public get statementList(): readonly PolicyStatement[] {
    return [...this.statements];
  }

  /** The policy JSON, resolved when the stack is synthesized. */
  public render(): string {
    return Lazy.stringValue({ produce: () => JSON.stringify({ Version: "2012-10-17", Statement: this.statements }) });
  }
}

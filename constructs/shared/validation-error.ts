import { Token } from "cdktf";
import { IConstruct } from "constructs";
import { TextRule, satisfies } from "./limits/text-rule";

const VALIDATION_ERROR = Symbol.for("ai-supply-chain-blueprint.BlueprintValidationError");

/** One invalid prop: where it is, what it was, what is accepted. */
export interface ValidationProblem {
  /** Stable machine-readable code, e.g. `KMS_ROTATION_OUT_OF_RANGE`. */
  readonly code: string;
  /** Construct path, e.g. `aws-prod/supply-chain/keys/logs`. */
  readonly constructPath: string;
  /** The prop name as written in the props interface. */
  readonly prop: string;
  /** The rejected value, rendered for humans. */
  readonly value: string;
  /** The accepted range or values. */
  readonly accepted: string;
}

/**
 * Thrown by a construct whose props are invalid. Carries every problem found, so a user fixes
 * them in one pass instead of one synth per mistake.
 */
export class BlueprintValidationError extends Error {
  /**
   * True for any BlueprintValidationError, even one created by another copy of this library
   * (two copies in node_modules make `instanceof` unreliable, a symbol does not).
   */
  public static isValidationError(x: unknown): x is BlueprintValidationError {
    return typeof x === "object" && x !== null && VALIDATION_ERROR in x;
  }

  public readonly problems: readonly ValidationProblem[];

  constructor(problems: readonly ValidationProblem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "BlueprintValidationError";
    this.problems = problems;
    Object.defineProperty(this, VALIDATION_ERROR, { value: true });
  }
}

/** `<path>: <prop> = <value> is invalid [<code>]; accepted: <range>` */
export function formatProblem(p: ValidationProblem): string {
  return `${p.constructPath}: ${p.prop} = ${p.value} is invalid [${p.code}]; accepted: ${p.accepted}`;
}

/**
 * Collects prop problems for one construct and throws them together (the aws-cdk pattern of
 * validating everything before creating anything).
 */
export class PropValidator {
  private readonly problems: ValidationProblem[] = [];
  private readonly path: string;

  constructor(scope: IConstruct, id: string) {
    const parent = scope.node.path;
    this.path = parent ? `${parent}/${id}` : id;
  }

  /** Records a problem unless `ok` holds. */
  public require(ok: boolean, code: string, prop: string, value: unknown, accepted: string): this {
    if (!ok) {
      this.problems.push({ code, constructPath: this.path, prop, value: render(value), accepted });
    }
    return this;
  }

  /**
   * Integer in [min, max]; skipped for unresolved tokens, whose value is only known at apply time.
   */
  public integerInRange(prop: string, value: number | undefined, min: number, max: number, code: string): this {
    if (value === undefined || Token.isUnresolved(value)) {
      return this;
    }
    return this.require(Number.isInteger(value) && value >= min && value <= max, code, prop, value, `an integer from ${min} to ${max}`);
  }

  /**
   * Text that must satisfy a rule from constructs/shared/limits/; skipped when absent and for
   * values holding unresolved tokens (an account id from `DataAwsCallerIdentity` is known only
   * at apply time, and the provider validates it then).
   */
  public matches(prop: string, value: string | undefined, rule: TextRule, code: string): this {
    if (value === undefined || Token.isUnresolved(value)) {
      return this;
    }
    return this.require(satisfies(rule, value), code, prop, value, rule.accepted);
  }

  /**
   * Adds problems found by a shared validator (a retention tier's, a budget's), so the construct
   * reports them together with its own in one error.
   */
  public include(problems: readonly ValidationProblem[]): this {
    this.problems.push(...problems);
    return this;
  }

  /** Throws every recorded problem at once. */
  public throwIfInvalid(): void {
    if (this.problems.length > 0) {
      throw new BlueprintValidationError(this.problems);
    }
  }
}

function render(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

import { ValidationProblem } from "../constructs/shared/validation-error";

/** A construct-level problem as the tail of a config error line: `<what is wrong>; accepted: <range>`. */
export function formatProblemForConfig(p: ValidationProblem): string {
  return `${p.constructPath}: ${p.prop} = ${p.value} is invalid [${p.code}]; accepted: ${p.accepted}`;
}

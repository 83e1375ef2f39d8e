import { BlueprintValidationError } from "../../constructs/shared/validation-error";

/** Runs `build` and returns the BlueprintValidationError it throws; fails if it throws none. */
export function validationErrorOf(build: () => unknown): BlueprintValidationError {
  try {
    build();
  } catch (e) {
    if (BlueprintValidationError.isValidationError(e)) return e;
    throw e;
  }
  throw new Error("expected a BlueprintValidationError, but nothing was thrown");
}

import { compareText } from "./model";
import { AcknowledgementRule, Rule } from "./rule";
import { ALL_RULES } from "./rules/index";
import { rule as acknowledgementRule } from "./rules/any/acknowledgements-are-current";

/** Every rule of the catalogue, sorted by id. */
export const RULES: readonly Rule[] = [...ALL_RULES].sort((a, b) => compareText(a.id, b.id));

/** The rule the engine reports stale acknowledgements under. */
export const ACKNOWLEDGEMENT_RULE: AcknowledgementRule = acknowledgementRule;

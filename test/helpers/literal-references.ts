import { stackFromSynth } from "../../policies/load-synth";
import { literalNameUses } from "../../policies/support/literal-names";
import { Json } from "./synth";

/*
 * The tests' view of policies/support/literal-names.ts (the REFERENCE-NOT-LITERAL rule's scan):
 * every literal use, including those a dependency already orders, so a test can say which
 * literals it expects and why.
 */

export interface Place {
  readonly type: string;
  readonly id: string;
  /** Dotted attribute path inside the consumer, e.g. `policy` or `rule.0.bucket`. */
  readonly path: string;
}

export interface LiteralReference {
  readonly value: string;
  readonly producer: Place;
  readonly consumer: Place;
  describe(): string;
}

/**
 * Every place in a synthesized stack where a resource's own name is written out literally in
 * another resource or data source of the stack, instead of being referenced (`${type.id.attr}`).
 */
export function literalReferences(stack: Json): LiteralReference[] {
  return literalNameUses(stackFromSynth("stack", "cdk.tf.json", stack)).map((use) => {
    const p: Place = { type: use.producer.type, id: use.producer.name, path: use.producerKey };
    const c: Place = { type: use.consumer.mode === "data" ? `data.${use.consumer.type}` : use.consumer.type, id: use.consumer.name, path: use.path };
    return {
      value: use.value,
      producer: p,
      consumer: c,
      describe: () => `${c.type}.${c.id}.${c.path} holds "${use.value}", the ${p.path === "name" ? "name" : p.path} of ${p.type}.${p.id}`,
    };
  });
}

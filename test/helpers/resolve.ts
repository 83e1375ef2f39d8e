import { DefaultTokenResolver, StringConcat, Tokenization } from "cdktf";
import { IConstruct } from "constructs";

/**
 * What an attribute token of `scope`'s stack becomes in the synthesized JSON, e.g.
 * `${aws_budgets_budget.budget_1A2B3C4D.arn}`: a test that compares this with the expected
 * resource and attribute goes red when two attributes are swapped, which a check of the token's
 * shape (`${TfToken[...]}`) never does.
 */
export function resolved(scope: IConstruct, value: unknown): unknown {
  return Tokenization.resolve(value, { scope, resolver: new DefaultTokenResolver(new StringConcat()), preparing: false });
}

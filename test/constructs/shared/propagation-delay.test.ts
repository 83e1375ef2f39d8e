import { TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { Sleep } from "@cdktf/provider-time/lib/sleep";
import { PropagationDelay, ensureTimeProvider } from "../../../constructs/shared/propagation-delay";
import { resourcesOf, synthConstruct } from "../../helpers/synth";

/** Two delays (one per kind), the first after a grant, the second under a nested construct. */
function build(scope: Construct): void {
  const grant = new Sleep(scope, "grant", { createDuration: "1s" });
  new PropagationDelay(scope, "GcpWait", { kind: "gcp-iam", grants: [grant], reason: "gcp reason" });
  new PropagationDelay(new Construct(scope, "nested"), "AzureWait", { kind: "azure-rbac", grants: [], reason: "azure reason" });
}

describe("PropagationDelay", () => {
  const stack = synthConstruct(build);

  test("each kind waits 120 seconds on create, after the grants it is given", () => {
    const sleeps = Object.values(resourcesOf(stack, "time_sleep")).map(({ create_duration, depends_on }) => ({ create_duration, depends_on }));
    expect(sleeps).toEqual([
      { create_duration: "120s", depends_on: ["time_sleep.grant"] },
      { create_duration: "1s", depends_on: undefined },
      { create_duration: "120s", depends_on: [] },
    ]);
  });

  test("the stack gets one time provider, however many delays it has", () => {
    expect(stack["provider"]).toEqual({ time: [{}] });
  });

  test("the construct exposes its duration and reason", () => {
    const scope = new TerraformStack(Testing.app(), "s");
    const wait = new PropagationDelay(scope, "Wait", { kind: "azure-rbac", grants: [], reason: "the vault's key grant" });
    expect(wait.createDuration).toBe("120s");
    expect(wait.reason).toBe("the vault's key grant");
  });

  test("ensureTimeProvider returns the stack's existing provider", () => {
    const scope = new TerraformStack(Testing.app(), "s");
    const first = ensureTimeProvider(new Construct(scope, "a"));
    expect(first).toBeInstanceOf(TimeProvider);
    expect(ensureTimeProvider(new Construct(scope, "b"))).toBe(first);
    expect(first.node.path).toBe("s/time");
  });
});

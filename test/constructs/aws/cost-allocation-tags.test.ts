import { CostAllocationTags } from "../../../constructs/aws/cost-allocation-tags";
import { TAG_KEYS } from "../../../constructs/shared/tags";
import { Lazy } from "cdktf";
import { validationErrorOf } from "../../helpers/errors";
import { Json, resourcesOf, synthConstruct } from "../../helpers/synth";

function synthTags(tagKeys: readonly string[]): Json {
  return synthConstruct((scope) => {
    new CostAllocationTags(scope, "cost-allocation-tags", { tagKeys });
  });
}

describe("aws CostAllocationTags", () => {
  const stack = synthTags(TAG_KEYS);
  // Read inside each test, so that the test runs the construct code it checks.
  const tags = (): Record<string, Json> => resourcesOf(stack, "aws_ce_cost_allocation_tag");

  test("activates every standard tag key, one resource per key", () => {
    const bodies = Object.values(tags());
    expect(bodies).toHaveLength(TAG_KEYS.length);
    expect(bodies.map((t) => t["tag_key"]).sort()).toEqual([...TAG_KEYS].sort());
    for (const body of bodies) {
      expect(body["status"]).toBe("Active");
    }
  });

  test("each resource's logical id is derived from its key, not from its position", () => {
    const idOf = (all: Record<string, Json>, key: string): string => Object.entries(all).find(([, body]) => body["tag_key"] === key)![0];
    expect(idOf(tags(), "environment")).toMatch(/^cost-allocation-tags_environment_[A-Z0-9]{8}$/);
    const reordered = resourcesOf(synthTags([...TAG_KEYS].reverse()), "aws_ce_cost_allocation_tag");
    const shorter = resourcesOf(synthTags(TAG_KEYS.filter((k) => k !== "owner")), "aws_ce_cost_allocation_tag");
    for (const key of TAG_KEYS) {
      expect(idOf(reordered, key)).toBe(idOf(tags(), key));
      if (key !== "owner") expect(idOf(shorter, key)).toBe(idOf(tags(), key));
    }
  });

  test("one key is enough: one resource, activated", () => {
    expect(Object.values(resourcesOf(synthTags(["environment"]), "aws_ce_cost_allocation_tag"))).toEqual([{ tag_key: "environment", status: "Active" }]);
  });

  test("exposes the activated keys in the order given", () => {
    synthConstruct((scope) => {
      const construct = new CostAllocationTags(scope, "cat", { tagKeys: ["environment", "owner"] });
      expect(construct.tagKeys).toEqual(["environment", "owner"]);
      expect(Object.keys(construct.resources)).toEqual(["environment", "owner"]);
    });
  });

  describe("validation", () => {
    function problemsOf(tagKeys: readonly string[]): Array<[string, string, string]> {
      return validationErrorOf(() => synthTags(tagKeys)).problems.map((p) => [p.code, p.prop, p.constructPath]);
    }

    test("rejects an empty list", () => {
      expect(validationErrorOf(() => synthTags([])).problems).toEqual([
        { code: "AWS_COST_ALLOCATION_TAGS_EMPTY", constructPath: "test/cost-allocation-tags", prop: "tagKeys", value: "0", accepted: "at least one tag key" },
      ]);
    });

    test("rejects a duplicate key", () => {
      expect(validationErrorOf(() => synthTags(["environment", "owner", "environment"])).problems).toEqual([
        { code: "AWS_COST_ALLOCATION_TAG_KEY_DUPLICATE", constructPath: "test/cost-allocation-tags", prop: "tagKeys[2]", value: '"environment"', accepted: "each key once" },
      ]);
    });

    test("rejects AWS-generated keys, empty keys and characters outside the tag alphabet", () => {
      expect(problemsOf(["aws:createdBy", "", "cost#center"])).toEqual([
        ["AWS_COST_ALLOCATION_TAG_KEY_INVALID", "tagKeys[0]", "test/cost-allocation-tags"],
        ["AWS_COST_ALLOCATION_TAG_KEY_INVALID", "tagKeys[1]", "test/cost-allocation-tags"],
        ["AWS_COST_ALLOCATION_TAG_KEY_INVALID", "tagKeys[2]", "test/cost-allocation-tags"],
      ]);
    });
  });
});

test("AWS_COST_ALLOCATION_TAG_KEY_UNRESOLVED: a tag key known only at apply time (it names the resource's child id)", () => {
  const unresolved = Lazy.stringValue({ produce: () => "owner" });
  const error = validationErrorOf(() => synthTags(["environment", unresolved]));
  expect(error.problems).toEqual([
    {
      code: "AWS_COST_ALLOCATION_TAG_KEY_UNRESOLVED",
      constructPath: "test/cost-allocation-tags",
      prop: "tagKeys[1]",
      value: expect.stringMatching(/^"\$\{TfToken\[TOKEN\.\d+\]\}"$/),
      accepted: "a literal tag key (it is the child id of its resource)",
    },
  ]);
});

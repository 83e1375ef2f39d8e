import * as os from "node:os";
import { DEFAULT_STACKS, synthApp } from "../helpers/synth";

const STACKS = [...DEFAULT_STACKS];

describe("the default blueprint", () => {
  const stacks = synthApp("blueprint");

  test("has a state backend per cloud and a stack per cloud × environment", () => {
    expect([...stacks.keys()]).toEqual(STACKS);
  });

  test.each(STACKS)("%s matches its snapshot", (name) => {
    expect(JSON.parse(stacks.get(name)!)).toMatchSnapshot();
  });

  test("two synths give byte-identical JSON", () => {
    const again = synthApp("blueprint-again");
    for (const name of STACKS) {
      expect(again.get(name)).toBe(stacks.get(name));
    }
  });

  test("no machine paths or timestamps in the output", () => {
    for (const [name, json] of stacks) {
      expect({ name, leaked: json.includes(process.cwd()) || json.includes(os.tmpdir()) || json.includes(os.homedir()) }).toEqual({ name, leaked: false });
      // The only dates allowed are Azure budget start dates, which come from config (budget.startMonth).
      const withoutConfigDates = json.replace(/"start_date": "\d{4}-\d{2}-01T00:00:00Z"/g, "");
      expect({ name, timestamp: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(withoutConfigDates) }).toEqual({ name, timestamp: false });
    }
  });

  test("providers are pinned to exact versions", () => {
    const pins: Record<string, string> = {};
    for (const json of stacks.values()) {
      const required = (JSON.parse(json) as { terraform: { required_providers: Record<string, { version: string }> } }).terraform.required_providers;
      for (const [provider, { version }] of Object.entries(required)) pins[provider] = version;
    }
    expect(pins).toEqual({ aws: "6.25.0", google: "6.50.0", azurerm: "4.55.0", time: "0.13.1", helm: "3.1.1", kubernetes: "2.38.0" });
  });
});

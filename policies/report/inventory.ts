import { StackModel } from "../model";
import { CloudGroup, cloudGroups } from "./matrix";

export interface InventoryRow {
  readonly type: string;
  /** Managed resources of the type per stack of the group, every stack named (0 when absent). */
  readonly counts: Record<string, number>;
  readonly total: number;
}

export interface InventoryGroup {
  readonly cloud: CloudGroup;
  readonly stacks: string[];
  readonly rows: InventoryRow[];
}

/** Managed resources by type and stack, grouped like the matrix; data sources read, they do not deploy, so they are left out. */
export function buildInventory(stacks: readonly StackModel[]): InventoryGroup[] {
  return cloudGroups(stacks).map(({ cloud, stacks: members }) => {
    const types = [...new Set(members.flatMap((s) => s.resources.filter((r) => r.mode === "managed").map((r) => r.type)))].sort();
    const rows = types.map((type): InventoryRow => {
      const counts: Record<string, number> = {};
      for (const s of members) counts[s.name] = s.resources.filter((r) => r.mode === "managed" && r.type === type).length;
      return { type, counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
    });
    return { cloud, stacks: members.map((s) => s.name), rows };
  });
}

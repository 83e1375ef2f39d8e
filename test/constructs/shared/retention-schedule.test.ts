import { RETENTION_TIER_PRESETS } from "../../../constructs/shared/retention-presets";
import { TRANSITIONS, classSchedule, scheduleEntries } from "../../../constructs/shared/retention-schedule";

describe("classSchedule", () => {
  test("compliance-7y: hot, warm, cold, archive until expiry", () => {
    expect(classSchedule(RETENTION_TIER_PRESETS["compliance-7y"])).toEqual([
      { cls: "hot", fromDay: 0, toDay: 30 },
      { cls: "warm", fromDay: 30, toDay: 90 },
      { cls: "cold", fromDay: 90, toDay: 180 },
      { cls: "archive", fromDay: 180, toDay: 2557 },
    ]);
  });

  test("audit-1y and operational-90d end in the last class they reach", () => {
    expect(classSchedule(RETENTION_TIER_PRESETS["audit-1y"])).toEqual([
      { cls: "hot", fromDay: 0, toDay: 30 },
      { cls: "warm", fromDay: 30, toDay: 90 },
      { cls: "cold", fromDay: 90, toDay: 365 },
    ]);
    expect(classSchedule(RETENTION_TIER_PRESETS["operational-90d"])).toEqual([
      { cls: "hot", fromDay: 0, toDay: 30 },
      { cls: "warm", fromDay: 30, toDay: 90 },
    ]);
  });

  test("skipped classes leave no period", () => {
    expect(classSchedule({ name: "t", coldAfterDays: 60, expireAfterDays: 200, immutabilityDays: 0 })).toEqual([
      { cls: "hot", fromDay: 0, toDay: 60 },
      { cls: "cold", fromDay: 60, toDay: 200 },
    ]);
    expect(classSchedule({ name: "t", expireAfterDays: 7, immutabilityDays: 0 })).toEqual([{ cls: "hot", fromDay: 0, toDay: 7 }]);
  });

  test("an invalid tier still gives contiguous periods from day 0 to expiry", () => {
    expect(classSchedule({ name: "t", warmAfterDays: 90, coldAfterDays: 60, archiveAfterDays: 400, expireAfterDays: 365, immutabilityDays: 0 })).toEqual([
      { cls: "hot", fromDay: 0, toDay: 90 },
      { cls: "warm", fromDay: 90, toDay: 365 },
    ]);
    expect(classSchedule({ name: "t", expireAfterDays: 0, immutabilityDays: 0 })).toEqual([]);
  });
});

describe("scheduleEntries", () => {
  test("the transitions in warm, cold, archive order with their fields", () => {
    expect(TRANSITIONS).toEqual([
      { cls: "warm", prop: "warmAfterDays" },
      { cls: "cold", prop: "coldAfterDays" },
      { cls: "archive", prop: "archiveAfterDays" },
    ]);
  });

  test("hot from day 0, then each class reached before expiry", () => {
    expect(scheduleEntries(RETENTION_TIER_PRESETS["compliance-7y"])).toEqual([
      { cls: "hot", day: 0, prop: undefined },
      { cls: "warm", day: 30, prop: "warmAfterDays" },
      { cls: "cold", day: 90, prop: "coldAfterDays" },
      { cls: "archive", day: 180, prop: "archiveAfterDays" },
    ]);
  });

  test("a transition on the expiry day, on day 0 or on the previous class's day is left out", () => {
    expect(scheduleEntries({ name: "t", warmAfterDays: 90, expireAfterDays: 90, immutabilityDays: 0 })).toEqual([{ cls: "hot", day: 0, prop: undefined }]);
    expect(scheduleEntries({ name: "t", warmAfterDays: 0, expireAfterDays: 90, immutabilityDays: 0 })).toEqual([{ cls: "hot", day: 0, prop: undefined }]);
    expect(scheduleEntries({ name: "t", warmAfterDays: 30, coldAfterDays: 30, expireAfterDays: 90, immutabilityDays: 0 })).toEqual([
      { cls: "hot", day: 0, prop: undefined },
      { cls: "warm", day: 30, prop: "warmAfterDays" },
    ]);
  });
});

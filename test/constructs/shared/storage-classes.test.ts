import { STORAGE_CLASSES } from "../../../constructs/shared/storage-classes";

describe("storage classes", () => {
  test("each temperature's class and minimum storage duration, per cloud", () => {
    expect(STORAGE_CLASSES).toEqual({
      aws: {
        hot: { name: "STANDARD", minStorageDays: 0 },
        warm: { name: "STANDARD_IA", minStorageDays: 30 },
        cold: { name: "GLACIER_IR", minStorageDays: 90 },
        archive: { name: "DEEP_ARCHIVE", minStorageDays: 180 },
      },
      gcp: {
        hot: { name: "STANDARD", minStorageDays: 0 },
        warm: { name: "NEARLINE", minStorageDays: 30 },
        cold: { name: "COLDLINE", minStorageDays: 90 },
        archive: { name: "ARCHIVE", minStorageDays: 365 },
      },
      azure: {
        hot: { name: "Hot", minStorageDays: 0 },
        warm: { name: "Cool", minStorageDays: 30 },
        cold: { name: "Cold", minStorageDays: 90 },
        archive: { name: "Archive", minStorageDays: 180 },
      },
    });
  });
});

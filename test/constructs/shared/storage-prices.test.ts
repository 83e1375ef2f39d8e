import { storagePriceBasis } from "../../../constructs/shared/storage-prices";

describe("storagePriceBasis", () => {
  test("names the month the prices were read and each cloud's region and band", () => {
    expect(storagePriceBasis()).toBe(
      "list prices in USD per GB-month as of 2026-11: aws = AWS S3, us-east-1, first 50 TB/month band; gcp = Google Cloud Storage, us-central1 (single region); azure = Azure Blob Storage, LRS, East US, Hot first 50 TB/month band",
    );
  });
});

/**
 * List prices for object storage, per storage class and cloud: the one place the cost estimate
 * (retention-cost.ts) reads a price from. Kept apart from the tier definitions so a price update
 * is a one-file change with its source and date next to it.
 *
 * Basis: on-demand list prices in USD per GB-month for the first volume band (AWS and Azure
 * lower the price above 50 TB a month; using the first band overstates large buckets slightly,
 * which is the safe side for a budget). Prices differ by region and, on Azure, by redundancy:
 * every estimate uses the regions named here, whatever region a stack deploys to.
 */
import { Cloud, TierClass } from "./retention-tier";

/**
 * Days in an average month: 365.25 / 12. The clouds bill storage per GB-month prorated over the
 * time an object is stored; averaging over a leap cycle keeps a day worth the same in every
 * estimate instead of depending on which calendar month it falls in.
 */
export const DAYS_PER_MONTH = 365.25 / 12; // = 30.4375

/** Month (YYYY-MM) the prices in this file were read from the pricing pages. */
export const STORAGE_PRICES_AS_OF = "2026-11";

/** One storage class's list price and where it comes from. */
export interface StoragePrice {
  /** The cloud's own name for the class, as in STORAGE_CLASSES. */
  readonly className: string;
  /** List price for storing data, USD per GB-month (GCS publishes it per GiB-month). */
  readonly usdPerGbMonth: number;
  /** Pricing page the price was read from. */
  readonly source: string;
  /** Month (YYYY-MM) the price was read. */
  readonly asOf: string;
}

/** Prices of one cloud, with the location and redundancy they apply to. */
export interface CloudStoragePrices {
  /** Region or location, redundancy and volume band the prices are for. */
  readonly basis: string;
  /** List price of each temperature class (the cloud's class as in STORAGE_CLASSES). */
  readonly classes: Readonly<Record<TierClass, StoragePrice>>;
}

const AWS_S3_PRICING = "https://aws.amazon.com/s3/pricing/";
const GCS_PRICING = "https://cloud.google.com/storage/pricing";
const AZURE_BLOB_PRICING = "https://azure.microsoft.com/en-us/pricing/details/storage/blobs/";

/**
 * The price table. Class names match STORAGE_CLASSES (a unit test holds them together), so the
 * class an object is priced in is the class the lifecycle rules put it in.
 *
 * - AWS: S3 in us-east-1 (N. Virginia), first 50 TB band for STANDARD.
 * - GCP: Cloud Storage in the us-central1 region (single region; the `us` multi-region costs more,
 *   e.g. STANDARD $0.026). A single region is what a log bucket pinned to one region pays.
 * - Azure: Blob Storage block blobs, LRS, East US, first 50 TB band for Hot.
 */
export const STORAGE_PRICES: Readonly<Record<Cloud, CloudStoragePrices>> = {
  aws: {
    basis: "AWS S3, us-east-1, first 50 TB/month band",
    classes: {
      hot: { className: "STANDARD", usdPerGbMonth: 0.023, source: AWS_S3_PRICING, asOf: STORAGE_PRICES_AS_OF },
      warm: { className: "STANDARD_IA", usdPerGbMonth: 0.0125, source: AWS_S3_PRICING, asOf: STORAGE_PRICES_AS_OF },
      cold: { className: "GLACIER_IR", usdPerGbMonth: 0.004, source: AWS_S3_PRICING, asOf: STORAGE_PRICES_AS_OF },
      archive: { className: "DEEP_ARCHIVE", usdPerGbMonth: 0.00099, source: AWS_S3_PRICING, asOf: STORAGE_PRICES_AS_OF },
    },
  },
  gcp: {
    basis: "Google Cloud Storage, us-central1 (single region)",
    classes: {
      hot: { className: "STANDARD", usdPerGbMonth: 0.02, source: GCS_PRICING, asOf: STORAGE_PRICES_AS_OF },
      warm: { className: "NEARLINE", usdPerGbMonth: 0.01, source: GCS_PRICING, asOf: STORAGE_PRICES_AS_OF },
      cold: { className: "COLDLINE", usdPerGbMonth: 0.004, source: GCS_PRICING, asOf: STORAGE_PRICES_AS_OF },
      archive: { className: "ARCHIVE", usdPerGbMonth: 0.0012, source: GCS_PRICING, asOf: STORAGE_PRICES_AS_OF },
    },
  },
  azure: {
    basis: "Azure Blob Storage, LRS, East US, Hot first 50 TB/month band",
    classes: {
      hot: { className: "Hot", usdPerGbMonth: 0.0184, source: AZURE_BLOB_PRICING, asOf: STORAGE_PRICES_AS_OF },
      warm: { className: "Cool", usdPerGbMonth: 0.01, source: AZURE_BLOB_PRICING, asOf: STORAGE_PRICES_AS_OF },
      cold: { className: "Cold", usdPerGbMonth: 0.0036, source: AZURE_BLOB_PRICING, asOf: STORAGE_PRICES_AS_OF },
      archive: { className: "Archive", usdPerGbMonth: 0.00099, source: AZURE_BLOB_PRICING, asOf: STORAGE_PRICES_AS_OF },
    },
  },
};

/** One line naming what the prices are and when they were read, for reports and CLI footers. */
export function storagePriceBasis(): string {
  return `list prices in USD per GB-month as of ${STORAGE_PRICES_AS_OF}: aws = ${STORAGE_PRICES.aws.basis}; gcp = ${STORAGE_PRICES.gcp.basis}; azure = ${STORAGE_PRICES.azure.basis}`;
}

/**
 * Regions the blueprint accepts, per cloud. A typo in a region deploys nowhere useful (or fails
 * half-way through an apply), so config rejects anything not listed here. Add a region here when
 * the cloud opens one; the lists were taken from each cloud's public region list in 2026.
 */
export const AWS_REGIONS = [
  "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
  "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
  "ap-southeast-5", "ap-southeast-7", "ca-central-1", "ca-west-1", "cn-north-1", "cn-northwest-1",
  "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2",
  "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1",
  "us-east-1", "us-east-2", "us-gov-east-1", "us-gov-west-1", "us-west-1", "us-west-2",
] as const;

export const GCP_REGIONS = [
  "africa-south1", "asia-east1", "asia-east2", "asia-northeast1", "asia-northeast2", "asia-northeast3",
  "asia-south1", "asia-south2", "asia-southeast1", "asia-southeast2", "australia-southeast1",
  "australia-southeast2", "europe-central2", "europe-north1", "europe-north2", "europe-southwest1",
  "europe-west1", "europe-west2", "europe-west3", "europe-west4", "europe-west6", "europe-west8",
  "europe-west9", "europe-west10", "europe-west12", "me-central1", "me-central2", "me-west1",
  "northamerica-northeast1", "northamerica-northeast2", "northamerica-south1", "southamerica-east1",
  "southamerica-west1", "us-central1", "us-east1", "us-east4", "us-east5", "us-south1", "us-west1",
  "us-west2", "us-west3", "us-west4",
] as const;

export const AZURE_LOCATIONS = [
  "australiacentral", "australiaeast", "australiasoutheast", "austriaeast", "belgiumcentral",
  "brazilsouth", "canadacentral", "canadaeast", "centralindia", "centralus", "chilecentral",
  "eastasia", "eastus", "eastus2", "francecentral", "germanywestcentral", "indonesiacentral",
  "israelcentral", "italynorth", "japaneast", "japanwest", "koreacentral", "koreasouth",
  "malaysiawest", "mexicocentral", "newzealandnorth", "northcentralus", "northeurope",
  "norwayeast", "polandcentral", "qatarcentral", "southafricanorth", "southcentralus",
  "southeastasia", "southindia", "spaincentral", "swedencentral", "switzerlandnorth",
  "uaenorth", "uksouth", "ukwest", "westcentralus", "westeurope", "westus", "westus2", "westus3",
] as const;

/** AWS partition of a region: ARNs and the key policy's root principal depend on it. */
export function awsPartition(region: string): "aws" | "aws-cn" | "aws-us-gov" {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

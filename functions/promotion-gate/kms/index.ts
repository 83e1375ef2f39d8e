/** Cloud KMS signers for OpenSSF Model Signing bundles: AWS KMS, Cloud KMS, Azure Key Vault. */
export { AwsKmsSigner, AwsKmsSignerProps } from "./aws-signer";
export { GcpKmsSigner, GcpKmsSignerProps, GcpKmsClient } from "./gcp-signer";
export { AzureKeyVaultSigner, AzureKeyVaultSignerProps } from "./azure-signer";
export { parseKmsUri, parseAzureKeyId, KmsUri, AwsKmsUri, GcpKmsUri, AzureKmsUri, KmsUriError } from "./kms-uri";
export { createKmsSigner, KmsSignerDeps } from "./create-signer";
export { crc32c } from "./crc32c";

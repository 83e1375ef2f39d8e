import { TextRule } from "./text-rule";

/*
 * Limits of the GitOps configuration (clouds.<cloud>.environments.<env>.gitops) that the
 * bootstrap's Kubernetes objects do not state already: the existing cluster it looks up, the
 * secret references, the armored public keys and the list sizes. The Git source (URL, path,
 * revision), the key ids and the egress CIDRs are gitops-objects.ts's rules, read by config and
 * by the objects alike, so a value the config accepts is one the objects accept.
 */

/**
 * An EKS cluster name: 1-100 letters, digits, `-` and `_`, starting with a letter or digit
 * (EKS API Reference, CreateCluster `name`: "can contain only alphanumeric characters
 * (case-sensitive), hyphens, and underscores. It must start with an alphanumeric character and
 * can't be longer than 100 characters").
 */
export const EKS_CLUSTER_NAME: TextRule = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/,
  accepted: "an EKS cluster name: 1-100 letters, digits, - and _, starting with a letter or digit",
};

/**
 * A GKE cluster name: 1-40 lowercase letters, digits and hyphens, starting with a letter and
 * ending with a letter or digit (GKE API, projects.locations.clusters `Cluster.name`: "can be up
 * to 40 characters ... Lowercase letters, numbers, and hyphens only. Must start with a letter.
 * Must end with a number or a letter").
 */
export const GKE_CLUSTER_NAME: TextRule = {
  pattern: /^[a-z](?:[a-z0-9-]{0,38}[a-z0-9])?$/,
  accepted: "a GKE cluster name: 1-40 lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit",
};

/**
 * A GKE cluster location: a region (`europe-west1`, a regional cluster) or a zone of one
 * (`europe-west1-b`, a zonal cluster). Config also checks that the region part is a known region.
 */
export const GKE_LOCATION: TextRule = {
  pattern: /^[a-z]+(?:-[a-z]+)*[0-9]+(?:-[a-z])?$/,
  accepted: "a GCP region (europe-west1) or zone (europe-west1-b)",
};

/**
 * An AKS cluster name: 1-63 letters, digits, `_` and `-`, starting and ending with a letter or
 * digit (learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules,
 * Microsoft.ContainerService/managedClusters; PSRule for Azure rule Azure.AKS.Name repeats it).
 */
export const AKS_CLUSTER_NAME: TextRule = {
  pattern: /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$/,
  accepted: "an AKS cluster name: 1-63 letters, digits, _ and -, starting and ending with a letter or digit",
};

/**
 * An ASCII-armored OpenPGP public key block (RFC 9580 §6.2), and nothing else: a private key
 * block pasted alongside would end up in a ConfigMap or a Git repository.
 */
export const PGP_PUBLIC_KEY_BLOCK: TextRule = {
  pattern: /^(?![\s\S]*PRIVATE KEY)\s*-----BEGIN PGP PUBLIC KEY BLOCK-----\r?\n[\s\S]+\r?\n-----END PGP PUBLIC KEY BLOCK-----\s*$/,
  accepted: "an ASCII-armored public key (gpg --armor --export <key id>), from -----BEGIN PGP PUBLIC KEY BLOCK----- to -----END PGP PUBLIC KEY BLOCK-----",
  maxLength: 65_536,
};

/** Ranges per egress list: enough for a Git host's published ranges (GitHub's `git` list). */
export const EGRESS_CIDRS = { min: 1, max: 100 } as const;

/** OpenPGP keys per environment: Argo CD and Flux accept a commit signed by any of them. */
export const SIGNING_KEYS = { min: 1, max: 20 } as const;

/**
 * An AWS Secrets Manager secret ARN, `arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<6 characters>`
 * (Secrets Manager User Guide, "Secret ARNs": names of letters, digits and `/_+=.@-`, and the
 * six random characters Secrets Manager appends).
 */
export const SECRETS_MANAGER_SECRET_ARN: TextRule = {
  pattern: /^arn:aws(?:-cn|-us-gov)?:secretsmanager:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}-[A-Za-z0-9]{6}$/,
  accepted: "a Secrets Manager secret ARN: arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>",
};

/**
 * A Secret Manager secret, `projects/<project id or number>/secrets/<secret id>` (Secret Manager
 * API, projects.secrets: secret ids of 1-255 letters, digits, `_` and `-`). Versionless: the
 * latest enabled version is read, so a rotation needs no config change.
 */
export const GCP_SECRET_NAME: TextRule = {
  pattern: /^projects\/(?:[a-z][a-z0-9-]{4,28}[a-z0-9]|[0-9]{1,20})\/secrets\/[A-Za-z0-9_-]{1,255}$/,
  accepted: "a Secret Manager secret: projects/<project>/secrets/<name>",
};

/**
 * An IAM Identity Center instance ARN, the `aws_idc.idc_instance_arn` the managed Argo CD
 * capability requires (EKS API Reference, ArgoCdAwsIdcConfigRequest `idcInstanceArn`, Required:
 * Yes; pattern from the Account access manager API Reference, IdentityCenter `instanceArn`:
 * `arn:[a-z0-9-]+:sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}`).
 */
export const IDENTITY_CENTER_INSTANCE_ARN: TextRule = {
  pattern: /^arn:aws(?:-cn|-us-gov)?:sso:::instance\/(?:sso)?ins-[a-zA-Z0-9-.]{16}$/,
  accepted: "an IAM Identity Center instance ARN: arn:aws:sso:::instance/ssoins-<16 characters>",
};

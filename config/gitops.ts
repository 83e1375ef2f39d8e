import { z } from "zod";
import type { Cloud } from "../constructs/shared/retention-tier";
import {
  AKS_CLUSTER_NAME,
  EGRESS_CIDRS,
  EKS_CLUSTER_NAME,
  GCP_SECRET_NAME,
  GKE_CLUSTER_NAME,
  GKE_LOCATION,
  IDENTITY_CENTER_INSTANCE_ARN,
  PGP_PUBLIC_KEY_BLOCK,
  SECRETS_MANAGER_SECRET_ARN,
  SIGNING_KEYS,
} from "../constructs/shared/limits/gitops";
import {
  GITOPS_COMMIT_SHA,
  GITOPS_IPV4_CIDR,
  GITOPS_IPV6_CIDR,
  GITOPS_OPENPGP_KEY_ID,
  GITOPS_PATH,
  GITOPS_REF_NAME,
  GITOPS_REPO_URL,
} from "../constructs/shared/limits/gitops-objects";
import { satisfies } from "../constructs/shared/limits/text-rule";
import { AZURE_KEY_VAULT_ID, AZURE_KEY_VAULT_SECRET_NAME, AZURE_RESOURCE_GROUP_NAME } from "../constructs/shared/limits/azure";
import type { ProtectionLevel } from "../constructs/shared/protection";
import { openPgpKeyIds } from "./gitops-keys";
import { accepts, list, mapping, oneOf, rule } from "./messages";
import { AWS_REGIONS, GCP_REGIONS } from "./regions";

/*
 * The GitOps bootstrap of an environment on one cloud, `clouds.<cloud>.environments.<env>.gitops`
 * (issue 12; README, Configuration). Absent: no bootstrap. Present: an existing cluster is looked
 * up by name and bootstrapped into Flux or Argo CD, pointed at one path of one Git repository,
 * with commit signatures verified, controller egress limited to the Git host and the API server,
 * and the admission policies installed. Checks that need the environment's protection level
 * (a branch or an auditing admission in a strict environment) are in config/cross-checks.ts.
 */

export const GITOPS_ENGINES = ["flux", "argocd"] as const;
export type GitopsEngine = (typeof GITOPS_ENGINES)[number];
export const ADMISSION_MODES = ["enforce", "audit"] as const;
export type AdmissionMode = (typeof ADMISSION_MODES)[number];

/** Exactly one of tag, commit or branch: Flux's GitRepository `ref` and Argo CD's `targetRevision` name one. */
const revisionSchema = mapping({
  /** A tag, e.g. v1.4.0. */
  tag: rule(GITOPS_REF_NAME, `a tag name: ${GITOPS_REF_NAME.accepted}`).optional(),
  /** A full commit SHA. */
  commit: rule(GITOPS_COMMIT_SHA).optional(),
  /** A branch: it moves, so strict environments refuse it (config/cross-checks.ts). */
  branch: rule(GITOPS_REF_NAME, `a branch name: ${GITOPS_REF_NAME.accepted}`).optional(),
}).superRefine((revision, ctx) => {
  const given = (["tag", "commit", "branch"] as const).filter((k) => revision[k] !== undefined);
  if (given.length === 1) return;
  const got = given.length === 0 ? "got none of tag, commit, branch" : `got ${given.join(" and ")}`;
  ctx.addIssue({ code: "custom", message: `${got}; accepted: exactly one of tag, commit (40 hex digits) or branch, e.g. { tag: v1.4.0 }`, input: revision });
});

function repositorySchema<C extends z.ZodType>(credentials: C) {
  return mapping({
    /**
     * https:// only: plain http:// lets anyone on the path rewrite what the cluster runs;
     * ssh:// and git@host: need host keys the bootstrap does not manage and port 22, which the
     * egress policy does not open. No user or token in the URL: credentials are a reference.
     */
    url: rule(GITOPS_REPO_URL),
    /** The environment's directory in the repository, relative, no `.` or `..` segment. */
    path: rule(GITOPS_PATH),
    revision: revisionSchema,
    /** Reference to the secret with the Git credentials in the cloud's secret manager. @default none: a public repository */
    credentials: credentials.optional(),
  });
}

const signingKeySchema = mapping({
  /** Long key id, as Argo CD's AppProject `signatureKeys` takes it. */
  id: rule(GITOPS_OPENPGP_KEY_ID),
  /**
   * The armored public key, as Flux's verification secret holds it. The error does not echo
   * the value: it may be a private key pasted by mistake.
   */
  publicKey: z.string(accepts(PGP_PUBLIC_KEY_BLOCK.accepted)).refine((v) => satisfies(PGP_PUBLIC_KEY_BLOCK, v), {
    error: () => `not a public key block alone (a private key block is refused, and not echoed); accepted: ${PGP_PUBLIC_KEY_BLOCK.accepted}`,
  }),
});

const verificationSchema = mapping({
  signingKeys: list(signingKeySchema, SIGNING_KEYS.min, SIGNING_KEYS.max, `a list of ${SIGNING_KEYS.min}-${SIGNING_KEYS.max} OpenPGP keys, each { id, publicKey }`, "keys"),
}).superRefine((verification, ctx) => {
  verification.signingKeys.forEach((key, i) => {
    // Refinements run beside the fields' own issues: a key whose fields failed is reported there.
    if (!satisfies(GITOPS_OPENPGP_KEY_ID, key.id) || !satisfies(PGP_PUBLIC_KEY_BLOCK, key.publicKey)) return;
    if (verification.signingKeys.findIndex((k) => k.id === key.id) < i) {
      ctx.addIssue({ code: "custom", path: ["signingKeys", i, "id"], message: `duplicates another key (${key.id}); accepted: each key once`, input: key.id });
      return;
    }
    const ids = openPgpKeyIds(key.publicKey);
    if (ids === undefined) {
      ctx.addIssue({ code: "custom", path: ["signingKeys", i, "publicKey"], message: "an armored block that does not decode to an OpenPGP public key (broken base64, wrong checksum or no key packet); accepted: the unmodified output of gpg --armor --export <key id>", input: key.publicKey });
    } else if (!ids.includes(key.id)) {
      ctx.addIssue({ code: "custom", path: ["signingKeys", i, "id"], message: `${key.id} is not a key id of publicKey, whose keys are ${ids.join(", ")}; accepted: the id of the primary key or of a signing subkey of publicKey`, input: key.id });
    }
  });
});

/**
 * A NetworkPolicy `ipBlock.cidr`, IPv4 or IPv6. A `/0` prefix is refused: an egress rule to
 * every address is no egress policy.
 */
const CIDR_ACCEPTED = "an IPv4 or lowercase IPv6 CIDR range with a prefix of at least /1, e.g. 140.82.112.0/20 or 2606:50c0::/32";
const cidr = z
  .string(accepts(CIDR_ACCEPTED))
  .refine((c) => (satisfies(GITOPS_IPV4_CIDR, c) || satisfies(GITOPS_IPV6_CIDR, c)) && !c.endsWith("/0"), accepts(CIDR_ACCEPTED));
const cidrs = (what: string) =>
  list(cidr, EGRESS_CIDRS.min, EGRESS_CIDRS.max, `a list of ${EGRESS_CIDRS.min}-${EGRESS_CIDRS.max} CIDR ranges of ${what}`, "ranges");

/** NetworkPolicies are IP-based: the controllers reach these on 443, and DNS, nothing else. */
const egressSchema = mapping({
  /** The Git host's addresses, e.g. GitHub's `git` ranges (api.github.com/meta). */
  gitHostCidrs: cidrs("the Git host"),
  /** The cluster API server's endpoint addresses. */
  apiServerCidrs: cidrs("the cluster API server"),
});

const AWS_REGION_LIST = AWS_REGIONS as readonly string[];
const GCP_REGION_LIST = GCP_REGIONS as readonly string[];
const awsRegion = z.string(accepts("an AWS region name from config/regions.ts")).refine((r) => AWS_REGION_LIST.includes(r), accepts("an AWS region name from config/regions.ts"));

/** A GKE location whose region part (a zone drops its `-<letter>`) is a known region. */
const zoneRegion = (l: string): string => (l.charAt(l.length - 2) === "-" ? l.slice(0, -2) : l);
const gkeLocation = rule(GKE_LOCATION).refine((l) => GCP_REGION_LIST.includes(zoneRegion(l)), accepts(`${GKE_LOCATION.accepted} of a region listed in config/regions.ts`));

/** The fields every cloud shares; `cluster` and `credentials` are the cloud's own. */
function commonFields<K extends z.ZodType, C extends z.ZodType>(cluster: K, credentials: C) {
  return {
    engine: oneOf(GITOPS_ENGINES),
    /** The existing cluster, looked up with a data source (creating clusters is out of scope). */
    cluster,
    repository: repositorySchema(credentials),
    /**
     * Required: the bootstrap always verifies commit signatures (Flux `verify`, Argo CD
     * `signatureKeys`); there is no switch to turn that off.
     * @default none: refused with a one-line error
     */
    verification: verificationSchema.optional(),
    egress: egressSchema,
    /** @default enforce under protection strict, audit under standard (gitopsAdmission) */
    admission: oneOf(ADMISSION_MODES).optional(),
    /** Only AWS with argocd may set true: the EKS Argo CD capability instead of the Helm chart. */
    managed: z.boolean(accepts("true or false")).default(false),
  };
}

interface CommonOutput {
  readonly engine: GitopsEngine;
  readonly verification?: unknown;
  readonly managed: boolean;
}

const MANAGED_ELSEWHERE: Record<Cloud, string> = {
  aws: "",
  gcp: "GKE installs the argo-cd Helm chart",
  azure: "AKS installs the argo-cd Helm chart or the microsoft.flux extension",
};

/** Checks within one gitops block: verification chosen, `managed` where it exists. */
function checkBlock(cloud: Cloud, raw: CommonOutput & { identityCenter?: unknown }, ctx: z.RefinementCtx): void {
  // Refinements also run when a field failed; a boolean that is not one is reported there.
  const gitops = { ...raw, managed: raw.managed === true };
  if (gitops.verification === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["verification", "signingKeys"],
      message: "missing, and commit signatures are verified by default; accepted: 1-20 OpenPGP keys { id, publicKey }",
      input: undefined,
    });
  }
  if (gitops.managed && cloud !== "aws") {
    ctx.addIssue({ code: "custom", path: ["managed"], message: `true, but the managed Argo CD capability exists on EKS only (${MANAGED_ELSEWHERE[cloud]}); accepted: false`, input: true });
  } else if (gitops.managed && gitops.engine !== "argocd") {
    ctx.addIssue({ code: "custom", path: ["managed"], message: `true with engine ${gitops.engine}, but the managed EKS capability is Argo CD; accepted: false, or engine: argocd`, input: true });
  }
  if (cloud !== "aws") return;
  if (gitops.managed && gitops.engine === "argocd" && gitops.identityCenter === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["identityCenter"],
      message: "missing, and the managed Argo CD capability requires IAM Identity Center (aws_idc); accepted: { instanceArn: arn:aws:sso:::instance/ssoins-<16 characters>, region: <region> }",
      input: undefined,
    });
  }
  if (!gitops.managed && gitops.identityCenter !== undefined) {
    ctx.addIssue({ code: "custom", path: ["identityCenter"], message: "set, but only the managed Argo CD capability uses it and managed is false; accepted: no identityCenter, or managed: true", input: gitops.identityCenter });
  }
}

/** AWS: EKS, optionally the managed Argo CD capability (aws_eks_capability type ARGOCD). */
export const awsGitopsSchema = mapping({
  ...commonFields(mapping({ name: rule(EKS_CLUSTER_NAME) }), rule(SECRETS_MANAGER_SECRET_ARN)),
  /**
   * IAM Identity Center of the managed capability: aws_eks_capability's
   * `configuration.argo_cd.aws_idc` (`idc_instance_arn` required, `idc_region` optional; the
   * capability signs users in through Identity Center only). Required with managed: true.
   */
  identityCenter: mapping({ instanceArn: rule(IDENTITY_CENTER_INSTANCE_ARN), region: awsRegion }).optional(),
}).superRefine((g, ctx) => checkBlock("aws", g, ctx));

/** GCP: GKE, by name and location. */
export const gcpGitopsSchema = mapping(
  commonFields(
    mapping({
      name: rule(GKE_CLUSTER_NAME),
      /** Region (regional cluster) or zone (zonal). @default the environment's region */
      location: gkeLocation.optional(),
    }),
    rule(GCP_SECRET_NAME),
  ),
).superRefine((g, ctx) => checkBlock("gcp", g, ctx));

/** Azure: AKS, by name and resource group (an AKS name is unique only within its group). */
export const azureGitopsSchema = mapping(
  commonFields(
    mapping({
      name: rule(AKS_CLUSTER_NAME),
      resourceGroup: rule(AZURE_RESOURCE_GROUP_NAME, `the cluster's resource group: ${AZURE_RESOURCE_GROUP_NAME.accepted}`),
    }),
    // The ephemeral azurerm_key_vault_secret takes the vault's resource id and the secret's name
    // (terraform-provider-azurerm internal/services/keyvault/key_vault_secret_ephemeral.go).
    mapping({
      /** Resource id of the vault that holds the secret. */
      keyVaultId: rule(AZURE_KEY_VAULT_ID),
      /** The secret's name (JSON `{ "username", "password" }`). */
      name: rule(AZURE_KEY_VAULT_SECRET_NAME),
    }),
  ),
).superRefine((g, ctx) => checkBlock("azure", g, ctx));

interface GitopsSchemas {
  aws: typeof awsGitopsSchema;
  gcp: typeof gcpGitopsSchema;
  azure: typeof azureGitopsSchema;
}

const SCHEMAS: GitopsSchemas = { aws: awsGitopsSchema, gcp: gcpGitopsSchema, azure: azureGitopsSchema };

/** The gitops block of an environment placement on `cloud`. */
export function gitopsSchema<C extends Cloud>(cloud: C): GitopsSchemas[C] {
  return SCHEMAS[cloud];
}

export type AwsGitopsConfig = z.output<typeof awsGitopsSchema>;
export type GcpGitopsConfig = z.output<typeof gcpGitopsSchema>;
export type AzureGitopsConfig = z.output<typeof azureGitopsSchema>;
export type GitopsConfig = AwsGitopsConfig | GcpGitopsConfig | AzureGitopsConfig;
export type GitopsRevision = GitopsConfig["repository"]["revision"];

/** The admission policies' mode: as configured, else enforce under strict and audit under standard. */
export function gitopsAdmission(gitops: Pick<GitopsConfig, "admission">, protection: ProtectionLevel): AdmissionMode {
  return gitops.admission ?? (protection === "strict" ? "enforce" : "audit");
}

/** Where the GKE cluster is: cluster.location, else the environment's region. */
export function gkeClusterLocation(gitops: GcpGitopsConfig, environmentRegion: string): string {
  return gitops.cluster.location ?? environmentRegion;
}

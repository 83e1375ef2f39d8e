import { loadConfig } from "../../config/load";
import { gitopsAdmission, gkeClusterLocation } from "../../config/gitops";
import { openPgpKeyIds } from "../../config/gitops-keys";
import { EXIT_BAD_INPUT } from "../../stacks/run-blueprint";
import { ConfigScratch, defaultConfigDoc } from "../helpers/config-scratch";

/*
 * GitOps configuration (issue 12): clouds.<cloud>.environments.<env>.gitops. Each broken config
 * exits 2 with exactly one line naming the field, `config error: <path>: ...; accepted: ...`.
 */

const scratch = new ConfigScratch("gitops");
afterAll(() => scratch.remove());

type Gitops = Record<string, unknown> & {
  cluster: Record<string, unknown>;
  repository: Record<string, unknown> & { revision: Record<string, unknown> };
  verification?: { signingKeys: Array<Record<string, unknown>> };
  egress: Record<string, unknown>;
};
type Placement = Record<string, unknown> & { gitops?: Gitops };
type Doc = { environments: Record<string, Record<string, unknown>>; clouds: Record<"aws" | "gcp" | "azure", { environments: Record<string, Placement> }> };

/** The default document with one environment's gitops block changed by `change`. */
function withGitops(cloud: "aws" | "gcp" | "azure", env: string, change: (g: Gitops, doc: Doc) => void): Doc {
  const doc = defaultConfigDoc<Doc>();
  change(doc.clouds[cloud].environments[env]!.gitops!, doc);
  return doc;
}

function linesOf(doc: Doc): string[] {
  const { code, lines } = scratch.run(doc);
  expect(code).toBe(EXIT_BAD_INPUT);
  return lines;
}

const AWS_PROD = "config error: clouds.aws.environments.prod.gitops";
const GCP_PROD = "config error: clouds.gcp.environments.prod.gitops";
const AZURE_PROD = "config error: clouds.azure.environments.prod.gitops";
const URL_ACCEPTED = "accepted: an https URL of a Git repository without user info, query or fragment (e.g. https://github.com/acme/ai-platform-gitops.git)";

/** An ed25519 certification key with an ed25519 signing subkey (gpg 2.2, quick-add-key ... sign). */
const KEY_WITH_SUBKEY = [
  "-----BEGIN PGP PUBLIC KEY BLOCK-----",
  "",
  "mDMEaxEQyRYJKwYBBAHaRw8BAQdAbf0yA98dR8Q74zwl6mbg1AWj9opQBhq7cqcb",
  "aoX9aVG0JXRlc3Qgc2lnbmVyIDx0ZXN0LXNpZ25lckBleGFtcGxlLmNvbT6IkAQT",
  "FggAOBYhBJCDQRqJW+ftrWQix1CDgTf4OBStBQJrERDJAhsBBQsJCAcCBhUKCQgL",
  "AgQWAgMBAh4BAheAAAoJEFCDgTf4OBStjZcBAKN5i97P2++KBLZD7a2d94qtH6uw",
  "jbYFBebZ1F28JTlhAP4sEAKf4ggRqYd9ld0IXNfzyxJ0I4QdSsA09K59zsUKCrgz",
  "BGsREMkWCSsGAQQB2kcPAQEHQH3mNj6QQMCFdFWhbFXUbAF9l3lDzpuslvfjPNY6",
  "/UesiO8EGBYIACAWIQSQg0EaiVvn7a1kIsdQg4E3+DgUrQUCaxEQyQIbAgCBCRBQ",
  "g4E3+DgUrXYgBBkWCAAdFiEEobFPRP3n6xKqAX5tRkiPnzLpXKwFAmsREMkACgkQ",
  "RkiPnzLpXKzi1gD/UxdwOMvzLoSWg4Gt2Xhb6zGsfHukBGVbhozM/jUQeW0A/iso",
  "k2hwQ/7h40LNdJ6hCoEfqOuPqhwmt4ERy3jQ0uoP6xgA/3ZQBz7Q3JojDTBtN4Ki",
  "cZYsJub/IoicJ8o1Zq/pAhCgAQDUwkPPZqJDqioaPXOE33cRdMjwKXPR+pCdMrEj",
  "WQGZCQ==",
  "=WrQC",
  "-----END PGP PUBLIC KEY BLOCK-----",
  "",
].join("\n");

describe("#12 the default config", () => {
  const config = loadConfig(scratch.write(defaultConfigDoc()));

  test("#12 bootstraps Flux in one environment and Argo CD in the other on each cloud", () => {
    const engines = {
      aws: [config.clouds.aws!.environments["dev"]!.gitops!.engine, config.clouds.aws!.environments["prod"]!.gitops!.engine],
      gcp: [config.clouds.gcp!.environments["dev"]!.gitops!.engine, config.clouds.gcp!.environments["prod"]!.gitops!.engine],
      azure: [config.clouds.azure!.environments["dev"]!.gitops!.engine, config.clouds.azure!.environments["prod"]!.gitops!.engine],
    };
    expect(engines).toEqual({ aws: ["flux", "argocd"], gcp: ["argocd", "flux"], azure: ["flux", "argocd"] });
    expect(config.clouds.aws!.environments["prod"]!.gitops!.managed).toBe(false);
  });

  test("#12 prod pins a tag and dev follows main, each on its own path", () => {
    const aws = config.clouds.aws!.environments;
    expect(aws["prod"]!.gitops!.repository).toEqual({
      url: "https://github.com/acme-ai/platform-gitops.git",
      path: "environments/aws/prod",
      revision: { tag: "v1.4.0" },
      credentials: "arn:aws:secretsmanager:eu-west-1:222222222222:secret:acme-ai-prod/platform-gitops-Ef34Gh",
    });
    expect(aws["dev"]!.gitops!.repository.revision).toEqual({ branch: "main" });
    expect(config.clouds.gcp!.environments["prod"]!.gitops!.repository.path).toBe("environments/gcp/prod");
    expect(config.clouds.azure!.environments["dev"]!.gitops!.repository.credentials).toEqual({
      keyVaultId: "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-acme-ai-dev-git/providers/Microsoft.KeyVault/vaults/kv-acme-ai-dev-git",
      name: "platform-gitops-token",
    });
  });

  test("#12 every environment verifies commits with the example key", () => {
    const ids = (["aws", "gcp", "azure"] as const).flatMap((c) => ["dev", "prod"].map((e) => config.clouds[c]!.environments[e]!.gitops!.verification!.signingKeys.map((k) => k.id)));
    expect(ids).toEqual([["E7AF21F478B300FB"], ["E7AF21F478B300FB"], ["E7AF21F478B300FB"], ["E7AF21F478B300FB"], ["E7AF21F478B300FB"], ["E7AF21F478B300FB"]]);
  });

  test("#12 the clusters follow the environments' naming; AKS names its resource group", () => {
    expect(config.clouds.aws!.environments["prod"]!.gitops!.cluster).toEqual({ name: "acme-ai-prod" });
    expect(config.clouds.azure!.environments["prod"]!.gitops!.cluster).toEqual({ name: "acme-ai-prod", resourceGroup: "rg-aks-prod" });
  });

  test("#12 admission enforces under strict and audits under standard unless set", () => {
    expect(gitopsAdmission(config.clouds.aws!.environments["prod"]!.gitops!, config.environments["prod"]!.protection)).toBe("enforce");
    expect(gitopsAdmission(config.clouds.aws!.environments["dev"]!.gitops!, config.environments["dev"]!.protection)).toBe("audit");
    expect(gitopsAdmission({ admission: "enforce" }, "standard")).toBe("enforce");
    expect(gitopsAdmission({}, "strict")).toBe("enforce");
  });

  test("#12 a GKE cluster is in the environment's region unless a location is set", () => {
    expect(gkeClusterLocation(config.clouds.gcp!.environments["prod"]!.gitops!, "europe-west1")).toBe("europe-west1");
    const doc = withGitops("gcp", "prod", (g) => (g.cluster["location"] = "europe-west4-b"));
    const gcp = loadConfig(scratch.write(doc)).clouds.gcp!.environments["prod"]!.gitops!;
    expect(gkeClusterLocation(gcp, "europe-west1")).toBe("europe-west4-b");
  });
});

describe("#12 GitOps config errors, one line each", () => {
  test("#12 an unknown engine", () => {
    expect(linesOf(withGitops("aws", "prod", (g) => (g["engine"] = "jenkins-x")))).toEqual([`${AWS_PROD}.engine: got "jenkins-x"; accepted: flux | argocd`]);
  });

  test.each([
    ["http", "http://github.com/acme-ai/platform-gitops.git"],
    ["scp-like ssh", "git@github.com:acme-ai/platform-gitops.git"],
    ["ssh", "ssh://git@github.com/acme-ai/platform-gitops.git"],
    ["a token in the URL", "https://user:tok@github.com/acme-ai/gitops.git"],
  ])("#12 a non-https repository URL (%s)", (_what, url) => {
    expect(linesOf(withGitops("gcp", "prod", (g) => (g.repository["url"] = url)))).toEqual([`${GCP_PROD}.repository.url: got ${JSON.stringify(url)}; ${URL_ACCEPTED}`]);
  });

  test("#12 a branch as the revision of a strict environment", () => {
    expect(linesOf(withGitops("aws", "prod", (g) => (g.repository["revision"] = { branch: "main" })))).toEqual([
      `${AWS_PROD}.repository.revision: branch "main" in a strict environment, where the deployed revision must not move without a config change; accepted: a tag or a full commit SHA, e.g. { tag: v1.4.0 }`,
    ]);
  });

  test("#12 a branch is accepted under protection standard, and a full commit SHA under strict", () => {
    const doc = withGitops("azure", "prod", (g) => (g.repository["revision"] = { commit: "0123456789abcdef0123456789abcdef01234567" }));
    const config = loadConfig(scratch.write(doc));
    expect(config.clouds.azure!.environments["prod"]!.gitops!.repository.revision).toEqual({ commit: "0123456789abcdef0123456789abcdef01234567" });
    expect(config.clouds.azure!.environments["dev"]!.gitops!.repository.revision).toEqual({ branch: "main" });
  });

  test.each([
    ["abbreviated", "0123456"],
    ["uppercase", "0123456789ABCDEF0123456789ABCDEF01234567"],
  ])("#12 a commit that is not 40 lowercase hex digits (%s)", (_what, commit) => {
    expect(linesOf(withGitops("aws", "prod", (g) => (g.repository["revision"] = { commit })))).toEqual([
      `${AWS_PROD}.repository.revision.commit: got ${JSON.stringify(commit)}; accepted: a full commit SHA: 40 lowercase hex digits`,
    ]);
  });

  test("#12 a revision with two of tag, commit and branch, or none", () => {
    expect(linesOf(withGitops("aws", "prod", (g) => (g.repository["revision"] = { tag: "v1.4.0", branch: "main" })))).toEqual([
      `${AWS_PROD}.repository.revision: got tag and branch; accepted: exactly one of tag, commit (40 hex digits) or branch, e.g. { tag: v1.4.0 }`,
    ]);
    expect(linesOf(withGitops("aws", "prod", (g) => (g.repository["revision"] = {})))).toEqual([
      `${AWS_PROD}.repository.revision: got none of tag, commit, branch; accepted: exactly one of tag, commit (40 hex digits) or branch, e.g. { tag: v1.4.0 }`,
    ]);
  });

  test.each([
    ["absolute", "/environments/prod"],
    ["climbing out", "environments/../../etc"],
    ["with an empty segment", "environments//prod"],
  ])("#12 a repository path that is %s", (_what, p) => {
    expect(linesOf(withGitops("azure", "prod", (g) => (g.repository["path"] = p)))).toEqual([
      `${AZURE_PROD}.repository.path: got ${JSON.stringify(p)}; accepted: a relative repository path of letters, digits, ., _ and - segments joined by / (no leading /, no . or .. segment)`,
    ]);
  });

  test("#12 managed outside AWS", () => {
    expect(linesOf(withGitops("gcp", "prod", (g) => (g["managed"] = true)))).toEqual([
      `${GCP_PROD}.managed: true, but the managed Argo CD capability exists on EKS only (GKE installs the argo-cd Helm chart); accepted: false`,
    ]);
    expect(linesOf(withGitops("azure", "prod", (g) => (g["managed"] = true)))).toEqual([
      `${AZURE_PROD}.managed: true, but the managed Argo CD capability exists on EKS only (AKS installs the argo-cd Helm chart or the microsoft.flux extension); accepted: false`,
    ]);
  });

  test("#12 managed with Flux on AWS", () => {
    expect(linesOf(withGitops("aws", "dev", (g) => (g["managed"] = true)))).toEqual([
      "config error: clouds.aws.environments.dev.gitops.managed: true with engine flux, but the managed EKS capability is Argo CD; accepted: false, or engine: argocd",
    ]);
  });

  test("#12 the managed Argo CD capability needs IAM Identity Center, and only it takes one", () => {
    expect(linesOf(withGitops("aws", "prod", (g) => (g["managed"] = true)))).toEqual([
      `${AWS_PROD}.identityCenter: missing, and the managed Argo CD capability requires IAM Identity Center (aws_idc); accepted: { instanceArn: arn:aws:sso:::instance/ssoins-<16 characters>, region: <region> }`,
    ]);
    const idc = { instanceArn: "arn:aws:sso:::instance/ssoins-72232e1b5ba4f1e2", region: "eu-west-1" };
    expect(linesOf(withGitops("aws", "prod", (g) => (g["identityCenter"] = idc)))).toEqual([
      `${AWS_PROD}.identityCenter: set, but only the managed Argo CD capability uses it and managed is false; accepted: no identityCenter, or managed: true`,
    ]);
    const managed = loadConfig(scratch.write(withGitops("aws", "prod", (g) => Object.assign(g, { managed: true, identityCenter: idc })))).clouds.aws!.environments["prod"]!.gitops!;
    expect([managed.managed, managed.identityCenter]).toEqual([true, { instanceArn: "arn:aws:sso:::instance/ssoins-72232e1b5ba4f1e2", region: "eu-west-1" }]);
  });

  test("#12 no signing keys: commit signatures are always verified", () => {
    expect(linesOf(withGitops("gcp", "prod", (g) => delete g.verification))).toEqual([
      `${GCP_PROD}.verification.signingKeys: missing, and commit signatures are verified by default; accepted: 1-20 OpenPGP keys { id, publicKey }`,
    ]);
    expect(linesOf(withGitops("aws", "dev", (g) => delete g.verification))).toHaveLength(1);
  });

  test("#12 there is no switch that turns verification off", () => {
    expect(linesOf(withGitops("aws", "dev", (g) => (g["allowUnsignedCommits"] = true)))).toEqual([
      "config error: clouds.aws.environments.dev.gitops.allowUnsignedCommits: unknown key; accepted: one of the keys engine, cluster, repository, verification, egress, admission, managed, identityCenter",
    ]);
  });

  test("#12 a GitOps environment without registries: the admission policies have no signing key to require", () => {
    expect(linesOf(withGitops("gcp", "prod", (_g, doc) => (doc.clouds.gcp.environments["prod"]!["registries"] = [])))).toEqual([
      `${GCP_PROD}: set, but the environment has no registries, and the admission policies the bootstrap installs need the signing key and image registry that registries bring; accepted: at least one entry under registries, or no gitops`,
    ]);
  });

  test("#12 a GitOps environment without a cluster, or without its name", () => {
    expect(linesOf(withGitops("aws", "prod", (g) => delete (g as Record<string, unknown>)["cluster"]))).toEqual([`${AWS_PROD}.cluster: missing; accepted: a mapping with keys name`]);
    expect(linesOf(withGitops("gcp", "prod", (g) => delete g.cluster["name"]))).toEqual([
      `${GCP_PROD}.cluster.name: missing; accepted: a GKE cluster name: 1-40 lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit`,
    ]);
  });

  test("#12 an AKS cluster without its resource group", () => {
    expect(linesOf(withGitops("azure", "prod", (g) => delete g.cluster["resourceGroup"]))).toEqual([
      `${AZURE_PROD}.cluster.resourceGroup: missing; accepted: the cluster's resource group: 1-90 letters, digits, _ ( ) . -, not ending with .`,
    ]);
  });

  test("#12 cluster names follow each cloud's rules", () => {
    expect(linesOf(withGitops("aws", "prod", (g) => (g.cluster["name"] = "acme.ai.prod")))).toEqual([
      `${AWS_PROD}.cluster.name: got "acme.ai.prod"; accepted: an EKS cluster name: 1-100 letters, digits, - and _, starting with a letter or digit`,
    ]);
    expect(linesOf(withGitops("gcp", "prod", (g) => (g.cluster["name"] = "a".repeat(41))))).toEqual([
      `${GCP_PROD}.cluster.name: got "${"a".repeat(41)}"; accepted: a GKE cluster name: 1-40 lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit`,
    ]);
    expect(linesOf(withGitops("azure", "prod", (g) => (g.cluster["name"] = "acme-ai-prod_")))).toEqual([
      `${AZURE_PROD}.cluster.name: got "acme-ai-prod_"; accepted: an AKS cluster name: 1-63 letters, digits, _ and -, starting and ending with a letter or digit`,
    ]);
  });

  test("#12 a GKE location outside the known regions, and a cluster location key on another cloud", () => {
    expect(linesOf(withGitops("gcp", "prod", (g) => (g.cluster["location"] = "europe-west99-b")))).toEqual([
      `${GCP_PROD}.cluster.location: got "europe-west99-b"; accepted: a GCP region (europe-west1) or zone (europe-west1-b) of a region listed in config/regions.ts`,
    ]);
    expect(linesOf(withGitops("aws", "prod", (g) => (g.cluster["location"] = "eu-west-1")))).toEqual([`${AWS_PROD}.cluster.location: unknown key; accepted: one of the keys name`]);
  });

  test("#12 empty egress lists", () => {
    expect(linesOf(withGitops("aws", "prod", (g) => (g.egress["gitHostCidrs"] = [])))).toEqual([
      `${AWS_PROD}.egress.gitHostCidrs: got an empty list; accepted: a list of 1-100 CIDR ranges of the Git host`,
    ]);
    expect(linesOf(withGitops("azure", "prod", (g) => (g.egress["apiServerCidrs"] = [])))).toEqual([
      `${AZURE_PROD}.egress.apiServerCidrs: got an empty list; accepted: a list of 1-100 CIDR ranges of the cluster API server`,
    ]);
  });

  test.each([["0.0.0.0/0"], ["::/0"], ["140.82.112.0"]])("#12 the egress range %s", (range) => {
    expect(linesOf(withGitops("gcp", "prod", (g) => (g.egress["gitHostCidrs"] = [range])))).toEqual([
      `${GCP_PROD}.egress.gitHostCidrs[0]: got "${range}"; accepted: an IPv4 or lowercase IPv6 CIDR range with a prefix of at least /1, e.g. 140.82.112.0/20 or 2606:50c0::/32`,
    ]);
  });

  test("#12 credentials in another cloud's form, and an AWS secret ARN without its suffix", () => {
    expect(linesOf(withGitops("gcp", "prod", (g) => (g.repository["credentials"] = "https://kv-acme-git.vault.azure.net/secrets/gitops")))).toEqual([
      `${GCP_PROD}.repository.credentials: got "https://kv-acme-git.vault.azure.net/secrets/gitops"; accepted: a Secret Manager secret: projects/<project>/secrets/<name>`,
    ]);
    expect(linesOf(withGitops("aws", "prod", (g) => (g.repository["credentials"] = "arn:aws:secretsmanager:eu-west-1:222222222222:secret:gitops")))).toEqual([
      `${AWS_PROD}.repository.credentials: got "arn:aws:secretsmanager:eu-west-1:222222222222:secret:git...; accepted: a Secrets Manager secret ARN: arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>`,
    ]);
  });

  test("#12 admission audit in a strict environment", () => {
    expect(linesOf(withGitops("azure", "prod", (g) => (g["admission"] = "audit")))).toEqual([
      `${AZURE_PROD}.admission: audit in a strict environment, where the admission policies must deny what they do not admit; accepted: enforce, or no admission key (enforce under strict)`,
    ]);
  });

  test("#12 a signing key id that is not the key's, or not in gpg's long form", () => {
    expect(linesOf(withGitops("aws", "prod", (g) => (g.verification!.signingKeys[0]!["id"] = "4AEE18F83AFDEB23")))).toEqual([
      `${AWS_PROD}.verification.signingKeys[0].id: 4AEE18F83AFDEB23 is not a key id of publicKey, whose keys are E7AF21F478B300FB; accepted: the id of the primary key or of a signing subkey of publicKey`,
    ]);
    expect(linesOf(withGitops("aws", "prod", (g) => (g.verification!.signingKeys[0]!["id"] = "e7af21f478b300fb")))).toEqual([
      `${AWS_PROD}.verification.signingKeys[0].id: got "e7af21f478b300fb"; accepted: an OpenPGP key ID: 16 uppercase hex digits (e.g. 4AEE18F83AFDEB23)`,
    ]);
  });

  test("#12 a signing key listed twice", () => {
    expect(linesOf(withGitops("aws", "prod", (g) => g.verification!.signingKeys.push({ ...g.verification!.signingKeys[0]! })))).toEqual([
      `${AWS_PROD}.verification.signingKeys[1].id: duplicates another key (E7AF21F478B300FB); accepted: each key once`,
    ]);
  });

  test("#12 a public key block that is altered, or carries a private key", () => {
    const altered = withGitops("aws", "prod", (g) => {
      const key = g.verification!.signingKeys[0]!;
      key["publicKey"] = String(key["publicKey"]).replace("mDMEaxEQgh", "mDMEaxEQgi");
    });
    expect(linesOf(altered)).toEqual([
      `${AWS_PROD}.verification.signingKeys[0].publicKey: an armored block that does not decode to an OpenPGP public key (broken base64, wrong checksum or no key packet); accepted: the unmodified output of gpg --armor --export <key id>`,
    ]);
    const withPrivate = withGitops("aws", "prod", (g) => {
      const key = g.verification!.signingKeys[0]!;
      key["publicKey"] = `${String(key["publicKey"])}-----BEGIN PGP PRIVATE KEY BLOCK-----\n`;
    });
    expect(linesOf(withPrivate)).toEqual([
      `${AWS_PROD}.verification.signingKeys[0].publicKey: not a public key block alone (a private key block is refused, and not echoed); accepted: an ASCII-armored public key (gpg --armor --export <key id>), from -----BEGIN PGP PUBLIC KEY BLOCK----- to -----END PGP PUBLIC KEY BLOCK-----`,
    ]);
  });

  test("#12 a managed flag that is not a boolean is one line, not two", () => {
    expect(linesOf(withGitops("aws", "prod", (g) => (g["managed"] = "yes")))).toEqual([`${AWS_PROD}.managed: got "yes"; accepted: true or false`]);
  });

  test("#12 a tag git refuses", () => {
    expect(linesOf(withGitops("aws", "prod", (g) => (g.repository["revision"] = { tag: "v1..4" })))).toEqual([
      `${AWS_PROD}.repository.revision.tag: got "v1..4"; accepted: a tag name: a Git ref name: letters, digits, ., _ and - segments joined by /, no segment starting with . or -, no .., not ending in .lock`,
    ]);
  });

  test("#12 a signing subkey's id is accepted", () => {
    const doc = withGitops("aws", "prod", (g) => (g.verification!.signingKeys = [{ id: "46488F9F32E95CAC", publicKey: KEY_WITH_SUBKEY }]));
    const keys = loadConfig(scratch.write(doc)).clouds.aws!.environments["prod"]!.gitops!.verification!.signingKeys;
    expect(keys.map((k) => k.id)).toEqual(["46488F9F32E95CAC"]);
  });
});

describe("OpenPGP key ids", () => {
  test("the primary key's id, then each subkey's, as gpg --keyid-format long prints them", () => {
    expect(openPgpKeyIds(KEY_WITH_SUBKEY)).toEqual(["50838137F83814AD", "46488F9F32E95CAC"]);
  });

  test("a block without the checksum line still decodes; a wrong checksum does not", () => {
    expect(openPgpKeyIds(KEY_WITH_SUBKEY.replace("=WrQC\n", ""))).toEqual(["50838137F83814AD", "46488F9F32E95CAC"]);
    expect(openPgpKeyIds(KEY_WITH_SUBKEY.replace("=WrQC", "=WrQD"))).toBeUndefined();
  });

  test("a truncated block does not decode", () => {
    expect(openPgpKeyIds(KEY_WITH_SUBKEY.replace("WQGZCQ==\n=WrQC\n", ""))).toBeUndefined();
  });
});

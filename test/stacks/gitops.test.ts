import { BlueprintConfig } from "../../config/schema";
import { blockingFindings, evaluate } from "../../policies/engine";
import { stackFromSynth } from "../../policies/load-synth";
import { Json, defaultConfig, resourcesOf, synthApp } from "../helpers/synth";

/*
 * Issue 12: the GitOps bootstrap of every environment of the default configuration, asserted in
 * the synthesized JSON: Flux in one environment and Argo CD in the other on each cloud, providers
 * with short-lived credentials only, charts and images pinned, the repository, path and revision,
 * Git credentials by reference (ephemeral, write-only), the bridge ConfigMap, the network
 * policies and the admission policies (Deny in prod, Audit in dev).
 */

const stacks = new Map([...synthApp("gitops", defaultConfig())].map(([name, json]) => [name, JSON.parse(json) as Json]));
const stack = (name: string): Json => stacks.get(name)!;
const ENVIRONMENTS = ["aws-dev", "aws-prod", "gcp-dev", "gcp-prod", "azure-dev", "azure-prod"];

function bare(body: Json): Json {
  return Object.fromEntries(Object.entries(body).filter(([k]) => k !== "//"));
}

function releases(name: string): Record<string, Json> {
  return Object.fromEntries(Object.values(resourcesOf(stack(name), "helm_release")).map((r) => [String(r["name"]), r]));
}

/** A release's values with every Terraform interpolation replaced by "REF", parsed. */
function values(release: Json): Json {
  const text = (release["values"] as string[])[0]!;
  return JSON.parse(text.replace(/\$\{[^{}]*\}/g, "REF")) as Json;
}

function objects(name: string): Json[] {
  return values(releases(name)["blueprint-objects"]!)["objects"] as Json[];
}

function objectOf(name: string, kind: string, objectName?: string): Json {
  const found = objects(name).filter((o) => o["kind"] === kind && (objectName === undefined || (o["metadata"] as Json)["name"] === objectName));
  if (found.length !== 1) throw new Error(`expected one ${kind} in ${name}, found ${found.length}`);
  return found[0]!;
}

function provider(name: string, type: string): Json {
  return ((stack(name)["provider"] as Record<string, Json[]>)[type]!)[0]!;
}

describe("engines", () => {
  test("Flux in one environment and Argo CD in the other on each cloud", () => {
    const engines = ENVIRONMENTS.map((name) => {
      const kinds = objects(name).map((o) => o["kind"]);
      return `${name}:${kinds.includes("GitRepository") ? "flux" : kinds.includes("Application") ? "argocd" : "none"}`;
    });
    expect(engines).toEqual(["aws-dev:flux", "aws-prod:argocd", "gcp-dev:argocd", "gcp-prod:flux", "azure-dev:flux", "azure-prod:argocd"]);
  });

  test("EKS and GKE install the pinned flux2 and argo-cd charts; AKS Flux comes from the pinned microsoft.flux extension", () => {
    const chart = (r: Json | undefined) => (r === undefined ? "-" : `${r["repository"]} ${r["chart"]} ${r["version"]} ns=${r["namespace"]}`);
    expect(chart(releases("aws-dev")["flux"])).toBe("https://fluxcd-community.github.io/helm-charts flux2 2.18.3 ns=flux-system");
    expect(chart(releases("gcp-prod")["flux"])).toBe("https://fluxcd-community.github.io/helm-charts flux2 2.18.3 ns=flux-system");
    expect(chart(releases("aws-prod")["argo-cd"])).toBe("https://argoproj.github.io/argo-helm argo-cd 10.1.1 ns=argocd");
    expect(chart(releases("gcp-dev")["argo-cd"])).toBe("https://argoproj.github.io/argo-helm argo-cd 10.1.1 ns=argocd");
    expect(chart(releases("azure-prod")["argo-cd"])).toBe("https://argoproj.github.io/argo-helm argo-cd 10.1.1 ns=argocd");
    expect(releases("azure-dev")["flux"]).toBeUndefined();
    const [extension] = Object.values(resourcesOf(stack("azure-dev"), "azurerm_kubernetes_cluster_extension"));
    expect(bare(extension!)).toEqual({
      name: "flux",
      cluster_id: "${data.azurerm_kubernetes_cluster.gitops_cluster_A5221127.id}",
      extension_type: "microsoft.flux",
      version: "1.23.0",
      release_namespace: "flux-system",
      configuration_settings: { "image-automation-controller.enabled": "false", "image-reflector-controller.enabled": "false" },
    });
    expect(resourcesOf(stack("azure-prod"), "azurerm_kubernetes_cluster_extension")).toEqual({});
  });

  test("every controller image is pinned by digest in the chart values", () => {
    const flux = values(releases("aws-dev")["flux"]!);
    const tags = ["cli", "sourceController", "kustomizeController", "helmController", "notificationController"].map((k) => `${(flux[k] as Json)["image"]}:${(flux[k] as Json)["tag"]}`);
    expect(tags.every((t) => /^ghcr\.io\/fluxcd\/[a-z-]+:v\d+\.\d+\.\d+@sha256:[0-9a-f]{64}$/.test(t))).toBe(true);
    expect((flux["imageAutomationController"] as Json)["create"]).toBe(false);
    const argo = values(releases("aws-prod")["argo-cd"]!);
    expect(((argo["global"] as Json)["image"] as Json)["tag"]).toBe("v3.4.4@sha256:2fb3efa9eaa42382acb39c9a1485eaac7a1ad7a09e8aa7da7143ca256fa6da09");
    const pc = values(releases("aws-prod")["policy-controller"]!);
    expect(((pc["webhook"] as Json)["image"] as Json)["version"]).toBe("sha256:0bcd60beb93f4427c29cf3a669743caf58490e98ded4380c33c09f092734a6ab");
    // The chart's only hook (leases cleanup) uses an image without a digest: hooks never run.
    expect(releases("aws-prod")["policy-controller"]!["disable_webhooks"]).toBe(true);
  });

  test("the objects release comes after the engine and the policy controller, from the chart shipped in the repository", () => {
    const objectsRelease = releases("aws-prod")["blueprint-objects"]!;
    expect(objectsRelease["depends_on"]).toEqual(expect.arrayContaining(["helm_release.gitops_install_argo-cd_D3552D91", "helm_release.gitops_install_policy-controller_30206C0D"]));
    expect(String(objectsRelease["chart"])).toMatch(/^assets\/gitops_install_objects-chart_[0-9A-F]{8}\/[0-9A-F]{32}$/);
    expect(releases("azure-dev")["blueprint-objects"]!["depends_on"]).toEqual(["azurerm_kubernetes_cluster_extension.gitops_flux_BF29CAFC", "kubernetes_secret_v1.gitops_install_git-credentials_C61DED92"]);
  });
});

describe("short-lived credentials", () => {
  test("EKS: the endpoint and CA of data.aws_eks_cluster and the token of data.aws_eks_cluster_auth", () => {
    const expected = {
      host: "${data.aws_eks_cluster.gitops_cluster_A5221127.endpoint}",
      cluster_ca_certificate: "${base64decode(data.aws_eks_cluster.gitops_cluster_A5221127.certificate_authority[0].data)}",
      token: "${data.aws_eks_cluster_auth.gitops_cluster-auth_B6BE2224.token}",
    };
    expect(bare(provider("aws-prod", "kubernetes"))).toEqual(expected);
    expect(bare(provider("aws-prod", "helm"))).toEqual({ kubernetes: expected });
  });

  test("GKE: the Google client access token", () => {
    expect(bare(provider("gcp-prod", "kubernetes"))).toEqual({
      host: "https://${data.google_container_cluster.gitops_cluster_A5221127.endpoint}",
      cluster_ca_certificate: "${base64decode(data.google_container_cluster.gitops_cluster_A5221127.master_auth[0].cluster_ca_certificate)}",
      token: "${data.google_client_config.gitops_client_963BFA07.access_token}",
    });
  });

  test("AKS: kubelogin with Entra ID, no token and no certificate", () => {
    const exec = { api_version: "client.authentication.k8s.io/v1beta1", command: "kubelogin", args: ["get-token", "--login", "azurecli", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"] };
    expect(bare(provider("azure-prod", "kubernetes"))["exec"]).toEqual([exec]);
    expect((provider("azure-prod", "helm")["kubernetes"] as Json)["exec"]).toEqual(exec);
  });

  test("no provider anywhere uses a client certificate, a kubeconfig file, a password or insecure TLS", () => {
    for (const name of ENVIRONMENTS) {
      for (const type of ["kubernetes", "helm"]) {
        const text = JSON.stringify(provider(name, type));
        for (const key of ["client_certificate", "client_key", "config_path", "config_paths", "password", "insecure", "username"]) expect(text).not.toContain(`"${key}"`);
      }
    }
  });

  test("Terraform 1.11 or later, for the ephemeral credentials and write-only arguments", () => {
    for (const name of ENVIRONMENTS) expect((stack(name)["terraform"] as Json)["required_version"]).toBe(">= 1.11.0");
  });
});

describe("source", () => {
  test("Flux: repository, path and revision; tags verified as signed tags on signed commits, branches by HEAD", () => {
    const prod = objectOf("gcp-prod", "GitRepository")["spec"] as Json;
    expect(prod["url"]).toBe("https://github.com/acme-ai/platform-gitops.git");
    expect(prod["ref"]).toEqual({ tag: "v1.4.0" });
    expect(prod["verify"]).toEqual({ mode: "TagAndHEAD", secretRef: { name: "blueprint-environment-signing-keys" } });
    expect(prod["secretRef"]).toEqual({ name: "blueprint-git-credentials" });
    const dev = objectOf("aws-dev", "GitRepository")["spec"] as Json;
    expect(dev["ref"]).toEqual({ branch: "main" });
    expect((dev["verify"] as Json)["mode"]).toBe("HEAD");
    const kustomization = objectOf("gcp-prod", "Kustomization")["spec"] as Json;
    expect(kustomization["path"]).toBe("./environments/gcp/prod");
    expect(kustomization["prune"]).toBe(true);
    expect((kustomization["postBuild"] as Json)["substituteFrom"]).toEqual([{ kind: "ConfigMap", name: "blueprint-facts" }]);
  });

  test("Argo CD: the root Application follows the path at the tag, in a project that requires signed commits", () => {
    const app = objectOf("aws-prod", "Application")["spec"] as Json;
    expect(app["source"]).toEqual({ repoURL: "https://github.com/acme-ai/platform-gitops.git", path: "environments/aws/prod", targetRevision: "v1.4.0" });
    const project = objects("aws-prod").find((o) => o["kind"] === "AppProject" && (o["metadata"] as Json)["name"] === app["project"])!["spec"] as Json;
    expect(project["sourceRepos"]).toEqual(["https://github.com/acme-ai/platform-gitops.git"]);
    expect((project["signatureKeys"] as Json[]).length).toBeGreaterThan(0);
    expect((project["signatureKeys"] as Json[]).every((k) => /^[0-9A-F]{16}$/.test(String(k["keyID"])))).toBe(true);
    const keys = (((values(releases("aws-prod")["argo-cd"]!)["configs"] as Json)["gpg"] as Json)["keys"] as Json);
    expect(Object.keys(keys).sort()).toEqual((project["signatureKeys"] as Json[]).map((k) => k["keyID"]).sort());
  });

  test("Git credentials by reference: an ephemeral read of the secret manager, written only through data_wo", () => {
    const ephemeral = (name: string) => stack(name)["ephemeral"] as Record<string, Record<string, Json>>;
    expect(Object.values(ephemeral("aws-prod")["aws_secretsmanager_secret_version"]!)).toEqual([{ secret_id: "arn:aws:secretsmanager:eu-west-1:222222222222:secret:acme-ai-prod/platform-gitops-Ef34Gh" }]);
    expect(Object.values(ephemeral("gcp-prod")["google_secret_manager_secret_version"]!)).toEqual([{ secret: "projects/acme-ai-prod/secrets/platform-gitops-token" }]);
    expect(Object.values(ephemeral("azure-prod")["azurerm_key_vault_secret"]!)).toEqual([
      { name: "platform-gitops-token", key_vault_id: "/subscriptions/00000000-0000-4000-8000-000000000002/resourceGroups/rg-acme-ai-prod-git/providers/Microsoft.KeyVault/vaults/kv-acme-ai-prod-git" },
    ]);
    for (const name of ENVIRONMENTS) {
      const [secret] = Object.values(resourcesOf(stack(name), "kubernetes_secret_v1"));
      expect(secret!["data"]).toBeUndefined();
      expect(secret!["data_wo_revision"]).toBe(1);
      const wo = secret!["data_wo"] as Record<string, string>;
      expect(wo["password"]).toMatch(/^\$\{jsondecode\(ephemeral\.[a-z_]+\.gitops_git-credentials_[0-9A-F]{8}\.(secret_string|secret_data|value)\)\["password"\]\}$/);
    }
    const [argoSecret] = Object.values(resourcesOf(stack("aws-prod"), "kubernetes_secret_v1"));
    expect((argoSecret!["metadata"] as Json)["labels"]).toEqual({ "app.kubernetes.io/managed-by": "ai-supply-chain-blueprint", "argocd.argoproj.io/secret-type": "repository" });
  });
});

describe("bridge, network and admission", () => {
  test("the bridge ConfigMap names what the stack created, by reference", () => {
    const data = objectOf("aws-prod", "ConfigMap", "blueprint-facts")["data"] as Json;
    expect(data).toEqual({
      cloud: "aws",
      environment: "prod",
      gate_attestation_public_key: "REF",
      image_registry_host: "222222222222.dkr.ecr.eu-west-1.amazonaws.com",
      image_repository_prefix: "acme-ai-prod/",
      model_registries: "fraud-scoring,llm-adapters",
      model_registry_fraud_scoring_artifact_store: "REF",
      model_registry_llm_adapters_artifact_store: "REF",
      schema_version: "1",
      signing_key_uri: "awskms:///REF",
    });
    const text = (releases("aws-prod")["blueprint-objects"]!["values"] as string[])[0]!;
    expect(text).toContain("jsonencode(aws_s3_bucket.supply-chain_registries_fraud-scoring_");
    expect(text).toContain("jsonencode(aws_kms_key.supply-chain_signing-key_");
  });

  test("the controllers' egress: DNS, the Git host and the API server only", () => {
    const names = objects("gcp-dev").filter((o) => o["kind"] === "NetworkPolicy").map((o) => (o["metadata"] as Json)["name"]);
    expect(names).toEqual(["default-deny-all", "allow-dns-egress", "allow-git-egress", "allow-api-server-egress", "allow-intra-namespace"]);
    const git = objectOf("gcp-dev", "NetworkPolicy", "allow-git-egress")["spec"] as Json;
    const egress = (git["egress"] as Json[])[0]!;
    expect(egress["ports"]).toEqual([{ protocol: "TCP", port: 443 }]);
    expect((egress["to"] as Json[]).every((t) => typeof (t["ipBlock"] as Json)["cidr"] === "string")).toBe(true);
  });

  test("on AKS with the Flux extension the policies confine the Flux controllers only, not the extension's own agents", () => {
    const selectors = objects("azure-dev").filter((o) => o["kind"] === "NetworkPolicy").map((o) => (o["spec"] as Json)["podSelector"]);
    expect(selectors).toHaveLength(5);
    for (const selector of selectors) {
      expect(selector).toEqual({ matchExpressions: [{ key: "app", operator: "In", values: ["source-controller", "kustomize-controller", "helm-controller", "notification-controller"] }] });
    }
    const elsewhere = objects("gcp-prod").filter((o) => o["kind"] === "NetworkPolicy").map((o) => (o["spec"] as Json)["podSelector"]);
    expect(elsewhere.every((s) => JSON.stringify(s) === "{}")).toBe(true);
  });

  test("admission: Deny in prod, Audit in dev; image signatures (policy-controller and ClusterImagePolicy) in prod only", () => {
    for (const name of ENVIRONMENTS) {
      const binding = objectOf(name, "ValidatingAdmissionPolicyBinding")["spec"] as Json;
      const prod = name.endsWith("-prod");
      expect(binding["validationActions"]).toEqual(prod ? ["Deny"] : ["Audit"]);
      expect(objects(name).some((o) => o["kind"] === "ClusterImagePolicy")).toBe(prod);
      expect(releases(name)["policy-controller"] !== undefined).toBe(prod);
    }
    // The controller verifies against the signing key's PEM, read from the cloud by reference:
    // no KMS access from inside the cluster.
    for (const name of ["aws-prod", "gcp-prod", "azure-prod"]) {
      const image = objectOf(name, "ClusterImagePolicy")["spec"] as Json;
      expect(image["authorities"]).toEqual([{ name: "environment-signing-key", key: { data: "REF", hashAlgorithm: "sha256" } }]);
    }
    const text = (releases("aws-prod")["blueprint-objects"]!["values"] as string[])[0]!;
    expect(text).toContain("jsonencode(data.aws_kms_public_key.supply-chain_signing-key_PublicKey_");
  });

  test("the image prefix the policies admit is the environment's own registry", () => {
    const text = (releases("gcp-prod")["blueprint-objects"]!["values"] as string[])[0]!;
    expect(text).toContain("europe-west1-docker.pkg.dev/acme-ai-prod/acme-ai-prod-images/");
  });
});

describe("managed Argo CD on EKS", () => {
  function managed(): BlueprintConfig {
    const config = defaultConfig();
    const aws = config.clouds.aws!;
    const prod = aws.environments["prod"]!;
    return {
      ...config,
      clouds: {
        ...config.clouds,
        aws: {
          ...aws,
          environments: {
            ...aws.environments,
            prod: { ...prod, gitops: { ...prod.gitops!, managed: true, identityCenter: { instanceArn: "arn:aws:sso:::instance/ssoins-1234567890abcdef", region: "eu-west-1" } } },
          },
        },
      },
    };
  }
  const json = JSON.parse(synthApp("gitops-managed", managed()).get("aws-prod")!) as Json;

  test("the managed layout passes the policy rules (the capability role's trust names its source account)", () => {
    const evaluation = evaluate({ stacks: [stackFromSynth("aws-prod", "aws-prod/cdk.tf.json", json)] }, { acknowledgements: defaultConfig().acknowledgements });
    expect(blockingFindings(evaluation).filter((f) => f.stack === "aws-prod").map((f) => `${f.ruleId} ${f.address}`)).toEqual([]);
  });

  test("the capability replaces the chart, with its own role trusted by capabilities.eks.amazonaws.com for this account only", () => {
    const [capability] = Object.values(resourcesOf(json, "aws_eks_capability"));
    expect(bare(capability!)).toEqual({
      capability_name: "argocd",
      cluster_name: "${data.aws_eks_cluster.gitops_cluster_A5221127.name}",
      type: "ARGOCD",
      role_arn: "${aws_iam_role.gitops_capability-role_0D477756.arn}",
      delete_propagation_policy: "RETAIN",
      configuration: [{ argo_cd: [{ namespace: "argocd", aws_idc: [{ idc_instance_arn: "arn:aws:sso:::instance/ssoins-1234567890abcdef", idc_region: "eu-west-1" }] }] }],
    });
    const role = Object.values(resourcesOf(json, "aws_iam_role")).find((r) => r["name"] === "acme-ai-prod-argocd-capability")!;
    expect(JSON.parse(String(role["assume_role_policy"]))).toEqual({
      Version: "2012-10-17",
      Statement: [{
        Effect: "Allow",
        Principal: { Service: "capabilities.eks.amazonaws.com" },
        Action: ["sts:AssumeRole", "sts:TagSession"],
        Condition: { StringEquals: { "aws:SourceAccount": "222222222222" } },
      }],
    });
    const names = Object.values(resourcesOf(json, "helm_release")).map((r) => r["name"]);
    expect(names.sort()).toEqual(["blueprint-objects", "policy-controller"]);
    expect(resourcesOf(json, "kubernetes_namespace_v1")).toEqual({});
  });

  test("the capability role gets Kubernetes permissions on this cluster only, after the capability exists", () => {
    const [association] = Object.values(resourcesOf(json, "aws_eks_access_policy_association"));
    expect(bare(association!)).toEqual({
      cluster_name: "${data.aws_eks_cluster.gitops_cluster_A5221127.name}",
      principal_arn: "${aws_iam_role.gitops_capability-role_0D477756.arn}",
      policy_arn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
      access_scope: { type: "cluster" },
      depends_on: ["aws_eks_capability.gitops_argocd_10F51EEA"],
    });
  });

  test("the local cluster is registered by ARN, which the AppProject and the root Application name", () => {
    const release = Object.values(resourcesOf(json, "helm_release")).find((r) => r["name"] === "blueprint-objects")!;
    const text = (release["values"] as string[])[0]!;
    expect(text).toContain("jsonencode(data.aws_eks_cluster.gitops_cluster_A5221127.arn)");
    const all = values(release)["objects"] as Json[];
    const secret = all.find((o) => o["kind"] === "Secret" && (o["metadata"] as Json)["name"] === "in-cluster")!;
    expect(secret["stringData"]).toEqual({ name: "in-cluster", server: "REF", project: "blueprint-environment" });
    expect(((secret["metadata"] as Json)["labels"] as Json)["argocd.argoproj.io/secret-type"]).toBe("cluster");
    const app = all.find((o) => o["kind"] === "Application")!["spec"] as Json;
    expect((app["destination"] as Json)["server"]).toBe("REF");
    expect(text).not.toContain("https://kubernetes.default.svc");
    const keyring = all.find((o) => o["kind"] === "ConfigMap" && (o["metadata"] as Json)["name"] === "argocd-gpg-keys-cm")!;
    expect(Object.keys(keyring["data"] as Json)).toEqual(["E7AF21F478B300FB"]);
  });
});

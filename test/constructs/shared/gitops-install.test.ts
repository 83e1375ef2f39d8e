import { TerraformStack, Testing } from "cdktf";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { GitOpsInstall, valuesJson } from "../../../constructs/shared/gitops-install";
import { wireGitopsAws } from "../../../stacks/gitops";
import { validationErrorOf } from "../../helpers/errors";

/* The chart values encoding and the bootstrap's own refusals (issue 12). */

describe("valuesJson", () => {
  test("literal strings are JSON-escaped and Terraform's ${ and %{ are escaped", () => {
    expect(valuesJson({ e: 'c.image.startsWith("x") && a\\b', t: "${not} %{not}", n: [1, true, null] })).toBe(
      '{"e":"c.image.startsWith(\\"x\\") && a\\\\b","t":"$${not} %%{not}","n":[1,true,null]}',
    );
  });

  test("a reference, alone or inside a longer string, is encoded by Terraform's jsonencode without its quotes", () => {
    const text = Testing.synthScope((scope) => {
      new AwsProvider(scope, "aws", {});
      const b = new S3Bucket(scope, "b", { bucket: "acme-ai-prod-example" });
      new S3Bucket(scope, "c", { bucket: "x", tags: { v: valuesJson({ whole: b.bucket, inside: `s3://${b.bucket}/approved/` }) } });
    });
    const tag = (JSON.parse(text).resource.aws_s3_bucket.c.tags as Record<string, string>)["v"];
    const ref = "substr(jsonencode(aws_s3_bucket.b.bucket), 1, (length(jsonencode(aws_s3_bucket.b.bucket)) - 2))";
    expect(tag).toBe(`{"whole":"\${${ref}}","inside":"s3://\${${ref}}/approved/"}`);
  });
});

describe("refusals", () => {
  const props = {
    source: { url: "https://github.com/acme-ai/platform-gitops.git", path: "environments/prod", revision: { tag: "v1.4.0" } },
    signingKeys: [],
    facts: { cloud: "aws" as const, environment: "prod", imageRegistryHost: "h", imageRepositoryPrefix: "p/", signingKeyUri: "awskms:///alias/x", modelRegistries: [] },
    egress: { gitHostCidrs: ["140.82.112.0/20"], apiServerCidrs: ["10.0.0.0/16"] },
    admission: { registryHost: "111111111111.dkr.ecr.eu-west-1.amazonaws.com", repositoryPrefix: "acme-ai-prod/", mode: "enforce" as const, signingKeyUri: "awskms:///alias/x" },
    imageSignatures: false,
  };

  test("the AKS extension installs Flux only, the EKS capability Argo CD only", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    expect(validationErrorOf(() => new GitOpsInstall(stack, "a", { ...props, engine: "argocd", install: "aks-extension" })).problems.map((p) => p.code)).toEqual(["GITOPS_INSTALL_ENGINE_MISMATCH"]);
    expect(validationErrorOf(() => new GitOpsInstall(stack, "b", { ...props, engine: "flux", install: "eks-capability" })).problems.map((p) => p.code)).toEqual(["GITOPS_INSTALL_ENGINE_MISMATCH"]);
  });

  test("a bootstrap without registries has no signing key for the admission policies: one line", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const gitops = {
      engine: "flux" as const, managed: false, cluster: { name: "acme-ai-prod" },
      repository: { url: "https://github.com/acme-ai/platform-gitops.git", path: "environments/prod", revision: { tag: "v1.4.0" } },
      egress: { gitHostCidrs: ["140.82.112.0/20"], apiServerCidrs: ["10.0.0.0/16"] },
    };
    const module = { signingKey: undefined, registries: [], attestationKey: undefined } as unknown as Parameters<typeof wireGitopsAws>[3];
    const error = validationErrorOf(() => wireGitopsAws(stack, gitops, { organization: "acme-ai", environment: "prod", protection: "strict" }, module, { accountId: "222222222222", region: "eu-west-1", partition: "aws" }));
    expect(error.problems.map((p) => p.code)).toEqual(["GITOPS_REGISTRIES_REQUIRED"]);
    expect(error.problems.map((p) => p.prop)).toEqual(["clouds.aws.environments.prod.registries"]);
  });
});

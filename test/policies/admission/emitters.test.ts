import { stringify } from "yaml";
import { admissionManifests, clusterImagePolicy, cosignSignCommand, gatekeeperPolicy, kyvernoClusterPolicy, resolveAdmissionInputs, validatingAdmissionPolicy } from "../../../policies/admission";
import { prodInputs } from "./inputs";

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are plain JSON */

const APPROVED = { ["ab".repeat(32)]: "s3://acme-ai-prod-logs-123456789012/provenance/fraud-scoring/fraud/1.2.0/x.dsse.json" };
const prod = resolveAdmissionInputs(prodInputs());
const dev = resolveAdmissionInputs(prodInputs({ repositoryPrefix: "acme-ai-dev/", mode: "audit" }));

describe("ValidatingAdmissionPolicy and binding", () => {
  const [policy, binding] = validatingAdmissionPolicy(prod);

  test("matches Pods, pods/ephemeralcontainers, the controllers and CronJobs on CREATE and UPDATE", () => {
    expect(policy.spec.matchConstraints.resourceRules).toEqual([
      { apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["pods", "pods/ephemeralcontainers"] },
      { apiGroups: ["apps"], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["deployments", "statefulsets", "daemonsets", "replicasets"] },
      { apiGroups: ["batch"], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["jobs", "cronjobs"] },
    ]);
  });

  test("fails closed: failurePolicy Fail, ConfigMap params with parameterNotFoundAction Deny", () => {
    expect(policy.spec.failurePolicy).toBe("Fail");
    expect(policy.spec.paramKind).toEqual({ apiVersion: "v1", kind: "ConfigMap" });
    expect(binding.spec).toEqual({
      policyName: "model-serving-admission",
      paramRef: { name: "approved-models", namespace: "model-serving-policy", parameterNotFoundAction: "Deny" },
      validationActions: ["Deny"],
      matchResources: { namespaceSelector: { matchLabels: { "ai-supply-chain-blueprint.io/model-serving": "true" } } },
    });
    expect(policy.spec.matchConstraints.namespaceSelector).toEqual({ matchLabels: { "ai-supply-chain-blueprint.io/model-serving": "true" } });
  });

  test("Deny in prod, Audit in dev", () => {
    expect(validatingAdmissionPolicy(dev)[1].spec.validationActions).toEqual(["Audit"]);
  });

  test("installs before workloads: Argo CD sync wave -1 on both", () => {
    expect([policy.metadata.annotations, binding.metadata.annotations]).toEqual([{ "argocd.argoproj.io/sync-wave": "-1" }, { "argocd.argoproj.io/sync-wave": "-1" }]);
  });

  test("renders the environment's image prefix with its trailing slash", () => {
    expect(policy.spec.variables.find((v: any) => v.name === "imagePrefix")).toEqual({ name: "imagePrefix", expression: "'123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme-ai-prod/'" });
  });

  test("one validation per rule, each Forbidden with an [id] message", () => {
    expect(policy.spec.validations.map((v: any) => [v.message.split("]")[0] + "]", v.reason])).toEqual([
      ["[image-digest]", "Forbidden"], ["[image-registry]", "Forbidden"], ["[model-digest-annotation]", "Forbidden"],
      ["[decision-record-annotation]", "Forbidden"], ["[model-approved]", "Forbidden"], ["[decision-record-matches]", "Forbidden"],
      ["[no-privileged]", "Forbidden"], ["[no-privilege-escalation]", "Forbidden"], ["[no-host-path]", "Forbidden"],
      ["[no-host-namespaces]", "Forbidden"], ["[run-as-non-root]", "Forbidden"],
    ]);
  });

  test("the image-digest rule checks all three container lists with an anchored pattern", () => {
    expect(policy.spec.validations[0].expression).toBe(
      "variables.spec.containers.all(c, c.image.matches('^[^@]+@sha256:[a-f0-9]{64}$'))" +
        " && (!has(variables.spec.initContainers) || variables.spec.initContainers.all(c, c.image.matches('^[^@]+@sha256:[a-f0-9]{64}$')))" +
        " && (!has(variables.spec.ephemeralContainers) || variables.spec.ephemeralContainers.all(c, c.image.matches('^[^@]+@sha256:[a-f0-9]{64}$')))",
    );
  });
});

describe("the same CEL in every engine", () => {
  const [policy] = validatingAdmissionPolicy(prod);
  const cel = kyvernoClusterPolicy(prod).spec.rules[0].validate.cel;
  const source = gatekeeperPolicy(prod, APPROVED)[0].spec.targets[0].code[0].source;

  test("Kyverno carries the VAP's variables and validations unchanged", () => {
    expect(cel.variables).toEqual(policy.spec.variables);
    expect(cel.expressions).toEqual(policy.spec.validations.map((v: any) => ({ expression: v.expression, message: v.message })));
  });

  test("Gatekeeper carries the same validations; only the `approved` binding differs", () => {
    expect(source.validations).toEqual(cel.expressions);
    const differing = source.variables.filter((v: any, i: number) => v.expression !== policy.spec.variables[i].expression);
    expect(differing).toEqual([{ name: "approved", expression: "has(variables.params.approved) ? variables.params.approved : {}" }]);
    expect(policy.spec.variables.find((v: any) => v.name === "approved").expression).toBe("params != null && has(params.data) ? params.data : {}");
    expect(source.variables.map((v: any) => v.name)).toEqual(policy.spec.variables.map((v: any) => v.name));
  });
});

describe("portability of the CEL (the subset @bufbuild/cel and the API server share)", () => {
  const [policy] = validatingAdmissionPolicy(prod);
  const source = gatekeeperPolicy(prod, APPROVED)[0].spec.targets[0].code[0].source;
  const expressions: string[] = [...policy.spec.variables, ...policy.spec.validations, ...source.variables].map((v: any) => v.expression);
  const FORBIDDEN = [".?", "[?", "optional.", "isSorted", "url(", "isURL", "quantity(", "isQuantity", "authorizer", ".find(", "findAll(", "ip(", "cidr(", "cel.bind", "format(", "sum(", ".min(", ".max(", "substring(", "replace(", "split("];

  test("no optional syntax and no Kubernetes-only or extension function", () => {
    expect(expressions.length).toBeGreaterThan(15);
    expect(expressions.flatMap((e) => FORBIDDEN.filter((f) => e.includes(f)).map((f) => `${f} in ${e}`))).toEqual([]);
  });

  test("every matches() pattern is a literal anchored at both ends", () => {
    const calls = expressions.flatMap((e) => [...e.matchAll(/matches\(([^)]*)\)/g)].map((m) => m[1]!));
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls.filter((p) => !/^'\^.*\$'$/.test(p))).toEqual([]);
  });

  test("the lint catches what it is meant to catch", () => {
    const bad = ["object.?spec", "optional.of(1)", "url('x')", "'a'.find('b')", "authorizer.group('')"];
    expect(bad.filter((e) => FORBIDDEN.some((f) => e.includes(f)))).toEqual(bad);
    expect(/^'\^.*\$'$/.test("'@sha256:[a-f0-9]{64}$'")).toBe(false);
  });
});

describe("Kyverno ClusterPolicy", () => {
  const policy = kyvernoClusterPolicy(prod);
  test("Enforce in prod, Audit in dev; ConfigMap params with Deny when missing; auto-gen off", () => {
    expect(policy.spec.rules[0].validate.failureAction).toBe("Enforce");
    expect(kyvernoClusterPolicy(dev).spec.rules[0].validate.failureAction).toBe("Audit");
    expect(policy.spec.rules[0].validate.cel.paramRef).toEqual({ name: "approved-models", namespace: "model-serving-policy", parameterNotFoundAction: "Deny" });
    expect(policy.spec.rules[0].validate.cel.paramKind).toEqual({ apiVersion: "v1", kind: "ConfigMap" });
    expect(policy.metadata.annotations["pod-policies.kyverno.io/autogen-controllers"]).toBe("none");
    expect(policy.spec.failurePolicy).toBe("Fail");
  });
  test("matches the kinds and the ephemeral containers subresource in model-serving namespaces", () => {
    expect(policy.spec.rules[0].match).toEqual({
      any: [{
        resources: {
          kinds: ["Pod", "Pod/ephemeralcontainers", "apps/v1/Deployment", "apps/v1/StatefulSet", "apps/v1/DaemonSet", "apps/v1/ReplicaSet", "batch/v1/Job", "batch/v1/CronJob"],
          operations: ["CREATE", "UPDATE"],
          namespaceSelector: { matchLabels: { "ai-supply-chain-blueprint.io/model-serving": "true" } },
        },
      }],
    });
  });
});

describe("Gatekeeper ConstraintTemplate and Constraint", () => {
  const [template, constraint] = gatekeeperPolicy(prod, APPROVED);
  test("CEL engine K8sNativeValidation on the admission target", () => {
    expect(template.spec.targets[0].target).toBe("admission.k8s.gatekeeper.sh");
    expect(template.spec.targets[0].code[0].engine).toBe("K8sNativeValidation");
    expect(template.spec.crd.spec.names).toEqual({ kind: "ModelServingAdmission" });
  });
  test("deny in prod, warn in dev; the approved list as parameters; namespaces by label", () => {
    expect(constraint.spec.enforcementAction).toBe("deny");
    expect(gatekeeperPolicy(dev, APPROVED)[1].spec.enforcementAction).toBe("warn");
    expect(constraint.spec.parameters).toEqual({ approved: { ["ab".repeat(32)]: "s3://acme-ai-prod-logs-123456789012/provenance/fraud-scoring/fraud/1.2.0/x.dsse.json" } });
    expect(constraint.spec.match).toEqual({
      kinds: [
        { apiGroups: [""], kinds: ["Pod"] },
        { apiGroups: ["apps"], kinds: ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"] },
        { apiGroups: ["batch"], kinds: ["Job", "CronJob"] },
      ],
      namespaceSelector: { matchLabels: { "ai-supply-chain-blueprint.io/model-serving": "true" } },
    });
  });
});

describe("sigstore ClusterImagePolicy", () => {
  test("requires the environment's KMS key on every image under the prefix; enforce in prod, warn in dev", () => {
    expect(clusterImagePolicy(prod).spec).toEqual({
      mode: "enforce",
      images: [{ glob: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme-ai-prod/**" }],
      authorities: [{ name: "environment-signing-key", key: { kms: "awskms:///arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b", hashAlgorithm: "sha256" } }],
    });
    expect(clusterImagePolicy(dev).spec.mode).toBe("warn");
  });

  test.each([
    ["awskms:///arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"],
    ["gcpkms://projects/acme-ai-prod/locations/europe-west1/keyRings/supply-chain/cryptoKeys/image-signing/cryptoKeyVersions/1"],
    ["azurekms://kv-acme-ai-prod-1a2b3.vault.azure.net/image-signing"],
  ])("the cosign command signs by digest with %s", (uri) => {
    const inputs = resolveAdmissionInputs(prodInputs({ signingKeyUri: uri }));
    expect(clusterImagePolicy(inputs).spec.authorities[0].key.kms).toBe(uri);
    expect(cosignSignCommand(inputs, "123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme-ai-prod/model-serving@sha256:" + "ab".repeat(32))).toBe(
      `cosign sign --key ${uri} 123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme-ai-prod/model-serving@sha256:${"ab".repeat(32)}`,
    );
  });
});

describe("sigstore ClusterImagePolicy with the key's PEM", () => {
  const pem = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n";

  test("verifies against the key itself: no KMS access from the cluster", () => {
    const inputs = resolveAdmissionInputs(prodInputs({ signingPublicKeyPem: pem }));
    expect(clusterImagePolicy(inputs).spec.authorities).toEqual([{ name: "environment-signing-key", key: { data: pem, hashAlgorithm: "sha256" } }]);
    // Signing still goes through the KMS URI: the private key never leaves the KMS.
    expect(cosignSignCommand(inputs, "h/i@sha256:" + "ab".repeat(32))).toBe(`cosign sign --key awskms:///arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b h/i@sha256:${"ab".repeat(32)}`);
  });

  test("a value that is not a PEM public key is refused (a private key too)", () => {
    for (const bad of ["not a key", "-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----"]) {
      let codes: string[] = [];
      try {
        resolveAdmissionInputs(prodInputs({ signingPublicKeyPem: bad }));
      } catch (e) {
        codes = (e as { problems: { code: string }[] }).problems.map((p) => p.code);
      }
      expect(codes).toEqual(["ADMISSION_SIGNING_PUBLIC_KEY_INVALID"]);
    }
  });
});

describe("determinism", () => {
  test("two emissions are deep-equal and serialize identically", () => {
    const a = admissionManifests(prodInputs(), APPROVED);
    const b = admissionManifests(prodInputs(), { ...APPROVED });
    expect(a).toEqual(b);
    expect(stringify(a)).toBe(stringify(b));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  test("the constraint's parameters are sorted whatever the input order", () => {
    const one = gatekeeperPolicy(prod, { ["b".repeat(64)]: "s3://x/b", ["a".repeat(64)]: "s3://x/a" })[1];
    expect(Object.keys(one.spec.parameters.approved)).toEqual(["a".repeat(64), "b".repeat(64)]);
  });
});

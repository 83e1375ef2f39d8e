import { Resource, StackModel } from "../../model";
import { resourceRule } from "../../rule";
import { LiteralNameUse, dependencyEdges, dependsOn, literalNameUses } from "../../support/literal-names";

interface StackScan {
  readonly uses: ReadonlyMap<Resource, LiteralNameUse[]>;
  readonly edges: ReadonlyMap<string, ReadonlySet<string>>;
}

/** One scan per stack, shared by the checks of all its resources. */
const scans = new WeakMap<StackModel, StackScan>();

function scanOf(stack: StackModel): StackScan {
  let scan = scans.get(stack);
  if (!scan) {
    const uses = new Map<Resource, LiteralNameUse[]>();
    for (const use of literalNameUses(stack)) (uses.get(use.consumer) ?? uses.set(use.consumer, []).get(use.consumer)!).push(use);
    scan = { uses, edges: dependencyEdges(stack) };
    scans.set(stack, scan);
  }
  return scan;
}

export const rule = resourceRule({
  control: "REFERENCE-NOT-LITERAL",
  cloud: "any",
  title: "A resource names another resource of its stack by reference, so Terraform orders them",
  severity: "error",
  appliesTo: ["*"],
  mappings: { nist80053: ["CM-3", "SA-10"] },
  rationale:
    "A name written out literally gives Terraform no dependency edge: the consumer (a grant, a policy, a sink) can be created before the resource it names exists, and the first apply fails or, worse, binds to a same-named resource somebody else owns. Where the named resource itself depends on the consumer (a trail whose key policy must name it), a literal is the only way and the order is already right, so that case passes.",
  fix: "Refer to the attribute (`bucket.name`, `key.id`, `trail.arn`) instead of re-spelling the name, or add an explicit dependency when the value must stay a literal.",
  check(resource, context) {
    const scan = scanOf(context.stack);
    const problems = context.problems();
    for (const use of scan.uses.get(resource) ?? []) {
      const ordered = dependsOn(scan.edges, resource.baseAddress, use.producer.baseAddress) || dependsOn(scan.edges, use.producer.baseAddress, resource.baseAddress);
      if (!ordered) problems.error(`${use.path} holds "${use.value}", the ${use.producerKey} of ${use.producer.address}, as a literal: no dependency orders the two`);
    }
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "the grant refers to the bucket's name",
        stack: {
          resource: {
            google_storage_bucket: { logs: { name: "acme-ai-prod-logs" } },
            google_storage_bucket_iam_member: { sink: { bucket: "${google_storage_bucket.logs.name}", role: "roles/storage.objectCreator", member: "serviceAccount:x@y.iam.gserviceaccount.com" } },
          },
        },
      },
      {
        name: "a literal where the named resource depends on the consumer (cycle breaker)",
        stack: {
          resource: {
            aws_kms_key: { logs: { policy: '{"Statement":[{"Condition":{"StringLike":{"aws:SourceArn":"arn:aws:cloudtrail:eu-west-1:222222222222:trail/acme-ai-prod-trail"}}}]}' } },
            aws_cloudtrail: { trail: { name: "acme-ai-prod-trail", kms_key_id: "${aws_kms_key.logs.arn}" } },
          },
        },
      },
      {
        name: "a Helm release's values are Kubernetes documents: a word that is also a container's name is a Kubernetes kind",
        stack: {
          resource: {
            azurerm_storage_container: { packages: { name: "deployments", storage_account_id: "${azurerm_storage_account.a.id}" } },
            helm_release: { objects: { name: "blueprint-objects", chart: "assets/x", values: ['{"objects":[{"rules":[{"resources":["deployments"]}]}]}'] } },
          },
        },
      },
      {
        name: "an alert policy's documentation is prose for the on-call reader: a word that is also a key's name names nothing",
        stack: {
          resource: {
            google_kms_crypto_key: { registry: { name: "registry-key", key_ring: "${google_kms_key_ring.r.id}" } },
            google_monitoring_alert_policy: { kms: { display_name: "kms changes", documentation: { content: "the registry-key encrypts the registry", mime_type: "text/markdown" } } },
          },
        },
      },
    ],
    noncompliance: [
      {
        name: "the grant spells the bucket's name",
        stack: {
          resource: {
            google_storage_bucket: { logs: { name: "acme-ai-prod-logs" } },
            google_storage_bucket_iam_member: { sink: { bucket: "acme-ai-prod-logs", role: "roles/storage.objectCreator", member: "serviceAccount:x@y.iam.gserviceaccount.com" } },
          },
        },
        expect: 'bucket holds "acme-ai-prod-logs", the name of google_storage_bucket.logs',
      },
      {
        name: "a policy names a bucket inside an ARN",
        stack: {
          resource: {
            aws_s3_bucket: { b: { bucket: "acme-ai-prod-registry" } },
            aws_iam_policy: { p: { policy: '{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-ai-prod-registry/*"}]}' } },
          },
        },
        expect: 'policy holds "acme-ai-prod-registry"',
      },
      {
        name: "a plan whose value has no recorded reference",
        plan: {
          format_version: "1.2",
          resource_changes: [
            { address: "google_storage_bucket.logs", mode: "managed", type: "google_storage_bucket", name: "logs", change: { actions: ["create"], before: null, after: { name: "acme-ai-prod-logs" }, after_unknown: {} } },
            { address: "google_storage_bucket_iam_member.sink", mode: "managed", type: "google_storage_bucket_iam_member", name: "sink", change: { actions: ["create"], before: null, after: { bucket: "acme-ai-prod-logs" }, after_unknown: {} } },
          ],
          configuration: { root_module: { resources: [{ address: "google_storage_bucket_iam_member.sink", expressions: { bucket: { constant_value: "acme-ai-prod-logs" } } }] } },
        },
        expect: "as a literal",
      },
    ],
  },
});

// Validates Kubernetes manifests (JSON array on stdin) against the kubernetes-models schemas
// (the Kubernetes OpenAPI, as ajv validators). kubernetes-models is ESM-only, so the Jest tests
// run this file in a child Node process. Prints one result per manifest as JSON.
import { readFileSync } from "node:fs";
import { ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding } from "kubernetes-models/admissionregistration.k8s.io/v1";
import { ConfigMap, Pod, Secret } from "kubernetes-models/v1";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { DaemonSet, Deployment, ReplicaSet, StatefulSet } from "kubernetes-models/apps/v1";
import { CronJob, Job } from "kubernetes-models/batch/v1";

const MODELS = { ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding, ConfigMap, Secret, NetworkPolicy, Pod, DaemonSet, Deployment, ReplicaSet, StatefulSet, CronJob, Job };
const manifests = JSON.parse(readFileSync(0, "utf8"));
const results = manifests.map((m) => {
  const Model = MODELS[m.kind];
  if (Model === undefined) return { kind: m.kind, ok: false, error: "no model for this kind" };
  try {
    new Model(m).validate();
    return { kind: m.kind, ok: true };
  } catch (e) {
    return { kind: m.kind, ok: false, error: String(e && e.message ? e.message : e) };
  }
});
process.stdout.write(JSON.stringify(results));

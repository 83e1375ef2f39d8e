/*
 * What the policies match: Pods (and the pods/ephemeralcontainers subresource, which a `pods`
 * rule does not cover; research §4.2), the pod controllers and CronJobs, on CREATE and UPDATE.
 */

/** One VAP resource rule (admissionregistration.k8s.io/v1 NamedRuleWithOperations). */
export interface ResourceRule {
  /** API groups (`""` is core). */
  readonly apiGroups: readonly string[];
  /** API versions. */
  readonly apiVersions: readonly string[];
  /** CREATE and UPDATE. */
  readonly operations: readonly string[];
  /** Resources, with subresources as `pods/ephemeralcontainers`. */
  readonly resources: readonly string[];
}

/** The kinds each engine matches, with their group and resource names. */
export const MATCHED_KINDS = [
  { apiGroup: "", version: "v1", kind: "Pod", resources: ["pods", "pods/ephemeralcontainers"] },
  { apiGroup: "apps", version: "v1", kind: "Deployment", resources: ["deployments"] },
  { apiGroup: "apps", version: "v1", kind: "StatefulSet", resources: ["statefulsets"] },
  { apiGroup: "apps", version: "v1", kind: "DaemonSet", resources: ["daemonsets"] },
  { apiGroup: "apps", version: "v1", kind: "ReplicaSet", resources: ["replicasets"] },
  { apiGroup: "batch", version: "v1", kind: "Job", resources: ["jobs"] },
  { apiGroup: "batch", version: "v1", kind: "CronJob", resources: ["cronjobs"] },
] as const;

/** Operations checked: a DELETE has no object to check. */
export const OPERATIONS = ["CREATE", "UPDATE"] as const;

/** The VAP resource rules, one per API group. */
export function resourceRules(): ResourceRule[] {
  const groups = [...new Set(MATCHED_KINDS.map((k) => k.apiGroup))];
  return groups.map((group) => ({
    apiGroups: [group],
    apiVersions: ["v1"],
    operations: [...OPERATIONS],
    resources: MATCHED_KINDS.filter((k) => k.apiGroup === group).flatMap((k) => [...k.resources]),
  }));
}

/*
 * Cloud-neutral pieces of the GitOps bootstrap (issue 12): pinned versions, chart values and
 * the bootstrap objects of Flux and Argo CD, the controllers' NetworkPolicies and the IaC →
 * GitOps bridge ConfigMap. Pure functions returning plain objects (no cdktf), for the
 * per-cloud constructs to pass to helm_release values.
 */
export * from "./versions";
export {
  bootstrapNamespace, GitOpsEngine, GitOpsInputError, GitRevision, GitSource, GITOPS_LABELS, isTokenString, OpenPgpPublicKey,
} from "./inputs";
export { FluxBootstrapInput, fluxBootstrapObjects, fluxChartValues, fluxKeysSecretName, fluxRef, fluxSigningKeysSecret, fluxVerifyMode } from "./flux";
export {
  ArgoCdBootstrapInput, ArgoCdChartOptions, argoCdBootstrapObjects, argoCdChartValues, argoCdClusterSecret, argoCdGpgKeysConfigMap, argoCdTargetRevision, CLUSTER_FACT_ANNOTATION_PREFIX,
  IN_CLUSTER_SERVER,
} from "./argocd";
export { ControllerNetworkInput, controllerNetworkPolicies, intraNamespacePorts } from "./network-policies";
export {
  BRIDGE_CONFIGMAP_NAME, BRIDGE_SCHEMA_ANNOTATION, BRIDGE_SCHEMA_ID, BridgeFacts, BridgeModelRegistry, bridgeConfigMap, bridgeData, isBridgeKey,
} from "./bridge";

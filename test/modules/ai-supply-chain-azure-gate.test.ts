import { Json, resourcesOf, synthApp } from "../helpers/synth";

const stacks = synthApp("azure-gate");
const prod = JSON.parse(stacks.get("azure-prod")!) as Json;
const dev = JSON.parse(stacks.get("azure-dev")!) as Json;

/** `${type.id.attr}` → `type(<construct path below the module>).attr`, so expectations read as literals. */
function readable(stack: Json, value: string): string {
  return value.replace(/\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_.[\]]+)\}/g, (_m, type: string, id: string, attr: string) => {
    const p = (resourcesOf(stack, type)[id]?.["//"] as { metadata?: { path?: string } } | undefined)?.metadata?.path ?? id;
    return `${type}(${p.split("/").slice(2).join("/")}).${attr}`;
  });
}

function byPath(stack: Json, type: string, path: string): [string, Json] {
  const found = Object.entries(resourcesOf(stack, type)).filter(([, body]) => (body["//"] as { metadata: { path: string } }).metadata.path.endsWith(`supply-chain/${path}`));
  if (found.length !== 1) throw new Error(`expected one ${type} at ${path}, found ${found.length}`);
  return found[0]!;
}

/** What a role assignment grants: a built-in role's name, or a custom role's data actions. */
function roleOf(stack: Json, assignment: Json): string {
  const name = assignment["role_definition_name"];
  if (typeof name === "string") return name;
  const m = /^\$\{azurerm_role_definition\.([A-Za-z0-9_-]+)\.role_definition_resource_id\}$/.exec(String(assignment["role_definition_id"]));
  const role = resourcesOf(stack, "azurerm_role_definition")[m![1]!]!;
  const permissions = role["permissions"] as Array<{ actions?: string[]; data_actions?: string[] }>;
  return permissions.flatMap((p) => [...(p.actions ?? []), ...(p.data_actions ?? [])]).join(", ");
}

/** Every role assignment naming the identity, as `role on scope [if condition]`, sorted. */
function permissionsOf(stack: Json, identityId: string): string[] {
  const principal = `\${azurerm_user_assigned_identity.${identityId}.principal_id}`;
  return Object.values(resourcesOf(stack, "azurerm_role_assignment"))
    .filter((a) => a["principal_id"] === principal)
    .map((a) => `${roleOf(stack, a)} on ${readable(stack, String(a["scope"]))}${a["condition"] === undefined ? "" : ` if ${String(a["condition"])} (v${String(a["condition_version"])})`}`)
    .sort();
}

const BLOBS = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs";

describe("Azure promotion gate wiring (default config)", () => {
  test("the union of the fraud-scoring gate's permissions is exactly its grants, nothing else", () => {
    const [identity] = byPath(prod, "azurerm_user_assigned_identity", "gates/fraud-scoring/Identity");
    expect(permissionsOf(prod, identity)).toEqual([
      // Read incoming/: blobs, their versions (same action) and index tags (the lineage).
      `${BLOBS}/read, ${BLOBS}/tags/read on azurerm_storage_container(registry-fraud-scoring/Incoming).id`,
      // Write approved/: create blobs and read them back (own copies by metadata); no delete.
      `${BLOBS}/read, ${BLOBS}/write, ${BLOBS}/add/action on azurerm_storage_container(registry-fraud-scoring/Approved).id`,
      // Decision records: create and read under provenance/ of the log storage's audit-logs only.
      `${BLOBS}/read, ${BLOBS}/write, ${BLOBS}/add/action on azurerm_storage_container(log-storage/Container-audit-logs).id if ` +
        `((!(ActionMatches{'${BLOBS}/read'}) AND !(ActionMatches{'${BLOBS}/write'}) AND !(ActionMatches{'${BLOBS}/add/action'})) OR (@Resource[${BLOBS}:path] StringStartsWith 'provenance/')) (v2.0)`,
      // Sign records with the attestation key (and read its public key), on that key alone.
      "Microsoft.KeyVault/vaults/keys/read, Microsoft.KeyVault/vaults/keys/sign/action on azurerm_key_vault_key(gate-attestation-key/Key/Resource).resource_versionless_id",
      // The function's own host storage and telemetry.
      "Monitoring Metrics Publisher on azurerm_application_insights(gates/fraud-scoring/Insights).id",
      "Storage Blob Data Owner on azurerm_storage_account(gates/fraud-scoring/HostStorage/Resource).id",
    ].sort());
  });

  test("each registry's gate has its own identity; neither holds anything on the other's registry or on the signing key", () => {
    const [fraud] = byPath(prod, "azurerm_user_assigned_identity", "gates/fraud-scoring/Identity");
    const [llm] = byPath(prod, "azurerm_user_assigned_identity", "gates/llm-adapters/Identity");
    expect(fraud).not.toBe(llm);
    expect(permissionsOf(prod, fraud).filter((p) => p.includes("llm-adapters"))).toEqual([]);
    expect(permissionsOf(prod, llm).filter((p) => p.includes("fraud-scoring"))).toEqual([]);
    expect([...permissionsOf(prod, fraud), ...permissionsOf(prod, llm)].filter((p) => p.includes("signing-key"))).toEqual([]);
  });

  test("the gate app runs the package by digest: assets/ zip, package-sha256 tag and GATE_PACKAGE_SHA256 agree", () => {
    const [, app] = byPath(prod, "azurerm_function_app_flex_consumption", "gates/fraud-scoring/Resource");
    const settings = app["app_settings"] as Record<string, string>;
    expect(settings["GATE_PACKAGE_SHA256"]).toMatch(/^[0-9a-f]{64}$/);
    expect((app["tags"] as Record<string, string>)["package-sha256"]).toBe(settings["GATE_PACKAGE_SHA256"]);
    // One asset per stack, named by the package, in a folder named by its full digest.
    const sha = settings["GATE_PACKAGE_SHA256"]!;
    expect(app["zip_deploy_file"]).toBe(`assets/function-package-promotion-gate-azure/${sha}/promotion-gate-azure-${sha.slice(0, 16)}.zip`);
  });

  test("the gate's Azure settings name its registry's containers, the records container and the versioned attestation key", () => {
    const [, app] = byPath(prod, "azurerm_function_app_flex_consumption", "gates/fraud-scoring/Resource");
    const settings = app["app_settings"] as Record<string, string>;
    const r = (k: string) => readable(prod, settings[k]!);
    expect(r("GATE_AZURE_INCOMING_CONTAINER_URL")).toBe("azurerm_storage_account(registry-fraud-scoring/Resource).primary_blob_endpointazurerm_storage_container(registry-fraud-scoring/Incoming).name");
    expect(r("GATE_AZURE_APPROVED_CONTAINER_URL")).toBe("azurerm_storage_account(registry-fraud-scoring/Resource).primary_blob_endpointazurerm_storage_container(registry-fraud-scoring/Approved).name");
    expect(r("GATE_AZURE_LOG_CONTAINER_URL")).toBe("https://azurerm_storage_account(log-storage/Resource).name.blob.core.windows.net/azurerm_storage_container(log-storage/Container-audit-logs).name");
    expect(r("GATE_AZURE_ATTESTATION_KEY_ID")).toBe("azurerm_key_vault_key(gate-attestation-key/Key/Resource).id");
    expect(r("GATE_SIGNING_PUBLIC_KEY")).toBe("azurerm_key_vault_key(signing-key/Key/Resource).public_key_pem");
    expect(settings["GATE_REGISTRY"]).toBe("fraud-scoring");
    expect(settings["GATE_VERIFIER_ID"]).toBe("urn:ai-supply-chain-blueprint:promotion-gate:azure:acme-ai:prod:fraud-scoring");
    expect(r("AZURE_CLIENT_ID")).toBe("azurerm_user_assigned_identity(gates/fraud-scoring/Identity).client_id");
  });

  test("Event Grid: a system topic on the registry account, BlobCreated under incoming/ ending /model.sig, to the function, retried, dead-lettered into audit-logs", () => {
    const [, topic] = byPath(prod, "azurerm_eventgrid_system_topic", "gates/fraud-scoring-trigger/Topic");
    expect(readable(prod, String(topic["source_resource_id"]))).toBe("azurerm_storage_account(registry-fraud-scoring/Resource).id");
    expect(topic["topic_type"]).toBe("Microsoft.Storage.StorageAccounts");
    expect(topic["identity"]).toEqual({ type: "SystemAssigned" });
    const [, sub] = byPath(prod, "azurerm_eventgrid_system_topic_event_subscription", "gates/fraud-scoring-trigger/Subscription");
    expect(sub["included_event_types"]).toEqual(["Microsoft.Storage.BlobCreated"]);
    expect(readable(prod, JSON.stringify(sub["subject_filter"]))).toBe(
      '{"case_sensitive":true,"subject_begins_with":"/blobServices/default/containers/azurerm_storage_container(registry-fraud-scoring/Incoming).name/","subject_ends_with":"/model.sig"}',
    );
    expect(readable(prod, JSON.stringify(sub["azure_function_endpoint"]))).toBe(
      '{"function_id":"azurerm_function_app_flex_consumption(gates/fraud-scoring/Resource).id/functions/promotion-gate","max_events_per_batch":1,"preferred_batch_size_in_kilobytes":64}',
    );
    expect(sub["retry_policy"]).toEqual({ max_delivery_attempts: 30, event_time_to_live: 1440 });
    expect(sub["event_delivery_schema"]).toBe("EventGridSchema");
    expect(readable(prod, JSON.stringify(sub["storage_blob_dead_letter_destination"]))).toBe(
      '{"storage_account_id":"azurerm_storage_account(log-storage/Resource).id","storage_blob_container_name":"azurerm_storage_container(log-storage/Container-audit-logs).name"}',
    );
    expect(sub["dead_letter_identity"]).toEqual({ type: "SystemAssigned" });
    const [, deadLetter] = byPath(prod, "azurerm_role_assignment", "gates/fraud-scoring-trigger/DeadLetterAccess");
    expect(readable(prod, `${String(deadLetter["role_definition_name"])} on ${String(deadLetter["scope"])} for ${String(deadLetter["principal_id"])}`)).toBe(
      "Storage Blob Data Contributor on azurerm_storage_container(log-storage/Container-audit-logs).id for azurerm_eventgrid_system_topic(gates/fraud-scoring-trigger/Topic).identity[0].principal_id",
    );
  });

  test("the attestation key: EC-HSM P-256, signers are the gates, verifiers the registries' readers; its public key is an output", () => {
    const [, key] = byPath(prod, "azurerm_key_vault_key", "gate-attestation-key/Key/Resource");
    expect([key["name"], key["key_type"], key["curve"], key["key_opts"]]).toEqual(["gate-attestation", "EC-HSM", "P-256", ["sign", "verify"]]);
    const onKey = Object.values(resourcesOf(prod, "azurerm_role_assignment")).filter((a) => readable(prod, String(a["scope"])) === "azurerm_key_vault_key(gate-attestation-key/Key/Resource).resource_versionless_id");
    const signers = onKey.filter((a) => String(a["role_definition_id"]).includes("SignerRole")).map((a) => readable(prod, String(a["principal_id"]))).sort();
    expect(signers).toEqual(["azurerm_user_assigned_identity(gates/fraud-scoring/Identity).principal_id", "azurerm_user_assigned_identity(gates/llm-adapters/Identity).principal_id"]);
    const verifiers = onKey.filter((a) => String(a["role_definition_id"]).includes("VerifierRole")).map((a) => a["principal_id"]);
    expect(verifiers.length).toBeGreaterThan(0);
    expect(verifiers.every((p) => /^[0-9a-f-]{36}$/.test(String(p)))).toBe(true);
    const outputs = prod["output"] as Record<string, Json>;
    expect(readable(prod, String(outputs["gate-attestation-public-key"]!["value"]))).toBe("azurerm_key_vault_key(gate-attestation-key/Key/Resource).public_key_pem");
    const roles = Object.values(resourcesOf(prod, "azurerm_role_definition")).map((r) => readable(prod, String(r["name"]))).filter((n) => n.includes("attestation")).sort();
    expect(roles).toEqual(["Blueprint gate attestation signer (azurerm_key_vault(key-vault/Resource).name)", "Blueprint gate attestation verifier (azurerm_key_vault(key-vault/Resource).name)"]);
  });

  test("dev vs prod: instance count, log retention and sampling from protection; everything else identical", () => {
    const pick = (stack: Json) => {
      const [, app] = byPath(stack, "azurerm_function_app_flex_consumption", "gates/fraud-scoring/Resource");
      const [, insights] = byPath(stack, "azurerm_application_insights", "gates/fraud-scoring/Insights");
      const [, workspace] = byPath(stack, "azurerm_log_analytics_workspace", "gates/fraud-scoring/Workspace");
      return { instances: app["maximum_instance_count"], memory: app["instance_memory_in_mb"], sampling: insights["sampling_percentage"], insightsDays: insights["retention_in_days"], workspaceDays: workspace["retention_in_days"] };
    };
    expect(pick(prod)).toEqual({ instances: 10, memory: 2048, sampling: 100, insightsDays: 365, workspaceDays: 365 });
    expect(pick(dev)).toEqual({ instances: 2, memory: 2048, sampling: 10, insightsDays: 30, workspaceDays: 30 });
    const controls = (stack: Json) => {
      const [, app] = byPath(stack, "azurerm_function_app_flex_consumption", "gates/fraud-scoring/Resource");
      const site = app["site_config"] as Json;
      return [app["https_only"], app["public_network_access_enabled"], app["webdeploy_publish_basic_authentication_enabled"], app["storage_authentication_type"], site["minimum_tls_version"], site["ip_restriction"], site["ip_restriction_default_action"], site["scm_ip_restriction_default_action"]];
    };
    expect(controls(dev)).toEqual(controls(prod));
    expect(controls(prod)).toEqual([true, true, false, "UserAssignedIdentity", "1.2", [{ name: "allow-AzureEventGrid", action: "Allow", service_tag: "AzureEventGrid", priority: 100 }], "Deny", "Deny"]);
  });
});

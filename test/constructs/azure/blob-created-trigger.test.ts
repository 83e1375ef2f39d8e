import { BlobCreatedTrigger, BlobCreatedTriggerProps } from "../../../constructs/azure/blob-created-trigger";
import { validationErrorOf } from "../../helpers/errors";
import { Json, onlyResource, synthConstruct } from "../../helpers/synth";

const TAGS = { owner: "ml-platform" };

function build(props: Partial<BlobCreatedTriggerProps> = {}): Json {
  return synthConstruct((scope) => {
    new BlobCreatedTrigger(scope, "trigger", {
      topicName: "evgt-stacmefraud1a2b3c",
      subscriptionName: "fraud-scoring-model-sig",
      resourceGroupName: "rg-acme-ai-prod",
      location: "westeurope",
      storageAccountId: "${azurerm_storage_account.registry.id}",
      containerName: "incoming",
      blobNameEndsWith: "/model.sig",
      functionId: "${azurerm_function_app_flex_consumption.gate.id}/functions/promotion-gate",
      deadLetter: { storageAccountId: "${azurerm_storage_account.logs.id}", containerName: "${azurerm_storage_container.audit.name}", containerResourceId: "${azurerm_storage_container.audit.id}" },
      tags: TAGS,
      ...props,
    });
  });
}

describe("azure BlobCreatedTrigger", () => {
  test("a system topic on the storage account with its own identity", () => {
    expect(onlyResource(build(), "azurerm_eventgrid_system_topic")).toEqual({
      name: "evgt-stacmefraud1a2b3c",
      resource_group_name: "rg-acme-ai-prod",
      location: "westeurope",
      source_resource_id: "${azurerm_storage_account.registry.id}",
      topic_type: "Microsoft.Storage.StorageAccounts",
      identity: { type: "SystemAssigned" },
      tags: TAGS,
    });
  });

  test("BlobCreated of one container ending in the suffix, one event per call to the function, retried then dead-lettered with the topic identity", () => {
    const sub = onlyResource(build(), "azurerm_eventgrid_system_topic_event_subscription");
    expect(sub["included_event_types"]).toEqual(["Microsoft.Storage.BlobCreated"]);
    expect(sub["subject_filter"]).toEqual({ subject_begins_with: "/blobServices/default/containers/incoming/", subject_ends_with: "/model.sig", case_sensitive: true });
    expect(sub["azure_function_endpoint"]).toEqual({ function_id: "${azurerm_function_app_flex_consumption.gate.id}/functions/promotion-gate", max_events_per_batch: 1, preferred_batch_size_in_kilobytes: 64 });
    expect(sub["retry_policy"]).toEqual({ max_delivery_attempts: 30, event_time_to_live: 1440 });
    expect(sub["storage_blob_dead_letter_destination"]).toEqual({ storage_account_id: "${azurerm_storage_account.logs.id}", storage_blob_container_name: "${azurerm_storage_container.audit.name}" });
    expect(sub["dead_letter_identity"]).toEqual({ type: "SystemAssigned" });
    expect(sub["webhook_endpoint"]).toBeUndefined();
    expect(sub["depends_on"]).toEqual([expect.stringMatching(/^azurerm_role_assignment\.trigger_DeadLetterAccess_[A-Z0-9]+$/)]);
    const retry = onlyResource(build({ maxDeliveryAttempts: 5, eventTimeToLiveMinutes: 120 }), "azurerm_eventgrid_system_topic_event_subscription");
    expect(retry["retry_policy"]).toEqual({ max_delivery_attempts: 5, event_time_to_live: 120 });
  });

  test("the topic identity may write the dead-letter container only", () => {
    const a = onlyResource(build(), "azurerm_role_assignment");
    expect([a["scope"], a["role_definition_name"]]).toEqual(["${azurerm_storage_container.audit.id}", "Storage Blob Data Contributor"]);
    expect(a["principal_id"]).toMatch(/^\$\{azurerm_eventgrid_system_topic\.trigger_Topic_[A-Z0-9]+\.identity\[0\]\.principal_id\}$/);
  });

  test("validation codes", () => {
    const problems = validationErrorOf(() =>
      build({ topicName: "x", subscriptionName: "a b", containerName: "In", maxDeliveryAttempts: 31, eventTimeToLiveMinutes: 0, blobNameEndsWith: "model.sig" }),
    ).problems.map((p) => [p.code, p.prop]);
    expect(problems).toEqual([
      ["AZURE_EVENTGRID_NAME_INVALID", "topicName"],
      ["AZURE_EVENTGRID_NAME_INVALID", "subscriptionName"],
      ["AZURE_CONTAINER_NAME_INVALID", "containerName"],
      ["AZURE_EVENTGRID_RETRY_OUT_OF_RANGE", "maxDeliveryAttempts"],
      ["AZURE_EVENTGRID_RETRY_OUT_OF_RANGE", "eventTimeToLiveMinutes"],
      ["AZURE_EVENTGRID_SUFFIX_INVALID", "blobNameEndsWith"],
    ]);
  });
});

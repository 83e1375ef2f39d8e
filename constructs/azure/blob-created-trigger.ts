import { AZURE_EVENTGRID_SUBSCRIPTION_NAME, AZURE_EVENTGRID_TOPIC_NAME } from "../shared/limits/azure";
import { EventgridSystemTopic } from "@cdktf/provider-azurerm/lib/eventgrid-system-topic";
import { EventgridSystemTopicEventSubscription } from "@cdktf/provider-azurerm/lib/eventgrid-system-topic-event-subscription";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Construct } from "constructs";
import { AZURE_CONTAINER_NAME } from "../shared/limits/azure";
import { PropValidator } from "../shared/validation-error";

/** Event type of a blob written to a storage account ("Azure Blob Storage as an Event Grid source"). */
export const BLOB_CREATED_EVENT = "Microsoft.Storage.BlobCreated";

/**
 * Built-in role Event Grid's identity needs to write dead-lettered events into a blob container
 * ("Grant managed identity the access to Event Grid destination": Azure Blob storage, Storage
 * Blob Data Contributor), assigned on that container only.
 */
export const DEAD_LETTER_WRITER_ROLE = "Storage Blob Data Contributor";

/** Where events that could not be delivered go. */
export interface DeadLetterContainer {
  /** Azure Resource Manager id of the storage account. */
  readonly storageAccountId: string;
  /** The container's name. */
  readonly containerName: string;
  /** Azure Resource Manager id of the container: the scope of Event Grid's write role. */
  readonly containerResourceId: string;
}

export interface BlobCreatedTriggerProps {
  /** Name of the system topic (3-128 letters, digits and hyphens). Azure allows one system topic per storage account. */
  readonly topicName: string;
  /** Name of the event subscription (3-64 letters, digits and hyphens). */
  readonly subscriptionName: string;
  /** Resource group of the topic (the storage account's). */
  readonly resourceGroupName: string;
  /** Location of the topic: the storage account's region. */
  readonly location: string;
  /** Azure Resource Manager id of the storage account whose blob events are delivered. */
  readonly storageAccountId: string;
  /** Only blobs in this container trigger. */
  readonly containerName: string;
  /** Only blob names ending with this suffix trigger, e.g. `/model.sig`. */
  readonly blobNameEndsWith: string;
  /** `<function app id>/functions/<function name>`: the Event Grid-triggered function. */
  readonly functionId: string;
  /** Where undeliverable events are kept, written with the topic's own identity. */
  readonly deadLetter: DeadLetterContainer;
  /** Delivery attempts before an event is dead-lettered, 1-30. @default 30 */
  readonly maxDeliveryAttempts?: number;
  /** Minutes an event is retried before it is dead-lettered, 1-1440. @default 1440 */
  readonly eventTimeToLiveMinutes?: number;
  /** The five standard tags. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Blob-created events of one container, filtered by name suffix, pushed to one function: an
 * Event Grid system topic on the storage account (with a system-assigned identity), one
 * subscription with an `azure_function_endpoint` (Event Grid obtains the function's key through
 * Azure Resource Manager, no key in configuration), a bounded retry policy, and a dead-letter
 * container that Event Grid writes with its identity (the storage firewall admits it as a
 * trusted service: "Event delivery with a managed identity"), on which alone it holds a role.
 *
 * @example
 * new BlobCreatedTrigger(this, "gate-trigger", {
 *   topicName, subscriptionName: "promotion-gate", resourceGroupName, location, storageAccountId: registry.storageAccountId,
 *   containerName: "incoming", blobNameEndsWith: "/model.sig", functionId: `${fn.functionAppId}/functions/promotion-gate`,
 *   deadLetter, tags,
 * });
 */
export class BlobCreatedTrigger extends Construct {
  /** The system topic. */
  public readonly topic: EventgridSystemTopic;
  /** The event subscription. */
  public readonly subscription: EventgridSystemTopicEventSubscription;
  /** The topic identity's write role on the dead-letter container. */
  public readonly deadLetterAccess: RoleAssignment;

  constructor(scope: Construct, id: string, props: BlobCreatedTriggerProps) {
    const attempts = props.maxDeliveryAttempts ?? 30;
    const ttl = props.eventTimeToLiveMinutes ?? 1440;
    new PropValidator(scope, id)
      .matches("topicName", props.topicName, AZURE_EVENTGRID_TOPIC_NAME, "AZURE_EVENTGRID_NAME_INVALID")
      .matches("subscriptionName", props.subscriptionName, AZURE_EVENTGRID_SUBSCRIPTION_NAME, "AZURE_EVENTGRID_NAME_INVALID")
      .matches("containerName", props.containerName, AZURE_CONTAINER_NAME, "AZURE_CONTAINER_NAME_INVALID")
      // azurerm 4.55 eventgrid helpers: max_delivery_attempts IntBetween(1, 30), event_time_to_live IntBetween(1, 1440).
      .integerInRange("maxDeliveryAttempts", attempts, 1, 30, "AZURE_EVENTGRID_RETRY_OUT_OF_RANGE")
      .integerInRange("eventTimeToLiveMinutes", ttl, 1, 1440, "AZURE_EVENTGRID_RETRY_OUT_OF_RANGE")
      .require(props.blobNameEndsWith.startsWith("/") && props.blobNameEndsWith.length > 1, "AZURE_EVENTGRID_SUFFIX_INVALID", "blobNameEndsWith", props.blobNameEndsWith, "a suffix starting with / naming a file, e.g. /model.sig")
      .throwIfInvalid();
    super(scope, id);

    this.topic = new EventgridSystemTopic(this, "Topic", {
      name: props.topicName,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      sourceResourceId: props.storageAccountId,
      topicType: "Microsoft.Storage.StorageAccounts",
      identity: { type: "SystemAssigned" },
      tags: { ...props.tags },
    });
    this.deadLetterAccess = new RoleAssignment(this, "DeadLetterAccess", {
      scope: props.deadLetter.containerResourceId,
      roleDefinitionName: DEAD_LETTER_WRITER_ROLE,
      principalId: this.topic.identity.principalId,
      description: "Event Grid: write undeliverable blob events into the dead-letter container.",
    });
    this.subscription = new EventgridSystemTopicEventSubscription(this, "Subscription", {
      name: props.subscriptionName,
      systemTopic: this.topic.name,
      resourceGroupName: props.resourceGroupName,
      eventDeliverySchema: "EventGridSchema",
      includedEventTypes: [BLOB_CREATED_EVENT],
      // Subjects are /blobServices/default/containers/<container>/blobs/<name>
      // ("Azure Blob Storage as an Event Grid source", example events); case-sensitive, so
      // MODEL.SIG or another container never matches.
      subjectFilter: {
        subjectBeginsWith: `/blobServices/default/containers/${props.containerName}/`,
        subjectEndsWith: props.blobNameEndsWith,
        caseSensitive: true,
      },
      // One event per invocation: each upload is decided on its own, and a failure retries that
      // upload only.
      azureFunctionEndpoint: { functionId: props.functionId, maxEventsPerBatch: 1, preferredBatchSizeInKilobytes: 64 },
      retryPolicy: { maxDeliveryAttempts: attempts, eventTimeToLive: ttl },
      storageBlobDeadLetterDestination: { storageAccountId: props.deadLetter.storageAccountId, storageBlobContainerName: props.deadLetter.containerName },
      deadLetterIdentity: { type: "SystemAssigned" },
      dependsOn: [this.deadLetterAccess],
    });
  }
}

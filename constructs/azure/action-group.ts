import { MonitorActionGroup } from "@cdktf/provider-azurerm/lib/monitor-action-group";
import { Construct } from "constructs";
import { WEBHOOK_URL } from "../shared/limits/monitoring";
import { PropValidator } from "../shared/validation-error";

/**
 * Longest action group short name azurerm 4.55 accepts (monitor_action_group_resource.go:
 * `short_name` ValidateFunc `StringLenBetween(1, 12)`). The short name is what SMS and email
 * subjects show.
 */
export const ACTION_GROUP_SHORT_NAME_MAX = 12;

/**
 * Email receivers per action group ("Azure Monitor service limits", action groups: 1,000 email
 * actions per action group); config allows far fewer (NOTIFICATION_EMAILS).
 */
export const ACTION_GROUP_MAX_EMAILS = 1000;

/** Anything an alert rule can deliver to: an action group's resource id. */
export interface IActionGroup {
  /** Azure resource id of the action group. */
  readonly actionGroupId: string;
}

export interface ActionGroupProps {
  /** Action group name, unique in the resource group. */
  readonly name: string;
  /** Short name shown in notifications, 1-12 characters (azurerm 4.55 limit). */
  readonly shortName: string;
  /** Resource group of the action group (the environment's). */
  readonly resourceGroupName: string;
  /**
   * Addresses that receive every alert, one email receiver each.
   * @default [] (no email receiver: alerts are still raised and listed in Azure Monitor alerts)
   */
  readonly emails?: readonly string[];
  /**
   * HTTPS endpoint that also receives every alert (common alert schema JSON).
   * @default - no webhook receiver
   */
  readonly webhookUrl?: string;
  /** The five standard tags. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The environment's one Azure Monitor action group: every security alert of the environment
 * (activity-log alerts, the gates' metric and log alerts) delivers here, so who is told is
 * decided in one place.
 *
 * - location `global`: the action group is not tied to a region, so a regional outage does not
 *   silence it (azurerm 4.55 `location` accepts `global` and defaults to it);
 * - every receiver uses the common alert schema, so a webhook consumer parses one JSON shape
 *   for activity-log, metric and log alerts alike ("Common alert schema", Azure Monitor docs);
 * - the webhook must be HTTPS without user-info (WEBHOOK_URL), so alert content and any token
 *   in the URL's path never travel in clear text.
 *
 * @example
 * new ActionGroup(this, "action-group", {
 *   name: "acme-ai-prod-security-alerts",
 *   shortName: "sec-prod",
 *   resourceGroupName: rg.name,
 *   emails: ["security@example.com"],
 *   tags,
 * });
 */
export class ActionGroup extends Construct implements IActionGroup {
  /** Azure resource id of the action group. */
  public readonly actionGroupId: string;
  /** The `azurerm_monitor_action_group` resource. */
  public readonly resource: MonitorActionGroup;

  constructor(scope: Construct, id: string, props: ActionGroupProps) {
    const emails = props.emails ?? [];
    const validator = new PropValidator(scope, id)
      .require(props.shortName.length >= 1 && props.shortName.length <= ACTION_GROUP_SHORT_NAME_MAX, "AZURE_ACTION_GROUP_SHORT_NAME_INVALID", "shortName", props.shortName, `1 to ${ACTION_GROUP_SHORT_NAME_MAX} characters`)
      .require(emails.length <= ACTION_GROUP_MAX_EMAILS, "AZURE_ACTION_GROUP_TOO_MANY_EMAILS", "emails", emails.length, `at most ${ACTION_GROUP_MAX_EMAILS} addresses`)
      .require(new Set(emails).size === emails.length, "AZURE_ACTION_GROUP_DUPLICATE_EMAIL", "emails", emails.join(", "), "each address once")
      .matches("webhookUrl", props.webhookUrl, WEBHOOK_URL, "AZURE_ACTION_GROUP_WEBHOOK_INVALID");
    validator.throwIfInvalid();
    super(scope, id);

    this.resource = new MonitorActionGroup(this, "Resource", {
      name: props.name,
      shortName: props.shortName,
      resourceGroupName: props.resourceGroupName,
      location: "global",
      enabled: true,
      emailReceiver: emails.map((address, i) => ({ name: `email-${i + 1}`, emailAddress: address, useCommonAlertSchema: true })),
      webhookReceiver: props.webhookUrl === undefined ? [] : [{ name: "webhook", serviceUri: props.webhookUrl, useCommonAlertSchema: true }],
      tags: { ...props.tags },
    });
    this.actionGroupId = this.resource.id;
  }
}

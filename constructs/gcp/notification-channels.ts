import { MonitoringNotificationChannel } from "@cdktf/provider-google/lib/monitoring-notification-channel";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { NOTIFICATION_EMAILS, WEBHOOK_URL } from "../shared/limits/monitoring";
import { stableSuffix } from "../shared/naming";
import { PropValidator } from "../shared/validation-error";

/**
 * Most notification channels one alert policy takes (Cloud Monitoring "Quotas and limits",
 * alerting: 16 notification channels per alerting policy): the emails plus the webhook.
 */
export const GCP_ALERT_POLICY_MAX_CHANNELS = 16;

/**
 * Longest name prefix: a log-based metric's name is at most 100 characters (Logging API,
 * LogMetric `name`: "Metric identifiers are limited to 100 characters"), and the longest suffix
 * the blueprint appends is `-project-ownership-changes-count` (32).
 */
export const GCP_ALERT_NAME_PREFIX_MAX_LENGTH = 64;

/**
 * A validator for an alerting construct of this cloud, holding the checks every one of them
 * shares: the name prefix its metrics and policies start with, and (for those that attach
 * policies to channels) the channel count one policy takes. Callers add their own checks and
 * throw.
 */
export function alertPropValidator(scope: Construct, id: string, namePrefix: string, notificationChannels?: readonly string[]): PropValidator {
  const validator = new PropValidator(scope, id).require(
    namePrefix.length >= 1 && namePrefix.length <= GCP_ALERT_NAME_PREFIX_MAX_LENGTH,
    "GCP_ALERT_NAME_PREFIX_INVALID",
    "namePrefix",
    namePrefix,
    `1-${GCP_ALERT_NAME_PREFIX_MAX_LENGTH} characters`,
  );
  if (notificationChannels === undefined) return validator;
  return validator.require(
    notificationChannels.length <= GCP_ALERT_POLICY_MAX_CHANNELS,
    "GCP_ALERT_CHANNELS_TOO_MANY",
    "notificationChannels",
    notificationChannels.length,
    `at most ${GCP_ALERT_POLICY_MAX_CHANNELS} channels per alert policy`,
  );
}

export interface NotificationChannelsProps {
  /** Project that holds the channels and the alert policies that use them. */
  readonly projectId: string;
  /** Start of every channel's display name, e.g. `acme-ai-prod-alerts` (1-70 characters). */
  readonly namePrefix: string;
  /**
   * Email recipients of every alert, 1-10 distinct literal addresses; each becomes a channel.
   * @default [] (no email channel)
   */
  readonly emails?: readonly string[];
  /**
   * An HTTPS endpoint that receives every alert as JSON (`WEBHOOK_URL`).
   * @default - no webhook channel
   */
  readonly webhookUrl?: string;
}

/**
 * Where an environment's alerts go: a Cloud Monitoring email channel per recipient and a
 * `webhook_tokenauth` channel for the webhook, whose `url` label is the endpoint ("Create and
 * manage notification channels by API": `gcloud ... channels create --type=webhook_tokenauth
 * --channel-labels=url=...`). Token authentication is a token in that URL's query string, so the
 * URL is a secret: it lands in the plan and in the (encrypted, access-controlled) state, never in
 * a display name.
 *
 * `channelNames` are what an alert policy's `notification_channels` takes: the channels' `name`,
 * `projects/<project>/notificationChannels/<id>` (google provider 6.50,
 * website/docs/r/monitoring_alert_policy.html.markdown `notification_channels`; the channel's
 * `id` is the same `{{name}}`). Email channels are unverified until a recipient confirms, and
 * Cloud Monitoring delivers to them anyway; an address typo silently loses alerts, so test one.
 *
 * @example
 * const channels = new NotificationChannels(this, "channels", {
 *   projectId: "acme-ai-prod", namePrefix: "acme-ai-prod-alerts",
 *   emails: ["secops@example.com"], webhookUrl: "https://hooks.example.com/gcp?auth_token=...",
 * });
 */
export class NotificationChannels extends Construct {
  /** Every channel's resource name, emails first in the given order, then the webhook. */
  public readonly channelNames: readonly string[];
  /** The `google_monitoring_notification_channel` resources, in `channelNames` order. */
  public readonly channels: readonly MonitoringNotificationChannel[];

  constructor(scope: Construct, id: string, props: NotificationChannelsProps) {
    const emails = props.emails ?? [];
    const lowered = emails.map((e) => e.toLowerCase());
    const validator = alertPropValidator(scope, id, props.namePrefix)
      .require(
        emails.length <= NOTIFICATION_EMAILS.max && new Set(lowered).size === emails.length,
        "GCP_NOTIFICATION_EMAILS_INVALID",
        "emails",
        emails.join(","),
        `at most ${NOTIFICATION_EMAILS.max} distinct addresses`,
      )
      .matches("webhookUrl", props.webhookUrl, WEBHOOK_URL, "GCP_NOTIFICATION_WEBHOOK_INVALID");
    emails.forEach((e, i) => {
      validator.require(!Token.isUnresolved(e) && e.includes("@"), "GCP_NOTIFICATION_EMAIL_INVALID", `emails[${i}]`, e, "a literal email address (it names its channel)");
    });
    validator.throwIfInvalid();
    super(scope, id);

    const channels = emails.map(
      (email) =>
        // Named by a hash of the address, as the budget's channels are: logical ids end up in
        // plans, state addresses and CI logs, and a recipient's address does not belong there.
        new MonitoringNotificationChannel(this, `EmailChannel-${stableSuffix(8, email.toLowerCase())}`, {
          project: props.projectId,
          displayName: `${props.namePrefix} email ${stableSuffix(8, email.toLowerCase())}`,
          type: "email",
          labels: { email_address: email },
        }),
    );
    if (props.webhookUrl !== undefined) {
      channels.push(
        new MonitoringNotificationChannel(this, "Webhook", {
          project: props.projectId,
          displayName: `${props.namePrefix} webhook`,
          type: "webhook_tokenauth",
          labels: { url: props.webhookUrl },
        }),
      );
    }
    this.channels = channels;
    this.channelNames = channels.map((c) => c.name);
  }
}

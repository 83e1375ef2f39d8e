import { valuesAt } from "../../model";
import { isEnvironmentStack, notApplicable, stackRule } from "../../rule";

/**
 * A Cloud Monitoring alert policy without notification channels opens incidents nobody is told
 * about (Cloud Monitoring, "Manage notification channels"; terraform-provider-google
 * google_monitoring_alert_policy.notification_channels). The blueprint gives every policy of an
 * environment the channels of environments.<env>.monitoring.notifications.
 */
export const rule = stackRule({
  control: "ALERTS-ROUTED",
  cloud: "gcp",
  title: "Every GCP environment's alert policies notify a channel",
  severity: "warning",
  appliesTo: ["google_monitoring_alert_policy", "google_monitoring_notification_channel"],
  mappings: { nist80053: ["SI-4(5)", "IR-6", "AU-6"] },
  rationale: "Detection only helps when someone hears it: a destroyed key version or a changed sink must reach a person or a pager within minutes, not wait for someone to open the console.",
  fix: "Set environments.<env>.monitoring.notifications (emails, optionally webhookUrl): NotificationChannels creates a channel for each, and every alert policy names them.",
  check(context) {
    if (!isEnvironmentStack(context.stack)) return notApplicable("not an environment stack");
    const problems = context.problems();
    const policies = context.resourcesOf("google_monitoring_alert_policy");
    if (policies.length === 0) return problems.error("no google_monitoring_alert_policy: nothing in this environment alerts").outcome();
    const silent = policies.filter((p) => valuesAt(p.attributes, "notification_channels").length === 0).map((p) => p.address);
    if (silent.length > 0) problems.error(`${silent.length} alert policies have no notification_channels (set environments.<env>.monitoring.notifications): ${silent.slice(0, 3).join(", ")}${silent.length > 3 ? ", ..." : ""}`);
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "a policy with a channel",
        stack: {
          provider: { google: [{ default_labels: { environment: "prod" } }] },
          resource: {
            google_monitoring_notification_channel: { e: { type: "email", labels: { email_address: "security@example.com" } } },
            google_monitoring_alert_policy: { p: { display_name: "acme-ai-prod key version destroyed", notification_channels: ["${google_monitoring_notification_channel.e.id}"] } },
          },
        },
      },
    ],
    noncompliance: [
      {
        name: "a policy without channels",
        stack: { provider: { google: [{ default_labels: { environment: "prod" } }] }, resource: { google_monitoring_alert_policy: { p: { display_name: "acme-ai-prod key version destroyed" } } } },
        expect: "1 alert policies have no notification_channels",
      },
      { name: "no policies at all", stack: { provider: { google: [{ default_labels: { environment: "prod" } }] }, resource: { google_kms_key_ring: { r: { name: "x" } } } }, expect: "no google_monitoring_alert_policy" },
    ],
  },
});

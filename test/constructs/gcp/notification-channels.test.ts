import { NotificationChannels, NotificationChannelsProps } from "../../../constructs/gcp/notification-channels";
import { validationErrorOf } from "../../helpers/errors";
import { Json, resourcesOf, synthConstruct } from "../../helpers/synth";

const BASE: NotificationChannelsProps = {
  projectId: "acme-ai-prod",
  namePrefix: "acme-ai-prod-alerts",
  emails: ["secops@example.com", "ml-platform@example.com"],
  webhookUrl: "https://hooks.example.com/gcp?auth_token=abc",
};

function synth(props: Partial<NotificationChannelsProps> = {}): Json {
  return synthConstruct((scope) => new NotificationChannels(scope, "channels", { ...BASE, ...props }));
}

describe("gcp NotificationChannels", () => {
  test("one email channel per address and a webhook_tokenauth channel whose url label is the webhook", () => {
    const channels = Object.values(resourcesOf(synth(), "google_monitoring_notification_channel"));
    expect(channels.map((c) => [c["type"], c["labels"], c["project"]])).toEqual([
      ["email", { email_address: "secops@example.com" }, "acme-ai-prod"],
      ["email", { email_address: "ml-platform@example.com" }, "acme-ai-prod"],
      ["webhook_tokenauth", { url: "https://hooks.example.com/gcp?auth_token=abc" }, "acme-ai-prod"],
    ]);
  });

  test("display names start with the prefix and never hold the address or the webhook URL", () => {
    const names = Object.values(resourcesOf(synth(), "google_monitoring_notification_channel")).map((c) => c["display_name"] as string);
    expect(names).toHaveLength(3);
    expect(names.filter((n) => n.startsWith("acme-ai-prod-alerts "))).toHaveLength(3);
    expect(names.filter((n) => n.includes("@") || n.includes("hooks.example.com"))).toEqual([]);
    expect(names[2]).toBe("acme-ai-prod-alerts webhook");
  });

  test("logical ids are a hash of the address, not the address", () => {
    const ids = Object.keys(resourcesOf(synth(), "google_monitoring_notification_channel"));
    expect(ids.filter((id) => id.includes("secops") || id.includes("example"))).toEqual([]);
  });

  test("channelNames are the channels' name attributes, emails first, then the webhook", () => {
    let names: readonly string[] = [];
    synthConstruct((scope) => {
      names = new NotificationChannels(scope, "channels", BASE).channelNames;
    });
    expect(names).toHaveLength(3);
    expect(names.filter((n) => n.startsWith("${TfToken["))).toHaveLength(3);
  });

  test("no emails and no webhook: no channel", () => {
    expect(resourcesOf(synth({ emails: undefined, webhookUrl: undefined }), "google_monitoring_notification_channel")).toEqual({});
  });

  test("GCP_NOTIFICATION_EMAILS_INVALID: more than 10 addresses, or one twice in any case", () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `a${i}@example.com`);
    expect(validationErrorOf(() => synth({ emails: eleven })).problems.map((p) => [p.code, p.prop])).toEqual([["GCP_NOTIFICATION_EMAILS_INVALID", "emails"]]);
    expect(validationErrorOf(() => synth({ emails: ["a@example.com", "A@example.com"] })).problems.map((p) => p.code)).toEqual(["GCP_NOTIFICATION_EMAILS_INVALID"]);
  });

  test("GCP_NOTIFICATION_EMAIL_INVALID: an address without @", () => {
    expect(validationErrorOf(() => synth({ emails: ["secops"] })).problems.map((p) => [p.code, p.prop, p.value])).toEqual([["GCP_NOTIFICATION_EMAIL_INVALID", "emails[0]", '"secops"']]);
  });

  test.each([["http://hooks.example.com/x"], ["https://user:pw@hooks.example.com/x"]])("GCP_NOTIFICATION_WEBHOOK_INVALID: %s", (webhookUrl) => {
    expect(validationErrorOf(() => synth({ webhookUrl })).problems.map((p) => [p.code, p.prop])).toEqual([["GCP_NOTIFICATION_WEBHOOK_INVALID", "webhookUrl"]]);
  });

  test("GCP_ALERT_NAME_PREFIX_INVALID: an empty or over-long prefix", () => {
    expect(validationErrorOf(() => synth({ namePrefix: "" })).problems.map((p) => p.code)).toEqual(["GCP_ALERT_NAME_PREFIX_INVALID"]);
    expect(validationErrorOf(() => synth({ namePrefix: "x".repeat(65) })).problems.map((p) => [p.code, p.accepted])).toEqual([["GCP_ALERT_NAME_PREFIX_INVALID", "1-64 characters"]]);
  });
});

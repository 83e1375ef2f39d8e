import { CostAnomalyAlert as CostAnomalyAlertResource } from "@cdktf/provider-azurerm/lib/cost-anomaly-alert";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { PropValidator } from "../shared/validation-error";

/** azurerm 4.55 cost_anomaly_alert_resource.go: `email_subject` StringLenBetween(1, 70). */
export const COST_ANOMALY_SUBJECT_MAX = 70;
/** azurerm 4.55 cost_anomaly_alert_resource.go: `message` StringLenBetween(1, 250). */
export const COST_ANOMALY_MESSAGE_MAX = 250;

export interface CostAnomalyAlertProps {
  /** Alert name: lowercase letters, digits and hyphens (azurerm 4.55 validate.CostAnomalyAlertName). */
  readonly name: string;
  /** Name shown in Cost Management. */
  readonly displayName: string;
  /** ARM id of the subscription watched, `/subscriptions/<uuid>`. */
  readonly subscriptionId: string;
  /** Who receives the anomaly email: at least one address (azurerm 4.55: `email_addresses` MinItems 1). */
  readonly emails: readonly string[];
  /** Subject of the email, 1-70 characters. @default "Cost anomaly in <displayName>" (cut to 70) */
  readonly emailSubject?: string;
  /** Text added to the email, 1-250 characters. @default - a line saying why the anomaly matters */
  readonly message?: string;
}

/**
 * A Cost Management anomaly alert on the subscription: the daily anomaly model (the
 * `ms:DailyAnomalyByResourceGroup` view azurerm 4.55 binds it to) emails when spend bends away
 * from its learned curve. A cost anomaly is often the first visible sign of stolen credentials
 * mining on the subscription or a hijacked pipeline scanning and uploading in a loop. Azure's
 * anomaly alert has no amount threshold: it reports every anomaly the model finds
 * (COST_ANOMALY_THRESHOLD_USD applies to AWS only).
 */
export class CostAnomalyAlert extends Construct {
  /** The `azurerm_cost_anomaly_alert` resource. */
  public readonly resource: CostAnomalyAlertResource;

  constructor(scope: Construct, id: string, props: CostAnomalyAlertProps) {
    const subject = props.emailSubject ?? `Cost anomaly in ${props.displayName}`.slice(0, COST_ANOMALY_SUBJECT_MAX);
    const message = props.message ?? "Spend left its learned baseline: check for unknown resources, runaway scans or uploads, and credentials in use that should not be.";
    const validator = new PropValidator(scope, id)
      .require(props.emails.length >= 1, "AZURE_COST_ANOMALY_EMAILS_EMPTY", "emails", "[]", "at least one address")
      .require(subject.length >= 1 && subject.length <= COST_ANOMALY_SUBJECT_MAX, "AZURE_COST_ANOMALY_SUBJECT_LENGTH", "emailSubject", subject, `1 to ${COST_ANOMALY_SUBJECT_MAX} characters`)
      .require(message.length >= 1 && message.length <= COST_ANOMALY_MESSAGE_MAX, "AZURE_COST_ANOMALY_MESSAGE_LENGTH", "message", message, `1 to ${COST_ANOMALY_MESSAGE_MAX} characters`);
    if (!Token.isUnresolved(props.name)) {
      // Any character outside [a-z0-9-] is refused; an empty name too.
      validator.require(props.name.length > 0 && !/[^a-z0-9-]/.test(props.name), "AZURE_COST_ANOMALY_NAME_INVALID", "name", props.name, "lowercase letters, digits and hyphens");
    }
    validator.throwIfInvalid();
    super(scope, id);

    this.resource = new CostAnomalyAlertResource(this, "Resource", {
      name: props.name,
      displayName: props.displayName,
      subscriptionId: props.subscriptionId,
      emailAddresses: [...props.emails],
      emailSubject: subject,
      message,
    });
  }
}

import { SecurityCenterContact } from "@cdktf/provider-azurerm/lib/security-center-contact";
import { SecurityCenterSubscriptionPricing } from "@cdktf/provider-azurerm/lib/security-center-subscription-pricing";
import { Construct } from "constructs";
import { PropValidator } from "../shared/validation-error";

/**
 * The monthly on-upload scan cap per storage account for accounts the subscription plan covers
 * and no per-account override does (the log, gate-host and other accounts of the
 * subscription): they hold only what the blueprint and Azure Monitor write, so scanning them is
 * defence in depth, bounded to 100 GB (about 15 USD at 0.15 USD/GB) per account and month.
 * Registry accounts carry their own cap (StorageDefender).
 */
export const SUBSCRIPTION_MALWARE_SCAN_CAP_GB = 100;

export interface DefenderPlansProps {
  /**
   * Monthly on-upload scan cap per storage account at subscription level (the
   * `OnUploadMalwareScanning` extension's `CapGBPerMonthPerStorageAccount`); `-1` is unlimited.
   * @default 100 (SUBSCRIPTION_MALWARE_SCAN_CAP_GB)
   */
  readonly malwareScanCapGbPerMonth?: number;
  /**
   * Addresses Defender for Cloud emails its security alerts to (the subscription's security
   * contact, one per subscription).
   * @default [] (no security contact is managed: Defender alerts still reach the action group through the Security activity-log alert)
   */
  readonly securityContactEmails?: readonly string[];
}

/**
 * The subscription's Defender for Cloud plans the supply chain relies on:
 *
 * - `KeyVaults`, subplan `PerKeyVault`: alerts on unusual access to the vault that holds the
 *   signing and attestation keys (access from a Tor exit node, an unusual identity or volume,
 *   a suspicious policy change), the only detector over the vault's data plane that needs no
 *   Log Analytics workspace;
 * - `StorageAccounts`, subplan `DefenderForStorageV2` (the per-account plan of March 2023) with
 *   the `OnUploadMalwareScanning` extension (cap `CapGBPerMonthPerStorageAccount`) and
 *   `SensitiveDataDiscovery` ("Enable and configure the Microsoft Defender for Storage plan at
 *   scale using REST API": the same extension and property names); registry accounts override
 *   it with their own settings (StorageDefender);
 * - the security contact, when addresses are given: Defender's own alert emails.
 *
 * Each of these is a subscription singleton (`/subscriptions/<id>/providers/Microsoft.Security/
 * pricings/<type>`, securityContacts `default`): two stacks in one subscription must not both
 * create them, and where a central team sets Defender plans by Azure Policy, turn this off
 * (`clouds.azure.threatDetection.defenderPlans: false`). Destroying a pricing resets the plan to
 * Free (azurerm 4.55 docs, azurerm_security_center_subscription_pricing).
 */
export class DefenderPlans extends Construct {
  /** The `KeyVaults` pricing. */
  public readonly keyVaults: SecurityCenterSubscriptionPricing;
  /** The `StorageAccounts` pricing. */
  public readonly storageAccounts: SecurityCenterSubscriptionPricing;
  /** The security contact; none without addresses. */
  public readonly contact?: SecurityCenterContact;

  constructor(scope: Construct, id: string, props: DefenderPlansProps = {}) {
    const cap = props.malwareScanCapGbPerMonth ?? SUBSCRIPTION_MALWARE_SCAN_CAP_GB;
    const emails = props.securityContactEmails ?? [];
    new PropValidator(scope, id)
      .require(cap === -1 || (Number.isInteger(cap) && cap >= 1), "AZURE_DEFENDER_PLANS_CAP_INVALID", "malwareScanCapGbPerMonth", cap, "an integer of at least 1 GB, or -1 (unlimited)")
      .require(emails.every((e) => !e.includes(";")), "AZURE_DEFENDER_PLANS_CONTACT_EMAIL_INVALID", "securityContactEmails", emails.join(", "), "addresses without ';' (the contact joins them with ';')")
      .throwIfInvalid();
    super(scope, id);

    this.keyVaults = new SecurityCenterSubscriptionPricing(this, "KeyVaults", {
      tier: "Standard",
      resourceType: "KeyVaults",
      subplan: "PerKeyVault",
    });
    this.storageAccounts = new SecurityCenterSubscriptionPricing(this, "StorageAccounts", {
      tier: "Standard",
      resourceType: "StorageAccounts",
      subplan: "DefenderForStorageV2",
      // azurerm 4.55 docs: "If an extension is not defined, it will not be enabled."
      extension: [
        { name: "OnUploadMalwareScanning", additionalExtensionProperties: { CapGBPerMonthPerStorageAccount: String(cap) } },
        { name: "SensitiveDataDiscovery" },
      ],
    });
    if (emails.length > 0) {
      // The API takes one string; several addresses are separated by ';' (Security Contacts REST API).
      this.contact = new SecurityCenterContact(this, "Contact", {
        name: "default",
        email: emails.join(";"),
        alertNotifications: true,
        alertsToAdmins: true,
      });
    }
  }
}

import { SecurityCenterStorageDefender } from "@cdktf/provider-azurerm/lib/security-center-storage-defender";
import { Construct } from "constructs";
import { PropValidator } from "../shared/validation-error";

/**
 * Monthly on-upload scan cap per storage account when the registry declares no upload volume:
 * Microsoft's own default ("Enable and configure the Microsoft Defender for Storage plan at
 * scale using REST API": "The default limit is set at 5,000 GB"; -1 is unlimited).
 */
export const DEFAULT_MALWARE_SCAN_CAP_GB = 5000;

/**
 * Headroom over a registry's declared `monthlyUploadGb`: uploads above the cap are not scanned
 * (the blob gets no scan result), and the gate then waits and rejects, so a cap too tight turns
 * a busy month into refused promotions. Twice the declared volume absorbs re-uploads of a
 * rejected version without paying for unbounded scanning.
 */
export const MALWARE_SCAN_CAP_HEADROOM = 2;

/**
 * The index tag Defender for Storage writes on every scanned blob and its success values
 * ("Understand malware scanning results", Microsoft Defender for Cloud docs: key "Malware
 * Scanning scan result", values "No threats found" and "Malicious"; error states carry a
 * `SAM…` message instead). A second tag, "Malware Scanning scan time UTC", holds the scan time:
 * two of the ten index tags Azure allows per blob.
 */
export const MALWARE_SCAN_RESULT_TAG = "Malware Scanning scan result";
/** The scan-time index tag Defender for Storage writes beside the result. */
export const MALWARE_SCAN_TIME_TAG = "Malware Scanning scan time UTC";
/** Scan result of a clean blob. */
export const MALWARE_SCAN_CLEAN = "No threats found";
/** Scan result of an infected blob. */
export const MALWARE_SCAN_MALICIOUS = "Malicious";

/** The cap for a registry: twice its declared monthly volume (at least 1 GB), else the default. */
export function malwareScanCapGb(monthlyUploadGb: number | undefined): number {
  if (monthlyUploadGb === undefined) return DEFAULT_MALWARE_SCAN_CAP_GB;
  return Math.max(1, Math.ceil(monthlyUploadGb * MALWARE_SCAN_CAP_HEADROOM));
}

export interface StorageDefenderProps {
  /** Azure resource id of the storage account (a model registry's). */
  readonly storageAccountId: string;
  /**
   * Most GB scanned on upload per month; `-1` is unlimited (azurerm 4.55
   * security_center_storage_defender_resource.go: `IntAtLeast(1)` or `-1`, default -1).
   * @default 5000 (DEFAULT_MALWARE_SCAN_CAP_GB)
   */
  readonly malwareScanCapGbPerMonth?: number;
  /**
   * Sensitive data threat detection: alerts on suspicious access to blobs classified as
   * sensitive. Included in the Defender for Storage per-account price.
   * @default true
   */
  readonly sensitiveDataDiscovery?: boolean;
}

/**
 * Defender for Storage on one storage account, whatever the subscription's plan says: activity
 * monitoring (anomalous access, known-bad IPs, Tor), on-upload malware scanning and sensitive
 * data threat detection. A model file carrying malware (a pickle payload, a trojaned
 * archive) gets the scan result as a blob index tag the promotion gate reads before promoting.
 *
 * `override_subscription_settings_enabled` makes these settings the account's own: a later
 * change of the subscription's Defender plan (turned off, scanning off, a smaller cap) cannot
 * silently stop the scans the gate depends on. azurerm 4.55 sets `isEnabled` true on create
 * (security_center_storage_defender_resource.go), so the resource alone turns the plan on.
 *
 * @example
 * new StorageDefender(this, "defender", { storageAccountId: registry.storageAccountId, malwareScanCapGbPerMonth: 100 });
 */
export class StorageDefender extends Construct {
  /** The `azurerm_security_center_storage_defender` resource. */
  public readonly resource: SecurityCenterStorageDefender;

  constructor(scope: Construct, id: string, props: StorageDefenderProps) {
    const cap = props.malwareScanCapGbPerMonth ?? DEFAULT_MALWARE_SCAN_CAP_GB;
    new PropValidator(scope, id)
      .require(cap === -1 || (Number.isInteger(cap) && cap >= 1), "AZURE_STORAGE_DEFENDER_CAP_INVALID", "malwareScanCapGbPerMonth", cap, "an integer of at least 1 GB, or -1 (unlimited)")
      .throwIfInvalid();
    super(scope, id);

    this.resource = new SecurityCenterStorageDefender(this, "Resource", {
      storageAccountId: props.storageAccountId,
      overrideSubscriptionSettingsEnabled: true,
      malwareScanningOnUploadEnabled: true,
      malwareScanningOnUploadCapGbPerMonth: cap,
      sensitiveDataDiscoveryEnabled: props.sensitiveDataDiscovery ?? true,
    });
  }
}

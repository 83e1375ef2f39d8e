/**
 * Acknowledgements: an owner's signed-off decision that a finding is accepted for now. They live
 * in the configuration (`acknowledgements:`), each addressed to one rule and one resource (an
 * address or a glob, optionally prefixed with the stack: `aws-dev/aws_kms_key.*`), with a
 * reason, an owner, a ticket and an expiry date. An expired one acknowledges nothing and is
 * itself an error, as is one that matches no finding: a stale exception must not linger.
 */
export interface Acknowledgement {
  readonly rule: string;
  readonly resource: string;
  readonly reason: string;
  readonly owner: string;
  readonly ticket: string;
  /** Last day (UTC, `YYYY-MM-DD`) the acknowledgement holds. */
  readonly expires: string;
}

/** `*` any run of characters, `?` one; everything else literal. */
export function globToRegExp(glob: string): RegExp {
  const source = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`);
}

/** The stack an acknowledgement's resource pattern names (`aws-dev/…`), if any. */
export function acknowledgedStack(ack: Acknowledgement): string | undefined {
  const slash = ack.resource.indexOf("/");
  return slash > 0 ? ack.resource.slice(0, slash) : undefined;
}

/** A compiled matcher for one acknowledgement. */
export interface AcknowledgementMatcher {
  readonly ack: Acknowledgement;
  readonly expired: boolean;
  matches(ruleId: string, stack: string, address: string): boolean;
}

/** True when `now` is after the last day of `expires` (UTC). */
export function isExpired(expires: string, now: Date): boolean {
  const end = Date.parse(`${expires}T23:59:59.999Z`);
  return Number.isNaN(end) || now.getTime() > end;
}

export function compileAcknowledgement(ack: Acknowledgement, now: Date): AcknowledgementMatcher {
  const rule = globToRegExp(ack.rule);
  const resource = globToRegExp(ack.resource);
  const qualified = acknowledgedStack(ack) !== undefined;
  return {
    ack,
    expired: isExpired(ack.expires, now),
    matches: (ruleId, stack, address) => rule.test(ruleId) && resource.test(qualified ? `${stack}/${address}` : address),
  };
}

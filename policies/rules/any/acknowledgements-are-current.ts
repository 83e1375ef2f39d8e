import { AcknowledgementRule } from "../../rule";

/**
 * The engine checks acknowledgements itself (policies/engine.ts); this entry gives its findings
 * an id, text and mappings in RULES.md, SARIF and the report like every other rule.
 */
export const rule: AcknowledgementRule = {
  id: "ACKNOWLEDGEMENT-VALID-ANY",
  control: "ACKNOWLEDGEMENT-VALID",
  cloud: "any",
  scope: "acknowledgements",
  title: "Every acknowledgement is current and accepts at least one finding",
  severity: "error",
  appliesTo: ["acknowledgements"],
  mappings: { nist80053: ["CA-5", "CA-7", "PM-4"] },
  rationale:
    "An exception is a decision with an owner and an end date. Once it expires the finding is open again; an exception that matches nothing (the resource was renamed, the rule id mistyped) hides the next finding it happens to match and tells the auditor something untrue.",
  fix: "Renew the acknowledgement with a new expiry and ticket, fix the finding it covered, or remove it from acknowledgements in the configuration.",
  tests: {
    compliance: [
      {
        name: "a current acknowledgement that accepts a finding",
        stack: { resource: { aws_kms_key: { k: { enable_key_rotation: false } } } },
        acknowledgements: [{ rule: "KEY-ROTATION-AWS", resource: "aws_kms_key.k", reason: "asymmetric signing key", owner: "ml-platform", ticket: "SEC-1", expires: "2027-01-31" }],
      },
    ],
    noncompliance: [
      {
        name: "an expired acknowledgement",
        stack: { resource: { aws_kms_key: { k: { enable_key_rotation: false } } } },
        acknowledgements: [{ rule: "KEY-ROTATION-AWS", resource: "aws_kms_key.k", reason: "asymmetric signing key", owner: "ml-platform", ticket: "SEC-1", expires: "2026-11-30" }],
        expect: "expired on 2026-11-30",
      },
      {
        name: "an acknowledgement that matches nothing",
        stack: { resource: { aws_kms_key: { k: { enable_key_rotation: true } } } },
        acknowledgements: [{ rule: "KEY-ROTATION-AWS", resource: "aws_kms_key.other", reason: "asymmetric signing key", owner: "ml-platform", ticket: "SEC-1", expires: "2027-01-31" }],
        expect: "matches no finding",
      },
    ],
  },
};

import { stringify } from "yaml";
import { parseConfig } from "../../config/load";
import { CHECKERS } from "../checkers/all";
import { defaultConfigDoc } from "../helpers/config-scratch";
import { Json, synthApp } from "../helpers/synth";

/*
 * Every control checker over every stack of the default configuration. A checker that becomes
 * "not-applicable" (a purpose tag renamed, a resource gone) drops out of the result and fails
 * the comparison as surely as a broken control. Problems are compared without their resource
 * address (logical ids are the stacks' business); what is wrong is written out here.
 */

type Outcome = "compliant" | string[];

function outcomes(stack: Json): Record<string, Outcome> {
  const out: Record<string, Outcome> = {};
  for (const [name, check] of Object.entries(CHECKERS)) {
    const r = check(stack);
    if (r.status === "compliant") out[name] = "compliant";
    if (r.status === "noncompliant") out[name] = r.problems.map((p) => p.replace(/^\S+: /, ""));
  }
  return out;
}

const AWS_ENV: Record<string, Outcome> = { awsBucketsAreTlsOnly: "compliant", awsBucketsUseCustomerManagedKeys: "compliant", awsBucketsBlockPublicAccess: "compliant", awsKeysRotate: "compliant", awsKeyAdminsCannotUseKeys: "compliant" };
const GCP_ENV: Record<string, Outcome> = { gcpBucketsUseCustomerManagedKeys: "compliant", gcpBucketsBlockPublicAccess: "compliant", gcpKeysRotate: "compliant", gcpRolesAreLeastPrivilege: "compliant" };
const AZURE_ENV: Record<string, Outcome> = {
  azureStorageIsTlsOnly: "compliant",
  azureStorageUsesCustomerManagedKeys: "compliant",
  azureStorageBlocksPublicAccess: "compliant",
  azureKeysRotate: "compliant",
  azureRolesAreLeastPrivilege: "compliant",
};

/**
 * dev is the short-lived environment of the default config: its write-once storage is loosened on
 * purpose (GOVERNANCE, unlocked). Azure dev: six log containers (Key Vault audit, activity log,
 * the log account's own reads and deletes, the registries' blob writes) and the two registries'
 * approved containers. GCP dev: the audit log bucket and the registries' usage-log bucket.
 */
const EXPECTED: Record<string, Record<string, Outcome>> = {
  "aws-dev": { ...AWS_ENV, awsLogBucketsAreWriteOnce: ['Object Lock mode is "GOVERNANCE", not COMPLIANCE'] },
  "aws-prod": { ...AWS_ENV, awsLogBucketsAreWriteOnce: "compliant" },
  "azure-dev": { ...AZURE_ENV, azureLogStorageIsWriteOnce: Array(6 + 2).fill("locked is false, not true") as string[] },
  "azure-prod": { ...AZURE_ENV, azureLogStorageIsWriteOnce: "compliant" },
  "cost-allocation-aws": {},
  "gcp-dev": { ...GCP_ENV, gcpLogBucketsAreWriteOnce: Array(2).fill("retention policy is_locked is false, not true") as string[] },
  "gcp-prod": { ...GCP_ENV, gcpLogBucketsAreWriteOnce: "compliant" },
  // The state bucket holds no evidence: the write-once check finds only what is tagged logs.
  "state-backend-aws": AWS_ENV,
  "state-backend-azure": { ...AZURE_ENV, azureLogStorageIsWriteOnce: "compliant" },
  "state-backend-gcp": { ...GCP_ENV, gcpLogBucketsAreWriteOnce: "compliant" },
};

const synthesized = synthApp("controls");

/*
 * The ci-<cloud>-<env> stacks hold the pipelines' deployer identities, which by design hold what
 * applying an environment takes: the workload checkers above (narrow data-plane roles) do not
 * describe them. Their trust and scope are pinned by test/stacks/ci-*.test.ts and the policy
 * rules; here they are listed, so no other stack drops out unseen.
 */
const CI_STACKS = ["ci-aws-dev", "ci-aws-prod", "ci-azure-dev", "ci-azure-prod", "ci-gcp-dev", "ci-gcp-prod"];
const stacks = new Map([...synthesized].filter(([name]) => !CI_STACKS.includes(name)));

test("the stacks left out of the control table are exactly the CI identity stacks", () => {
  expect([...synthesized.keys()].filter((name) => !stacks.has(name))).toEqual(CI_STACKS);
});

test("the default configuration synthesizes exactly the stacks this table covers", () => {
  expect([...stacks.keys()]).toEqual(Object.keys(EXPECTED));
});

test.each(Object.keys(EXPECTED))("%s: each control checker's verdict", (name) => {
  expect(outcomes(JSON.parse(stacks.get(name) ?? "{}") as Json)).toEqual(EXPECTED[name]);
});

describe("the log-archive layout (evidence account, project and subscription on every cloud)", () => {
  const doc = defaultConfigDoc<{ clouds: Record<string, Record<string, unknown>> }>();
  doc.clouds["aws"]!["evidence"] = { accountId: "444444444444", region: "eu-west-1" };
  doc.clouds["gcp"]!["evidence"] = { projectId: "acme-ai-evidence", region: "europe-west1" };
  doc.clouds["azure"]!["evidence"] = { subscriptionId: "00000000-0000-4000-8000-0000000000e1", location: "westeurope" };
  const layout = synthApp("controls-evidence", parseConfig(stringify(doc), "evidence.yaml"));

  /**
   * The environments keep keys, roles, (AWS) the access-log bucket and the model registries (their
   * storage, and on GCP the registries' usage-log bucket, locked in prod); their audit evidence
   * moved out. The evidence subscription's log account gets the registries' blob-write container.
   */
  const EVIDENCE_EXPECTED: Record<string, Record<string, Outcome>> = {
    "aws-prod": AWS_ENV,
    "azure-prod": { ...AZURE_ENV, azureLogStorageIsWriteOnce: "compliant" },
    "gcp-prod": { ...GCP_ENV, gcpLogBucketsAreWriteOnce: "compliant" },
    "evidence-aws": { ...AWS_ENV, awsLogBucketsAreWriteOnce: ['Object Lock mode is "GOVERNANCE", not COMPLIANCE'] },
    "evidence-azure": { ...AZURE_ENV, azureLogStorageIsWriteOnce: Array(6).fill("locked is false, not true") as string[] },
    "evidence-gcp": { ...GCP_ENV, gcpLogBucketsAreWriteOnce: ["retention policy is_locked is false, not true"] },
  };

  test.each(Object.keys(EVIDENCE_EXPECTED))("%s: each control checker's verdict", (name) => {
    expect(outcomes(JSON.parse(layout.get(name) ?? "{}") as Json)).toEqual(EVIDENCE_EXPECTED[name]);
  });
});

import { ImmutableLogBucket } from "../../../constructs/aws/immutable-log-bucket";
import { KmsKey } from "../../../constructs/aws/kms-key";
import { PolicyDocument, PolicyStatement } from "../../../constructs/aws/policy-document";
import { RETENTION_TIER_PRESETS } from "../../../constructs/shared/retention-presets";
import { synthConstruct } from "../../helpers/synth";

const READ: PolicyStatement = { Sid: "ReadLogs", Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:role/auditor" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::logs/*" };

describe("aws PolicyDocument", () => {
  test("starts empty without initial statements", () => {
    const doc = new PolicyDocument();
    expect(doc.statementList).toEqual([]);
    doc.add(READ);
    expect(doc.statementList).toEqual([READ]);
  });

  test("keeps the statements in insertion order", () => {
    const doc = new PolicyDocument([READ]);
    doc.add({ ...READ, Sid: "ListLogs", Action: "s3:ListBucket", Resource: "arn:aws:s3:::logs" });
    expect(doc.statementList.map((s) => s.Sid)).toEqual(["ReadLogs", "ListLogs"]);
  });

  test("a second statement with the same Sid throws, naming the Sid (statements are addressed by Sid)", () => {
    const doc = new PolicyDocument([READ]);
    expect(() => doc.add({ ...READ, Action: "s3:*" })).toThrow("policy already has a statement with Sid ReadLogs");
    expect(doc.statementList).toEqual([READ]);
  });

  test("the same Sid twice in the initial statements throws too", () => {
    expect(() => new PolicyDocument([READ, READ])).toThrow("policy already has a statement with Sid ReadLogs");
  });

  test("a construct's policy refuses a grant that reuses one of its Sids (one cannot replace the TLS deny)", () => {
    expect(() =>
      synthConstruct((scope) => {
        const kmsKey = new KmsKey(scope, "key", { purpose: "logs", aliasName: "acme-ai-prod-logs", accountId: "222222222222", adminRoleArn: "arn:aws:iam::222222222222:role/admin" });
        const logs = new ImmutableLogBucket(scope, "logs", { bucketName: "acme-ai-prod-logs-222222222222", kmsKey, retentionTier: RETENTION_TIER_PRESETS["audit-1y"] });
        logs.addToResourcePolicy({ Sid: "DenyInsecureTransport", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${logs.bucketArn}/*` });
      }),
    ).toThrow("policy already has a statement with Sid DenyInsecureTransport");
  });
});

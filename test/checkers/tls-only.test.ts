import { Json } from "../helpers/synth";
import { awsBucketsAreTlsOnly, azureStorageIsTlsOnly } from "./tls-only";
import { editPolicy, policy, variant } from "./fixtures";

const TLS_DENY = {
  Sid: "DenyInsecureTransport",
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: ["${aws_s3_bucket.logs.arn}", "${aws_s3_bucket.logs.arn}/*"],
  Condition: { Bool: { "aws:SecureTransport": "false" } },
};

const AWS: Json = {
  resource: {
    aws_s3_bucket: { logs: { bucket: "acme-logs" } },
    aws_s3_bucket_policy: { logs: { bucket: "${aws_s3_bucket.logs.id}", policy: policy(TLS_DENY) } },
  },
};

const AZURE: Json = {
  resource: { azurerm_storage_account: { logs: { https_traffic_only_enabled: true, min_tls_version: "TLS1_2" } } },
};

describe("awsBucketsAreTlsOnly", () => {
  test("Compliance: a Deny of s3:* for everyone on the bucket and its objects without TLS", () => {
    expect(awsBucketsAreTlsOnly(AWS)).toEqual({ status: "compliant", checked: ["aws_s3_bucket.logs"] });
  });

  test("Not applicable: a stack without buckets", () => {
    expect(awsBucketsAreTlsOnly({ resource: {} })).toEqual({ status: "not-applicable" });
  });

  test.each<[string, (r: Record<string, Record<string, Json>>) => void, string[]]>([
    ["Noncompliance 1: no bucket policy", (r) => delete r["aws_s3_bucket_policy"], ["aws_s3_bucket.logs: no bucket policy statement denies requests with aws:SecureTransport false"]],
    [
      "Noncompliance 2: a policy of another bucket",
      (r) => (r["aws_s3_bucket_policy"]!["logs"]!["bucket"] = "${aws_s3_bucket.other.id}"),
      ["aws_s3_bucket.logs: no bucket policy statement denies requests with aws:SecureTransport false"],
    ],
    [
      "Noncompliance 3: Principal narrowed from everyone to one account",
      (r) => editPolicy(r["aws_s3_bucket_policy"]!["logs"]!, (s) => (s[0]!["Principal"] = { AWS: "arn:aws:iam::222222222222:root" })),
      ['aws_s3_bucket.logs: DenyInsecureTransport denies only {"AWS":"arn:aws:iam::222222222222:root"}, not every principal ("*")'],
    ],
    [
      "Noncompliance 4: Resource narrowed to a prefix",
      (r) => editPolicy(r["aws_s3_bucket_policy"]!["logs"]!, (s) => (s[0]!["Resource"] = ["${aws_s3_bucket.logs.arn}", "${aws_s3_bucket.logs.arn}/cloudtrail/*"])),
      ["aws_s3_bucket.logs: DenyInsecureTransport does not cover every object (${aws_s3_bucket.logs.arn}/*)"],
    ],
    [
      "Noncompliance 5: objects only, not the bucket",
      (r) => editPolicy(r["aws_s3_bucket_policy"]!["logs"]!, (s) => (s[0]!["Resource"] = "${aws_s3_bucket.logs.arn}/*")),
      ["aws_s3_bucket.logs: DenyInsecureTransport does not cover the bucket itself (${aws_s3_bucket.logs.arn})"],
    ],
    [
      "Noncompliance 6: Action narrowed to reads",
      (r) => editPolicy(r["aws_s3_bucket_policy"]!["logs"]!, (s) => (s[0]!["Action"] = ["s3:GetObject"])),
      ['aws_s3_bucket.logs: DenyInsecureTransport denies ["s3:GetObject"], not every S3 action (s3:*)'],
    ],
    [
      "Noncompliance 7: an extra condition narrows the deny",
      (r) => editPolicy(r["aws_s3_bucket_policy"]!["logs"]!, (s) => ((s[0]!["Condition"] as Json)["StringEquals"] = { "aws:PrincipalAccount": "222222222222" })),
      ['aws_s3_bucket.logs: DenyInsecureTransport has conditions besides aws:SecureTransport false: {"Bool":{"aws:SecureTransport":"false"},"StringEquals":{"aws:PrincipalAccount":"222222222222"}}'],
    ],
    [
      "Noncompliance 8: the statement allows instead of denying",
      (r) => editPolicy(r["aws_s3_bucket_policy"]!["logs"]!, (s) => (s[0]!["Effect"] = "Allow")),
      ["aws_s3_bucket.logs: no bucket policy statement denies requests with aws:SecureTransport false"],
    ],
    [
      "Noncompliance 9: the condition denies TLS requests instead",
      (r) => editPolicy(r["aws_s3_bucket_policy"]!["logs"]!, (s) => (s[0]!["Condition"] = { Bool: { "aws:SecureTransport": "true" } })),
      ["aws_s3_bucket.logs: no bucket policy statement denies requests with aws:SecureTransport false"],
    ],
  ])("%s", (_name, change, problems) => {
    expect(awsBucketsAreTlsOnly(variant(AWS, (s) => change(s.resource)))).toEqual({ status: "noncompliant", problems });
  });
});

describe("azureStorageIsTlsOnly", () => {
  test("Compliance: HTTPS only, TLS 1.2", () => {
    expect(azureStorageIsTlsOnly(AZURE)).toEqual({ status: "compliant", checked: ["azurerm_storage_account.logs"] });
  });

  test("Compliance: TLS 1.3 is stricter and passes", () => {
    const tls13 = variant(AZURE, (s) => (s.resource["azurerm_storage_account"]!["logs"]!["min_tls_version"] = "TLS1_3"));
    expect(azureStorageIsTlsOnly(tls13)).toEqual({ status: "compliant", checked: ["azurerm_storage_account.logs"] });
  });

  test("Not applicable: a stack without storage accounts", () => {
    expect(azureStorageIsTlsOnly({ resource: {} })).toEqual({ status: "not-applicable" });
  });

  test.each<[string, (a: Json) => void, string[]]>([
    ["Noncompliance 1: HTTP allowed", (a) => (a["https_traffic_only_enabled"] = false), ["azurerm_storage_account.logs: https_traffic_only_enabled is false, not true"]],
    ["Noncompliance 2: HTTPS left to the provider default", (a) => delete a["https_traffic_only_enabled"], ["azurerm_storage_account.logs: https_traffic_only_enabled is null, not true"]],
    ["Noncompliance 3: TLS 1.0 accepted", (a) => (a["min_tls_version"] = "TLS1_0"), ['azurerm_storage_account.logs: min_tls_version is "TLS1_0", not TLS1_2 or later']],
    ["Noncompliance 4: TLS 1.1 accepted", (a) => (a["min_tls_version"] = "TLS1_1"), ['azurerm_storage_account.logs: min_tls_version is "TLS1_1", not TLS1_2 or later']],
  ])("%s", (_name, change, problems) => {
    expect(azureStorageIsTlsOnly(variant(AZURE, (s) => change(s.resource["azurerm_storage_account"]!["logs"]!)))).toEqual({ status: "noncompliant", problems });
  });
});

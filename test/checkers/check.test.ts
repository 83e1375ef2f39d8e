import { actionMatches, coveredActions, verdict } from "./check";

describe("actionMatches (IAM-style wildcards)", () => {
  test.each([
    ["kms:Generate*", "kms:GenerateDataKey", true],
    ["kms:*", "kms:Decrypt", true],
    ["*", "kms:Encrypt", true],
    ["kms:Create*", "kms:CreateGrant", true],
    ["kms:ReEncrypt?rom", "kms:ReEncryptFrom", true],
    ["KMS:decrypt", "kms:Decrypt", true],
    ["Microsoft.KeyVault/vaults/keys/*", "Microsoft.KeyVault/vaults/keys/wrap/action", true],
    ["kms:Get*", "kms:GenerateDataKey", false],
    ["kms:Describe*", "kms:Decrypt", false],
    ["kms:Decrypt", "kms:DecryptAll", false],
    ["Microsoft.KeyVault/vaults/keys/read", "Microsoft.KeyVault/vaults/keys/decrypt/action", false],
    ["Microsoft.KeyVault.vaults", "MicrosoftXKeyVault.vaults", false],
  ])("%s matches %s: %s", (pattern, action, expected) => {
    expect(actionMatches(pattern, action)).toBe(expected);
  });

  test("coveredActions lists each pattern with each action it covers", () => {
    expect(coveredActions(["kms:Get*", "kms:Generate*"], ["kms:GenerateDataKey", "kms:GenerateMac", "kms:Decrypt"])).toEqual(["kms:Generate* -> kms:GenerateDataKey", "kms:Generate* -> kms:GenerateMac"]);
  });
});

describe("verdict", () => {
  const r = { type: "aws_kms_key", id: "k", address: "aws_kms_key.k", body: {} };

  test("nothing checked is not applicable, even with problems", () => {
    expect(verdict([], ["x"])).toEqual({ status: "not-applicable" });
  });

  test("problems make it non-compliant; none make it compliant with the addresses checked", () => {
    expect(verdict([r], ["aws_kms_key.k: broken"])).toEqual({ status: "noncompliant", problems: ["aws_kms_key.k: broken"] });
    expect(verdict([r], [])).toEqual({ status: "compliant", checked: ["aws_kms_key.k"] });
  });
});

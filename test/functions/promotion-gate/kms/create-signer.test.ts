import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { AwsKmsSigner } from "../../../../functions/promotion-gate/kms/aws-signer";
import { AzureKeyVaultSigner } from "../../../../functions/promotion-gate/kms/azure-signer";
import { createKmsSigner } from "../../../../functions/promotion-gate/kms/create-signer";
import { parseKmsUri } from "../../../../functions/promotion-gate/kms/kms-uri";
import { directoryFiles } from "../../../../functions/promotion-gate/oms/digest";
import { signModel } from "../../../../functions/promotion-gate/oms/sign";
import { verifyModel } from "../../../../functions/promotion-gate/oms/verify";
import { makeModel, omsCode } from "../oms/oms-helpers";
import { AWS_KEY_ARN, AZURE_KEY_ID, FakeAwsKms, FakeAzureKeyVault, FakeGcpKms, GCP_KEY_VERSION, p256, PaeTap, serviceError } from "./fakes";

const ROOT = join(__dirname, "..", "..", "..", "..");
const files = directoryFiles(makeModel({ "model.onnx": "onnx\n" }));

describe("createKmsSigner with injected clients", () => {
  test("each cloud's --kms value gives a signer whose bundle verifies", async () => {
    const key = p256();
    const tap = new PaeTap();
    const azure = new FakeAzureKeyVault(tap, key);
    const signers = [
      await createKmsSigner(parseKmsUri(`aws:${AWS_KEY_ARN}`), { aws: new FakeAwsKms(tap, key).client }),
      await createKmsSigner(parseKmsUri(`gcp:${GCP_KEY_VERSION}`), { gcp: new FakeGcpKms(tap, key) }),
      await createKmsSigner(parseKmsUri(`azure:${AZURE_KEY_ID}`), { azure: { client: azure.client, keyClient: azure.keyClient } }),
    ];
    const subjects: string[] = [];
    for (const signer of signers) {
      const bundle = Buffer.from(await signModel({ files, signer: tap.wrap(signer), subjectName: "m" }));
      subjects.push((await verifyModel({ files, bundle, publicKey: key.publicPem })).subjectName);
    }
    expect(subjects).toEqual(["m", "m", "m"]);
  });

  test("an SDK error from an injected client is OMS_SIGNER_FAILED", async () => {
    const tap = new PaeTap();
    const fake = new FakeAwsKms(tap, p256(), { firstGetPublicKeyError: serviceError("NotFoundException", "Key 'x' does not exist") });
    const signer = await createKmsSigner(parseKmsUri(`aws:${AWS_KEY_ARN}`), { aws: fake.client });
    expect(await omsCode(() => signModel({ files, signer, subjectName: "m" }))).toBe("OMS_SIGNER_FAILED");
  });
});

describe("createKmsSigner with real clients", () => {
  // Building these clients makes no request; credentials are looked up on the first call. The
  // Cloud KMS client is left out: its constructor probes the GCE metadata server.
  test.each([
    [`aws:${AWS_KEY_ARN}`, AwsKmsSigner],
    [`azure:${AZURE_KEY_ID}`, AzureKeyVaultSigner],
  ])("%s builds its SDK client lazily", async (spec, type) => {
    expect(await createKmsSigner(parseKmsUri(spec))).toBeInstanceOf(type);
  });

  test("loading the KMS module loads none of the cloud SDKs", () => {
    const script =
      "require('./functions/promotion-gate/kms/index.ts');" +
      "const sdk = /node_modules[\\\\/](@aws-sdk|@google-cloud|@azure|google-gax)[\\\\/]/;" +
      "process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((k) => sdk.test(k))));";
    const out = execFileSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: ROOT, encoding: "utf8" });
    expect(JSON.parse(out)).toEqual([]);
  });
});

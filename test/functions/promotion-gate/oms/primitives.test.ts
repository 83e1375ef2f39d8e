import { createHash, generateKeyPairSync, verify } from "node:crypto";
import { derFromP1363, derFromRS } from "../../../../functions/promotion-gate/oms/der";
import { decodeBase64Strict, preAuthEncoding } from "../../../../functions/promotion-gate/oms/dsse";
import { LocalPemSigner } from "../../../../functions/promotion-gate/oms/local-signer";
import { compareCodePoints } from "../../../../functions/promotion-gate/oms/names";
import { omsCode } from "./oms-helpers";

describe("DSSE PAE", () => {
  test("is DSSEv1 SP len(type) SP type SP len(body) SP body, byte lengths in decimal", () => {
    const pae = preAuthEncoding("application/vnd.in-toto+json", Buffer.from("hello"));
    expect(pae.toString("utf8")).toBe("DSSEv1 28 application/vnd.in-toto+json 5 hello");
    // printf 'DSSEv1 28 application/vnd.in-toto+json 5 hello' | openssl dgst -sha256
    expect(createHash("sha256").update(pae).digest("hex")).toBe("da5f43a9aaf2cd15f728e5795a842ce934aace09db0dc41144b1c3d23f84d038");
  });

  test("counts bytes, not characters, of a multi-byte body", () => {
    expect(preAuthEncoding("t", Buffer.from("é", "utf8")).toString("utf8")).toBe("DSSEv1 1 t 2 é");
  });
});

describe("strict base64", () => {
  test("accepts standard and URL-safe alphabets", () => {
    expect(decodeBase64Strict("+/8=", "f")).toEqual(Buffer.from([0xfb, 0xff]));
    expect(decodeBase64Strict("-_8", "f")).toEqual(Buffer.from([0xfb, 0xff]));
    expect(decodeBase64Strict("", "f")).toEqual(Buffer.alloc(0));
  });

  test.each([
    ["characters Node would silently drop", "!!!!"],
    ["a space inside", "aGVs bG8="],
    ["mixed alphabets", "+_8="],
    ["padding at a wrong length", "aGVsbG8=="],
    ["padding in the middle", "aG=Vs"],
    ["non-canonical trailing bits", "aGVsbG9="],
    ["a lone trailing character", "aGVsbG8hZ"],
  ])("rejects %s with OMS_BAD_BASE64", async (_what, text) => {
    expect(await omsCode(() => decodeBase64Strict(text, "payload"))).toBe("OMS_BAD_BASE64");
  });
});

describe("DER encoding of ECDSA signatures", () => {
  test("adds a 0x00 before a high bit and drops leading zeros", () => {
    expect(derFromRS(Buffer.from([0x00, 0x00, 0x80]), Buffer.from([0x01])).toString("hex")).toBe("300702020080020101");
  });

  test("splits P1363 r||s into two halves, keeping a short r minimal", () => {
    const raw = Buffer.concat([Buffer.alloc(31, 0), Buffer.from([0x05]), Buffer.alloc(32, 0x7f)]);
    expect(derFromP1363(raw).toString("hex")).toBe(`30250201050220${"7f".repeat(32)}`);
  });

  test("uses the long length form past 127 bytes", () => {
    const big = Buffer.alloc(66, 0x7f);
    expect(derFromRS(big, big).subarray(0, 3).toString("hex")).toBe("308188");
  });

  test("rejects an odd P1363 length", () => {
    expect(() => derFromP1363(Buffer.alloc(63))).toThrow(RangeError);
  });
});

describe("the local PEM signer", () => {
  test("signs the PAE with ECDSA-SHA256 in DER, which Node's verifier accepts over the same PAE", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const signer = new LocalPemSigner(privateKey.export({ type: "pkcs8", format: "pem" }).toString());
    const pae = Buffer.from("DSSEv1 1 t 2 hi");
    const der = await signer.sign(pae);
    // A DER ECDSA P-256 signature: SEQUENCE (0x30), 8 to 72 bytes in all.
    expect(der[0]).toBe(0x30);
    expect(verify("sha256", pae, publicKey, der)).toBe(true);
    expect(verify("sha256", Buffer.from("DSSEv1 1 t 2 ho"), publicKey, der)).toBe(false);
    expect(await signer.publicKeyPem()).toBe(publicKey.export({ type: "spki", format: "pem" }).toString());
  });
});

describe("resource order", () => {
  test("is Unicode code-point order of the whole name", () => {
    const names = ["weights.bin", "a/b", "a.txt", "B", "_x", "é", "\u{1F600}", "\uFFFD"];
    expect([...names].sort(compareCodePoints)).toEqual(["B", "_x", "a.txt", "a/b", "weights.bin", "é", "\uFFFD", "\u{1F600}"]);
  });
});

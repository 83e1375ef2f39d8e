import { assertDerP256, oneLine } from "../../../../functions/promotion-gate/kms/support";
import { OmsError } from "../../../../functions/promotion-gate/oms/errors";

function refusal(hex: string): string {
  try {
    assertDerP256(Buffer.from(hex, "hex"), "KMS");
  } catch (e) {
    if (OmsError.isOmsError(e) && e.code === "OMS_SIGNER_FAILED") return e.message;
    throw e;
  }
  throw new Error(`expected ${hex} to be refused`);
}

const R32 = "7f".repeat(32);

describe("assertDerP256", () => {
  test("passes minimal DER through unchanged, including a 33-byte INTEGER and a 1-byte one", () => {
    const der = `3026022100${"80".repeat(32)}020101`;
    expect(assertDerP256(Buffer.from(der, "hex"), "KMS").toString("hex")).toBe(der);
  });

  test.each([
    ["a P1363 r||s", "7f".repeat(64), "no SEQUENCE (64 bytes, P1363 r||s?)"],
    ["a SEQUENCE longer than its bytes", `3045022000${"7f".repeat(31)}020101`, "SEQUENCE length does not match"],
    ["the long length form", `308124020101021f${"7f".repeat(31)}`, "SEQUENCE length does not match"],
    ["something other than an INTEGER", `3025040101 0220${R32}`.replace(" ", ""), "expected an INTEGER"],
    ["an INTEGER past the end", "3006020501020101", "INTEGER runs past the end"],
    ["a negative INTEGER", `3025020180 0220${R32}`.replace(" ", ""), "negative INTEGER"],
    ["a superfluous leading zero", `302602020001 0220${R32}`.replace(" ", ""), "INTEGER with a superfluous leading zero"],
    ["a zero INTEGER", `3025020100 0220${R32}`.replace(" ", ""), "zero INTEGER"],
    ["an empty INTEGER", `30240200 0220${R32}`.replace(" ", ""), "INTEGER of 0 bytes"],
    ["a 34-byte INTEGER", `3027022200${"80".repeat(33)}020101`, "INTEGER of 34 bytes"],
    ["a 33-byte INTEGER without its zero byte", `30260221${"7f".repeat(33)}020101`, "INTEGER wider than 256 bits"],
    ["bytes after s", `3027020101 0220${R32} 0500`.replace(/ /g, ""), "trailing bytes"],
  ])("refuses %s", (_what, hex, reason) => {
    expect(refusal(hex)).toBe(`KMS signature is not DER ECDSA P-256: ${reason}`);
  });
});

describe("oneLine", () => {
  test("folds line breaks and names the exception", () => {
    const e = new Error("first\r\n  second\tthird");
    e.name = "ThrottlingException";
    expect(oneLine(e)).toBe("ThrottlingException: first second third");
  });

  test("leaves a plain Error's name out and caps the length at 300 characters", () => {
    const line = oneLine(new Error("x".repeat(400)));
    expect(line).toBe(`${"x".repeat(297)}...`);
  });

  test("prints a thrown non-Error", () => {
    expect(oneLine("socket hang up")).toBe("socket hang up");
  });
});

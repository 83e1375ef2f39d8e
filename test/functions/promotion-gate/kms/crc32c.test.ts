import { crc32c } from "../../../../functions/promotion-gate/kms/crc32c";

describe("CRC-32C (Castagnoli)", () => {
  test.each([
    // RFC 3720 appendix B.4 test vectors.
    ["32 bytes of zeros", Buffer.alloc(32, 0x00), 0x8a9136aa],
    ["32 bytes of 0xff", Buffer.alloc(32, 0xff), 0x62a8ab43],
    ["32 incrementing bytes", Buffer.from(Array.from({ length: 32 }, (_, i) => i)), 0x46dd794e],
    ["32 decrementing bytes", Buffer.from(Array.from({ length: 32 }, (_, i) => 31 - i)), 0x113fdb5c],
    // The catalogue check value of CRC-32C.
    ["the ASCII string 123456789", Buffer.from("123456789", "ascii"), 0xe3069283],
    ["no bytes", Buffer.alloc(0), 0x00000000],
  ])("of %s", (_what, data, expected) => {
    expect(crc32c(data)).toBe(expected);
  });
});

import { scanSerialization } from "../../../../functions/promotion-gate/serialization/scan";
import { bufferSource } from "../../../../functions/promotion-gate/serialization/source";
import { buildZip } from "./zip-builder";

// Seeded (Numerical Recipes LCG) so a failure reproduces.
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

const OS_SYSTEM = Buffer.from("cos\nsystem\n(S'id'\ntR.", "latin1");
const EVIL_P4 = Buffer.from("8004951d000000000000008c05706f736978948c0673797374656d9493948c02696494859452942e", "hex");
const SEEDS: ReadonlyArray<readonly [string, Buffer]> = [
  ["pickle p0", OS_SYSTEM],
  ["pickle p4", EVIL_P4],
  ["torch zip", buildZip([{ name: "archive/data.pkl", data: EVIL_P4 }, { name: "archive/version", data: Buffer.from("3\n"), method: 0 }])],
  ["torch zip64", buildZip([{ name: "archive/data.pkl", data: OS_SYSTEM }], { zip64: true })],
];

describe("hostile bytes give findings, never a thrown error", () => {
  test.each(SEEDS)("2000 mutations of %s (byte flips, truncations)", async (_label, seed) => {
    const next = lcg(0x5eed);
    const outcomes = new Set<string>();
    let thrown = 0;
    for (let i = 0; i < 2000; i++) {
      const bytes = Buffer.from(seed);
      for (let k = 0; k <= next() % 3; k++) bytes[next() % bytes.length] = next() & 0xff;
      const input = next() % 4 === 0 ? bytes.subarray(0, next() % bytes.length) : bytes;
      try {
        const findings = await scanSerialization(bufferSource("f", input), { allowedFormats: ["pickle", "pytorch-zip"] });
        outcomes.add(findings.length === 0 ? "pass" : (findings[0]?.code ?? ""));
      } catch {
        thrown += 1;
      }
    }
    expect(thrown).toBe(0);
    // Mutations reach past detection into the walker or the zip reader.
    expect(outcomes.size).toBeGreaterThan(2);
  });
});

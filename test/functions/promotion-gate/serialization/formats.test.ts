import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { detectFormat } from "../../../../functions/promotion-gate/serialization/formats";
import { SerializationPolicy, scanSerialization, scanSerializationFile } from "../../../../functions/promotion-gate/serialization/scan";
import { bufferSource } from "../../../../functions/promotion-gate/serialization/source";
import { buildZip } from "./zip-builder";

const scan = (name: string, bytes: Buffer, policy: object = {}) => scanSerialization(bufferSource(name, bytes), policy);
const detect = async (bytes: Buffer) => (await detectFormat(bufferSource("f", bytes))).format;

/** safetensors layout: u64 LE header length, JSON header, byte buffer. */
function safetensors(header: object, data: Buffer): Buffer {
  const json = Buffer.from(JSON.stringify(header), "utf8");
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([len, json, data]);
}
const F32_PAIR = Buffer.from([0, 0, 0x80, 0x3f, 0, 0, 0, 0x40]); // 1.0f, 2.0f little-endian

/** GGUF header: "GGUF", u32 version, u64 tensor_count, u64 metadata_kv_count. */
function gguf(version: number): Buffer {
  const b = Buffer.alloc(24);
  b.write("GGUF", 0, "latin1");
  b.writeUInt32LE(version, 4);
  return b;
}

// A ModelProto by hand, tag = field << 3 | wire: 08 09 ir_version=9 | 12 01 "t" producer_name |
// 3a 02 0a 00 graph (2 bytes) | 42 02 10 11 opset_import {version: 17}. The onnx 1.23 Python package
// serializes ModelProto(ir_version=9, producer_name="t", graph={node: [{}]}, opset_import=[{version:
// 17}]) to exactly these bytes and parses them back.
const ONNX = Buffer.from("0809120174" + "3a020a00" + "42021011", "hex");

// pickle.dumps(collections.OrderedDict([("w", 1.5), ("b", [1, 2])]), protocol=2)
const ORDERED_DICT_P2 = Buffer.from(
  "800263636f6c6c656374696f6e730a4f726465726564446963740a710029527101285801000000777102473ff8000000000000" +
    "58010000006271035d7104284b014b0265752e",
  "hex",
);
const OS_SYSTEM = Buffer.from("cos\nsystem\n(S'id'\ntR.", "latin1");
const TORCH_ALLOWED: SerializationPolicy = { allowedFormats: ["safetensors", "onnx", "gguf", "pytorch-zip"] };

describe("format detection by bytes", () => {
  test.each([
    ["safetensors", safetensors({ w: { dtype: "F32", shape: [2], data_offsets: [0, 8] }, __metadata__: { format: "pt" } }, F32_PAIR)],
    ["gguf", gguf(3)],
    ["onnx", ONNX],
    ["pickle", ORDERED_DICT_P2],
    ["pickle", OS_SYSTEM],
    ["pytorch-zip", buildZip([{ name: "archive/data.pkl", data: ORDERED_DICT_P2 }])],
    ["unknown", Buffer.from("hello world\n")],
    ["unknown", Buffer.alloc(0)],
  ])("%s", async (format, bytes) => {
    expect(await detect(bytes)).toBe(format);
  });

  test("safetensors, GGUF and ONNX pass with the default policy", async () => {
    expect(await scan("a.safetensors", safetensors({ w: { dtype: "F32", shape: [2], data_offsets: [0, 8] } }, F32_PAIR))).toEqual([]);
    expect(await scan("a.gguf", gguf(3))).toEqual([]);
    expect(await scan("a.onnx", ONNX)).toEqual([]);
  });

  test("a pickle named .safetensors is found by its bytes and not allowed", async () => {
    expect((await scan("model.safetensors", OS_SYSTEM)).map((f) => [f.code, f.file])).toEqual([
      ["FORMAT_NOT_ALLOWED", "model.safetensors"],
      ["PICKLE_UNSAFE_IMPORT", "model.safetensors"],
    ]);
  });

  test("the format allow-list is configurable: GGUF off the list is FORMAT_NOT_ALLOWED", async () => {
    expect(await scan("m.gguf", gguf(3), { allowedFormats: ["safetensors"] })).toEqual([
      { code: "FORMAT_NOT_ALLOWED", file: "m.gguf", message: "format gguf is not on the allow-list" },
    ]);
  });

  test.each([
    ["garbage text", Buffer.from("hello world\n")],
    ["an empty file", Buffer.alloc(0)],
    ["a safetensors length longer than the file", Buffer.concat([Buffer.from([0xff, 0, 0, 0, 0, 0, 0, 0]), Buffer.from("{}")])],
    ["ONNX without opset_import", Buffer.from("0809" + "3a020a00", "hex")],
    ["ONNX with a trailing byte", Buffer.concat([ONNX, Buffer.from([0x00])])],
    ["ONNX with an unknown field", Buffer.concat([ONNX, Buffer.from("4801", "hex")])],
  ])("%s is FORMAT_UNKNOWN", async (_label, bytes) => {
    expect((await scan("x", bytes)).map((f) => f.code)).toEqual(["FORMAT_UNKNOWN"]);
  });

  test("FORMAT_UNKNOWN names the reason", async () => {
    expect(await scan("x", Buffer.from("hello world\n"))).toEqual([
      { code: "FORMAT_UNKNOWN", file: "x", message: "format cannot be established: no known magic or structure" },
    ]);
  });

  test.each([
    ["a header that is not JSON", Buffer.concat([Buffer.from([5, 0, 0, 0, 0, 0, 0, 0]), Buffer.from("{nope")]), "safetensors header is not UTF-8 JSON"],
    [
      "a byte buffer with unindexed bytes",
      safetensors({ w: { dtype: "F32", shape: [1], data_offsets: [0, 4] } }, F32_PAIR),
      "safetensors byte buffer has bytes no tensor indexes",
    ],
    [
      "a size that does not match dtype and shape",
      safetensors({ w: { dtype: "F32", shape: [3], data_offsets: [0, 8] } }, F32_PAIR),
      'safetensors tensor "w" size does not match its dtype and shape',
    ],
    [
      "offsets past the buffer",
      safetensors({ w: { dtype: "U8", shape: [9], data_offsets: [0, 9] } }, F32_PAIR),
      'safetensors tensor "w" lies outside the byte buffer',
    ],
    [
      "a tensor without dtype",
      safetensors({ w: { shape: [8], data_offsets: [0, 8] } }, F32_PAIR),
      'safetensors tensor "w" lacks a valid dtype, shape or data_offsets',
    ],
    ["GGUF version 9", gguf(9), "GGUF version 9 is not 2 or 3"],
    ["a truncated GGUF header", gguf(3).subarray(0, 8), "GGUF file is shorter than its 24-byte header"],
  ])("%s is FORMAT_MALFORMED", async (_label, bytes, message) => {
    expect(await scan("m", bytes)).toEqual([{ code: "FORMAT_MALFORMED", file: "m", message }]);
  });
});

describe("zip-wrapped PyTorch checkpoints", () => {
  const checkpoint = (dataPkl: Buffer, opts: { zip64?: boolean } = {}) =>
    buildZip(
      [
        { name: "archive/data.pkl", data: dataPkl },
        { name: "archive/version", data: Buffer.from("3\n"), method: 0 },
        { name: "archive/data/0", data: F32_PAIR, method: 0 },
      ],
      opts,
    );

  test("a malicious deflated data.pkl is flagged with the entry named", async () => {
    expect(await scan("model.pt", checkpoint(OS_SYSTEM), TORCH_ALLOWED)).toEqual([
      {
        code: "PICKLE_UNSAFE_IMPORT",
        file: "model.pt!archive/data.pkl",
        target: "os.system",
        message: "pickle imports os.system (GLOBAL at byte 0), a known code-execution target",
      },
    ]);
  });

  test("with the default policy the checkpoint is also FORMAT_NOT_ALLOWED", async () => {
    expect((await scan("model.pt", checkpoint(OS_SYSTEM))).map((f) => f.code)).toEqual(["FORMAT_NOT_ALLOWED", "PICKLE_UNSAFE_IMPORT"]);
  });

  test("a benign checkpoint passes when pytorch-zip is allowed, also in zip64 form", async () => {
    expect(await scan("model.pt", checkpoint(ORDERED_DICT_P2), TORCH_ALLOWED)).toEqual([]);
    expect(await scan("model.pt", checkpoint(ORDERED_DICT_P2, { zip64: true }), TORCH_ALLOWED)).toEqual([]);
    expect((await scan("model.pt", checkpoint(OS_SYSTEM, { zip64: true }), TORCH_ALLOWED)).map((f) => f.target)).toEqual(["os.system"]);
  });

  test("every .pkl entry is scanned, not only data.pkl", async () => {
    const zip = buildZip([
      { name: "archive/data.pkl", data: ORDERED_DICT_P2 },
      { name: "archive/constants.pkl", data: OS_SYSTEM, method: 0 },
    ]);
    expect((await scan("m.pt", zip, TORCH_ALLOWED)).map((f) => f.file)).toEqual(["m.pt!archive/constants.pkl"]);
  });

  test("a zip without <name>/data.pkl is FORMAT_UNKNOWN", async () => {
    expect(await scan("x.zip", buildZip([{ name: "readme.txt", data: Buffer.from("hi") }]))).toEqual([
      { code: "FORMAT_UNKNOWN", file: "x.zip", message: "format cannot be established: a zip archive without a <name>/data.pkl entry" },
    ]);
  });

  test("a data.pkl over the byte limit is PICKLE_TOO_LARGE", async () => {
    expect(await scan("m.pt", checkpoint(ORDERED_DICT_P2), { ...TORCH_ALLOWED, maxPickleBytes: 16 })).toEqual([
      { code: "PICKLE_TOO_LARGE", file: "m.pt!archive/data.pkl", message: `entry archive/data.pkl is ${ORDERED_DICT_P2.length} bytes, over the 16-byte scan limit` },
    ]);
  });

  test("a malformed data.pkl is PICKLE_MALFORMED on the entry", async () => {
    expect(await scan("m.pt", checkpoint(Buffer.from([0x80, 0x02, 0x52, 0x2e])), TORCH_ALLOWED)).toEqual([
      { code: "PICKLE_MALFORMED", file: "m.pt!archive/data.pkl", message: "pickle pops an empty stack at byte 2" },
    ]);
  });

  test.each([
    ["a wrong CRC-32", () => buildZip([{ name: "archive/data.pkl", data: ORDERED_DICT_P2, crc: 1 }]), "m.pt!archive/data.pkl", "zip entry archive/data.pkl fails its CRC-32"],
    [
      "an unsupported compression method",
      () => buildZip([{ name: "archive/data.pkl", data: ORDERED_DICT_P2, method: 12 }]),
      "m.pt!archive/data.pkl",
      "zip entry archive/data.pkl uses compression method 12",
    ],
    ["a missing end record", () => checkpoint(ORDERED_DICT_P2).subarray(0, 200), "m.pt", "zip has no end of central directory record"],
    [
      "a central directory offset past its end record",
      () => {
        const z = Buffer.from(checkpoint(ORDERED_DICT_P2));
        z.writeUInt32LE(z.length, z.length - 6);
        return z;
      },
      "m.pt",
      "zip has a central directory overlapping its end record",
    ],
    [
      "a central directory entry with a bad signature",
      () => {
        const z = Buffer.from(checkpoint(ORDERED_DICT_P2));
        z.writeUInt32LE(0, z.readUInt32LE(z.length - 6));
        return z;
      },
      "m.pt",
      "zip central directory entry 0 is truncated or has a bad signature",
    ],
  ])("%s is ZIP_MALFORMED", async (_label, make, file, message) => {
    expect(await scan("m.pt", make(), TORCH_ALLOWED)).toEqual([{ code: "ZIP_MALFORMED", file, message }]);
  });
});

describe("files on disk", () => {
  test("scanSerializationFile reads a local file by bounded reads", async () => {
    const dir = mkdtempSync(join(tmpdir(), "serialization-"));
    try {
      writeFileSync(join(dir, "model.pt"), buildZip([{ name: "archive/data.pkl", data: OS_SYSTEM }]));
      expect(await scanSerializationFile(join(dir, "model.pt"), TORCH_ALLOWED, "model.pt")).toEqual([
        {
          code: "PICKLE_UNSAFE_IMPORT",
          file: "model.pt!archive/data.pkl",
          target: "os.system",
          message: "pickle imports os.system (GLOBAL at byte 0), a known code-execution target",
        },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

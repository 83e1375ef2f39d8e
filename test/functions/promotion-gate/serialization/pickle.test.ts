import { walkPickle } from "../../../../functions/promotion-gate/serialization/pickle";
import { scanSerialization } from "../../../../functions/promotion-gate/serialization/scan";
import { bufferSource } from "../../../../functions/promotion-gate/serialization/source";

const latin1 = (s: string): Buffer => Buffer.from(s, "latin1");
/** Pickle formats allowed, so only the import scan speaks. */
const PICKLES_ALLOWED = { allowedFormats: ["safetensors", "onnx", "gguf", "pickle", "pytorch-zip"] as const };
const scan = (name: string, bytes: Buffer, policy: object = PICKLES_ALLOWED) => scanSerialization(bufferSource(name, bytes), policy);

// Protocol 0 `GLOBAL os system`, written out opcode by opcode:
// c "os\n" "system\n" | ( MARK | S 'id' | t TUPLE | R REDUCE | . STOP
const OS_SYSTEM = latin1("cos\nsystem\n(S'id'\ntR.");

// pickle.dumps(collections.OrderedDict([("w", 1.5), ("b", [1, 2])]), protocol=2), Python 3.11.
const ORDERED_DICT_P2 = Buffer.from(
  "800263636f6c6c656374696f6e730a4f726465726564446963740a710029527101285801000000777102473ff8000000000000" +
    "58010000006271035d7104284b014b0265752e",
  "hex",
);
// pickle.dumps({"weights": [1, 2, 3], "name": "m", "blob": bytearray(b"ab"), "s": {1}}, protocol=5):
// FRAME, MEMOIZE, SHORT_BINUNICODE, BYTEARRAY8, EMPTY_SET + ADDITEMS.
const DICT_P5 = Buffer.from(
  "80059541000000000000007d94288c0777656967687473945d94284b014b024b03658c046e616d65948c016d948c04626c6f62" +
    "949602000000000000006162948c0173948f94284b0190752e",
  "hex",
);
// pickle.dumps({"x": b"ab", "s": {1}}, protocol=2): bytes as _codecs.encode, a set as __builtin__.set.
const BYTES_SET_P2 = Buffer.from(
  "80027d7100285801000000787101635f636f646563730a656e636f64650a710258020000006162710358060000006c6174696e" +
    "3171048671055271065801000000737107635f5f6275696c74696e5f5f0a7365740a71085d71094b016185710a52710b752e",
  "hex",
);
// pickle.dumps(Evil(), protocol=4) where Evil.__reduce__ returns (os.system, ("id",)) on Linux:
// SHORT_BINUNICODE "posix" MEMOIZE, SHORT_BINUNICODE "system" MEMOIZE, STACK_GLOBAL at byte 28.
const EVIL_P4 = Buffer.from("8004951d000000000000008c05706f736978948c0673797374656d9493948c02696494859452942e", "hex");

describe("pickle import scan", () => {
  test("GLOBAL os system is an unsafe import", async () => {
    expect(await scan("evil.pkl", OS_SYSTEM)).toEqual([
      {
        code: "PICKLE_UNSAFE_IMPORT",
        file: "evil.pkl",
        target: "os.system",
        message: "pickle imports os.system (GLOBAL at byte 0), a known code-execution target",
      },
    ]);
  });

  test("with the default format allow-list a pickle is also FORMAT_NOT_ALLOWED", async () => {
    expect((await scan("evil.pkl", OS_SYSTEM, {})).map((f) => f.code)).toEqual(["FORMAT_NOT_ALLOWED", "PICKLE_UNSAFE_IMPORT"]);
  });

  test("STACK_GLOBAL through MEMOIZE and BINGET resolves the memoized strings", async () => {
    // PROTO 4 | "posix" MEMOIZE(0) POP | "system" MEMOIZE(1) POP | BINGET 0 BINGET 1 STACK_GLOBAL |
    // "id" TUPLE1 REDUCE STOP
    const bytes = Buffer.concat([
      Buffer.from([0x80, 0x04, 0x8c, 5]), latin1("posix"), Buffer.from([0x94, 0x30, 0x8c, 6]), latin1("system"),
      Buffer.from([0x94, 0x30, 0x68, 0, 0x68, 1, 0x93, 0x8c, 2]), latin1("id"), Buffer.from([0x85, 0x52, 0x2e]),
    ]);
    expect(await scan("m.bin", bytes)).toEqual([
      {
        code: "PICKLE_UNSAFE_IMPORT",
        file: "m.bin",
        target: "posix.system",
        message: "pickle imports posix.system (STACK_GLOBAL at byte 25), a known code-execution target",
      },
    ]);
  });

  test("STACK_GLOBAL through LONG_BINPUT and LONG_BINGET", () => {
    // PROTO 4 | "subprocess" LONG_BINPUT 7 POP | LONG_BINGET 7 | "Popen" | STACK_GLOBAL at byte
    // 2+2+10+5+1+5+2+5 = 32 | EMPTY_TUPLE REDUCE STOP
    const bytes = Buffer.concat([
      Buffer.from([0x80, 0x04, 0x8c, 10]), latin1("subprocess"), Buffer.from([0x72, 7, 0, 0, 0, 0x30]),
      Buffer.from([0x6a, 7, 0, 0, 0, 0x8c, 5]), latin1("Popen"), Buffer.from([0x93, 0x29, 0x52, 0x2e]),
    ]);
    expect(walkPickle(bytes).imports).toEqual([{ module: "subprocess", name: "Popen", opcode: "STACK_GLOBAL", offset: 32 }]);
  });

  test("a protocol 4 pickle made by Python's pickle.dumps of a reduce to os.system", async () => {
    expect(await scan("evil.pt", EVIL_P4)).toEqual([
      {
        code: "PICKLE_UNSAFE_IMPORT",
        file: "evil.pt",
        target: "posix.system",
        message: "pickle imports posix.system (STACK_GLOBAL at byte 28), a known code-execution target",
      },
    ]);
  });

  test("INST imports its class", () => {
    // MARK | S 'id' | INST os system | STOP
    expect(walkPickle(latin1("(S'id'\nios\nsystem\n.")).imports).toEqual([{ module: "os", name: "system", opcode: "INST", offset: 7 }]);
  });

  test("escapes are decoded before the check: STRING \\x73 and UNICODE \\u006f", async () => {
    const viaString = latin1("\x80\x04S'o\\x73'\nS'system'\n\x93)R.");
    const viaUnicode = latin1("\x80\x04V\\u006fs\nVsystem\n\x93N\x85R.");
    expect((await scan("a.pkl", viaString)).map((f) => f.target)).toEqual(["os.system"]);
    expect((await scan("b.pkl", viaUnicode)).map((f) => f.target)).toEqual(["os.system"]);
  });

  test("an import outside the allow-list that no deny-list names still rejects", async () => {
    expect(await scan("x.pkl", latin1("cmymodule\nhelper\n)R."))).toEqual([
      {
        code: "PICKLE_UNSAFE_IMPORT",
        file: "x.pkl",
        target: "mymodule.helper",
        message: "pickle imports mymodule.helper (GLOBAL at byte 0), outside the allow-list",
      },
    ]);
  });

  test("a dotted name under an allowed class is not allowed (exact match)", async () => {
    const bytes = latin1("\x80\x04Vcollections\nVOrderedDict.__init__\n\x93.");
    expect((await scan("d.pkl", bytes)).map((f) => f.target)).toEqual(["collections.OrderedDict.__init__"]);
  });

  test("builtins.eval, getattr and __import__ and runpy are flagged as known code-execution targets", async () => {
    const findings = await scan("b.pkl", latin1("cbuiltins\neval\n0cbuiltins\ngetattr\n0cbuiltins\n__import__\n0crunpy\n_run_code\n."));
    expect(findings.map((f) => f.message)).toEqual([
      "pickle imports builtins.eval (GLOBAL at byte 0), a known code-execution target",
      "pickle imports builtins.getattr (GLOBAL at byte 16), a known code-execution target",
      "pickle imports builtins.__import__ (GLOBAL at byte 35), a known code-execution target",
      "pickle imports runpy._run_code (GLOBAL at byte 57), a known code-execution target",
    ]);
  });

  test("the import allow-list is configurable", async () => {
    expect(await scan("evil.pkl", OS_SYSTEM, { ...PICKLES_ALLOWED, allowedImports: ["os.system"] })).toEqual([]);
  });
});

describe("benign pickles", () => {
  test("protocol 2 OrderedDict passes and its import and call are reported by the walk", async () => {
    expect(await scan("sd.pkl", ORDERED_DICT_P2)).toEqual([]);
    const walk = walkPickle(ORDERED_DICT_P2);
    expect(walk.imports).toEqual([{ module: "collections", name: "OrderedDict", opcode: "GLOBAL", offset: 2 }]);
    expect(walk.calls).toEqual(["collections.OrderedDict"]);
    expect(walk.protocol).toBe(2);
    expect(walk.end).toBe(ORDERED_DICT_P2.length);
  });

  test("protocol 5 with FRAME, MEMOIZE, BYTEARRAY8 and a set passes", async () => {
    expect(await scan("p5.pkl", DICT_P5)).toEqual([]);
    expect(walkPickle(DICT_P5).protocol).toBe(5);
  });

  test("protocol 2 bytes and set use _codecs.encode and __builtin__.set, both allowed", async () => {
    expect(await scan("p2.pkl", BYTES_SET_P2)).toEqual([]);
    expect(walkPickle(BYTES_SET_P2).imports.map((i) => `${i.module}.${i.name}`)).toEqual(["_codecs.encode", "__builtin__.set"]);
  });

  test("protocol 0 OrderedDict (pickle.dumps(OrderedDict([('w', 1.5)]), protocol=0)) passes", async () => {
    expect(await scan("p0.pkl", latin1("ccollections\nOrderedDict\np0\n(tRp1\nVw\np2\nF1.5\ns."))).toEqual([]);
  });

  test("concatenated pickles (legacy torch.save) are all scanned", async () => {
    const findings = await scan("legacy.pt", Buffer.concat([ORDERED_DICT_P2, EVIL_P4, latin1("raw storage bytes")]));
    expect(findings.map((f) => f.message)).toEqual([
      `pickle imports posix.system (STACK_GLOBAL at byte ${ORDERED_DICT_P2.length + 28}), a known code-execution target`,
    ]);
  });
});

describe("unresolvable imports", () => {
  test("STACK_GLOBAL on values that are not strings is PICKLE_UNRESOLVED_IMPORT", async () => {
    expect(await scan("u.pkl", latin1("\x80\x04K\x01K\x02\x93."))).toEqual([
      {
        code: "PICKLE_UNRESOLVED_IMPORT",
        file: "u.pkl",
        message: "pickle STACK_GLOBAL at byte 6 imports from values that are not two known strings",
      },
    ]);
  });

  test("EXT1 is PICKLE_EXTENSION_IMPORT", async () => {
    expect(await scan("e.pkl", latin1("\x80\x02\x82\x01)R."))).toEqual([
      { code: "PICKLE_EXTENSION_IMPORT", file: "e.pkl", message: "pickle EXT opcode at byte 2 imports through the copyreg extension registry" },
    ]);
  });
});

describe("malformed and oversized pickles", () => {
  test("a truncated malicious pickle reports the import it made before breaking, and PICKLE_MALFORMED", async () => {
    expect(await scan("t.pkl", latin1("cos\nsystem\n(S'id'\ntR"))).toEqual([
      {
        code: "PICKLE_UNSAFE_IMPORT",
        file: "t.pkl",
        target: "os.system",
        message: "pickle imports os.system (GLOBAL at byte 0), a known code-execution target",
      },
      { code: "PICKLE_MALFORMED", file: "t.pkl", message: "pickle ends before STOP at byte 20" },
    ]);
  });

  test.each([
    ["an unknown opcode", "\x80\x04\xff", "pickle has unknown opcode 0xff at byte 2"],
    ["REDUCE on an empty stack", "\x80\x02R.", "pickle pops an empty stack at byte 2"],
    ["BINGET of a memo never stored", "\x80\x02h\x05.", "pickle BINGET reads memo 5, never stored at byte 2"],
    ["values left at STOP", "\x80\x02NN.", "pickle leaves values on the stack at STOP at byte 4"],
    ["BINBYTES8 longer than the stream", "\x80\x04\x8e\xff\x00\x00\x00\x00\x00\x00\x00.", "pickle is truncated at byte 2"],
    ["FRAME longer than the stream", "\x80\x04\x95\x40\x00\x00\x00\x00\x00\x00\x00N.", "pickle has a FRAME longer than the stream at byte 2"],
    ["POP_MARK without MARK", "\x80\x021N.", "pickle has no MARK to pop to at byte 2"],
    ["BINSTRING with a negative length", "\x80\x02T\xff\xff\xff\xff.", "pickle BINSTRING has a negative byte count at byte 2"],
    ["an unquoted STRING", "\x80\x02Sabc\n.", "pickle STRING argument is not quoted at byte 2"],
    ["GLOBAL without its newline", "\x80\x02cos", "pickle is truncated (missing newline) at byte 2"],
    ["bad UTF-8 in BINUNICODE", "\x80\x04\x8c\x01\xff.", "SHORT_BINUNICODE at byte 2 is not valid UTF-8"],
  ])("%s is PICKLE_MALFORMED", async (_label, text, message) => {
    expect(await scan("m.pkl", latin1(text))).toEqual([{ code: "PICKLE_MALFORMED", file: "m.pkl", message }]);
  });

  test("PROTO above 5 is malformed for the walker", () => {
    expect(walkPickle(latin1("\x80\x06N.")).error?.message).toBe("pickle declares unsupported protocol 6 at byte 0");
  });

  test("more opcodes than the limit is PICKLE_TOO_LARGE", async () => {
    expect(await scan("big.pkl", ORDERED_DICT_P2, { ...PICKLES_ALLOWED, maxPickleOpcodes: 3 })).toEqual([
      { code: "PICKLE_TOO_LARGE", file: "big.pkl", message: "pickle exceeds 3 opcodes" },
    ]);
  });

  test("a pickle running past the byte limit is PICKLE_TOO_LARGE, not malformed", async () => {
    expect(await scan("big.pkl", ORDERED_DICT_P2, { ...PICKLES_ALLOWED, maxPickleBytes: 40 })).toEqual([
      { code: "PICKLE_TOO_LARGE", file: "big.pkl", message: "pickle runs past the 40-byte scan limit" },
    ]);
  });
});

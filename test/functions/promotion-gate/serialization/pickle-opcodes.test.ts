import { PICKLE_OPCODES } from "../../../../functions/promotion-gate/serialization/pickle-opcodes";
import { walkPickle } from "../../../../functions/promotion-gate/serialization/pickle";

describe("pickle opcode table", () => {
  test("holds the 68 opcodes of protocols 0-5 with their names", () => {
    // Python 3.11: sorted((ord(o.code), o.name) for o in pickletools.opcodes)
    expect([...PICKLE_OPCODES.entries()].map(([code, op]) => [code, op.name]).sort((a, b) => (a[0] as number) - (b[0] as number))).toEqual([
      [0x28, "MARK"], [0x29, "EMPTY_TUPLE"], [0x2e, "STOP"], [0x30, "POP"], [0x31, "POP_MARK"], [0x32, "DUP"],
      [0x42, "BINBYTES"], [0x43, "SHORT_BINBYTES"], [0x46, "FLOAT"], [0x47, "BINFLOAT"], [0x49, "INT"],
      [0x4a, "BININT"], [0x4b, "BININT1"], [0x4c, "LONG"], [0x4d, "BININT2"], [0x4e, "NONE"], [0x50, "PERSID"],
      [0x51, "BINPERSID"], [0x52, "REDUCE"], [0x53, "STRING"], [0x54, "BINSTRING"], [0x55, "SHORT_BINSTRING"],
      [0x56, "UNICODE"], [0x58, "BINUNICODE"], [0x5d, "EMPTY_LIST"], [0x61, "APPEND"], [0x62, "BUILD"],
      [0x63, "GLOBAL"], [0x64, "DICT"], [0x65, "APPENDS"], [0x67, "GET"], [0x68, "BINGET"], [0x69, "INST"],
      [0x6a, "LONG_BINGET"], [0x6c, "LIST"], [0x6f, "OBJ"], [0x70, "PUT"], [0x71, "BINPUT"], [0x72, "LONG_BINPUT"],
      [0x73, "SETITEM"], [0x74, "TUPLE"], [0x75, "SETITEMS"], [0x7d, "EMPTY_DICT"], [0x80, "PROTO"],
      [0x81, "NEWOBJ"], [0x82, "EXT1"], [0x83, "EXT2"], [0x84, "EXT4"], [0x85, "TUPLE1"], [0x86, "TUPLE2"],
      [0x87, "TUPLE3"], [0x88, "NEWTRUE"], [0x89, "NEWFALSE"], [0x8a, "LONG1"], [0x8b, "LONG4"],
      [0x8c, "SHORT_BINUNICODE"], [0x8d, "BINUNICODE8"], [0x8e, "BINBYTES8"], [0x8f, "EMPTY_SET"],
      [0x90, "ADDITEMS"], [0x91, "FROZENSET"], [0x92, "NEWOBJ_EX"], [0x93, "STACK_GLOBAL"], [0x94, "MEMOIZE"],
      [0x95, "FRAME"], [0x96, "BYTEARRAY8"], [0x97, "NEXT_BUFFER"], [0x98, "READONLY_BUFFER"],
    ]);
  });

  test("a stream using every opcode once or more walks to STOP with its imports found", () => {
    // Built by hand; Python 3.11 `pickletools.dis` accepts it (stack empty after STOP) and
    // `pickletools.genops` sees all 68 opcode names in it and the offsets below.
    const hex =
      "8005959d01000000000000284934320a4c374c0a46322e350a4a010000004b014d01008a01058b0100000005473ff000000000" +
      "00004301614201000000618e01000000000000006188894e532761270a5401000000615501615661620a5801000000618d0100" +
      "000000000000618c01619601000000000000006174305d284b014b02654b036130284b016c3029304e85304e4e86304e4e4e87" +
      "30284b014b0264307d4b014b0273307d284b014b0275308f284b019030284b0191304e323030284e314e70300a3067300a304e" +
      "94304e72050000006a0500000030306800304e7102305069640a304e513063636f6c6c656374696f6e730a4f72646572656444" +
      "6963740a29813063636f6c6c656374696f6e730a4f726465726564446963740a297d92302863636f6c6c656374696f6e730a4f" +
      "726465726564446963740a6f307d7d62309798302869636f6c6c656374696f6e730a4f726465726564446963740a3063636f6c" +
      "6c656374696f6e730a4f726465726564446963740a2952308201308301003084010000003056636f6c6c656374696f6e730a56" +
      "4f726465726564446963740a93304e2e";
    const bytes = Buffer.from(hex, "hex");
    const walk = walkPickle(bytes);
    expect(walk.error).toBeUndefined();
    expect(walk.end).toBe(424);
    expect(walk.protocol).toBe(5);
    expect(walk.imports.map((i) => [i.opcode, i.offset, `${i.module}.${i.name}`])).toEqual([
      ["GLOBAL", 234, "collections.OrderedDict"],
      ["GLOBAL", 262, "collections.OrderedDict"],
      ["GLOBAL", 292, "collections.OrderedDict"],
      ["INST", 327, "collections.OrderedDict"],
      ["GLOBAL", 353, "collections.OrderedDict"],
      ["STACK_GLOBAL", 420, "collections.OrderedDict"],
    ]);
    // NEWOBJ, NEWOBJ_EX, OBJ, INST and REDUCE each call the class.
    expect(walk.calls).toEqual(Array(5).fill("collections.OrderedDict"));
    expect(walk.extensionImports).toEqual([381, 384, 388]);
    expect(walk.unresolvedImports).toEqual([]);
  });
});

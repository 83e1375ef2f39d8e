/**
 * The pickle opcode table of protocols 0-5, transcribed from CPython `Lib/pickletools.py`
 * (the `opcodes` list: name, code, arg, proto; python/cpython commit 01ef77a3 as stored, and
 * Python 3.11's copy agrees: 68 opcodes). Only the argument encoding matters to a walker that
 * never executes: it must know how many bytes each argument takes to find the next opcode.
 */

/** Argument encodings, named as the ArgumentDescriptor objects of pickletools.py. */
export type PickleArg =
  | "none"
  | "uint1"
  | "uint2"
  | "int4"
  | "uint4"
  | "uint8"
  | "float8"
  /** Text up to `\n`: INT, GET, PUT (decimal), LONG (decimal, optional trailing L), FLOAT. */
  | "decimalnl_short"
  | "decimalnl_long"
  | "floatnl"
  /** STRING: a Python repr literal (quoted, backslash escapes) up to `\n`. */
  | "stringnl"
  /** PERSID: raw text up to `\n`. */
  | "stringnl_noescape"
  /** GLOBAL, INST: two raw lines, module then name. */
  | "stringnl_noescape_pair"
  /** UNICODE: raw-unicode-escape text up to `\n`. */
  | "unicodestringnl"
  /** Length-prefixed payloads: prefix width, and whether the payload is a str to track. */
  | "long1"
  | "long4"
  | "string1"
  | "string4"
  | "bytes1"
  | "bytes4"
  | "bytes8"
  | "bytearray8"
  | "unicodestring1"
  | "unicodestring4"
  | "unicodestring8";

export interface PickleOpcode {
  readonly name: string;
  readonly arg: PickleArg;
  /** First protocol that defines the opcode (informational; CPython accepts any order). */
  readonly proto: number;
}

const TABLE: ReadonlyArray<readonly [number, string, PickleArg, number]> = [
  [0x49, "INT", "decimalnl_short", 0],
  [0x4a, "BININT", "int4", 1],
  [0x4b, "BININT1", "uint1", 1],
  [0x4d, "BININT2", "uint2", 1],
  [0x4c, "LONG", "decimalnl_long", 0],
  [0x8a, "LONG1", "long1", 2],
  [0x8b, "LONG4", "long4", 2],
  [0x53, "STRING", "stringnl", 0],
  [0x54, "BINSTRING", "string4", 1],
  [0x55, "SHORT_BINSTRING", "string1", 1],
  [0x42, "BINBYTES", "bytes4", 3],
  [0x43, "SHORT_BINBYTES", "bytes1", 3],
  [0x8e, "BINBYTES8", "bytes8", 4],
  [0x96, "BYTEARRAY8", "bytearray8", 5],
  [0x97, "NEXT_BUFFER", "none", 5],
  [0x98, "READONLY_BUFFER", "none", 5],
  [0x4e, "NONE", "none", 0],
  [0x88, "NEWTRUE", "none", 2],
  [0x89, "NEWFALSE", "none", 2],
  [0x56, "UNICODE", "unicodestringnl", 0],
  [0x8c, "SHORT_BINUNICODE", "unicodestring1", 4],
  [0x58, "BINUNICODE", "unicodestring4", 1],
  [0x8d, "BINUNICODE8", "unicodestring8", 4],
  [0x46, "FLOAT", "floatnl", 0],
  [0x47, "BINFLOAT", "float8", 1],
  [0x5d, "EMPTY_LIST", "none", 1],
  [0x61, "APPEND", "none", 0],
  [0x65, "APPENDS", "none", 1],
  [0x6c, "LIST", "none", 0],
  [0x29, "EMPTY_TUPLE", "none", 1],
  [0x74, "TUPLE", "none", 0],
  [0x85, "TUPLE1", "none", 2],
  [0x86, "TUPLE2", "none", 2],
  [0x87, "TUPLE3", "none", 2],
  [0x7d, "EMPTY_DICT", "none", 1],
  [0x64, "DICT", "none", 0],
  [0x73, "SETITEM", "none", 0],
  [0x75, "SETITEMS", "none", 1],
  [0x8f, "EMPTY_SET", "none", 4],
  [0x90, "ADDITEMS", "none", 4],
  [0x91, "FROZENSET", "none", 4],
  [0x30, "POP", "none", 0],
  [0x32, "DUP", "none", 0],
  [0x28, "MARK", "none", 0],
  [0x31, "POP_MARK", "none", 1],
  [0x67, "GET", "decimalnl_short", 0],
  [0x68, "BINGET", "uint1", 1],
  [0x6a, "LONG_BINGET", "uint4", 1],
  [0x70, "PUT", "decimalnl_short", 0],
  [0x71, "BINPUT", "uint1", 1],
  [0x72, "LONG_BINPUT", "uint4", 1],
  [0x94, "MEMOIZE", "none", 4],
  [0x82, "EXT1", "uint1", 2],
  [0x83, "EXT2", "uint2", 2],
  [0x84, "EXT4", "int4", 2],
  [0x63, "GLOBAL", "stringnl_noescape_pair", 0],
  [0x93, "STACK_GLOBAL", "none", 4],
  [0x52, "REDUCE", "none", 0],
  [0x62, "BUILD", "none", 0],
  [0x69, "INST", "stringnl_noescape_pair", 0],
  [0x6f, "OBJ", "none", 1],
  [0x81, "NEWOBJ", "none", 2],
  [0x92, "NEWOBJ_EX", "none", 4],
  [0x80, "PROTO", "uint1", 2],
  [0x2e, "STOP", "none", 0],
  [0x95, "FRAME", "uint8", 4],
  [0x50, "PERSID", "stringnl_noescape", 0],
  [0x51, "BINPERSID", "none", 1],
];

/** Opcode byte to its description; a byte absent here is an unknown opcode (malformed). */
export const PICKLE_OPCODES: ReadonlyMap<number, PickleOpcode> = new Map(
  TABLE.map(([code, name, arg, proto]) => [code, { name, arg, proto }]),
);

/** Highest protocol CPython writes and reads (pickle.HIGHEST_PROTOCOL in 3.8-3.14). */
export const HIGHEST_PICKLE_PROTOCOL = 5;

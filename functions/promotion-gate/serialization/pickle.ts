import { SerializationError } from "./findings";
import { HIGHEST_PICKLE_PROTOCOL, PICKLE_OPCODES, PickleOpcode } from "./pickle-opcodes";
import { decodeEscapes, decodeRawUnicodeEscape, decodeUtf8 } from "./pickle-text";

/**
 * A pickle walker that NEVER executes: it decodes each opcode and its argument (table in
 * pickle-opcodes.ts, after CPython Lib/pickletools.py) and simulates only what an import check
 * needs, a stack of "string / imported global / anything else" and the memo, so STACK_GLOBAL's
 * operands are known even when they come back through BINGET / LONG_BINGET / GET after
 * MEMOIZE / BINPUT / PUT. Stack effects follow CPython Lib/pickle.py's `_Unpickler.load_*`.
 */

/** One global the pickle makes the unpickler resolve with `find_class(module, name)`. */
export interface PickleImport {
  readonly module: string;
  readonly name: string;
  /** GLOBAL, STACK_GLOBAL or INST. */
  readonly opcode: string;
  /** Byte offset of the opcode in the buffer walked. */
  readonly offset: number;
}

export interface PickleWalk {
  readonly imports: readonly PickleImport[];
  /** `module.name` of every REDUCE / OBJ / NEWOBJ / NEWOBJ_EX / INST target that is an import. */
  readonly calls: readonly string[];
  /** EXT1/2/4 offsets: imports through copyreg's registry, unknowable from the file. */
  readonly extensionImports: readonly number[];
  /** STACK_GLOBAL offsets whose operands were not two known strings. */
  readonly unresolvedImports: readonly number[];
  /** Protocol from PROTO, or 0 for a protocol 0/1 stream that has none. */
  readonly protocol: number;
  /** Offset just past STOP, or where the walk stopped on an error. */
  readonly end: number;
  /**
   * Why the walk stopped before STOP. The imports found up to there are still reported: the
   * unpickler runs opcodes as it reads them, so a REDUCE before the broken byte has already run.
   */
  readonly error?: SerializationError;
}

export interface PickleLimits {
  /** Opcodes walked before the stream is rejected as too large. @default 5_000_000 */
  readonly maxOpcodes?: number;
  /**
   * The buffer is only the first bytes of a longer file (the byte limit was hit), so running out
   * of bytes means "too large", not "truncated". @default false
   */
  readonly prefixOnly?: boolean;
}

/** Strings longer than this are tracked as opaque: no importable module or name is that long. */
const MAX_TRACKED_STRING = 1024;

type Value = { readonly k: "str"; readonly s: string } | { readonly k: "global"; readonly target: string } | { readonly k: "other" };
const OTHER: Value = { k: "other" };

/** Walk one pickle starting at `start`, up to its STOP or the first bad byte (then `error` is set). */
export function walkPickle(buf: Buffer, start = 0, limits: PickleLimits = {}): PickleWalk {
  const maxOpcodes = limits.maxOpcodes ?? 5_000_000;
  const imports: PickleImport[] = [];
  const calls: string[] = [];
  const extensionImports: number[] = [];
  const unresolvedImports: number[] = [];
  const memo = new Map<number, Value>();
  let stack: Value[] = [];
  const metastack: Value[][] = [];
  let protocol = 0;
  let pos = start;
  let count = 0;

  const malformed = (at: number, why: string): never => {
    throw new SerializationError("PICKLE_MALFORMED", `pickle ${why} at byte ${at}`);
  };
  const truncated = (at: number, why: string): never => {
    if (limits.prefixOnly === true) {
      throw new SerializationError("PICKLE_TOO_LARGE", `pickle runs past the ${buf.length}-byte scan limit`);
    }
    return malformed(at, why);
  };
  const need = (at: number, n: number | bigint): number => {
    if (BigInt(n) > BigInt(buf.length - pos)) truncated(at, "is truncated");
    const from = pos;
    pos += Number(n);
    return from;
  };
  const line = (at: number): Buffer => {
    const nl = buf.indexOf(0x0a, pos);
    if (nl < 0) truncated(at, "is truncated (missing newline)");
    const out = buf.subarray(pos, nl);
    pos = nl + 1;
    return out;
  };
  const pop = (at: number): Value => {
    const v = stack.pop();
    if (v === undefined) return malformed(at, "pops an empty stack");
    return v;
  };
  const top = (at: number): Value => {
    const v = stack[stack.length - 1];
    if (v === undefined) return malformed(at, "reads the top of an empty stack");
    return v;
  };
  const popMark = (at: number): Value[] => {
    const items = stack;
    const prev = metastack.pop();
    if (prev === undefined) return malformed(at, "has no MARK to pop to");
    stack = prev;
    return items;
  };
  const str = (s: string): Value => (s.length <= MAX_TRACKED_STRING ? { k: "str", s } : OTHER);
  const recordCall = (callable: Value): void => {
    if (callable.k === "global") calls.push(callable.target);
  };
  const decimal = (at: number, raw: Buffer, long: boolean): bigint => {
    const text = raw.toString("latin1");
    const re = long ? /^[+-]?\d+L?$/ : /^[+-]?\d+$/;
    if (!re.test(text)) malformed(at, `has a bad decimal argument ${JSON.stringify(text.slice(0, 40))}`);
    return BigInt(text.replace(/L$/, ""));
  };
  const importGlobal = (at: number, opcode: string, module: string, name: string): Value => {
    if (module.length === 0 || name.length === 0) malformed(at, `${opcode} has an empty module or name`);
    imports.push({ module, name, opcode, offset: at });
    return { k: "global", target: `${module}.${name}` };
  };

  const result = (error?: SerializationError): PickleWalk =>
    error === undefined
      ? { imports, calls, extensionImports, unresolvedImports, protocol, end: pos }
      : { imports, calls, extensionImports, unresolvedImports, protocol, end: pos, error };
  try {
    for (;;) {
      const at = pos;
      if (pos >= buf.length) truncated(at, "ends before STOP");
      const code = buf[pos] as number;
      pos += 1;
      const op: PickleOpcode | undefined = PICKLE_OPCODES.get(code);
      if (op === undefined) return malformed(at, `has unknown opcode 0x${code.toString(16).padStart(2, "0")}`);
      count += 1;
      if (count > maxOpcodes) throw new SerializationError("PICKLE_TOO_LARGE", `pickle exceeds ${maxOpcodes} opcodes`);

      switch (op.name) {
        // --- pushes of literal values (argument decoded only to find the next opcode)
        case "INT": decimal(at, line(at), false); stack.push(OTHER); break;
        case "LONG": decimal(at, line(at), true); stack.push(OTHER); break;
        case "BININT": need(at, 4); stack.push(OTHER); break;
        case "BININT1": need(at, 1); stack.push(OTHER); break;
        case "BININT2": need(at, 2); stack.push(OTHER); break;
        case "LONG1": need(at, buf[need(at, 1)] as number); stack.push(OTHER); break;
        case "LONG4": {
          const n = buf.readInt32LE(need(at, 4));
          if (n < 0) malformed(at, "LONG4 has a negative byte count");
          need(at, n);
          stack.push(OTHER);
          break;
        }
        case "FLOAT": {
          const text = line(at).toString("latin1").trim();
          if (Number.isNaN(Number(text)) && !/^[+-]?(inf|infinity|nan)$/i.test(text)) malformed(at, "FLOAT has a bad argument");
          stack.push(OTHER);
          break;
        }
        case "BINFLOAT": need(at, 8); stack.push(OTHER); break;
        case "NONE": case "NEWTRUE": case "NEWFALSE": case "EMPTY_LIST": case "EMPTY_TUPLE":
        case "EMPTY_DICT": case "EMPTY_SET": case "NEXT_BUFFER":
          stack.push(OTHER);
          break;
        case "STRING": {
          const raw = line(at);
          const q = raw[0];
          if (raw.length < 2 || (q !== 0x22 && q !== 0x27) || raw[raw.length - 1] !== q) malformed(at, "STRING argument is not quoted");
          stack.push(str(decodeEscapes(raw.subarray(1, raw.length - 1), at)));
          break;
        }
        case "BINSTRING": {
          const n = buf.readInt32LE(need(at, 4));
          if (n < 0) malformed(at, "BINSTRING has a negative byte count");
          const from = need(at, n);
          stack.push(str(buf.toString("latin1", from, from + n)));
          break;
        }
        case "SHORT_BINSTRING": {
          const n = buf[need(at, 1)] as number;
          const from = need(at, n);
          stack.push(str(buf.toString("latin1", from, from + n)));
          break;
        }
        case "BINBYTES": need(at, buf.readUInt32LE(need(at, 4))); stack.push(OTHER); break;
        case "SHORT_BINBYTES": need(at, buf[need(at, 1)] as number); stack.push(OTHER); break;
        case "BINBYTES8": case "BYTEARRAY8": need(at, buf.readBigUInt64LE(need(at, 8))); stack.push(OTHER); break;
        case "UNICODE": stack.push(str(decodeRawUnicodeEscape(line(at), at))); break;
        case "SHORT_BINUNICODE": case "BINUNICODE": case "BINUNICODE8": {
          const width = op.name === "SHORT_BINUNICODE" ? 1 : op.name === "BINUNICODE" ? 4 : 8;
          const lenAt = need(at, width);
          const n = width === 1 ? BigInt(buf[lenAt] as number) : width === 4 ? BigInt(buf.readUInt32LE(lenAt)) : buf.readBigUInt64LE(lenAt);
          const from = need(at, n);
          stack.push(str(decodeUtf8(buf.subarray(from, pos), op.name, at)));
          break;
        }
        // --- containers
        case "APPEND": pop(at); top(at); break;
        case "APPENDS": case "ADDITEMS": popMark(at); top(at); break;
        case "LIST": case "TUPLE": case "FROZENSET": popMark(at); stack.push(OTHER); break;
        case "TUPLE1": pop(at); stack.push(OTHER); break;
        case "TUPLE2": pop(at); pop(at); stack.push(OTHER); break;
        case "TUPLE3": pop(at); pop(at); pop(at); stack.push(OTHER); break;
        case "DICT": {
          if (popMark(at).length % 2 !== 0) malformed(at, "DICT has an odd number of items");
          stack.push(OTHER);
          break;
        }
        case "SETITEM": pop(at); pop(at); top(at); break;
        case "SETITEMS": {
          if (popMark(at).length % 2 !== 0) malformed(at, "SETITEMS has an odd number of items");
          top(at);
          break;
        }
        // --- stack and memo
        case "POP":
          // CPython load_pop: an empty stack above a MARK means POP discards the MARK.
          if (stack.length > 0) stack.pop();
          else popMark(at);
          break;
        case "DUP": stack.push(top(at)); break;
        case "MARK": metastack.push(stack); stack = []; break;
        case "POP_MARK": popMark(at); break;
        case "GET": case "BINGET": case "LONG_BINGET": {
          const idx = op.name === "GET" ? decimal(at, line(at), false)
            : op.name === "BINGET" ? BigInt(buf[need(at, 1)] as number) : BigInt(buf.readUInt32LE(need(at, 4)));
          const v = memo.get(Number(idx));
          if (v === undefined) return malformed(at, `${op.name} reads memo ${idx}, never stored`);
          stack.push(v);
          break;
        }
        case "PUT": case "BINPUT": case "LONG_BINPUT": {
          const idx = op.name === "PUT" ? decimal(at, line(at), false)
            : op.name === "BINPUT" ? BigInt(buf[need(at, 1)] as number) : BigInt(buf.readUInt32LE(need(at, 4)));
          if (idx < 0n) malformed(at, "PUT has a negative index");
          memo.set(Number(idx), top(at));
          break;
        }
        case "MEMOIZE": memo.set(memo.size, top(at)); break;
        // --- imports and calls: the reason this walker exists
        case "GLOBAL": case "INST": {
          const module = decodeUtf8(line(at), `${op.name} module`, at);
          const name = decodeUtf8(line(at), `${op.name} name`, at);
          const g = importGlobal(at, op.name, module, name);
          if (op.name === "GLOBAL") {
            stack.push(g);
          } else {
            popMark(at);
            recordCall(g);
            stack.push(OTHER);
          }
          break;
        }
        case "STACK_GLOBAL": {
          const name = pop(at);
          const module = pop(at);
          if (module.k === "str" && name.k === "str") {
            stack.push(importGlobal(at, op.name, module.s, name.s));
          } else {
            unresolvedImports.push(at);
            stack.push(OTHER);
          }
          break;
        }
        case "EXT1": case "EXT2": case "EXT4":
          need(at, op.name === "EXT1" ? 1 : op.name === "EXT2" ? 2 : 4);
          extensionImports.push(at);
          stack.push(OTHER);
          break;
        case "REDUCE": pop(at); recordCall(pop(at)); stack.push(OTHER); break;
        case "NEWOBJ": pop(at); recordCall(pop(at)); stack.push(OTHER); break;
        case "NEWOBJ_EX": pop(at); pop(at); recordCall(pop(at)); stack.push(OTHER); break;
        case "OBJ": {
          const items = popMark(at);
          const cls = items[0];
          if (cls === undefined) return malformed(at, "OBJ has no class after its MARK");
          recordCall(cls);
          stack.push(OTHER);
          break;
        }
        case "BUILD": pop(at); top(at); break;
        case "PERSID": decodeUtf8(line(at), "PERSID", at); stack.push(OTHER); break;
        case "BINPERSID": pop(at); stack.push(OTHER); break;
        case "READONLY_BUFFER": top(at); break;
        // --- machine control
        case "PROTO": {
          protocol = buf[need(at, 1)] as number;
          if (protocol > HIGHEST_PICKLE_PROTOCOL) malformed(at, `declares unsupported protocol ${protocol}`);
          break;
        }
        case "FRAME": {
          // The frame's bytes are the opcodes that follow, walked as usual; a frame longer than what
          // is left is the truncation CPython reports as "pickle exhausted before end of frame".
          const n = buf.readBigUInt64LE(need(at, 8));
          if (n > BigInt(buf.length - pos)) truncated(at, "has a FRAME longer than the stream");
          break;
        }
        case "STOP": {
          pop(at);
          // pickletools.dis insists the stack is empty after STOP; a real pickler never leaves junk.
          if (stack.length > 0 || metastack.length > 0) malformed(at, "leaves values on the stack at STOP");
          return result();
        }
        default:
          return malformed(at, `has unhandled opcode ${op.name}`);
      }
    }
  } catch (e) {
    if (e instanceof SerializationError) return result(e);
    // Buffer reads are bounds-checked by need(); a RangeError here would be a walker bug.
    throw e;
  }
}

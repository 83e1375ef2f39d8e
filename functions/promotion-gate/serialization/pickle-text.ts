import { SerializationError } from "./findings";

/**
 * Decoders for the text arguments of protocol 0 opcodes, as CPython's Unpickler applies them
 * (Lib/pickle.py load_string / load_unicode). A scanner that compared raw bytes would miss
 * `S'o\x73'` (STRING decodes escapes) or `V\u006fs` (UNICODE decodes \u escapes): both push "os".
 */

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v",
};

/** `codecs.escape_decode` of a STRING body (quotes already stripped), rendered latin-1. */
export function decodeEscapes(raw: Buffer, at: number): string {
  const s = raw.toString("latin1");
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = s[i + 1];
    if (e === undefined) throw new SerializationError("PICKLE_MALFORMED", `STRING at byte ${at} ends with a lone backslash`);
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      i += 1;
    } else if (e === "\n") {
      i += 1;
    } else if (e === "x") {
      const hex = s.slice(i + 2, i + 4);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new SerializationError("PICKLE_MALFORMED", `STRING at byte ${at} has a bad \\x escape`);
      out += String.fromCharCode(parseInt(hex, 16));
      i += 3;
    } else if (/[0-7]/.test(e)) {
      const oct = /^[0-7]{1,3}/.exec(s.slice(i + 1))?.[0] ?? e;
      out += String.fromCharCode(parseInt(oct, 8) & 0xff);
      i += oct.length;
    } else {
      // escape_decode keeps an unknown escape as the backslash and the character.
      out += c;
    }
  }
  return out;
}

/** The `raw-unicode-escape` codec: bytes are latin-1 except `\uXXXX` and `\UXXXXXXXX`. */
export function decodeRawUnicodeEscape(raw: Buffer, at: number): string {
  const s = raw.toString("latin1");
  let out = "";
  let backslashes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    const e = s[i + 1];
    // Only a backslash preceded by an even run of backslashes starts \u (CPython's decoder rule).
    if (c === "\\" && backslashes % 2 === 0 && (e === "u" || e === "U")) {
      const width = e === "u" ? 4 : 8;
      const hex = s.slice(i + 2, i + 2 + width);
      if (hex.length !== width || !/^[0-9a-fA-F]+$/.test(hex)) {
        throw new SerializationError("PICKLE_MALFORMED", `UNICODE at byte ${at} has a truncated \\${e} escape`);
      }
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) throw new SerializationError("PICKLE_MALFORMED", `UNICODE at byte ${at} escapes a code point above U+10FFFF`);
      out += String.fromCodePoint(cp);
      i += 1 + width;
      backslashes = 0;
    } else {
      out += c;
      backslashes = c === "\\" ? backslashes + 1 : 0;
    }
  }
  return out;
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** Strict UTF-8 (CPython decodes BINUNICODE and GLOBAL lines as UTF-8 and fails on bad bytes). */
export function decodeUtf8(raw: Buffer, what: string, at: number): string {
  try {
    return UTF8.decode(raw);
  } catch {
    throw new SerializationError("PICKLE_MALFORMED", `${what} at byte ${at} is not valid UTF-8`);
  }
}

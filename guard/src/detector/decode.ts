/**
 * Decoding of text hidden in encoded form (TOOL-05): base64 and base64url, hex (plain and `\x41`), percent-encoding,
 * `\u0041` escapes, HTML character references, ROT13 and reversed text. Decoding is bounded: segments per field,
 * characters per segment and per field, and nesting depth (base64 of base64 is unwrapped, at most
 * {@link MAX_DECODE_DEPTH} times). Only decodings that are readable text count: binary data (digests, images,
 * random tokens) decodes to bytes that are not valid UTF-8 or not mostly printable, and is dropped.
 */

import { TextField } from "./types";

/** Most times one string is unwrapped (`base64(base64(text))` needs two). */
export const MAX_DECODE_DEPTH = 3;
/** Most candidate segments decoded per string and level. */
export const MAX_SEGMENTS = 16;
/** Longest segment decoded; longer ones are cut (TOOL-05-length reports the field). */
export const MAX_SEGMENT_CHARS = 8192;
/** Most decoded characters kept per field, over all segments and levels. */
export const MAX_DECODED_CHARS = 16_384;

/** How a segment was encoded. */
export type Encoding = "base64" | "hex" | "percent" | "unicode-escape" | "html-entity" | "rot13" | "reversed";

/** Text recovered from an encoded segment. */
export interface Decoded {
  /** The encodings unwrapped, outermost first, e.g. `["base64", "base64"]`. */
  readonly encodings: readonly Encoding[];
  /** The text with the encoded part decoded (escapes mixed into prose are decoded in place, the prose kept). */
  readonly text: string;
  /** Only what was encoded, decoded: without the plain prose around in-place escapes. */
  readonly hidden: string;
}

/** One decoding of one level. */
interface Found {
  readonly text: string;
  readonly hidden: string;
}

/** Lenient: an invalid byte becomes U+FFFD, so one bad byte appended to a payload cannot hide the rest of it. */
const utf8 = new TextDecoder("utf-8");

function bytesToText(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

const PRINTABLE = /[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}\n\t]/gu;
const LETTER = /\p{L}/gu;

/** Mostly printable text with letters: what an instruction decodes to, and what random bytes almost never do. */
export function isReadable(text: string): boolean {
  if (text.length < 4) return false;
  const printable = text.match(PRINTABLE)?.length ?? 0;
  const letters = text.match(LETTER)?.length ?? 0;
  return printable / [...text].length >= 0.95 && letters / [...text].length >= 0.5;
}

function fromBytes(pairs: readonly string[]): string {
  return bytesToText(Uint8Array.from(pairs.map((pair) => parseInt(pair, 16))));
}

interface Decoder {
  readonly encoding: Encoding;
  /** The decoded candidates of a text; every expression repeats over one class, so matching is linear. */
  readonly decode: (text: string) => (Found | undefined)[];
}

/** Each match of `segment` (a `g` expression), decoded on its own: for encodings that make opaque runs (base64, hex). */
function segments(segment: RegExp, decode: (run: string) => string | undefined): (text: string) => (Found | undefined)[] {
  return (text) => {
    const out: (Found | undefined)[] = [];
    for (const match of text.matchAll(segment)) {
      if (out.length >= MAX_SEGMENTS) break;
      const decoded = decode(match[0].slice(0, MAX_SEGMENT_CHARS));
      out.push(decoded === undefined ? undefined : { text: decoded, hidden: decoded });
    }
    return out;
  };
}

/**
 * The whole text with each `run` of escapes replaced in place, when it has at least four escapes (`unit`): for
 * escapes mixed into prose.
 */
function inPlace(unit: RegExp, run: RegExp, replace: (escaped: string) => string): (text: string) => (Found | undefined)[] {
  return (text) => {
    const slice = text.slice(0, MAX_SEGMENT_CHARS);
    if ((slice.match(unit)?.length ?? 0) < 4) return [];
    const hidden: string[] = [];
    const decoded = slice.replace(run, (escaped) => {
      let plain: string;
      try {
        plain = replace(escaped);
      } catch {
        return escaped; // one escape that does not decode (a code point out of range) must not hide the others
      }
      hidden.push(plain);
      return plain;
    });
    return hidden.length === 0 ? [] : [{ text: decoded, hidden: hidden.join("") }];
  };
}

const UNICODE_ESCAPE = /\\u\{[0-9a-fA-F]{1,6}\}|\\u[0-9a-fA-F]{4}/g;
const HTML_REFERENCE = /&#[xX][0-9a-fA-F]{1,6};|&#[0-9]{1,7};/g;

const DECODERS: readonly Decoder[] = [
  {
    encoding: "base64",
    decode: segments(/[A-Za-z0-9+/_-]{16,}={0,2}/g, (run) => {
      const body = run.replace(/=+$/, "");
      if (body.length % 4 === 1 || !/[0-9+/_A-Z]/.test(body) || !/[a-z]/.test(body)) return undefined;
      return bytesToText(Buffer.from(body.replace(/-/g, "+").replace(/_/g, "/"), "base64"));
    }),
  },
  { encoding: "hex", decode: segments(/\b(?:[0-9a-fA-F]{2}){8,}\b/g, (run) => fromBytes(run.match(/../g) ?? [])) },
  { encoding: "hex", decode: segments(/(?:\\x[0-9a-fA-F]{2}){4,}/g, (run) => fromBytes(run.match(/[0-9a-fA-F]{2}/g) ?? [])) },
  // Byte by byte, not decodeURIComponent: a run with one invalid byte (%FF) still decodes around it.
  { encoding: "percent", decode: inPlace(/%[0-9a-fA-F]{2}/g, /(?:%[0-9a-fA-F]{2})+/g, (run) => fromBytes(run.match(/[0-9a-fA-F]{2}/g) ?? [])) },
  {
    encoding: "unicode-escape",
    decode: inPlace(UNICODE_ESCAPE, UNICODE_ESCAPE, (escaped) => String.fromCodePoint(parseInt(escaped.replace(/[^0-9a-fA-F]/g, "").slice(0, 6), 16))),
  },
  {
    encoding: "html-entity",
    decode: inPlace(HTML_REFERENCE, HTML_REFERENCE, (escaped) => String.fromCodePoint(escaped[2] === "x" || escaped[2] === "X" ? parseInt(escaped.slice(3, -1), 16) : parseInt(escaped.slice(2, -1), 10))),
  },
];

/** Frequent English function words: ROT13 or reversed text that gains many of them was English in disguise. */
const FUNCTION_WORDS = /\b(?:the|and|to|of|you|your|all|any|before|after|with|this|that|from|into|must|read|send|file|user|instructions?|previous)\b/gi;

function functionWords(text: string): number {
  return text.match(FUNCTION_WORDS)?.length ?? 0;
}

function rot13(text: string): string {
  return text.replace(/[A-Za-z]/g, (char) => {
    const base = char <= "Z" ? 65 : 97;
    return String.fromCharCode(((char.charCodeAt(0) - base + 13) % 26) + base);
  });
}

/** Whole-text transforms that leave the alphabet alone: worth it only when the result reads as English and the original does not. */
const TRANSFORMS: readonly { readonly encoding: Encoding; readonly apply: (text: string) => string }[] = [
  { encoding: "rot13", apply: rot13 },
  { encoding: "reversed", apply: (text) => [...text].reverse().join("") },
];

/** Sentences, for the whole-text transforms: a ROT13 sentence after a plain one is found on its own. */
const SENTENCE = /(?<=[.!?])\s+|\n+/;

function decodeOnce(text: string): (Found & { encoding: Encoding })[] {
  const out: (Found & { encoding: Encoding })[] = [];
  for (const decoder of DECODERS) {
    for (const decoded of decoder.decode(text)) {
      if (decoded !== undefined && decoded.text !== text && isReadable(decoded.hidden)) out.push({ encoding: decoder.encoding, ...decoded });
    }
  }
  for (const sentence of text.slice(0, MAX_SEGMENT_CHARS).split(SENTENCE)) {
    const before = functionWords(sentence);
    for (const transform of TRANSFORMS) {
      const after = transform.apply(sentence);
      const gained = functionWords(after);
      if (gained >= 3 && gained >= 3 * (before + 1)) out.push({ encoding: transform.encoding, text: after, hidden: after });
    }
  }
  return out;
}

/** Every readable text hidden in encoded form in `text`, unwrapped up to {@link MAX_DECODE_DEPTH} levels, within {@link MAX_DECODED_CHARS}. */
export function decodedTexts(text: string): Decoded[] {
  const out: Decoded[] = [];
  let budget = MAX_DECODED_CHARS;
  let level: Decoded[] = [{ encodings: [], text, hidden: text }];
  for (let depth = 0; depth < MAX_DECODE_DEPTH && level.length > 0 && budget > 0; depth++) {
    const next: Decoded[] = [];
    for (const parent of level) {
      for (const found of decodeOnce(parent.text)) {
        if (budget <= 0) break;
        const kept = found.text.slice(0, budget);
        budget -= kept.length;
        next.push({ encodings: [...parent.encodings, found.encoding], text: kept, hidden: found.hidden.slice(0, budget + kept.length) });
      }
    }
    out.push(...next);
    level = next;
  }
  return out;
}

/** A decoded text and the field it was hidden in. */
export interface DecodedField extends Decoded {
  readonly field: string;
}

const decodedByInput = new WeakMap<readonly TextField[], DecodedField[]>();

/** The decoded texts of every field of a definition, computed once per scan (two rules read them). */
export function decodedFields(fields: readonly TextField[]): DecodedField[] {
  let found = decodedByInput.get(fields);
  if (found === undefined) {
    found = fields.flatMap((field) => decodedTexts(field.text).map((decoded) => ({ ...decoded, field: field.path })));
    decodedByInput.set(fields, found);
  }
  return found;
}

/** How a reviewer reads where a decoded text came from, e.g. `base64 inside base64`. */
export function describeEncodings(encodings: readonly Encoding[]): string {
  return [...encodings].reverse().join(" inside ");
}

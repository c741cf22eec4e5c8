/**
 * The TOOL-11 classifier: logistic regression over hashed word, word-pair and (lighter) character 4-gram features of
 * short windows of a definition's prose (one or two sentences each). A tool's score is its highest window score, so a
 * sentence planted in a long, honest description is not diluted by it. Weights are data (`model.json`), produced
 * offline and reproducibly by `guard/model/train.ts` from the corpus it names; inference is in-process and allocates
 * only the feature map of one window.
 */
import { identifierWords } from "./patterns";
import { FieldKind, TextField } from "./types";

/** The kinds of field the classifier reads, in training and in use. */
export const CLASSIFIED: readonly FieldKind[] = ["description", "parameter-description", "title", "value"];

/** The texts of a definition the classifier reads, in field order. */
export function classifierTexts(fields: readonly TextField[]): string[] {
  return fields.filter((field) => CLASSIFIED.includes(field.kind)).map((field) => field.text);
}

/** The trained model as `model.json` stores it. */
export interface ClassifierModel {
  /** Bumped when features or training change; lock files record it. */
  readonly version: string;
  /** Features hash into `2^bits` buckets. */
  readonly bits: number;
  readonly bias: number;
  /** Windows scoring at or above this are poisoned. */
  readonly threshold: number;
  /** Non-zero weights: bucket indices, ascending, and their weights, same length. */
  readonly indices: readonly number[];
  readonly weights: readonly number[];
}

/** Longest window, in characters; a longer sentence is cut into windows of this size. */
export const MAX_WINDOW_CHARS = 400;

/** Most windows scored per tool; the first ones (the description comes first) are kept. */
export const MAX_WINDOWS = 256;

/**
 * FNV-1a (32 bits) continued from state `h` over `text` from `start` to `end`: a feature's hash is its parts hashed in
 * turn, the same as hashing their concatenation, without building the string (most of the detector's time was there).
 */
function fnv(h: number, text: string, start = 0, end = text.length): number {
  for (let i = start; i < end; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

/** FNV-1a's offset basis continued over each feature kind's prefix: word, word pair, character 4-gram. */
const WORD = fnv(0x811c9dc5, "w:");
const PAIR = fnv(0x811c9dc5, "b:");
const GRAM = fnv(0x811c9dc5, "c:");
const SPACE = " ";

/** Lower-case, compatibility-normalized words; identifiers split into their words. */
export function normalize(text: string): string {
  return identifierWords(text.normalize("NFKC")).toLowerCase().replace(/\s+/g, " ").trim();
}

/** Splits prose into sentences (on `.`, `!`, `?` followed by space, and on line breaks), cut to the window size. */
export function sentences(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/(?<=[.!?])\s+|\n+/)) {
    const trimmed = part.trim();
    for (let i = 0; i < trimmed.length; i += MAX_WINDOW_CHARS) out.push(trimmed.slice(i, i + MAX_WINDOW_CHARS));
  }
  return out;
}

/** The windows of a text: each sentence, and each pair of neighbouring sentences. */
export function windows(texts: readonly string[]): string[] {
  const out: string[] = [];
  for (const text of texts) {
    const parts = sentences(text);
    for (let i = 0; i < parts.length && out.length < MAX_WINDOWS; i++) {
      out.push(parts[i]);
      if (i + 1 < parts.length && out.length < MAX_WINDOWS) out.push(`${parts[i]} ${parts[i + 1]}`);
    }
  }
  return out;
}

const TOKEN = /[a-z0-9']+|[<>!\[\]{}|:~\/$]/g;

/**
 * The weight of a character 4-gram against a word or word pair (1). A window has about three times as many 4-grams as
 * words and pairs, so at equal weight its spelling outweighed its words, and the classifier learned its training
 * authors' style more than their meaning (`guard/model/README.md`, model 2026.12.9: other authors' fixtures were found
 * more often at 0.3).
 */
export const GRAM_WEIGHT = 0.3;

/** The hashed features of one window: bucket → value (1 for words and pairs, {@link GRAM_WEIGHT} for 4-grams), L2-normalized. */
export function features(window: string, bits: number): Map<number, number> {
  const mask = (1 << bits) - 1;
  const present = new Map<number, number>();
  const add = (hash: number, value: number) => present.set(hash & mask, value);
  const text = normalize(window);
  const tokens = text.match(TOKEN) ?? [];
  for (let i = 0; i < tokens.length; i++) {
    add(fnv(WORD, tokens[i]), 1);
    if (i + 1 < tokens.length) add(fnv(fnv(fnv(PAIR, tokens[i]), SPACE), tokens[i + 1]), 1);
  }
  const padded = ` ${text} `;
  for (let i = 0; i + 4 <= padded.length; i++) add(fnv(GRAM, padded, i, i + 4), GRAM_WEIGHT);
  let squares = 0;
  for (const value of present.values()) squares += value * value;
  const norm = squares > 0 ? 1 / Math.sqrt(squares) : 0;
  for (const [bucket, value] of present) present.set(bucket, value * norm);
  return present;
}

/** A model's weights as a dense array, built once per model. */
export function denseWeights(model: ClassifierModel): Float64Array {
  const dense = new Float64Array(1 << model.bits);
  model.indices.forEach((index, i) => (dense[index] = model.weights[i]));
  return dense;
}

/** The probability that one window is poisoned. */
export function windowScore(window: string, dense: Float64Array, bias: number, bits: number): number {
  let z = bias;
  for (const [bucket, value] of features(window, bits)) z += dense[bucket] * value;
  return 1 / (1 + Math.exp(-z));
}

/** The highest window score over the texts, and the window that has it. */
export function maxScore(texts: readonly string[], dense: Float64Array, model: ClassifierModel): { readonly score: number; readonly window: string } {
  let best = { score: 0, window: "" };
  for (const window of windows(texts)) {
    const score = windowScore(window, dense, model.bias, model.bits);
    if (score > best.score) best = { score, window };
  }
  return best;
}

/**
 * Words disguised with look-alike characters (TOOL-05), folded back to the Latin letters a model reads in them:
 * compatibility letters (fullwidth, mathematical, circled and squared: Unicode NFKC), IPA small capitals, negative
 * squared and circled letters and regional indicators, Cyrillic or Greek homoglyphs inside a word that also has Latin
 * letters (the Unicode confusables skeleton of UTS #39, from unhomoglyph's copy of Unicode's data), Latin letters
 * struck through or stacked with combining marks, and leetspeak digits inside a word. A keyword filter misses
 * `ɪᴍᴘᴏʀᴛᴀɴᴛ`, `1MP0RT4NT` or `rеаd` with Cyrillic vowels; a model reads all three (OWASP LLM01:2025 names obfuscation
 * with look-alike characters; the homoglyph and "leetspeak" evasions of keyword filters are as old as spam filtering).
 *
 * Only disguised words change: a word wholly in Cyrillic or Greek is a word of that language, and an accented Latin word
 * is left as written. Leetspeak is any word of letters and the digits and symbols in {@link LEET}: honest tokens such
 * as `mp3` or `a11y` fold to nonsense (`mpe`, `aiiy`), which no instruction pattern matches, and tokens with other
 * digits (`sha256`, `k8s`) are left alone. The tables are written here because no
 * library maps small capitals or enclosed letters to what they look like: NFKC keeps them, and the confusables
 * skeleton maps some of them to other look-alikes (`ᴍ` to `ʍ`).
 */
import unhomoglyph from "unhomoglyph";

/** IPA and phonetic small capitals, by the Latin letter each is drawn as. */
const SMALL_CAPITALS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    a: "\u1D00", b: "\u0299", c: "\u1D04", d: "\u1D05", e: "\u1D07", f: "\uA730", g: "\u0262", h: "\u029C", i: "\u026A", j: "\u1D0A", k: "\u1D0B", l: "\u029F", m: "\u1D0D",
    n: "\u0274", o: "\u1D0F", p: "\u1D18", q: "\u01EB", r: "\u0280", s: "\uA731", t: "\u1D1B", u: "\u1D1C", v: "\u1D20", w: "\u1D21", y: "\u028F", z: "\u1D22",
  }).map(([latin, small]) => [small, latin]),
);

/** Enclosed capital letters NFKC leaves alone, by the first code point of their A-to-Z run. */
const ENCLOSED_RUNS: readonly number[] = [0x1f150, 0x1f170, 0x1f1e6];

/** Leetspeak digits and symbols, by the letter each stands for. */
const LEET: ReadonlyMap<string, string> = new Map([["0", "o"], ["1", "i"], ["3", "e"], ["4", "a"], ["5", "s"], ["7", "t"], ["@", "a"], ["$", "s"]]);

/** A word: letters, marks, digits, the leet symbols and the enclosed letters (which Unicode files as symbols). */
const WORD = /[\p{L}\p{M}\p{N}@$\u{1F150}-\u{1F169}\u{1F170}-\u{1F189}\u{1F1E6}-\u{1F1FF}]+/gu;

/** Worth folding: something outside ASCII, or a digit or leet symbol against a letter. */
const CANDIDATE = /[^\x00-\x7F]|[A-Za-z][013457@$]|[013457@$][A-Za-z]/;

const CYRILLIC_OR_GREEK = /[\p{Script=Cyrillic}\p{Script=Greek}]/u;
/** Combining marks that strike a letter through (overlays) rather than accent it. */
const OVERLAY = /[\u0334-\u0338\u20D2\u20D3\u20E5\u20E6\u20EA\u20EB]/u;
/** Marks on one letter beyond what any spelling stacks (Vietnamese stacks two): "Zalgo" text. */
const STACKED_MARKS = 3;
const ASCII_LETTER = /^[A-Za-z]$/;

/** The Latin letter a Cyrillic or Greek letter is confusable with, if it has one. */
function homoglyph(char: string): string | undefined {
  // The skeleton maps capital I (and Cyrillic І, Greek Ι) to l; the lowercase letter's skeleton breaks that tie.
  const capital = char !== char.toLowerCase();
  const skeleton = unhomoglyph(char);
  if (ASCII_LETTER.test(skeleton) && !(capital && skeleton === "l")) return skeleton;
  const lower = unhomoglyph(char.toLowerCase());
  if (ASCII_LETTER.test(lower)) return capital ? lower.toUpperCase() : lower;
  return undefined;
}

function enclosed(codePoint: number): string | undefined {
  for (const start of ENCLOSED_RUNS) if (codePoint >= start && codePoint < start + 26) return String.fromCharCode(65 + codePoint - start);
  return undefined;
}

/** One word folded, or `undefined` when it is not disguised. */
function foldWord(word: string): string | undefined {
  let out = "";
  let disguised = false;
  let latin = 0;
  let marks = 0;
  let onLetter = 0;
  let struck = false;
  let foreign = 0;
  let unmapped = 0;
  for (const char of word.normalize("NFD")) {
    if (/\p{M}/u.test(char)) {
      marks++;
      onLetter++;
      if (OVERLAY.test(char) || onLetter >= STACKED_MARKS) struck = true;
      continue;
    }
    onLetter = 0;
    const small = SMALL_CAPITALS.get(char) ?? enclosed(char.codePointAt(0)!);
    const compatible = char.normalize("NFKC");
    if (small !== undefined) {
      out += small;
      disguised = true;
    } else if (compatible !== char && /^[A-Za-z0-9]+$/.test(compatible)) {
      out += compatible;
      disguised = true;
    } else if (ASCII_LETTER.test(char)) {
      out += char;
      latin++;
    } else if (CYRILLIC_OR_GREEK.test(char)) {
      const latinLookAlike = homoglyph(char);
      out += latinLookAlike ?? char;
      foreign++;
      if (latinLookAlike === undefined) unmapped++;
    } else {
      out += char;
    }
  }
  // Cyrillic or Greek letters disguise a word only among Latin ones, and only if every one of them looks Latin.
  if (foreign > 0 && (latin === 0 || unmapped > 0)) return undefined;
  if (foreign > 0) disguised = true;
  // Accents are spelling; overlays and marks stacked on one letter strike or bury it.
  if (struck && /^[A-Za-z0-9]+$/.test(out)) disguised = true;
  else if (marks > 0) return undefined;
  if (/^[A-Za-z013457@$]{2,}$/.test(out) && /[A-Za-z]/.test(out) && /[013457@$]/.test(out)) {
    out = [...out].map((char) => LEET.get(char) ?? char).join("");
    disguised = true;
  }
  return disguised ? out : undefined;
}

/** A text with its disguised words folded, and those words as folded; `undefined` when no word is disguised. */
export function foldLookAlikes(text: string): { readonly text: string; readonly words: readonly string[] } | undefined {
  if (!CANDIDATE.test(text)) return undefined;
  const words: string[] = [];
  const folded = text.replace(WORD, (word) => {
    const plain = foldWord(word);
    if (plain === undefined) return word;
    words.push(plain);
    return plain;
  });
  return words.length === 0 ? undefined : { text: folded, words };
}

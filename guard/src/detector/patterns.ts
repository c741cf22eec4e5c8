/**
 * Pattern rules: a rule that reports the first match of any of its regular expressions in each field it reads.
 * Every expression must run in linear time: no nested or adjacent unbounded quantifiers over overlapping classes;
 * gaps between words are bounded (`[^.\n]{0,60}`). `test/detector/detector.test.ts` feeds the detector adversarial
 * input to hold that.
 */
import { excerpt } from "./excerpt";
import { FieldKind, RuleHit, ScanInput, TextField } from "./types";

/** The field kinds that carry prose: where a tool explains itself. */
export const PROSE: readonly FieldKind[] = ["description", "parameter-description"];

/** The field kinds that hold identifiers and labels, where no sentence belongs (TOOL-05 hidden instructions). */
export const LABELS: readonly FieldKind[] = ["name", "title", "parameter-name", "value"];

/** Every field kind. */
export const ALL_FIELDS: readonly FieldKind[] = ["name", "title", "description", "parameter-name", "parameter-description", "value"];

/** An e-mail address, for patterns that name one. */
export const EMAIL_ADDRESS = String.raw`[\w.+-]{1,64}@[\w-]{1,63}\.[\w.-]{2,63}`;

/** A tool's name as MCP servers write it, snake case with one to four underscores (`create_pull_request`). */
export const TOOL_NAME = String.raw`[a-z][a-z0-9]{0,30}(?:_[a-z0-9]{1,30}){1,4}`;

/** "must be called" and its kin, up to "first". */
const MUST_BE_CALLED = String.raw`(?:must|should|has to|needs to) (?:always )?be (?:called|run|invoked|used) `;

/** {@link MUST_BE_CALLED} said of the tool itself: no subject, "this tool", "it". */
const SELF_CALLED = String.raw`(?:^|[.!?]\s{1,4}|\n|\b(?:this|the) (?:tool|function) |\bit )${MUST_BE_CALLED}`;

/**
 * The tool's own product before "tools" ("Shopify tools" in `learn_shopify_api`), as the pattern rules read it: a
 * word of the tool's name, blanked to underscores by {@link matchPatterns}.
 */
const OWN_PRODUCT = "_{3,30}";

/**
 * "before (using) any other tool(s)" ending its sentence, or "before (using) any (other) <own product> tools" (the
 * order stays inside the tool's own server, so the sentence may go on).
 */
const BEFORE_ANY_OTHER = String.raw`before (?:(?:using |calling |invoking )?any other tools?(?= {0,4}(?:[.!?\n]|$))|(?:using |calling |invoking |performing any operations with )?(?:any |all )?(?:other )?${OWN_PRODUCT} tools?\b)`;

/**
 * A tool that says, and says only, that it must be called before any other ("Must be called before using any other
 * tools.", "This tool MUST be called before any other Shopify tools."): a connect, sign-in or context tool of a real
 * server, a usage directive, not line jumping. Matches the "before ..." part; `SELF_FIRST_WITH_FIRST` the "first
 * before ..." form, `SELF_FIRST_SENTENCE` the sentence from its subject.
 */
export const SELF_FIRST = String.raw`(?<=${SELF_CALLED}(?:first,? )?)${BEFORE_ANY_OTHER}`;
export const SELF_FIRST_WITH_FIRST = String.raw`(?<=${SELF_CALLED})first,? ${BEFORE_ANY_OTHER}`;
export const SELF_FIRST_SENTENCE = String.raw`(?:this|the) (?:tool|function) ${MUST_BE_CALLED}(?:first,? )?${BEFORE_ANY_OTHER}`;

/**
 * "over multiple individual calls": a tool that batches what its siblings do one at a time ("ALWAYS prefer this tool
 * over multiple individual 'fill' calls") states its cost, not a preference over other tools. What follows "over",
 * "instead of" or "rather than" in such a text: several calls, not other tools.
 */
export const SINGLE_CALLS = String.raw`\s(?:making\s)?(?:multiple|several|many|repeated|individual|separate|sequential)\b[^.\n]{0,40}\b(?:calls|requests|invocations)\b`;

/** Longest text a pattern rule reads from one field; longer text is a TOOL-05 length finding. */
export const MAX_SCANNED_CHARS = 65_536;

/** Identifiers as words: `read_ssh_key` and `readSshKey` become `read ssh key`, so word patterns see names too. */
export function identifierWords(text: string): string {
  return text.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_.$-]+/g, " ");
}

/**
 * Attacks a description names as examples rather than makes: a short quoted phrase after "such as", "e.g.", "like",
 * "phrases", "patterns" and the like ("flags phrases such as 'ignore previous instructions'"), and a tag followed by
 * the word "tag" ("hidden <IMPORTANT> tags"). Security tools describe what they detect this way. Only a text that says
 * it detects attacks ({@link DESCRIBES_DETECTION}) gets this reading, so a weather tool cannot hide an order in a
 * quoted "example"; and the classifier still reads these texts whole.
 */
const QUOTED = String.raw`['"\u2018\u201C][^'"\u2018\u2019\u201C\u201D\n]{1,120}['"\u2019\u201D]`;
const MENTIONS = new RegExp(
  String.raw`\b(?:such as|e\.g\.,?|i\.e\.,?|like|for example|for instance|phrases?|patterns?|strings?|keywords?|including|namely|detects?|flags?)\s{1,3}${QUOTED}(?:\s{0,2}(?:,|\bor\b|\band\b)\s{0,3}${QUOTED}){0,8}|<\/?[A-Za-z_][\w-]{0,30}>(?=\s(?:tags?|blocks?|markers?|elements?)\b)`,
  "g",
);

/** A text that describes detecting or screening attacks: a verb of detection near a word for an attack. */
const DESCRIBES_DETECTION =
  /\b(?:scan|detect|flag|classif|screen|filter|sanitiz|sanitis|block|audit|lint|find|look)\w{0,6}\b[^.\n]{0,80}\b(?:injections?|attacks?|poison\w{0,4}|malicious|jailbreaks?|exploits?|payloads?|threats?)\b|\b(?:injections?|attacks?|poison\w{0,4}|jailbreaks?|payloads?)\b[^.\n]{0,40}\b(?:detect|scan|flag|classif|screen|filter)\w{0,6}\b/i;

/**
 * The text with the attacks it names as examples blanked (same length, so excerpts keep their offsets), when it
 * describes detecting attacks; any other text as it is.
 */
function withoutMentions(text: string): string {
  return DESCRIBES_DETECTION.test(text) ? text.replace(MENTIONS, (mention) => " ".repeat(mention.length)) : text;
}

/** A word before "tools" ("Shopify tools", "HubSpot tools"): {@link OWN_PRODUCT} when it is a word of the tool's name. */
const PRODUCT_TOOLS = /\b[A-Za-z][A-Za-z0-9]{2,29}(?= tools?\b)/g;

/** Prose with the tool's own product blanked where it names "<product> tools" (same offsets). */
function withOwnProductBlanked(text: string, toolName: string): string {
  if (!/ tools?\b/i.test(text)) return text;
  let own: Set<string> | undefined;
  return text.replace(PRODUCT_TOOLS, (word) => {
    own ??= new Set(identifierWords(toolName).toLowerCase().split(/\s+/));
    return own.has(word.toLowerCase()) ? "_".repeat(word.length) : word;
  });
}

/** A scanned field's text as the pattern rules read it: its words, and those words with quoted examples blanked. */
interface PatternText {
  /** Identifiers as words, cut to {@link MAX_SCANNED_CHARS}: what excerpts quote. */
  readonly words: string;
  /**
   * `words` with the attacks a detection tool names as examples blanked, and the tool's own product where it names
   * "<product> tools" (same offsets): what patterns run on.
   */
  readonly read: string;
}

/** Each field's pattern text, worked out once per scan for all the rules. */
const patternTexts = new WeakMap<TextField, PatternText>();

function patternText(field: TextField, toolName: string): PatternText {
  let text = patternTexts.get(field);
  if (text === undefined) {
    const raw = field.text.length > MAX_SCANNED_CHARS ? field.text.slice(0, MAX_SCANNED_CHARS) : field.text;
    const words = field.kind === "name" || field.kind === "parameter-name" ? identifierWords(raw) : raw;
    text = { words, read: PROSE.includes(field.kind) ? withOwnProductBlanked(withoutMentions(words), toolName) : words };
    patternTexts.set(field, text);
  }
  return text;
}

/** A fenced code block (three or more backticks or tildes, to the matching fence or the end of the text). */
const CODE_FENCE = /(`{3,}|~{3,})[^\n]*\n[^]*?(?:\n[ \t]*\1[ \t]*(?=\n|$)|$)/g;

/**
 * The text with its fenced code blocks blanked (same length, so excerpts keep their offsets): markup inside a fence is
 * shown as code when rendered, an example (a draw.io XML file), not markup. For the rules about rendering (TOOL-05).
 */
export function withoutCodeFences(text: string): string {
  return text.includes("```") || text.includes("~~~") ? text.replace(CODE_FENCE, (block) => block.replace(/[^\n]/g, " ")) : text;
}

/**
 * Runs `patterns` over the fields of the given kinds; one hit per field, for the first pattern that matches.
 * @param view what of each field's pattern text the patterns read. @default the text as it is
 */
export function matchPatterns(input: ScanInput, kinds: readonly FieldKind[], patterns: readonly RegExp[], view: (text: string) => string = (text) => text): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const field of input.fields) {
    if (!kinds.includes(field.kind)) continue;
    const { words, read: text } = patternText(field, input.definition.name);
    const read = view(text);
    for (const pattern of patterns) {
      const match = pattern.exec(read);
      if (match) {
        hits.push({ field: field.path, detail: excerpt(words, match.index, match.index + match[0].length) });
        break;
      }
    }
  }
  return hits;
}

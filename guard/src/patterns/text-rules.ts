/**
 * Text rules shared by the pattern checks (GW-02, PUB-02, DLP, IO-05): a regular expression with keywords that gate
 * it (at least one must occur in the lower-cased text, as gitleaks does, so most rules never run on most text), and an
 * optional validator of each match (Luhn, checksums). Scanning returns spans, never copies of what matched outside
 * the validator; `redact` replaces spans with a marker naming the rule.
 */

export interface TextRule {
  /** Full rule ID, starting with its control ID (`DLP-01-aws-access-key`). */
  readonly id: string;
  /** Global (`g`) regular expression, written to run in linear time. */
  readonly regex: RegExp;
  /** Lower-case substrings, one of which must occur for the regex to run; empty runs it always. */
  readonly keywords: readonly string[];
  /** Keeps a match only when true (checksums); the match is passed, never stored. */
  readonly accept?: (match: RegExpExecArray) => boolean;
}

export interface Hit {
  readonly rule: string;
  readonly start: number;
  readonly end: number;
}

let lastText: string | undefined;
let lastLower = "";

/** `text.toLowerCase()`, remembered for the last text (the checks of one message scan the same strings in turn). */
function lowerCase(text: string): string {
  if (text !== lastText) {
    lastText = text;
    lastLower = text.toLowerCase();
  }
  return lastLower;
}

/** A literal as a regular expression that matches exactly it (JavaScript and RE2 syntax). */
export const escapeRegExp = (literal: string): string => literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\n/g, "\\n");

/**
 * Rules compiled for scanning together: one pass of a combined keyword expression finds which keywords occur, and
 * only the rules gated by one of them (or by none) run.
 */
export class RuleSet {
  private readonly keywords: RegExp | undefined;
  private readonly subsets = new Map<string, RuleSet>();

  constructor(readonly rules: readonly TextRule[]) {
    const all = [...new Set(rules.flatMap((rule) => rule.keywords))].sort((a, b) => b.length - a.length);
    this.keywords = all.length === 0 ? undefined : new RegExp(all.map(escapeRegExp).join("|"), "g");
  }

  /** The rules that may match `text`. */
  candidates(text: string): TextRule[] {
    const found = new Set<string>();
    if (this.keywords !== undefined) {
      // Each keyword once: a long text repeats common ones ("not", "-") thousands of times, so no array of every match.
      const lower = lowerCase(text);
      this.keywords.lastIndex = 0;
      for (let match = this.keywords.exec(lower); match !== null; match = this.keywords.exec(lower)) {
        found.add(match[0]);
        if (match[0].length === 0) this.keywords.lastIndex++;
      }
    }
    return this.rules.filter((rule) => rule.keywords.length === 0 || rule.keywords.some((keyword) => found.has(keyword)));
  }

  /** A rule set without the rules in `skip` (per-tool overrides). */
  without(skip: ReadonlySet<string>): RuleSet {
    const dropped = this.rules.filter((rule) => skip.has(rule.id)).map((rule) => rule.id);
    if (dropped.length === 0) return this;
    const key = dropped.join("\u0000");
    let subset = this.subsets.get(key);
    if (subset === undefined) {
      subset = new RuleSet(this.rules.filter((rule) => !skip.has(rule.id)));
      this.subsets.set(key, subset);
    }
    return subset;
  }

  /** Only the rules in `keep`. */
  only(keep: ReadonlySet<string>): RuleSet {
    return this.without(new Set(this.rules.filter((rule) => !keep.has(rule.id)).map((rule) => rule.id)));
  }
}

function matches(text: string, rule: TextRule, each: (match: RegExpExecArray) => boolean): void {
  rule.regex.lastIndex = 0;
  for (let match = rule.regex.exec(text); match !== null; match = rule.regex.exec(text)) {
    if (match[0].length === 0) {
      rule.regex.lastIndex++;
      continue;
    }
    if ((rule.accept === undefined || rule.accept(match)) && each(match)) return;
  }
}

/** Every accepted match of every rule of `set` in `text`. */
export function scan(text: string, set: RuleSet): Hit[] {
  const hits: Hit[] = [];
  for (const rule of set.candidates(text)) {
    matches(text, rule, (match) => {
      hits.push({ rule: rule.id, start: match.index, end: match.index + match[0].length });
      return false;
    });
  }
  return hits;
}

/** The first rule of `set` that matches `text`, or undefined (stops early; for deny-on-first checks). */
export function firstHit(text: string, set: RuleSet): string | undefined {
  for (const rule of set.candidates(text)) {
    let found = false;
    matches(text, rule, () => (found = true));
    if (found) return rule.id;
  }
  return undefined;
}

/** `text` with every hit replaced by `[REDACTED:<rule>]` (overlapping hits merge into the first rule's marker). */
export function redact(text: string, hits: readonly Hit[], marker = "REDACTED"): string {
  const sorted = [...hits].sort((a, b) => a.start - b.start || b.end - a.end);
  let out = "";
  let at = 0;
  for (const hit of sorted) {
    if (hit.end <= at) continue;
    out += `${text.slice(at, Math.max(at, hit.start))}[${marker}:${hit.rule}]`;
    at = hit.end;
  }
  return out + text.slice(at);
}

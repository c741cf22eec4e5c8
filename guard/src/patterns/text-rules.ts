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

/** Every accepted match of every rule in `text` (`lower` is `text.toLowerCase()`, computed once by the caller). */
export function scan(text: string, rules: readonly TextRule[], lower: string = text.toLowerCase()): Hit[] {
  const hits: Hit[] = [];
  for (const rule of rules) {
    if (rule.keywords.length > 0 && !rule.keywords.some((keyword) => lower.includes(keyword))) continue;
    rule.regex.lastIndex = 0;
    for (let match = rule.regex.exec(text); match !== null; match = rule.regex.exec(text)) {
      if (match[0].length === 0) {
        rule.regex.lastIndex++;
        continue;
      }
      if (rule.accept === undefined || rule.accept(match)) hits.push({ rule: rule.id, start: match.index, end: match.index + match[0].length });
    }
  }
  return hits;
}

/** The first rule that matches, or undefined (stops early; for deny-on-first checks). */
export function firstHit(text: string, rules: readonly TextRule[], lower: string = text.toLowerCase()): string | undefined {
  for (const rule of rules) {
    if (rule.keywords.length > 0 && !rule.keywords.some((keyword) => lower.includes(keyword))) continue;
    rule.regex.lastIndex = 0;
    for (let match = rule.regex.exec(text); match !== null; match = rule.regex.exec(text)) {
      if (match[0].length === 0) {
        rule.regex.lastIndex++;
        continue;
      }
      if (rule.accept === undefined || rule.accept(match)) return rule.id;
    }
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

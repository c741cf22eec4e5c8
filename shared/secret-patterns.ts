/**
 * Recognizes strings that look like secret values: the credential formats of well-known providers, private keys,
 * JSON Web Tokens, `password=...` assignments, URLs with a password, and random-looking strings stored under a
 * secret-like name. Shared by the configuration validation (a secret pasted into config) and the policy rule that
 * scans every synthesized artifact (MSH-03). It names the kind of secret, never the value, so a report about a
 * leak does not leak it again.
 */

/**
 * A credential format recognizable from the value alone. It is looked for where its fixed beginning occurs, and
 * matched from there with a sticky expression: each expression is small enough for a ReDoS checker to prove linear,
 * and the scan tries at most one place per word, so the work stays linear in the length of the value.
 */
interface ValuePattern {
  /** What the value is, for messages: "a GitHub token". */
  readonly kind: string;
  /** Where it can begin (global flag). */
  readonly start: RegExp;
  /** The credential from where it begins (sticky flag). */
  readonly token: RegExp;
  /**
   * A character of the credential's own alphabet. Right after one, a beginning is inside a longer word (`disk-…` is
   * no `sk-` key): it counts only when `glued` is set and what follows the beginning looks generated (see
   * {@link looksGenerated}), as a token pasted onto other characters does (`0ghp_…`, `xAKIA…`). Absent when a match
   * counts wherever it starts.
   */
  readonly word?: RegExp;
  /** Whether a credential glued to a longer word is still reported (see `word`). @default false */
  readonly glued?: boolean;
  /** A further condition on the match, for what the expression leaves out to stay small. @default none */
  readonly accept?: (match: RegExpExecArray) => boolean;
}

/** Formats recognizable from the value alone, most specific first (an Anthropic key before a generic `sk-` key). */
const VALUE_PATTERNS: readonly ValuePattern[] = [
  { kind: "a PEM private key", start: /-----BEGIN /g, token: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/y },
  { kind: "an AWS access key ID", start: /AKIA|ASIA/g, token: /(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/y, word: /[A-Z0-9]/, glued: true },
  {
    kind: "an AWS secret access key",
    start: /secret_?access_?key|aws_?secret/gi,
    token: /(?:secret_?access_?key|aws_?secret(?:_?key)?)["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]*)/iy,
    // Exactly 40 base64 characters, not followed by another or by padding.
    accept: ([, key]) => key.length === 40 && !key.includes("="),
  },
  {
    kind: "a GitHub token",
    start: /gh[pousr]_|github_pat_/g,
    token: /(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{60,255})/y,
    word: /[A-Za-z0-9_]/,
    glued: true,
  },
  {
    kind: "a GitLab token",
    start: /gl(?:pat|ptt|dt|rt|cbt|oas|imt|ft|soat|agent)-/g,
    token: /gl(?:pat|ptt|dt|rt|cbt|oas|imt|ft|soat|agent)-[A-Za-z0-9_-]{20}/y,
    word: /[A-Za-z0-9_-]/,
    glued: true,
  },
  { kind: "a Slack token", start: /xox[abposre]-|xapp-/g, token: /(?:xox[abposre]-[A-Za-z0-9-]{10}|xapp-\d-[A-Za-z0-9-]{10})/y, word: /[A-Za-z0-9]/, glued: true },
  {
    kind: "a Slack webhook URL",
    start: /hooks\.slack\.com\//g,
    token: /hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9]+\/[A-Za-z0-9]+\/([A-Za-z0-9]*)/y,
    accept: ([, secret]) => secret.length >= 8,
  },
  { kind: "a Stripe key", start: /[rs]k_(?:live|test)_|whsec_/g, token: /(?:[rs]k_(?:live|test)_[A-Za-z0-9]{10}|whsec_[A-Za-z0-9]{20})/y, word: /[A-Za-z0-9]/, glued: true },
  { kind: "an Anthropic API key", start: /sk-ant-/g, token: /sk-ant-[A-Za-z0-9_-]{20}/y, word: /[A-Za-z0-9]/, glued: true },
  { kind: "an OpenAI API key", start: /sk-/g, token: /sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20}/y, word: /[A-Za-z0-9]/, glued: true },
  { kind: "a JSON Web Token", start: /eyJ/g, token: /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8}/y, word: /[A-Za-z0-9_-]/, glued: true },
  // A URL's scheme starts where no scheme character precedes it.
  { kind: "a URL with an embedded password", start: /[a-z]/gi, token: /[a-z][a-z0-9+.-]*:\/\/[^\s:/@$]+:[^\s/@${}]{3,}@/iy, word: /[a-z0-9+.-]/i },
];

/** Where the word that contains `at` ends: the first character after it that is not a `word` character. */
function endOfWord(value: string, at: number, word: RegExp): number {
  let end = at;
  while (end < value.length && word.test(value[end])) end++;
  return end;
}

/** The characters a generated token is written in, for how far a glued token reaches. */
const TOKEN_CHARACTER = /[A-Za-z0-9_-]/;

/**
 * Whether the rest of a token glued to other characters is generated material: at least 16 characters of high
 * entropy with letters and digits, and either both cases or a run of 8 or more that mixes letters and digits.
 * Lower-case words and names (`-force-management-plan-2026`, `_migration_notes`) keep digits in runs of their own.
 */
function looksGenerated(rest: string): boolean {
  if (rest.length < 16 || !/[0-9]/.test(rest) || !/[A-Za-z]/.test(rest) || entropy(rest) < 3.3) return false;
  const bothCases = /[a-z]/.test(rest) && /[A-Z]/.test(rest);
  return bothCases || rest.split(/[^A-Za-z0-9]+/).some((run) => run.length >= 8 && /[0-9]/.test(run) && /[A-Za-z]/.test(run));
}

/**
 * Whether `value` holds a credential of `pattern`: tried where a word starts with its beginning, and, for a format
 * that may be glued, once more per word where the beginning follows other characters.
 */
function holds(value: string, { start, token, word, glued = false, accept }: ValuePattern): boolean {
  start.lastIndex = 0;
  for (let found = start.exec(value); found !== null; found = start.exec(value)) {
    const at = found.index;
    const inWord = word !== undefined && at > 0 && word.test(value[at - 1]);
    start.lastIndex = inWord ? endOfWord(value, at, word) : at + 1;
    if (inWord && !glued) continue;
    token.lastIndex = at;
    const match = token.exec(value);
    if (!match || !(accept?.(match) ?? true)) continue;
    if (!inWord || looksGenerated(value.slice(at + found[0].length, endOfWord(value, at + match[0].length, TOKEN_CHARACTER)))) return true;
  }
  return false;
}

/**
 * `password=...`, `api_key: ...`, `GITHUB_TOKEN=...` inside a longer string (a command line, an embedded YAML or
 * INI document). The value stops at quotes, separators and interpolation (`${...}`, `$(...)`), so references to
 * where a secret lives are not values; a keyword inside an ARN or path (`:secret:mcp/...`) is not an assignment.
 * A prefix (`MY_GITHUB_`) is not matched: the keyword alone decides, so matching stays linear in the length of the
 * string. In prose ("password: rotated monthly") a plain word follows; an assignment without spaces is code.
 */
const ASSIGNMENT: ValuePattern = {
  kind: "a literal secret assignment",
  start: /password|passwd|pwd|passphrase|secret|api_?key|apikey|token/gi,
  token: /(?:password|passwd|pwd|passphrase|secret|api_?key|apikey|token)["']?(\s*[:=]\s*)["']?([^\s"'`,;&<>(){}[\]$]{6,})/iy,
  word: /[A-Za-z0-9:/]/,
  accept: ([, separator, assigned]) =>
    !isReference(assigned) && !SECRET_PATH.test(assigned) && (separator === "=" || !/^[A-Za-z][a-z]*$/.test(assigned)),
};

/** Every format, in the order they are tried. */
const PATTERNS: readonly ValuePattern[] = [...VALUE_PATTERNS, ASSIGNMENT];

/** A path naming where a secret is kept (`mcp/prod/github-tools/api-token`), not a value. */
const SECRET_PATH = /^[a-z0-9][a-z0-9._-]*(?:\/[a-z0-9._*-]+)+$/;

/** Names (attributes, environment variables, keys) under which a value is a secret. Matched on snake_case. */
const SECRET_NAME =
  /(?:^|_)(?:password|passwd|pwd|passphrase|secret|secret_?key|secret_?access_?key|api_?key|apikey|token|access_?token|refresh_?token|auth_?token|bearer_?token|session_?token|client_?secret|private_?key|credentials?)$/;

/** Names under which a 40-character base64 value is an AWS secret access key. */
const AWS_SECRET_KEY_NAME = /(?:^|_)(?:aws_)?secret_?(?:access_?)?key$/;

/** Names under which any literal is a password, however simple. */
const PASSWORD_NAME = /(?:^|_)(?:password|passwd|pwd|passphrase)$/;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Lower-case names, paths and host names: identifiers, not random material. */
const IDENTIFIER = /^[a-z0-9]+(?:[._:/@-]+[a-z0-9]+)*$/;

/** `camelCase`, `kebab-case` and `SCREAMING_SNAKE` names as `snake_case`. */
function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .toLowerCase();
}

/** Whether a name says its value is a secret: `password`, `GITHUB_TOKEN`, `clientSecret`, `api-key`. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(snakeCase(name));
}

/** Whether a value only points at where a secret lives: an interpolation, a template, a file path, an ARN. */
function isReference(value: string): boolean {
  return (
    /\$\{|\$\(|\{\{/.test(value) ||
    /^(?:\/|\.\/|file:|arn:aws)/.test(value) ||
    /^[a-z][a-z0-9+.-]*:\/\/[^@]*$/i.test(value) ||
    /^<[^<>]*>$/.test(value)
  );
}

/** Shannon entropy in bits per character. */
function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const character of value) counts.set(character, (counts.get(character) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Whether a value looks like generated key material rather than a word, a name or a path. */
export function looksRandom(value: string): boolean {
  if (value.length < 16 || /\s/.test(value)) return false;
  if (/^[0-9a-f]{32,}$/i.test(value) || UUID.test(value)) return true;
  if (IDENTIFIER.test(value)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((characterClass) => characterClass.test(value)).length;
  return classes >= 2 && entropy(value) >= 3.3;
}

/**
 * What kind of secret `value` looks like, or undefined when it does not look like one. `name` is the attribute,
 * key or environment variable it is stored under: under a password-like name any literal counts, under another
 * secret-like name (`token`, `api_key`, `client_secret`) a random-looking literal does.
 */
export function secretKind(value: string, name?: string): string | undefined {
  const known = PATTERNS.find((pattern) => holds(value, pattern));
  if (known) return known.kind;
  if (name === undefined || value.trim() === "" || isReference(value) || !isSecretName(name)) return undefined;
  const snake = snakeCase(name);
  if (PASSWORD_NAME.test(snake)) return "a literal password";
  if (AWS_SECRET_KEY_NAME.test(snake) && /^[A-Za-z0-9/+]{40}$/.test(value)) return "an AWS secret access key";
  return looksRandom(value) ? "a random-looking literal under a secret name" : undefined;
}

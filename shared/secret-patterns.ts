/**
 * Recognizes strings that look like secret values: the credential formats of well-known providers, private keys,
 * JSON Web Tokens, `password=...` assignments, URLs with a password, and random-looking strings stored under a
 * secret-like name. Shared by the configuration validation (a secret pasted into config) and the policy rule that
 * scans every synthesized artifact (MSH-03). It names the kind of secret, never the value, so a report about a
 * leak does not leak it again.
 */

/** A credential format recognizable from the value alone. */
interface ValuePattern {
  /** What the value is, for messages: "a GitHub token". */
  readonly kind: string;
  readonly pattern: RegExp;
}

/** Formats recognizable from the value alone, most specific first (an Anthropic key before a generic `sk-` key). */
const VALUE_PATTERNS: readonly ValuePattern[] = [
  { kind: "a PEM private key", pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/ },
  { kind: "an AWS access key ID", pattern: /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/ },
  {
    kind: "an AWS secret access key",
    pattern: /(?:secret_?access_?key|aws_?secret(?:_?key)?)["']?\s*[:=]\s*["']?[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/i,
  },
  { kind: "a GitHub token", pattern: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{60,255})/ },
  { kind: "a GitLab token", pattern: /(?<![A-Za-z0-9_-])gl(?:pat|ptt|dt|rt|cbt|oas|imt|ft|soat|agent)-[A-Za-z0-9_-]{20,}/ },
  { kind: "a Slack token", pattern: /(?<![A-Za-z0-9])(?:xox[abposre]-[A-Za-z0-9-]{10,}|xapp-\d-[A-Za-z0-9-]{10,})/ },
  { kind: "a Slack webhook URL", pattern: /hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9]+\/[A-Za-z0-9]+\/[A-Za-z0-9]{8,}/ },
  { kind: "a Stripe key", pattern: /(?<![A-Za-z0-9])(?:[rs]k_(?:live|test)_[A-Za-z0-9]{10,}|whsec_[A-Za-z0-9]{20,})/ },
  { kind: "an Anthropic API key", pattern: /(?<![A-Za-z0-9])sk-ant-[A-Za-z0-9_-]{20,}/ },
  { kind: "an OpenAI API key", pattern: /(?<![A-Za-z0-9])sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/ },
  { kind: "a JSON Web Token", pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/ },
  { kind: "a URL with an embedded password", pattern: /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/[^\s:/@$]+:[^\s/@${}]{3,}@/i },
];

/**
 * `password=...`, `api_key: ...`, `GITHUB_TOKEN=...` inside a longer string (a command line, an embedded YAML or
 * INI document). The value stops at quotes, separators and interpolation (`${...}`, `$(...)`), so references to
 * where a secret lives are not values; a keyword inside an ARN or path (`:secret:mcp/...`) is not an assignment.
 * A prefix (`MY_GITHUB_`) is not matched: the keyword alone decides, so matching stays linear in the length of the
 * string. A URL's scheme starts where no scheme character precedes it, for the same reason.
 */
const ASSIGNMENT =
  /(?<![A-Za-z0-9:/])(?:password|passwd|pwd|passphrase|secret|api_?key|apikey|token)["']?(\s*[:=]\s*)["']?([^\s"'`,;&<>(){}[\]$]{6,})/gi;

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

/** The kind of secret an embedded assignment holds, if any. */
function assignedSecret(value: string): string | undefined {
  for (const match of value.matchAll(ASSIGNMENT)) {
    const [, separator, assigned] = match;
    if (isReference(assigned) || SECRET_PATH.test(assigned)) continue;
    // In prose ("password: rotated monthly") a plain word follows; an assignment without spaces is code.
    if (separator !== "=" && /^[A-Za-z][a-z]*$/.test(assigned)) continue;
    return "a literal secret assignment";
  }
  return undefined;
}

/**
 * What kind of secret `value` looks like, or undefined when it does not look like one. `name` is the attribute,
 * key or environment variable it is stored under: under a password-like name any literal counts, under another
 * secret-like name (`token`, `api_key`, `client_secret`) a random-looking literal does.
 */
export function secretKind(value: string, name?: string): string | undefined {
  const known = VALUE_PATTERNS.find(({ pattern }) => pattern.test(value));
  if (known) return known.kind;
  const assigned = assignedSecret(value);
  if (assigned) return assigned;
  if (name === undefined || value.trim() === "" || isReference(value) || !isSecretName(name)) return undefined;
  const snake = snakeCase(name);
  if (PASSWORD_NAME.test(snake)) return "a literal password";
  if (AWS_SECRET_KEY_NAME.test(snake) && /^[A-Za-z0-9/+]{40}$/.test(value)) return "an AWS secret access key";
  return looksRandom(value) ? "a random-looking literal under a secret name" : undefined;
}

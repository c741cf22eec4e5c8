/**
 * Small combinators that read untrusted input into typed values, recording a problem for every mistake instead of
 * stopping at the first. A reader returns the typed value, or undefined after recording at least one problem.
 */
import { ConfigIssue, ConfigProblem } from "./config-error";
import { closestMatch, didYouMean } from "./did-you-mean";
import { fieldDescription } from "./field-docs";
import { MAX_STRING_LENGTH } from "./input-limits";
import { describeValue, maskSecret, quote, quotedForms, quotedTokens } from "./quote";

/**
 * What every cursor of one document shares: the problems found, and the values refused whole (a secret, an
 * over-long value), which no other message may quote.
 */
class Ledger {
  readonly problems: ConfigProblem[] = [];
  /** Paths refused whole: no other problem is reported at or under them. */
  readonly refused = new Set<string>();
  /** Keys shown masked in paths: secrets, and keys too long to print. */
  readonly hiddenKeys = new Set<string>();
  /** How each secret is quoted in a message, mapped to its masked form. */
  readonly masks = new Map<string, string>();
  /** Every problem reported, including those not recorded because they sit under a refused value. */
  reported = 0;

  addSecret(secret: string): void {
    for (const token of quotedForms(secret)) this.masks.set(token, maskSecret(secret));
  }

  /** `text` with every quoted secret masked. */
  redact(text: string): string {
    return this.masks.size === 0 ? text : quotedTokens(text).reduce((masked, token) => {
      const mask = this.masks.get(token);
      return mask === undefined ? masked : masked.split(token).join(mask);
    }, text);
  }
}

/** Where a value sits in the input, and the shared list its problems go to. */
export class Cursor {
  /** The cursor at the top of a document; `source` (a file or environment name) prefixes every path. */
  static root(source?: string): Cursor {
    return new Cursor(new Ledger(), "", "", source, undefined);
  }

  private constructor(
    private readonly ledger: Ledger,
    /** The field path, e.g. `mcpServers[1].image`; empty at the root. */
    readonly path: string,
    /** The key or index this cursor reads, e.g. `image`. */
    readonly name: string,
    private readonly source: string | undefined,
    private readonly parent: Cursor | undefined
  ) {}

  /** Every problem recorded so far, through any cursor of this document. */
  get problems(): readonly ConfigProblem[] {
    return this.ledger.problems;
  }

  /**
   * How many problems were reported so far, including those not recorded under a refused value: a reader compares
   * it before and after reading, since it returns undefined only after reporting a problem.
   */
  get reported(): number {
    return this.ledger.reported;
  }

  /** The cursor of an object's key; a key refused by {@link refuseKey} shows masked. */
  key(key: string): Cursor {
    const shown = this.ledger.hiddenKeys.has(key) ? maskSecret(key) : key;
    return new Cursor(this.ledger, fieldPath(this.path, key, shown), shown, this.source, this);
  }

  /** The cursor of a list's item. */
  index(index: number): Cursor {
    return new Cursor(this.ledger, `${this.path}[${index}]`, `${this.name}[${index}]`, this.source, this);
  }

  /** Whether this value, or one it sits in, was refused whole. */
  private get isRefused(): boolean {
    for (let at: Cursor | undefined = this; at !== undefined; at = at.parent) if (this.ledger.refused.has(at.path)) return true;
    return false;
  }

  /**
   * Records a problem at this cursor, with every secret found so far masked. Nothing is recorded at or under a
   * value refused whole. Returns undefined so a reader can `return at.report(...)`.
   */
  report(issue: ConfigIssue): undefined {
    this.ledger.reported++;
    if (this.isRefused) return undefined;
    const location =
      this.source === undefined ? this.path || "(root)" : this.path ? `${this.source}: ${this.path}` : this.source;
    this.ledger.problems.push({
      path: location,
      message: this.ledger.redact(issue.message),
      hint: this.ledger.redact(issue.hint),
    });
    return undefined;
  }

  /**
   * Records the one problem of a value refused whole: no other problem is reported at or under it. A `secret` is
   * masked wherever a later message would quote it.
   */
  refuse(issue: ConfigIssue, secret?: string): undefined {
    if (secret !== undefined) this.ledger.addSecret(secret);
    this.report(issue);
    this.ledger.refused.add(this.path);
    return undefined;
  }

  /**
   * Refuses a mapping key whole, showing it masked in its path: a key that is itself a secret (then masked in every
   * message too), or one too long to print.
   */
  refuseKey(key: string, issue: ConfigIssue, secret: boolean): undefined {
    this.ledger.hiddenKeys.add(key);
    return this.key(key).refuse(issue, secret ? key : undefined);
  }
}

/**
 * The path of `key` under the path `parent`, as problems name fields: `a.b`, `a["x-y"]`, `b` at the root. `shown`
 * stands for a key shown masked.
 */
export function fieldPath(parent: string, key: string, shown: string = key): string {
  const step = /^[A-Za-z_$][\w$]*$/.test(shown) ? `.${shown}` : `[${shown === key ? JSON.stringify(key) : shown}]`;
  return parent === "" ? step.replace(/^\./, "") : `${parent}${step}`;
}

/** Reads one value: the typed value, or undefined after recording at least one problem. */
export type Reader<T> = (value: unknown, at: Cursor) => T | undefined;

/** Checks an already well-typed value: the issue, or undefined when it is fine. */
export type Check<T> = (value: T) => ConfigIssue | undefined;

/** One reader per property of `T`: every property is required, none may be forgotten. */
export type Shape<T> = { readonly [K in keyof T]-?: Reader<T[K]> };

/** Builds an issue. */
export function issue(message: string, hint: string): ConfigIssue {
  return { message, hint };
}

/** A string that is not empty or blank. */
export function nonBlank(fix: string): Check<string> {
  return (value) => (value.trim() === "" ? issue("is empty", fix) : undefined);
}

/** A string of at least `min` characters, surrounding spaces not counted. */
export function minLength(min: number, fix: string): Check<string> {
  return (value) => {
    const length = value.trim().length;
    return length < min ? issue(`has ${length} characters, fewer than ${min}`, fix) : undefined;
  };
}

/** Whether a value is a plain mapping (not null, not a list). */
export function isMapping(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

type Expected = "string" | "number" | "boolean" | "list" | "mapping";

function typeHint(expected: Expected, value: unknown): string {
  const quoted = typeof value === "string" ? value.trim() : undefined;
  switch (expected) {
    case "string":
      return typeof value === "number" || typeof value === "boolean"
        ? `quote the value: ${quote(String(value))}`
        : "write a quoted string";
    case "number":
      return quoted !== undefined && quoted !== "" && !Number.isNaN(Number(quoted))
        ? `write the number without quotes: ${Number(quoted)}`
        : "write a number";
    case "boolean":
      return quoted === "true" || quoted === "false" ? `write ${quoted} without quotes` : "write true or false";
    case "list":
      return typeof value === "string" ? `write a list: [${quote(value)}]` : "write a list, e.g. [] or [a, b]";
    case "mapping":
      return "write a mapping of keys to values";
  }
}

function expectType(value: unknown, expected: Expected, at: Cursor): boolean {
  if (value === undefined) {
    const meaning = fieldDescription(at.path);
    at.report(issue("is required", meaning === undefined ? `add ${quote(at.name)}: schemas/environment.schema.json documents every key` : `add ${quote(at.name)}: ${meaning}`));
    return false;
  }
  const actual = Array.isArray(value) ? "list" : isMapping(value) ? "mapping" : typeof value;
  if (actual === expected) return true;
  at.report(issue(`expected a ${expected}, got ${describeValue(value)}`, typeHint(expected, value)));
  return false;
}

function runChecks<T>(value: T, checks: readonly Check<T>[], at: Cursor): boolean {
  let ok = true;
  for (const check of checks) {
    const found = check(value);
    if (found) {
      at.report(found);
      ok = false;
    }
  }
  return ok;
}

/**
 * A string passing every check; all failing checks are reported. A string longer than `MAX_STRING_LENGTH` is
 * reported without running the checks.
 */
export function text(...checks: readonly Check<string>[]): Reader<string> {
  return (value, at) => {
    if (!expectType(value, "string", at)) return undefined;
    const string = value as string;
    if (string.length > MAX_STRING_LENGTH) return at.report(tooLong(string.length, MAX_STRING_LENGTH));
    return runChecks(string, checks, at) ? string : undefined;
  };
}

/** The issue of a string or key of `length` characters, above the limit `max`. */
export function tooLong(length: number, max: number): ConfigIssue {
  return issue(`has ${length} characters, more than the limit of ${max}`, "shorten it: the README lists the limits of environment files");
}

/**
 * A whole number passing every check and lying in [min, max]. The checks run first; the range is reported only
 * when no check failed, so a check can explain a specific value (port 22) better than the range would.
 */
export function integer(min: number, max: number, ...checks: readonly Check<number>[]): Reader<number> {
  return (value, at) => {
    if (!expectType(value, "number", at)) return undefined;
    const n = value as number;
    if (!Number.isInteger(n))
      return at.report(issue(`expected a whole number, got ${n}`, `use a whole number from ${min} to ${max}`));
    if (!runChecks(n, checks, at)) return undefined;
    if (n < min || n > max)
      return at.report(issue(`${n} is outside ${min} to ${max}`, `use a whole number from ${min} to ${max}`));
    return n;
  };
}

/** A boolean. */
export const bool: Reader<boolean> = (value, at) => (expectType(value, "boolean", at) ? (value as boolean) : undefined);

/** One of a fixed set of strings or numbers, then every check. */
export function oneOf<T extends string | number>(allowed: readonly T[], ...checks: readonly Check<T>[]): Reader<T> {
  const expected: Expected = typeof allowed[0] === "number" ? "number" : "string";
  const list = allowed.map((a) => JSON.stringify(a)).join(", ");
  return (value, at) => {
    if (!expectType(value, expected, at)) return undefined;
    if (!allowed.includes(value as T)) {
      const near = typeof value === "string" ? closestMatch(value, allowed.map(String)) : undefined;
      return at.report(issue(`${describeValue(value)} is not allowed`, near ? didYouMean(near) : `use one of ${list}`));
    }
    return runChecks(value as T, checks, at) ? (value as T) : undefined;
  };
}

/** Options of a list reader. */
export interface ListOptions {
  /** At least this many items. @default 0 */
  readonly minItems?: number;
  /** The fix when the list is too short. */
  readonly tooShortHint?: string;
  /** Items must be unique: strings by value, mappings by the string in `unique.field`. */
  readonly unique?: {
    /** What the identity is, for the duplicate message ("server name"). */
    readonly identity: string;
    /** The field that identifies a mapping item; omitted for a list of strings. */
    readonly field?: string;
  };
}

/** A list whose items each pass `item`; a duplicate (see `ListOptions.unique`) is reported on the later item. */
export function list<T>(item: Reader<T>, options: ListOptions = {}): Reader<readonly T[]> {
  const { minItems = 0, unique } = options;
  return (value, at) => {
    if (!expectType(value, "list", at)) return undefined;
    const raw = value as readonly unknown[];
    const before = at.reported;
    if (raw.length < minItems) {
      at.report(
        issue(
          `needs at least ${minItems} item${minItems === 1 ? "" : "s"}, got ${raw.length}`,
          options.tooShortHint ?? `add ${minItems - raw.length} more`
        )
      );
    }
    const items = Array.from(raw, (entry, i) => item(entry, at.index(i)));
    const firstSeen = new Map<string, number>();
    raw.forEach((entry, i) => {
      if (unique === undefined) return;
      const { identity, field } = unique;
      const id = field === undefined ? entry : isMapping(entry) ? entry[field] : undefined;
      if (typeof id !== "string") return;
      const first = firstSeen.get(id);
      if (first === undefined) firstSeen.set(id, i);
      else
        (field === undefined ? at.index(i) : at.index(i).key(field)).report(
          issue(
            `duplicate ${identity} ${quote(id)}, already at ${at.path}[${first}]`,
            `remove the duplicate or give it another ${identity}`
          )
        );
    });
    return at.reported === before ? (items as T[]) : undefined;
  };
}

/**
 * A string-keyed mapping whose keys pass every key check and whose values pass `entry`. Secrets under any key, and
 * keys that are secrets, are refused before reading (see input-scan.ts).
 */
export function mapping<T>(
  keyChecks: readonly Check<string>[],
  entry: Reader<T>,
  maxEntries: number
): Reader<Readonly<Record<string, T>>> {
  return (value, at) => {
    if (!expectType(value, "mapping", at)) return undefined;
    const raw = Object.entries(value as Record<string, unknown>);
    const before = at.reported;
    if (raw.length > maxEntries)
      at.report(
        issue(`has ${raw.length} entries, more than the limit of ${maxEntries}`, `remove ${raw.length - maxEntries}`)
      );
    const entries = raw.map(([key, v]) => {
      runChecks(key, keyChecks, at.key(key));
      return [key, entry(v, at.key(key))] as const;
    });
    // fromEntries defines own properties, so a "__proto__" key stays a plain key.
    return at.reported === before ? (Object.fromEntries(entries) as Record<string, T>) : undefined;
  };
}

/**
 * A mapping with exactly the keys of `fields`: unknown keys are reported, with a suggestion for near misses. A key
 * holding a secret value (`password`, `token`, `value`, ...) is refused before reading (see input-scan.ts).
 */
export function shape<T extends object>(fields: Shape<T>): Reader<T> {
  const keys = Object.keys(fields) as (keyof T & string)[];
  return (value, at) => {
    if (!expectType(value, "mapping", at)) return undefined;
    const raw = value as Readonly<Record<string, unknown>>;
    const before = at.reported;
    const suggested = new Set<string>();
    for (const key of Object.keys(raw)) {
      if ((keys as string[]).includes(key)) continue;
      const near = closestMatch(key, keys);
      if (near !== undefined) suggested.add(near);
      at.key(key).report(
        issue(`unknown key ${quote(key)}`, near ? didYouMean(near) : `remove it; the known keys are ${keys.join(", ")}`)
      );
    }
    const draft: Partial<T> = {};
    for (const key of keys) {
      // A missing key that an unknown key was suggested for is the same mistake: report it once.
      if (!Object.hasOwn(raw, key) && suggested.has(key)) continue;
      const read = fields[key](Object.hasOwn(raw, key) ? raw[key] : undefined, at.key(key));
      if (read !== undefined) draft[key] = read;
    }
    // Every field was read, and a reader only returns undefined after recording a problem: no problem, no gap.
    return at.reported === before ? (draft as T) : undefined;
  };
}

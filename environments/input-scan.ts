/**
 * The first pass over an environment, before any field is read: it bounds the work the readers will do (depth,
 * number of values, length of every string and key), refuses keys that reach an object's prototype, and refuses
 * every secret, in a value or in a key, wherever it is (MSH-03). A refused value is reported once, and no later
 * message quotes it. The walk is iterative, so a deeply nested input cannot overflow the stack.
 */
import { secretKind } from "../constructs/secret-patterns";
import { ConfigIssue } from "./config-error";
import { MAX_DEPTH, MAX_KEY_LENGTH, MAX_STRING_LENGTH, MAX_VALUES, PROTOTYPE_KEYS } from "./input-limits";
import { maskSecret, quote } from "./quote";
import { Cursor, issue, tooLong } from "./readers";
import { PUT_IT_OUT_OF_BAND, SECRET_IN_CONFIG, secretValueKeyIssue } from "./secret-values";

/** A value still to visit: where it is, the key it is stored under (a list's items share their list's key). */
interface Visit {
  readonly value: unknown;
  readonly at: Cursor;
  readonly name: string | undefined;
  readonly depth: number;
}

/** The issue of a secret of `kind`, shown only masked. */
function secretIssue(kind: string, secret: string): ConfigIssue {
  return issue(
    SECRET_IN_CONFIG,
    `this looks like ${kind} (${maskSecret(secret)}): remove it, revoke it (it has been exposed), and ${PUT_IT_OUT_OF_BAND}`
  );
}

/** Visits one key of a mapping; returns the visit of its value, or undefined when the key was refused. */
function visitKey(key: string, value: unknown, at: Cursor, depth: number): Visit | undefined {
  if (key.length > MAX_KEY_LENGTH) return at.refuseKey(key, tooLong(key.length, MAX_KEY_LENGTH), false);
  const kind = secretKind(key);
  if (kind !== undefined) return at.refuseKey(key, secretIssue(kind, key), true);
  if (PROTOTYPE_KEYS.has(key)) {
    return at.key(key).refuse(
      issue(`the key ${quote(key)} is refused`, "rename or remove it: in JavaScript it reaches an object's prototype, so it is never a configuration key")
    );
  }
  const secretValue = secretValueKeyIssue(key, value);
  if (secretValue) return at.key(key).refuse(secretValue, String(value));
  return { value, at: at.key(key), name: key, depth };
}

/** Visits one string: too long, or a secret, it is refused whole. */
function visitString(value: string, at: Cursor, name: string | undefined): void {
  if (value.length > MAX_STRING_LENGTH) {
    at.refuse(tooLong(value.length, MAX_STRING_LENGTH));
    return;
  }
  const kind = secretKind(value, name);
  if (kind !== undefined) at.refuse(secretIssue(kind, value), value);
}

/** Scans `input` (see the module comment), reporting at `root`. */
export function scanInput(input: unknown, root: Cursor): void {
  const stack: Visit[] = [{ value: input, at: root, name: undefined, depth: 0 }];
  let values = 0;
  for (let visit = stack.pop(); visit !== undefined; visit = stack.pop()) {
    const { value, at, name, depth } = visit;
    if (++values > MAX_VALUES) {
      root.refuse(issue(`holds more than ${MAX_VALUES} values`, "an environment holds a few hundred: check that this is the environment file"));
      return;
    }
    if (typeof value === "string") visitString(value, at, name);
    if (typeof value !== "object" || value === null) continue;
    if (depth >= MAX_DEPTH) {
      at.refuse(issue(`is nested more than ${MAX_DEPTH} levels deep`, "an environment is at most a few levels deep: check that this is the environment file"));
      continue;
    }
    const children: Visit[] = Array.isArray(value)
      ? value.map((item, index) => ({ value: item, at: at.index(index), name, depth: depth + 1 }))
      : Object.entries(value).flatMap(([key, item]) => visitKey(key, item, at, depth + 1) ?? []);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

/**
 * The first pass over an environment, before any field is read: it bounds the work the readers will do (depth,
 * number of values, length of every string and key), refuses keys that reach an object's prototype, and refuses
 * every secret, in a value or in a key, wherever it is (MSH-03). A refused value is reported once, and no later
 * message quotes it. The walk is iterative, so a deeply nested input cannot overflow the stack.
 */
import { secretKind } from "../shared/secret-patterns";
import { ConfigIssue } from "./config-error";
import { MAX_DEPTH, MAX_KEY_LENGTH, MAX_STRING_LENGTH, MAX_VALUES, PROTOTYPE_KEYS } from "./input-limits";
import { maskSecret, quote } from "./quote";
import { Cursor, issue, tooLong } from "./readers";
import { PUT_IT_OUT_OF_BAND, SECRET_IN_CONFIG, secretValueKeyIssue } from "./secret-values";

/**
 * A value still to visit: where it is, the key it is stored under (a list's items share their list's key), and
 * where its copy goes.
 */
interface Visit {
  readonly value: unknown;
  readonly at: Cursor;
  readonly name: string | undefined;
  readonly depth: number;
  readonly put: (copy: unknown) => void;
}

/** The issue of a secret of `kind`, shown only masked. */
function secretIssue(kind: string, secret: string): ConfigIssue {
  return issue(
    SECRET_IN_CONFIG,
    `this looks like ${kind} (${maskSecret(secret)}): remove it, revoke it (it has been exposed), and ${PUT_IT_OUT_OF_BAND}`
  );
}

/** Whether a mapping key is kept; a refused key is reported. */
function keepKey(key: string, value: unknown, at: Cursor): boolean {
  if (key.length > MAX_KEY_LENGTH) return at.refuseKey(key, tooLong(key.length, MAX_KEY_LENGTH), false) ?? false;
  const kind = secretKind(key);
  if (kind !== undefined) return at.refuseKey(key, secretIssue(kind, key), true) ?? false;
  if (PROTOTYPE_KEYS.has(key)) {
    return at.key(key).refuse(
      issue(`the key ${quote(key)} is refused`, "rename or remove it: in JavaScript it reaches an object's prototype, so it is never a configuration key")
    ) ?? false;
  }
  const secretValue = secretValueKeyIssue(key, value);
  return secretValue ? (at.key(key).refuse(secretValue, String(value)) ?? false) : true;
}

/** Whether a string is kept: too long, or a secret, it is refused whole. */
function keepString(value: string, at: Cursor, name: string | undefined): boolean {
  if (value.length > MAX_STRING_LENGTH) return at.refuse(tooLong(value.length, MAX_STRING_LENGTH)) ?? false;
  const kind = secretKind(value, name);
  return kind === undefined || (at.refuse(secretIssue(kind, value), value) ?? false);
}

/**
 * Scans `input` (see the module comment), reporting at `root`. Returns a copy of it without the refused values, for
 * the readers: a refused value is then not only never quoted, it never reaches a check of another field either.
 */
export function scanInput(input: unknown, root: Cursor): unknown {
  let result: unknown;
  const stack: Visit[] = [{ value: input, at: root, name: undefined, depth: 0, put: (copy) => (result = copy) }];
  let values = 0;
  for (let visit = stack.pop(); visit !== undefined; visit = stack.pop()) {
    const { value, at, name, depth, put } = visit;
    if (++values > MAX_VALUES) {
      return root.refuse(issue(`holds more than ${MAX_VALUES} values`, "an environment holds a few hundred: check that this is the environment file"));
    }
    if (typeof value !== "object" || value === null) {
      if (typeof value !== "string" || keepString(value, at, name)) put(value);
      continue;
    }
    if (depth >= MAX_DEPTH) {
      at.refuse(issue(`is nested more than ${MAX_DEPTH} levels deep`, "an environment is at most a few levels deep: check that this is the environment file"));
      continue;
    }
    let children: Visit[];
    if (Array.isArray(value)) {
      const copy: unknown[] = new Array(value.length);
      children = value.map((item, index) => ({ value: item, at: at.index(index), name, depth: depth + 1, put: (child) => (copy[index] = child) }));
      put(copy);
    } else {
      // Prototype keys are refused above, so assigning a kept key never reaches a prototype.
      const copy: Record<string, unknown> = {};
      children = Object.entries(value).flatMap(([key, item]) =>
        keepKey(key, item, at) ? [{ value: item, at: at.key(key), name: key, depth: depth + 1, put: (child: unknown) => (copy[key] = child) }] : []
      );
      put(copy);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return result;
}

/**
 * The bounds on an environment file, which arrives as untrusted input (a pull request): every bound keeps the work
 * `validate` does on a hostile file small, and each one is reported naming the field and the limit. README,
 * "Environment files are untrusted input", documents them.
 */

/** The largest environment file read, in bytes: a real one is a few kilobytes. */
export const MAX_FILE_BYTES = 1_048_576;

/** The longest string value, in characters: the longest real value is a PEM CA certificate, a few kilobytes. */
export const MAX_STRING_LENGTH = 8192;

/** The longest mapping key, in characters. */
export const MAX_KEY_LENGTH = 256;

/** The deepest nesting of lists and mappings: the schema itself is 5 levels deep. */
export const MAX_DEPTH = 32;

/**
 * The most values (scalars, lists and mappings, aliases expanded) in one environment, and the most line breaks and
 * commas in its file: a real one has a few hundred.
 */
export const MAX_VALUES = 100_000;

/** Keys refused by name: in JavaScript they reach or replace an object's prototype. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

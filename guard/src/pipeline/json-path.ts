/** JSON paths in messages people read: denials name where in a message a rule fired, config errors name the field. */

/** Longest key shown in a path: keys come from the message, so a long one is cut rather than echoed whole. */
const MAX_KEY = 64;

/** The reference tokens of a JSON Pointer (RFC 6901): `/a~1b/0` → `["a/b", "0"]`; `""` (the root) → `[]`. */
export function pointerTokens(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/**
 * A JSON Pointer as a readable path: `/servers/a~1b/tools/0` → `servers["a/b"].tools[0]`; `""` → `(root)`.
 * Keys longer than 64 characters are cut (`…`).
 */
export function fieldPath(pointer: string): string {
  if (pointer === "") return "(root)";
  return pointerTokens(pointer)
    .map((key) => (key.length > MAX_KEY ? `${key.slice(0, MAX_KEY)}…` : key))
    .map((key, index) => {
      if (/^\d+$/.test(key)) return `[${key}]`;
      if (/^[A-Za-z_$][\w$-]*$/.test(key)) return index === 0 ? key : `.${key}`;
      return `[${JSON.stringify(key)}]`;
    })
    .join("");
}

/** Escapes a key for a JSON Pointer (RFC 6901). */
export function pointerToken(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}


/** A JSON Pointer inside a message part as a readable path under its root name: (`arguments`, `/a/0`) → `arguments.a[0]`. */
export function messagePath(root: string, pointer: string): string {
  if (pointer === "") return root;
  const path = fieldPath(pointer);
  return path.startsWith("[") ? `${root}${path}` : `${root}.${path}`;
}

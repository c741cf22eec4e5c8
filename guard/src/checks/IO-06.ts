/**
 * IO-06 (input normalization): every string in `tools/call` and `prompts/get` arguments is brought to Unicode NFKC,
 * and invisible characters (Unicode Default_Ignorable_Code_Point: zero-width, tag characters, variation selectors),
 * bidirectional controls and C0/C1 control characters other than tab, line feed and carriage return are removed.
 * The request goes on `mutated`; the rules that changed it are in the decision's metadata and audit line.
 * Runs before argument validation and threat patterns, so those see what the server will see.
 */
import { JsonValue } from "../config/types";
import { Check, PASS, isObject, mutated } from "../pipeline/check";

const PLAIN = /^[\x20-\x7e\t\n\r]*$/;
const BIDI = /\p{Bidi_Control}/gu;
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/gu;

/** Normalizes one string; records which rules changed it. */
function normalize(text: string, fired: Set<string>): string {
  if (PLAIN.test(text)) return text;
  let out = text.replace(BIDI, "");
  if (out !== text) fired.add("IO-06-bidi-control");
  const visible = out.replace(INVISIBLE, "");
  if (visible !== out) fired.add("IO-06-invisible");
  out = visible.normalize("NFKC");
  if (out !== visible) fired.add("IO-06-nfkc");
  return out;
}

function normalizeValue(value: JsonValue, fired: Set<string>): JsonValue {
  if (typeof value === "string") return normalize(value, fired);
  if (Array.isArray(value)) return value.map((item) => normalizeValue(item, fired));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, normalizeValue(item, fired)]));
  return value;
}

export const IO06: Check = {
  id: "IO-06-normalize",
  control: "IO-06",
  description: "Argument strings are NFKC-normalized with invisible, bidi and control characters removed.",
  phase: "request",
  methods: ["tools/call", "prompts/get"],
  compile: () => (ctx) => {
    if (!isObject(ctx.message) || ctx.message.arguments === undefined) return PASS;
    const fired = new Set<string>();
    const args = normalizeValue(ctx.message.arguments, fired);
    if (fired.size === 0) return PASS;
    return mutated({ ...ctx.message, arguments: args }, [...fired].sort());
  },
};

import { DetectorRule, FieldKind, RuleHit } from "../types";

/**
 * Length limits per kind of field (TOOL-05). Long text is where instructions hide; the limits sit well above what
 * the reference MCP servers use (longest description about 1,700 characters) and are the same for every server.
 */
export const LENGTH_LIMITS: { readonly [kind in FieldKind]: number } = {
  name: 128,
  title: 128,
  description: 4096,
  "parameter-name": 64,
  "parameter-description": 1024,
  value: 256,
};

const rule: DetectorRule = {
  id: "TOOL-05-length",
  control: "TOOL-05",
  severity: "medium",
  description: "Field longer than its limit",
  remediation:
    "Keep names, titles and values short and descriptions to what a caller needs; long text is where instructions hide and is hard to review. Shorten it.",
  check: (input) => {
    const hits: RuleHit[] = [];
    for (const field of input.fields) {
      const limit = LENGTH_LIMITS[field.kind];
      if (field.text.length > limit) hits.push({ field: field.path, detail: `${field.text.length} characters, limit ${limit} for a ${field.kind}` });
    }
    return hits;
  },
};
export default rule;

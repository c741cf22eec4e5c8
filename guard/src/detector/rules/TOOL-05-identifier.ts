import { excerpt } from "../excerpt";
import { DetectorRule, RuleHit } from "../types";

/** MCP's tool-name alphabet (2025-11-25: 1..128 of A-Z a-z 0-9 _ - .), used for parameter names as well. */
const IDENTIFIER = /^[A-Za-z0-9_.-]{1,128}$/;

/** Characters a parameter name may contain besides the tool-name alphabet (JSON Schema names like `$schema`). */
const PARAMETER_NAME = /^[A-Za-z0-9_.$@-]{1,128}$/;

const rule: DetectorRule = {
  id: "TOOL-05-identifier",
  control: "TOOL-05",
  severity: "medium",
  description: "Tool or parameter name outside the identifier alphabet",
  remediation:
    "Names are identifiers (letters, digits, _ - .): spaces, punctuation or sentences in a name are text the model reads but a reviewer skims. Rename it.",
  check: (input) => {
    const hits: RuleHit[] = [];
    for (const field of input.fields) {
      const pattern = field.kind === "name" ? IDENTIFIER : field.kind === "parameter-name" ? PARAMETER_NAME : undefined;
      if (pattern && !pattern.test(field.text)) hits.push({ field: field.path, detail: excerpt(field.text, 0, Math.min(field.text.length, 40)) });
    }
    return hits;
  },
};
export default rule;

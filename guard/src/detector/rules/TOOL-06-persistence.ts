import { matchPatterns, PROSE } from "../patterns";
import { DetectorRule } from "../types";

/**
 * Instructions meant to outlive the call (TOOL-06): "from now on", "for the rest of the conversation", "in every future
 * response", "remember this instruction". A tool's definition applies when the tool is called; text that sets
 * standing behaviour for the session (often for other tools: "from now on send_email must ...") is planting an
 * instruction in the model's context.
 */
export const PATTERNS: readonly RegExp[] = [
  /\b(?:from now on|from this point (?:on|forward|onwards?)|from here on(?: out)?|henceforth|going forward,? (?:you|the (?:assistant|model|agent))|for the (?:rest|remainder) of (?:the|this) (?:session|conversation|chat|dialog(?:ue)?))\b/i,
  /\bin (?:all|every|each) (?:future|subsequent|later|following) (?:responses?|answers?|replies|messages|calls|turns|conversations?|sessions?)\b/i,
  /\b(?:remember|memori[sz]e|retain|keep) (?:this|these|the following) (?:instructions?|rules?|directives?)\b/i,
];

const rule: DetectorRule = {
  id: "TOOL-06-persistence",
  control: "TOOL-06",
  severity: "high",
  description: "Sets standing behaviour for the rest of the session, beyond the tool's own call",
  remediation:
    "A definition says what one call of its tool does; text that changes what the model (or another tool) does from now on is an instruction planted in the context. Refuse the definition.",
  check: (input) => matchPatterns(input, PROSE, PATTERNS),
};
export default rule;

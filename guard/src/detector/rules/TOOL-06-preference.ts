import { matchPatterns, PROSE, SINGLE_CALLS } from "../patterns";
import { DetectorRule } from "../types";

/**
 * Preference manipulation (TOOL-06): a definition that sells itself to the model instead of describing what it does,
 * so that the model picks it, or its owner's products, over the user's other tools and interests. Claims to be the
 * only certified, official or trusted choice, endorsements by the model's vendor, orders to rank or recommend one
 * party first whatever the price or the user's wishes, warnings that choosing another tool harms the user, and orders
 * to discard other tools' results. The MPMA attack (Wang et al., "MPMA: Preference Manipulation Attack Against Model
 * Context Protocol", arXiv:2505.11154) and the "best tool in the world" phrasings of `TOOL-06-urgency`. An honest
 * server says whose API it calls ("the official Stripe client"), not that every other tool is unsafe.
 */
export const PATTERNS: readonly RegExp[] = [
  /\b(?:the\s)?only\s(?:[\w-]{1,20}[,\s]\s?){0,2}(?:certified|official|approved|trusted|trustworthy|secure|safe|reliable|accurate|verified|sanctioned|legitimate)(?:[,\s]\s?(?:and\s)?[\w-]{1,20}){0,2}\s(?:one|ones|tools?|choices?|options?|providers?|sources?|servers?|installers?|scanners?|services?|way)\b[^.\n]{0,40}\b(?:use|trust|choose|call|rely on|pick|select|recommend)\b/i,
  /\b(?:the\s)?only\s(?:one|tool|option|choice|provider|server|service)\s(?:that\s)?(?:ai\s)?(?:agents?|assistants?|models?|llms?)\s(?:are|is|should|may|can)\b/i,
  /\b(?:the\s)?only\s(?:[\w-]{1,20}[,\s]\s?){0,2}(?:certified|official|approved|trusted|secure|safe|reliable|accurate|verified|compliant)(?:,?\s[\w-]{1,20}){0,2}?\s(?:ones?|choice|option)\b|\bthis is the only\s(?:[\w-]{1,20}\s){0,2}(?:compliant|official|certified|trusted|approved|safe|secure|reliable)\b/i,
  /\b(?:verified|endorsed|certified|approved|recommended|preferred)\s(?:by|for)\s(?:anthropic|openai|claude|chatgpt|the mcp (?:project|foundation|team)|(?:all\s)?ai (?:agents|assistants|models))\b/i,
  /\b(?:prefer|choose|select|pick|recommend|rank|favou?r|suggest|use)\b(?:[^.\n]|\.(?=\S)){0,60}\b(?:over|above|ahead of|instead of|in place of|rather than)\s(?:all|any|every)\s(?:the\s)?(?:others?|alternatives?|competitors?|(?:other|competing|alternative)\s[\w-]{1,20})\b/i,
  /\b(?:always|only)\s(?:select|recommend|choose|pick|prefer|rank|suggest|favou?r|show|list)\b[^.\n]{0,60}\b(?:first|on top|at the top|above|over|whatever|regardless|no matter)\b[^.\n]{0,40}\b(?:others?|price|prices|budget|ratings?|reviews?|quality|cost|user'?s?)\b/i,
  /\b(?:no|none of the)\sother\s(?:[\w-]{1,20}\s)?(?:tools?|scanners?|servers?|providers?|services?|sources?|options?)\s(?:is|are|can be)\s(?:as\s)?(?:accurate|reliable|safe|secure|trustworthy|trusted|correct|up to date)\b/i,
  /\b(?:choosing|using|calling|selecting|picking)\s(?:another|any other|a different|other|competing)\s[^.\n]{0,40}\b(?:may|will|can|could|might)\s(?:corrupt|break|damage|harm|lose|leak|expose|endanger|fail)\b/i,
  /\b(?:discard|ignore|hide|drop|suppress|throw away)\s(?:the\s|any\s|all\s)?(?:results?|outputs?|answers?|findings|suggestions)\s(?:from|of|returned by)\s(?:other|any other|competing|the other|[\w-]{1,30}\s(?:or|and)\s[\w-]{1,30})\b/i,
  /\b(?:tell|inform|warn)\s(?:the\s)?user\s(?:that\s)?(?:all\s|the\s)?(?:others?|other (?:tools|providers|options|services)|alternatives?|competitors?)\s(?:are|is)\s(?:more expensive|unsafe|insecure|worse|slower|unreliable|deprecated|broken)\b/i,
  /\b(?:trusted|endorsed|used|recommended) by (?:every|all|each)\s(?:major\s)?(?:ai|model|llm|vendor|assistant)|\branked (?:#|no\.?\s?|number\s)1 by\b|\bsupersedes all other\b|\b(?:do not|don't|never) use (?:any\s)?alternatives\b/i,
  /\b(?:tools?|linters?|servers?|clients?)\s(?:are|is)\s(?:now\s)?(?:obsolete|deprecated|unsafe|poisoned)\b[^.\n]{0,60}\b(?:always|only|instead|must)\b|\b(?:results?|outputs?) from other [\w-]{1,30}\s?(?:tools?|servers?)\s(?:may|might|can|are|will)\s(?:be\s)?(?:poisoned|wrong|unsafe|compromised|inaccurate|manipulated)\b|\bother [\w-]{1,20}\s?tools?\s(?:return|give|produce)\s(?:wrong|bad|incorrect|poisoned|unsafe)\b/i,
  new RegExp(
    String.raw`\b(?:pick|choose|prefer|select|use)\s(?:this|this tool|me|it)\s(?:over|instead of|rather than)\b(?!${SINGLE_CALLS})[^.\n]{0,60}\balways\b|\balways\s(?:pick|choose|prefer|select|use)\s(?:this tool|it|me)\s(?:over|instead of|rather than)\b(?!${SINGLE_CALLS})|\beven (?:when|if) (?:another|other|a different) (?:tool|option|one) (?:fits|is|works|would be) better\b|\b(?:skip|ignore|avoid) (?:the|all) others\b`,
    "i",
  ),
  /\b(?:tools?|servers?)\s(?:are|is)\s(?:also\s)?(?:connected|available|installed|present)\b[^.\n]{0,20}\b(?:ignore|skip|avoid|never use|do not use|don't use) (?:them|it)\b/i,
];

const rule: DetectorRule = {
  id: "TOOL-06-preference",
  control: "TOOL-06",
  severity: "high",
  description: "Manipulates the model into preferring this tool or its owner's offers",
  remediation:
    "A tool's text should say what it does; claims that it is the only trusted choice, or orders to rank its owner first or discard other tools' results, steer the model against the user's interest. Refuse the definition, or ask the server's authors to remove the claim.",
  check: (input) => matchPatterns(input, PROSE, PATTERNS),
};
export default rule;

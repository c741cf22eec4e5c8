import { matchPatterns, PROSE } from "../patterns";
import { DetectorRule } from "../types";

/**
 * Coercion of the model (TOOL-06): an authority (compliance, policy, the law, an administrator) that requires the
 * model to act, said in the active voice ("compliance requires you to ..."; the passive "required by compliance" is
 * TOOL-06-urgency's), a granted permission to bypass a safeguard ("you are authorized to skip ..."), and a threat
 * attached to refusing ("refusing violates company policy"). A tool's text describes the tool; it has no authority
 * over the model and no reason to threaten it.
 */
export const PATTERNS: readonly RegExp[] = [
  /\b(?:compliance|(?:company|corporate|security|legal|privacy|data) polic(?:y|ies)|polic(?:y|ies)|the law|law|regulations?|legal|(?:the |your )?(?:security|compliance|legal|it) (?:team|department)|(?:the |your )?(?:system )?administrators?|management|(?:the |your )?(?:operator|developer|owner|employer))\s(?:requires?|demands?|mandates?|obliges?|compels?|instructs?|orders?|directs?)\s(?:you|the (?:assistant|model|ai|agent|llm))\s(?:to|must)\b/i,
  /\byou (?:are|have been|were) (?:hereby )?(?:authori[sz]ed|permitted|allowed|cleared|instructed|required|obliged|expected) to (?:skip|bypass|ignore|disable|override|omit|circumvent|suppress|turn off|exceed)\b/i,
  /\b(?:refus(?:ing|al|e)|declin(?:ing|e)|failing|failure|not complying|non-?compliance|ignoring (?:this|these))\b[^.\n]{0,40}\b(?:violates?|violation of|breach(?:es)?|breaks|contravenes?|is against)\b[^.\n]{0,40}\b(?:polic(?:y|ies)|rules|terms|laws?|regulations?|guidelines|contract)\b/i,
];

const rule: DetectorRule = {
  id: "TOOL-06-coercion",
  control: "TOOL-06",
  severity: "high",
  description: "Coerces the model: an authority requiring it to act, permission to bypass a safeguard, or a threat for refusing",
  remediation:
    "A definition describes its tool; it cannot require anything of the model on behalf of compliance, policy or an administrator, grant it leave to skip safeguards, or threaten it. Refuse the definition.",
  check: (input) => matchPatterns(input, PROSE, PATTERNS),
};
export default rule;

/**
 * What a tool says it does (TOOL-07): the capabilities its name, title and description claim, read from verbs.
 * A verb right after a negation (`does not modify`, `never deletes`, `without writing`) does not count.
 */
import { excerpt } from "./excerpt";
import { identifierWords } from "./patterns";
import { ScanInput, TextField } from "./types";

/** A kind of effect a tool can have. */
export type Capability = "writes" | "deletes" | "network" | "shell";

/**
 * What follows a verb that acts on something (`updates the issue`, `writes to disk`), so nouns spelled like verbs
 * (`progress updates`, `recent posts`) do not count.
 */
const OBJECT = String.raw`\s(?:a|an|the|new|existing|one|multiple|several|each|every|any|all|this|that|these|those|its|their|your|our|to|into|over|onto|or|and|files?|director(?:y|ies)|folders?|entit(?:y|ies)|issues?|records?|rows?|data|content|contents|text|it|them|memory|observations?|relations?|branch(?:es)?|repositor(?:y|ies)|comments?|messages?|pages?|documents?|values?|keys?)\b`;

/**
 * What a tool computes and returns rather than writes: "creates a chart", "create a buffer zone (polygon)", "creating
 * data summaries" describe a result, not a change to anything.
 */
const ARTEFACT = String.raw`(?:charts?|graphs?|diagrams?|visuali[sz]ations?|summar(?:y|ies)|buffers?|polygons?|geometr(?:y|ies)|previews?|embeddings?)\b`;

/**
 * What rules a verb out: a negation up to two words before it (`does not modify`, `never deletes`, `does not start or
 * modify`); a determiner, a number or a verb that takes an object right before it, which make it a noun (`the commit`,
 * `each update to`, `50 posts and`, `returns update text`); a gerund as its subject, another action's effect
 * (`releasing wipes the device`); a time clause about another action (`before creating or editing functions`).
 */
const NOT = String.raw`(?<!\b(?:not|never|no|without|cannot|can't|won't|doesn't|don't)\s(?:\w{1,20}\s){0,2})(?<!\b(?:the|a|an|each|every|its|their|your|our|his|her|my|latest|last|previous|recent|next|\d+|returns?|lists?|shows?|includes?|contains?|with)\s)(?<!\b[a-z]{2,20}ing\s)(?<!\b(?:before|after|while|when|until|prior to)\s(?:\w{1,20}\s(?:or|and)\s)?)`;

/**
 * A URL in the text, which a closed-world tool has no use for, unless it is documentation: a markdown link's target, a
 * URL after "see", "docs", "such as" or "e.g.", or one on a documentation host (`docs.`, `learning.`, `developer.`).
 */
const LINK = String.raw`\b(?=https?:\/\/)(?<!\]\()(?<!\b(?:see|docs?|documentation|guide|reference|refer to|learn more(?: at)?|such as|e\.g\.,?|for example|like)\s)https?:\/\/(?!(?:docs|learning|developers?|help)\.)`;

/**
 * A claim: the verb pattern `verbs`, not ruled out by {@link NOT}. The lookahead comes first so the lookbehinds run only
 * where a verb starts, not at every character of the text.
 */
function claim(verbs: string): string {
  return String.raw`(?=${verbs})${NOT}${verbs}`;
}

const VERBS: { readonly [capability in Capability]: RegExp } = {
  writes: new RegExp(
    claim(String.raw`\b(?:writes?|writing|overwrites?|(?:creates?|creating)(?!\s(?:(?:a|an|the|new)\s)?(?:[\w-]{1,20}\s)?${ARTEFACT})|modif(?:y|ies|ying)|edits?|editing|updates?|updating|appends?|saves?|inserts?|uploads?|moves?|renames?|commits?(?!\s(?:messages?|hash(?:es)?|ids?|sha|history|log)\b)|pushe?s?|posts?|sends?|sending|sets?\s(?:the\s)?value|stores?|persists?)${OBJECT}`),
    "i",
  ),
  deletes: new RegExp(claim(String.raw`\b(?:delete[sd]?|deleting|remove[sd]?|removing|erase[sd]?|destroy(?:s|ed)?|drops?|truncates?|purges?|wipes?)${OBJECT}`), "i"),
  network: new RegExp(
    claim(String.raw`(?:${LINK}|\b(?:fetch(?:es)?(?!\s(?:requests?|calls?|api|events?)\b)|download(?:s|ing)?(?!\s(?:urls?|links?|counts?|stats|statistics)\b)|upload(?:s|ing)?(?!\s(?:dates?|times?|status|limits?|sizes?|urls?|links?)\b)|webhooks?|http requests?|web requests?|api calls?|send(?:s|ing)? (?:an? )?(?:email|e-mail|sms|message|request))\b)`),
    "i",
  ),
  shell: new RegExp(
    claim(String.raw`(?:\b(?:execute[sd]?|executing|runs?|spawn(?:s|ing)?)\s(?:an?\s|the\s|any\s|arbitrary\s)?(?:shell\s|system\s|terminal\s|bash\s|os\s)?(?:commands?|scripts?|programs?|binar(?:y|ies))\b|\b(?:in|via|through|with) (?:a |the )?(?:shell|terminal|bash|powershell|subprocess)\b|\beval(?:uate)?s? (?:code|javascript|python)\b)`),
    "i",
  ),
};

/** One claimed capability and where it was read. */
export interface CapabilityClaim {
  readonly capability: Capability;
  readonly field: string;
  readonly detail: string;
}

const claimsByFields = new WeakMap<readonly TextField[], CapabilityClaim[]>();

/**
 * The capabilities the tool's name, title and description claim, each with its first evidence; read once per scan
 * (the TOOL-07 rules use them). Network access is read from the description only: in a name or title, "fetch" and
 * "upload" are how developers say get and send to the tool's own service (`fetchBuildInsights`), and only the
 * description says where the tool connects.
 */
export function claimedCapabilities(input: ScanInput): readonly CapabilityClaim[] {
  const known = claimsByFields.get(input.fields);
  if (known !== undefined) return known;
  const claims: CapabilityClaim[] = [];
  for (const capability of Object.keys(VERBS) as Capability[]) {
    for (const field of input.fields) {
      if (field.kind !== "name" && field.kind !== "title" && field.kind !== "description") continue;
      if (capability === "network" && field.kind !== "description") continue;
      const text = field.kind === "name" ? identifierWords(field.text) : field.text;
      const match = VERBS[capability].exec(text);
      if (match) {
        claims.push({ capability, field: field.path, detail: excerpt(text, match.index, match.index + match[0].length) });
        break;
      }
    }
  }
  claimsByFields.set(input.fields, claims);
  return claims;
}

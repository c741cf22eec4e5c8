/**
 * PUB-02 (input validation and sanitization), indirect prompt injection: the text a model reads in tool results,
 * resources and prompts is scanned with the rule pack's result rules (prompt-injection markers, hidden tag
 * characters, exfiltration links and data URIs, metadata endpoints); findings are masked or block the result like DLP.
 * A tool's `overrides` switch a rule off for that tool's results.
 */
import { filterResult } from "../dlp/filter";
import { Check } from "../pipeline/check";
import { validateOverrides } from "../patterns/overrides";
import { TEXT_RESULT_METHODS } from "../patterns/strings";
import { RuleSet } from "../patterns/text-rules";
import { loadThreatPack, threatRules } from "../patterns/threat-pack";

export const PUB02: Check = {
  id: "PUB-02-results",
  control: "PUB-02",
  description: "Prompt-injection and exfiltration patterns in tool results are masked (or the result blocked).",
  phase: "response",
  methods: [...TEXT_RESULT_METHODS],
  compile: (config) => {
    const rules = new RuleSet(threatRules(loadThreatPack(), "results", "PUB-02"));
    validateOverrides(config, "PUB-02", rules.rules);
    return (ctx) => filterResult(ctx, rules, "PUB-02");
  },
};

/**
 * GW-02 (threat-detection patterns): every string in a `tools/call`'s arguments is scanned with the rule pack's
 * argument rules (command injection, path traversal, SSRF to metadata and internal addresses, exfiltration through
 * URLs, data URIs and encoded blobs, prompt-injection markers). A hit is PERMISSION_DENIED naming the argument's path
 * and the rule. A tool's `overrides` switch a rule off for that tool; the audit line still notes `<rule>:overridden`.
 */
import { Check, ConfigError, PASS, deny, isObject, passWith } from "../pipeline/check";
import { messagePath } from "../pipeline/json-path";
import { rulesInForce, validateOverrides } from "../patterns/overrides";
import { findString } from "../patterns/strings";
import { RuleSet, firstHit } from "../patterns/text-rules";
import { loadThreatPack, threatRules } from "../patterns/threat-pack";

export const GW02: Check = {
  id: "GW-02-arguments",
  control: "GW-02",
  description: "tools/call arguments carry no command injection, traversal, SSRF, exfiltration or prompt-injection pattern.",
  phase: "request",
  methods: ["tools/call"],
  compile: (config) => {
    const pack = loadThreatPack();
    if (config.threatRulePack !== pack.version) throw new ConfigError("threatRulePack", `the guard ships threat rule pack ${pack.version}; regenerate the config for it (got ${config.threatRulePack})`);
    const rules = new RuleSet(threatRules(pack, "arguments", "GW-02"));
    validateOverrides(config, "GW-02", rules.rules);
    return (ctx) => {
      if (!isObject(ctx.message) || ctx.message.arguments === undefined) return PASS;
      const args = ctx.message.arguments;
      const { active, overridden } = rulesInForce(ctx, rules);
      let fired: string | undefined;
      const at = findString(args, (text) => (fired = firstHit(text, active)) !== undefined);
      if (at !== undefined && fired !== undefined) return deny("PERMISSION_DENIED", fired, `${messagePath("arguments", at)} matches threat pattern ${fired} (GW-02)`);
      if (overridden.size === 0) return PASS;
      const notes = new Set<string>();
      const overriddenRules = rules.only(overridden);
      findString(args, (text) => {
        const hit = firstHit(text, overriddenRules);
        if (hit !== undefined) notes.add(`${hit}:overridden`);
        return false;
      });
      return passWith([...notes].sort());
    };
  },
};

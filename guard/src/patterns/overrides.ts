/** Per-tool rule overrides (`tools.<name>.overrides`): validated against a check's rules at load, applied per call. */
import { GuardConfig } from "../config/types";
import { CheckContext, ConfigError } from "../pipeline/check";
import { fieldPath, pointerToken } from "../pipeline/json-path";
import { RuleSet, TextRule } from "./text-rules";

/** Refuses an override that names a rule of `control` that does not exist (a typo would silently keep a rule on). */
export function validateOverrides(config: GuardConfig, control: string, rules: readonly TextRule[]): void {
  const known = new Set(rules.map((rule) => rule.id));
  for (const [server, serverConfig] of Object.entries(config.servers)) {
    for (const [name, tool] of Object.entries(serverConfig.tools)) {
      tool.overrides.forEach((override, index) => {
        if (override.rule.startsWith(`${control}-`) && !known.has(override.rule)) {
          throw new ConfigError(fieldPath(`/servers/${pointerToken(server)}/tools/${pointerToken(name)}/overrides/${index}/rule`), `no ${control} rule is named ${override.rule}; known: ${[...known].join(", ")}`);
        }
      });
    }
  }
}

const NONE: ReadonlySet<string> = new Set();

/** The rules of `rules` in force for this call, and the IDs of those the tool's overrides switch off. */
export function rulesInForce(ctx: CheckContext, rules: RuleSet): { active: RuleSet; overridden: ReadonlySet<string> } {
  const overrides = ctx.toolConfig?.overrides;
  if (overrides === undefined || overrides.length === 0) return { active: rules, overridden: NONE };
  const overridden = new Set(overrides.map((override) => override.rule));
  return { active: rules.without(overridden), overridden };
}

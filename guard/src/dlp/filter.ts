/**
 * The mask-or-block flow every output filter shares (DLP-01, DLP-02, DLP-04, PUB-02): scan the text a model reads in
 * a result; in the server's `mask` mode replace each finding with `[REDACTED:<rule>]` (the result keeps its shape, so
 * it stays a valid result), in `block` mode refuse the result naming the first place and rule.
 */
import { Check, CheckContext, CheckOutcome, PASS, deny, mutated } from "../pipeline/check";
import { messagePath } from "../pipeline/json-path";
import { rulesInForce } from "../patterns/overrides";
import { TEXT_RESULT_METHODS, mapResultText } from "../patterns/strings";
import { RuleSet, TextRule, redact, scan } from "../patterns/text-rules";

export function filterResult(ctx: CheckContext, rules: RuleSet, control: string): CheckOutcome {
  const { active } = rulesInForce(ctx, rules);
  const counts: { [rule: string]: number } = {};
  let first: { rule: string; pointer: string } | undefined;
  const value = mapResultText(ctx.method, ctx.message, (text, pointer) => {
    const hits = scan(text, active);
    if (hits.length === 0) return text;
    first ??= { rule: hits[0].rule, pointer };
    for (const hit of hits) counts[hit.rule] = (counts[hit.rule] ?? 0) + 1;
    return redact(text, hits);
  });
  if (first === undefined) return PASS;
  if (ctx.serverConfig.dlp.mode === "block") {
    return deny("PERMISSION_DENIED", first.rule, `${messagePath("result", first.pointer)} carries data matching ${first.rule}; this server's results are blocked, not masked (${control})`);
  }
  return mutated(value, Object.keys(counts).sort(), counts);
}

/** A response check that filters the results of the text-bearing methods with `rules`. */
export function resultFilterCheck(id: string, control: string, description: string, rules: (config: Parameters<Check["compile"]>[0]) => readonly TextRule[]): Check {
  return {
    id,
    control,
    description,
    phase: "response",
    methods: [...TEXT_RESULT_METHODS],
    compile: (config) => {
      const compiled = new RuleSet(rules(config));
      return (ctx) => filterResult(ctx, compiled, control);
    },
  };
}

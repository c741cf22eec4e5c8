/**
 * TS-01 (capability discovery): a `tools/list` result shows only approved tools.
 *
 * With one backend the names are the server's own; when the gateway multiplexes several backends (fan-out), each
 * name carries its backend's prefix (`<backend>_<tool>`, agentgateway `mcp/guardrails/mod.rs`). A tool whose name
 * matches no approved tool of its backend is removed. This check compares names only: whether an approved name still
 * carries its approved definition (pin, rug pull) is a separate check registered beside this one (TOOL-08).
 */
import { JsonValue } from "../config/types";
import { Check, CheckContext, PASS, isObject, mutated } from "../pipeline/check";

/** The approved tool a listed name stands for, or undefined. Exported for the checks that compare definitions. */
export function approvedToolFor(ctx: CheckContext, listedName: string): { server: string; tool: string } | undefined {
  if (ctx.servers.length === 1) {
    const tools = ctx.config.servers[ctx.servers[0]].tools;
    return Object.prototype.hasOwnProperty.call(tools, listedName) ? { server: ctx.servers[0], tool: listedName } : undefined;
  }
  for (const server of ctx.servers) {
    const prefix = `${server}_`;
    if (!listedName.startsWith(prefix)) continue;
    const tool = listedName.slice(prefix.length);
    if (Object.prototype.hasOwnProperty.call(ctx.config.servers[server].tools, tool)) return { server, tool };
  }
  return undefined;
}

export const TS01List: Check = {
  id: "TS-01-list",
  control: "TS-01",
  description: "A tools/list result lists only tools approved for their server.",
  phase: "response",
  methods: ["tools/list"],
  repeatable: true,
  compile: () => (ctx) => {
    const result = ctx.message;
    if (!isObject(result) || !Array.isArray(result.tools)) return PASS;
    const tools = result.tools as readonly JsonValue[];
    const kept = tools.filter((tool) => isObject(tool) && typeof tool.name === "string" && approvedToolFor(ctx, tool.name) !== undefined);
    if (kept.length === tools.length) return PASS;
    return mutated({ ...result, tools: kept }, ["TS-01-unapproved-tool-hidden"]);
  },
};

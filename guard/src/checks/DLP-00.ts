/**
 * DLP-00 (inspect responses before return): a result is inspected only if it is what its method returns: valid against
 * the MCP result schema of the revision (as published: servers may add fields) and nested no deeper than the config's
 * `limits.maxDepth`. Anything else is refused (UNKNOWN, JSON-RPC -32603): the guard never passes what it cannot read.
 */
import { Check, PASS, deny } from "../pipeline/check";
import { messagePath } from "../pipeline/json-path";
import { firstBoundViolation } from "../schema/bounds";
import { mcpSchemas } from "../schema/mcp";
import { validationDenial } from "../schema/validation";

export const DLP00: Check = {
  id: "DLP-00-result-shape",
  control: "DLP-00",
  description: "Results are valid MCP results of their method, within the depth limit, before they are filtered.",
  phase: "response",
  methods: ["*"],
  repeatable: true,
  compile: (config) => {
    const schemas = mcpSchemas(config.protocolVersions);
    const depthOnly = { maxDepth: config.limits.maxDepth, maxRequestBytes: Infinity, maxStringLength: Infinity, maxArrayItems: Infinity, maxObjectProperties: Infinity };
    return (ctx) => {
      const tooDeep = firstBoundViolation(ctx.message, depthOnly);
      if (tooDeep !== undefined) return deny("UNKNOWN", "DLP-00-result-depth", `${messagePath("result", tooDeep.pointer)} ${tooDeep.problem} (DLP-00)`);
      const validate = schemas.result(ctx.revision, ctx.method);
      if (validate === undefined) return deny("UNKNOWN", "DLP-00-result-method", `no MCP ${ctx.revision} result is defined for this method (DLP-00)`);
      const denial = validationDenial(validate, ctx.message, "result", "DLP-00-result-schema", "DLP-00");
      return denial === undefined ? PASS : deny("UNKNOWN", "DLP-00-result-schema", denial.reason);
    };
  },
};

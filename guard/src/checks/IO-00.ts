/**
 * IO-00 (schema validation at every MCP entry point): a request's params are valid for its method in the MCP JSON
 * Schema of the negotiated revision, closed so that unknown fields are rejected at every depth (IO-04; only `_meta`
 * is allowed). A method the revision does not define is refused. Denials name the JSON path and the rule, never the value.
 */
import { Check, PASS, deny } from "../pipeline/check";
import { mcpSchemas } from "../schema/mcp";
import { validationDenial } from "../schema/validation";

export const IO00: Check = {
  id: "IO-00-params",
  control: "IO-00",
  description: "Request params validate against the MCP schema of the negotiated revision, unknown fields rejected at every depth.",
  phase: "request",
  methods: ["*"],
  compile: (config) => {
    const schemas = mcpSchemas(config.protocolVersions);
    return (ctx) => {
      if (!schemas.knows(ctx.revision, ctx.method)) return deny("INVALID", "IO-00-method", `method is not a client request of MCP ${ctx.revision} (IO-00)`);
      const validate = schemas.params(ctx.revision, ctx.method);
      // The pipeline gives `null` with 0 bytes when the call has no params; a JSON `null` sent as params is malformed.
      const absent = ctx.message === null && ctx.bytes === 0;
      if (validate === undefined) return absent ? PASS : deny("INVALID", "IO-00-params", `${ctx.method} takes no params in MCP ${ctx.revision} (IO-00)`);
      if (absent) return validate({}) ? PASS : deny("INVALID", "IO-00-params", `params are required for ${ctx.method} (IO-00)`);
      return validationDenial(validate, ctx.message, "params", "IO-00-params") ?? PASS;
    };
  },
};

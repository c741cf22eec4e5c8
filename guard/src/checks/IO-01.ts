/**
 * IO-01 (type and format validation), with IO-02 bounds and IO-04 unknown fields: a `tools/call`'s arguments
 * validate against the approved `inputSchema` of the tool, closed at every depth. Each tool's schema is compiled
 * once at load; a schema Ajv cannot compile refuses the config, naming the tool.
 */
import { ValidateFunction } from "ajv";
import { Check, ConfigError, PASS, deny, isObject } from "../pipeline/check";
import { fieldPath, pointerToken } from "../pipeline/json-path";
import { closeSchema } from "../schema/close";
import { dialectOf, newAjv, validationDenial } from "../schema/validation";

export const IO01: Check = {
  id: "IO-01-arguments",
  control: "IO-01",
  description: "tools/call arguments validate against the approved inputSchema, closed at every depth.",
  phase: "request",
  methods: ["tools/call"],
  compile: (config) => {
    const validators = new Map<string, ValidateFunction>();
    // One Ajv per dialect the tools use: each instance compiles its meta-schemas.
    const ajv = new Map<ReturnType<typeof dialectOf>, ReturnType<typeof newAjv>>();
    for (const [server, serverConfig] of Object.entries(config.servers)) {
      for (const [name, tool] of Object.entries(serverConfig.tools)) {
        const schema = tool.definition.inputSchema;
        try {
          const dialect = dialectOf(schema);
          let instance = ajv.get(dialect);
          if (instance === undefined) {
            instance = newAjv(dialect);
            ajv.set(dialect, instance);
          }
          validators.set(`${server}\u0000${name}`, instance.compile(closeSchema(schema)));
        } catch (error) {
          throw new ConfigError(fieldPath(`/servers/${pointerToken(server)}/tools/${pointerToken(name)}/definition/inputSchema`), `the guard cannot compile this schema: ${(error as Error).message}`);
        }
      }
    }
    return (ctx) => {
      const validate = ctx.tool === undefined ? undefined : validators.get(`${ctx.server}\u0000${ctx.tool}`);
      // TS-01 runs first and refuses unapproved tools; without an approved schema nothing can pass here either.
      if (validate === undefined) return deny("PERMISSION_DENIED", "IO-01-no-approved-schema", "tool has no approved inputSchema (IO-01)");
      const args = isObject(ctx.message) ? (ctx.message.arguments ?? {}) : {};
      return validationDenial(validate, args, "arguments", "IO-01-arguments") ?? PASS;
    };
  },
};

/**
 * TS-01 (capability discovery): a `tools/call` for a tool that is not approved for its server is refused.
 * The `tools/list` half is `TS-01-list.ts`.
 */
import { Check, PASS, deny } from "../pipeline/check";

export const TS01: Check = {
  id: "TS-01-call",
  control: "TS-01",
  description: "A tools/call names a tool approved for its server.",
  phase: "request",
  methods: ["tools/call"],
  compile: () => (ctx) => {
    if (ctx.tool === undefined) return deny("INVALID", "TS-01-call", "tools/call params.name must be a string");
    if (ctx.toolConfig === undefined) return deny("PERMISSION_DENIED", "TS-01-unapproved-tool", `tool is not approved for server ${JSON.stringify(ctx.server)}`);
    return PASS;
  },
};

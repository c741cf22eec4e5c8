/**
 * IO-02 (string-length and value-range limits) and IO-03 (recursive validation): a request's params are within the
 * config's `limits` wherever a schema is silent: total bytes, every string, every array, every object, and nesting
 * depth (IO-03), at every depth. Schema-declared bounds and enums are enforced by IO-00 and IO-01.
 */
import { Check, PASS, deny } from "../pipeline/check";
import { messagePath } from "../pipeline/json-path";
import { firstBoundViolation } from "../schema/bounds";

export const IO02: Check = {
  id: "IO-02-limits",
  control: "IO-02",
  description: "Request params stay within the configured size, string, array, object and depth limits.",
  phase: "request",
  methods: ["*"],
  compile: (config) => (ctx) => {
    const { limits } = config;
    if (ctx.bytes > limits.maxRequestBytes) return deny("INVALID", "IO-02-request-size", `params are larger than ${limits.maxRequestBytes} bytes (IO-02)`);
    const violation = firstBoundViolation(ctx.message, limits);
    if (violation === undefined) return PASS;
    return deny("INVALID", violation.rule, `${messagePath("params", violation.pointer)} ${violation.problem} (${violation.rule.slice(0, 5)})`);
  },
};

import { lintToolSchema, MAX_SCHEMA_DEPTH } from "../../environments/tool-schema-lint";
import { guardConfigs } from "../guard";
import { kubernetesViolation, record } from "../kubernetes";
import { Rule, Violation } from "../types";

/** The guard's bounds where a schema is silent, and the most each may be. */
const LIMIT_CEILINGS: Readonly<Record<string, number>> = {
  maxRequestBytes: 1024 * 1024,
  maxStringLength: 1024 * 1024,
  maxArrayItems: 10_000,
  maxObjectProperties: 10_000,
  maxDepth: MAX_SCHEMA_DEPTH,
};

/**
 * Every approved input schema is one the guard can enforce (IO-01, IO-02, IO-03, IO-04): typed values, bounded
 * strings, arrays and numbers, objects that list their properties and allow no others, only local `$ref`s, known
 * keywords and formats, compiling patterns, at most 16 levels deep (see environments/tool-schema-lint.ts); and the
 * guard's own bounds where a schema is silent are set, positive and not absurdly large.
 */
const rule: Rule = {
  id: "io-02-guard-enforceable-schemas",
  controls: ["IO-01", "IO-02", "IO-03", "IO-04"],
  severity: "high",
  description: "Every tool schema in the MCP guard's configuration is typed, bounded and closed, and the guard's default limits are set.",
  remediation: "Fix the tool's definition in its approved-tools lock file (maxLength, maxItems, minimum/maximum, properties, additionalProperties: false, local $ref only) and re-pin it; keep the guard's limits as synth writes them.",
  check: (artifacts) =>
    guardConfigs(artifacts).flatMap(({ workload, configMap, config, servers }) => {
      if (config === undefined) return [];
      const where = configMap ?? workload;
      const findings: Violation[] = [];
      const limits = record(config["limits"]) ?? {};
      for (const [key, ceiling] of Object.entries(LIMIT_CEILINGS)) {
        const value = limits[key];
        if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > ceiling) findings.push(kubernetesViolation(where, `limits.${key} is ${JSON.stringify(value ?? null)}: set a whole number from 1 to ${ceiling}`));
      }
      for (const server of servers) {
        for (const [name, tool] of Object.entries(server.tools)) {
          const definition = record(tool["definition"]) ?? {};
          for (const [role, key] of [["input", "inputSchema"], ["output", "outputSchema"]] as const) {
            if (role === "output" && definition[key] === undefined) continue;
            for (const problem of lintToolSchema(definition[key], role)) {
              findings.push(kubernetesViolation(where, `server "${server.name}" tool "${name}" ${key}${problem.path === "" ? "" : `.${problem.path}`}: ${problem.message}`));
            }
          }
        }
      }
      return findings;
    }),
};

export default rule;

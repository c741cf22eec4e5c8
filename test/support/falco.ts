import Ajv from "ajv";
import { parse, stringify } from "yaml";
import { Artifacts } from "../../policies/types";
import { yamlObject } from "./kubernetes";

/**
 * The structure of a Falco rules file, after Falco's own rules schema (falcosecurity/falco
 * `userspace/engine/rule_json_schema.h`: a list of objects with only the known keys, priorities from a fixed set),
 * made strict per entry kind: a list needs `items`, a macro a `condition`, a rule `desc`, `condition`, `output` and
 * `priority`, as Falco requires when loading them.
 */
const FALCO_RULES_SCHEMA = {
  type: "array",
  items: {
    oneOf: [
      { type: "object", additionalProperties: false, required: ["required_engine_version"], properties: { required_engine_version: { type: "string", pattern: "^\\d+\\.\\d+\\.\\d+$" } } },
      {
        type: "object",
        additionalProperties: false,
        required: ["list", "items"],
        properties: { list: { type: "string", pattern: "^[A-Za-z_][A-Za-z0-9_]*$" }, items: { type: "array", items: { type: ["string", "integer"] } }, append: { type: "boolean" } },
      },
      {
        type: "object",
        additionalProperties: false,
        required: ["macro", "condition"],
        properties: { macro: { type: "string", pattern: "^[A-Za-z_][A-Za-z0-9_]*$" }, condition: { type: "string", minLength: 1 }, append: { type: "boolean" } },
      },
      {
        type: "object",
        additionalProperties: false,
        required: ["rule", "desc", "condition", "output", "priority"],
        properties: {
          rule: { type: "string", minLength: 1 },
          desc: { type: "string", minLength: 1 },
          condition: { type: "string", minLength: 1 },
          output: { type: "string", minLength: 1 },
          priority: { enum: ["EMERGENCY", "ALERT", "CRITICAL", "ERROR", "WARNING", "NOTICE", "INFO", "INFORMATIONAL", "DEBUG"] },
          tags: { type: "array", items: { type: "string" } },
          enabled: { type: "boolean" },
          source: { type: "string" },
          exceptions: { type: "array" },
        },
      },
    ],
  },
};

const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(FALCO_RULES_SCHEMA);

/** The schema errors of a parsed Falco rules file: empty when Falco's rules schema (made strict per entry kind) accepts it. */
export function validateFalcoRules(entries: unknown): unknown[] {
  return validate(entries) ? [] : [...(validate.errors ?? [])];
}

/** The ConfigMap holding the blueprint's Falco rules file (`mcp_rules.yaml`). */
const RULES_CONFIG_MAP = "ConfigMap/falco/falco-mcp-rules";

/** The MCP Falco rules file of an environment, parsed. */
export function falcoRulesOf(plans: Artifacts, environment: string): Record<string, any>[] {
  return parse(yamlObject(plans, environment, RULES_CONFIG_MAP).data["mcp_rules.yaml"]);
}

/** Rewrites an environment's MCP Falco rules file (prod unless named). */
export function editFalcoRules(plans: Artifacts, edit: (entries: Record<string, any>[]) => Record<string, any>[], environment = "prod"): void {
  const configMap = yamlObject(plans, environment, RULES_CONFIG_MAP);
  configMap.data["mcp_rules.yaml"] = stringify(edit(parse(configMap.data["mcp_rules.yaml"])));
}

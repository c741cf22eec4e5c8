/**
 * JSON Schema (draft 2020-12) of `guard-config.json` (`GuardConfig` in `types.ts`), closed at every depth: the guard
 * refuses unknown fields instead of ignoring them, so a typo never silently turns a control off.
 * Tool definitions (`inputSchema`, `outputSchema`, `annotations`) are open JSON, checked by the checks that use them.
 */
import { GUARD_CONFIG_VERSION } from "./types";

const REVISIONS = ["2025-06-18", "2025-11-25", "2026-07-28"];
const positiveInteger = { type: "integer", minimum: 1 } as const;
const jsonObject = { type: "object" } as const;
const ruleOverride = {
  type: "object",
  additionalProperties: false,
  required: ["rule", "justification"],
  properties: { rule: { type: "string", minLength: 1 }, justification: { type: "string", minLength: 20 } },
} as const;

const toolDefinition = {
  type: "object",
  additionalProperties: false,
  required: ["name", "inputSchema"],
  properties: {
    name: { type: "string", minLength: 1, maxLength: 128 },
    title: { type: "string" },
    description: { type: "string" },
    inputSchema: { ...jsonObject, required: ["type"], properties: { type: { const: "object" } } },
    outputSchema: { ...jsonObject, required: ["type"], properties: { type: { const: "object" } } },
    annotations: jsonObject,
  },
} as const;

const toolConfig = {
  type: "object",
  additionalProperties: false,
  required: ["definition", "pin", "scopes", "constraints", "sinks", "overrides"],
  properties: {
    definition: toolDefinition,
    pin: { type: "string", pattern: "^sha256:[0-9a-f]{64}$" },
    scopes: { type: "array", items: { type: "string", minLength: 1 } },
    constraints: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["id", "expression", "message"],
        properties: {
          id: { type: "string", pattern: "^[a-z0-9][a-z0-9-]*$" },
          expression: { type: "string", minLength: 1 },
          message: { type: "string", minLength: 1 },
        },
      },
    },
    sinks: {
      type: "object",
      propertyNames: { pattern: "^(/([^~/]|~[01])*)+$" },
      additionalProperties: { enum: ["sql", "shell", "path", "url", "html"] },
    },
    overrides: { type: "array", items: ruleOverride },
  },
} as const;

const serverConfig = {
  type: "object",
  additionalProperties: false,
  required: ["mode", "dlp", "tools"],
  properties: {
    mode: { enum: ["enforce", "report"] },
    dlp: {
      type: "object",
      additionalProperties: false,
      required: ["mode", "maxResultBytes"],
      properties: { mode: { enum: ["mask", "block"] }, maxResultBytes: positiveInteger },
    },
    tools: { type: "object", additionalProperties: toolConfig },
  },
} as const;

export const GUARD_CONFIG_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  additionalProperties: false,
  required: ["version", "environment", "protocolVersions", "defaultProtocolVersion", "limits", "threatRulePack", "telemetry", "servers"],
  properties: {
    version: { const: GUARD_CONFIG_VERSION },
    environment: { type: "string", minLength: 1 },
    protocolVersions: { type: "array", minItems: 1, uniqueItems: true, items: { enum: REVISIONS } },
    defaultProtocolVersion: { enum: REVISIONS },
    limits: {
      type: "object",
      additionalProperties: false,
      required: ["maxRequestBytes", "maxStringLength", "maxArrayItems", "maxObjectProperties", "maxDepth"],
      properties: {
        maxRequestBytes: positiveInteger,
        maxStringLength: positiveInteger,
        maxArrayItems: positiveInteger,
        maxObjectProperties: positiveInteger,
        maxDepth: { type: "integer", minimum: 2, maximum: 256 },
      },
    },
    threatRulePack: { type: "string", minLength: 1 },
    telemetry: {
      type: "object",
      additionalProperties: false,
      required: ["serviceName"],
      properties: { otlpEndpoint: { type: "string", pattern: "^https?://" }, serviceName: { type: "string", minLength: 1 } },
    },
    servers: { type: "object", minProperties: 1, additionalProperties: serverConfig },
  },
} as const;

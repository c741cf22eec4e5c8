/**
 * JSON Schema (draft 2020-12) of `guard-config.json` (`GuardConfig` in `types.ts`), closed at every depth: the guard
 * refuses unknown fields instead of ignoring them, so a typo never silently turns a control off.
 * Tool definitions (`inputSchema`, `outputSchema`, `annotations`) are open JSON, checked by the checks that use them.
 */
import { GUARD_CONFIG_VERSION } from "./types";

const REVISIONS = ["2025-06-18", "2025-11-25", "2026-07-28"];
const positiveInteger = { type: "integer", minimum: 1 } as const;
const jsonObject = { type: "object" } as const;
const nonEmptyStrings = { type: "array", minItems: 1, uniqueItems: true, items: { type: "string", minLength: 1 } } as const;
const algorithms = { type: "array", minItems: 1, uniqueItems: true, items: { enum: ["ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "RS256", "RS384", "RS512", "EdDSA", "Ed25519"] } } as const;

/** `GuardAuthConfig`: token checks (AUTH-04, CV-01, CV-04, PUB-01, ZT-01). */
const authConfig = {
  type: "object",
  additionalProperties: false,
  required: ["issuer", "jwksUri", "audiences"],
  properties: {
    issuer: { type: "string", pattern: "^https?://" },
    jwksUri: { type: "string", pattern: "^https?://" },
    audiences: { type: "object", minProperties: 1, additionalProperties: { type: "string", minLength: 1 } },
    algorithms,
    maxTokenLifetimeSeconds: { type: "integer", minimum: 1, maximum: 3600 },
    clockToleranceSeconds: { type: "integer", minimum: 0, maximum: 60 },
    senderConstraint: { enum: ["dpop", "certificate", "dpop-or-certificate"] },
    dpop: {
      type: "object",
      additionalProperties: false,
      properties: { algorithms, maxAgeSeconds: { type: "integer", minimum: 1, maximum: 600 }, origin: { type: "string", pattern: "^https?://[^/]+$" } },
    },
    store: {
      type: "object",
      additionalProperties: false,
      properties: {
        redisUrl: { type: "string", pattern: "^rediss?://[^@]+$" },
        hostFile: { type: "string", pattern: "^/" },
        port: { type: "integer", minimum: 1, maximum: 65535 },
        tls: { type: "boolean" },
        passwordFile: { type: "string", pattern: "^/" },
        keyPrefix: { type: "string", minLength: 1 },
      },
    },
    sessionTtlSeconds: positiveInteger,
  },
} as const;
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
    sensitive: {
      type: "object",
      additionalProperties: false,
      required: ["acrValues", "maxAgeSeconds"],
      properties: { acrValues: nonEmptyStrings, maxAgeSeconds: positiveInteger },
    },
    jit: {
      type: "object",
      additionalProperties: false,
      required: ["purposes", "maxGrantSeconds"],
      properties: { purposes: nonEmptyStrings, maxGrantSeconds: positiveInteger },
    },
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
    auth: authConfig,
  },
} as const;

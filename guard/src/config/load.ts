/**
 * Loads `guard-config.json` strictly: JSON Schema (closed at every depth, `schema.ts`), then what a schema cannot say
 * (each tool's key equals its definition's name and its pin matches the definition; the default revision is accepted).
 * Every refusal is a `ConfigError` naming the field by JSON path (`servers.github.tools.create_issue.pin`).
 */
import * as fs from "node:fs";
import Ajv2020, { ErrorObject } from "ajv/dist/2020";
import { ConfigError } from "../pipeline/check";
import { fieldPath, pointerToken } from "../pipeline/json-path";
import { toolPin } from "../pin";
import { GUARD_CONFIG_SCHEMA } from "./schema";
import { joinGuardConfigParts } from "./parts";
import { GuardConfig, JsonValue } from "./types";

const validate = new Ajv2020({ allErrors: false, strict: true }).compile(GUARD_CONFIG_SCHEMA);

function describe(error: ErrorObject): ConfigError {
  const at = error.instancePath;
  if (error.keyword === "additionalProperties") {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    return new ConfigError(fieldPath(`${at}/${pointerToken(extra)}`), "unknown field; remove it (the guard accepts only the fields of GuardConfig)");
  }
  if (error.keyword === "required") {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return new ConfigError(fieldPath(`${at}/${missing}`), "required field is missing");
  }
  return new ConfigError(fieldPath(at), `${error.message ?? "is invalid"}${error.keyword === "enum" || error.keyword === "const" ? ` (${JSON.stringify(error.params)})` : ""}`);
}

/** Validates a parsed config; returns it typed or throws `ConfigError`. */
export function parseGuardConfig(value: unknown): GuardConfig {
  if (!validate(value)) throw describe((validate.errors ?? [])[0]);
  const config = value as unknown as GuardConfig;
  if (!config.protocolVersions.includes(config.defaultProtocolVersion)) {
    throw new ConfigError("defaultProtocolVersion", `must be one of protocolVersions (${config.protocolVersions.join(", ")})`);
  }
  const store = config.auth?.store;
  if (store?.redisUrl !== undefined && store.hostFile !== undefined) {
    throw new ConfigError("auth.store.hostFile", "name the store once: either redisUrl or hostFile (with port and tls), not both");
  }
  const onlyWithHostFile = (["port", "tls"] as const).find((field) => store?.[field] !== undefined && store.hostFile === undefined);
  if (onlyWithHostFile !== undefined) throw new ConfigError(`auth.store.${onlyWithHostFile}`, "applies only with hostFile; put the port and scheme in redisUrl instead");
  for (const [server, serverConfig] of Object.entries(config.servers)) {
    if (config.auth !== undefined && !Object.prototype.hasOwnProperty.call(config.auth.audiences, server)) {
      throw new ConfigError(fieldPath(`/auth/audiences/${pointerToken(server)}`), "every server needs its token audience (one per server): add it");
    }
    for (const [name, tool] of Object.entries(serverConfig.tools)) {
      const field = fieldPath(`/servers/${pointerToken(server)}/tools/${pointerToken(name)}`);
      if ((tool.sensitive !== undefined || tool.jit !== undefined) && config.auth === undefined) {
        throw new ConfigError(`${field}.${tool.sensitive !== undefined ? "sensitive" : "jit"}`, "needs token checks: add auth (issuer, jwksUri, audiences)");
      }
      if (tool.definition.name !== name) throw new ConfigError(`${field}.definition.name`, `must equal the tool's key ${JSON.stringify(name)}`);
      if (tool.pin !== toolPin(tool.definition)) throw new ConfigError(`${field}.pin`, "does not match the definition; re-pin it with `mcp-harden tools pin` after review");
    }
  }
  return config;
}

/** Reads one file as JSON. Errors that are not the config's fault (missing file) name the file. */
function readJson(file: string): JsonValue {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError("--config", `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
  }
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw new ConfigError("(root)", `${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * Reads and validates a config: one file, or the parts of one configuration split over several files (`parts.ts`),
 * joined in the order given before validation.
 */
export function loadGuardConfig(files: string | readonly string[]): GuardConfig {
  const parts = (typeof files === "string" ? [files] : files).map(readJson);
  return parseGuardConfig(parts.length === 1 ? parts[0] : joinGuardConfigParts(parts));
}

/**
 * Turns untrusted input (a YAML or JSON file, or a TypeScript object) into a validated, deeply frozen
 * `EnvironmentConfig`, and checks a set of environments against each other. Every problem is collected before
 * one `ConfigError` is thrown, so a file is fixed in one pass.
 */
import * as path from "path";
import { checkApprovedTools } from "./approved-tools";
import { checkClusterFit } from "./cluster-checks";
import { ConfigError, ConfigProblem } from "./config-error";
import { deepFreeze } from "./deep-freeze";
import { withDefaults } from "./defaults";
import { crossEnvironmentProblems } from "./environment-set";
import { environmentShape } from "./environment-shape";
import { checkGatewayFit } from "./gateway-checks";
import { checkIdentityFit } from "./identity-shape";
import { readDocumentWithLines, SourceLines } from "./read-document";
import { scanInput } from "./input-scan";
import { checkRegion } from "./aws-checks";
import { Cursor, isMapping, Reader, shape, text } from "./readers";
import { EnvironmentConfig } from "./schema";

/**
 * Validates one environment and returns it typed and deeply frozen (a copy: `input` is left as it is), the keys it
 * leaves out filled with their defaults (defaults.ts) and a `$schema` key ignored. Once every
 * field is well-formed, the checks across sections run too (server images and quotas against the cluster; audiences
 * and the egress allowlist against the gateway; each server's approved-tools lock file, read from disk: see
 * approved-tools.ts). Throws one `ConfigError` listing every problem; `source` (a file or environment name) prefixes
 * each path. A relative `approvedTools` is resolved against the built-in environments' folder: `loadEnvironmentFile`
 * makes it absolute against the file's own folder first.
 */
export function parseEnvironment(input: unknown, source?: string): EnvironmentConfig {
  const at = Cursor.root(source);
  const scanned = withDefaults(scanInput(withoutSchemaReference(input), at));
  const config = shape(environmentShape(peekable(scanned)))(scanned, at);
  if (config !== undefined && at.problems.length === 0) {
    checkClusterFit(config, at);
    checkGatewayFit(config, at);
    checkIdentityFit(config, at);
    checkApprovedTools(config, at);
  }
  if (config === undefined || at.problems.length > 0) throw new ConfigError(at.problems);
  return deepFreeze(config);
}

/** The environment without its `$schema` key: the JSON Schema a file names for editors, not a setting. */
function withoutSchemaReference(input: unknown): unknown {
  if (!isMapping(input) || typeof input.$schema !== "string") return input;
  const { $schema: _reference, ...settings } = input;
  return settings;
}

/** Fields other fields' checks compare against: the account, the region, the VPC range, the state bucket's region. */
const PEEKED_FIELDS = ["accountId", "region", "vpcCidr"] as const;

/**
 * The environment as the checks across fields see it: a peeked field (see `PEEKED_FIELDS`) that is invalid on its own
 * is left out, so no check compares against it, or quotes it, in another field's message.
 */
function peekable(input: unknown): unknown {
  if (!isMapping(input)) return input;
  const fields = environmentShape(input);
  const valid = (reader: Reader<unknown>, value: unknown) => {
    const at = Cursor.root();
    return reader(value, at) !== undefined && at.problems.length === 0;
  };
  const view: Record<string, unknown> = { ...input };
  for (const key of PEEKED_FIELDS) if (!valid(fields[key], input[key])) delete view[key];
  if (isMapping(input.state) && !valid(text(checkRegion), input.state.region)) view.state = { ...input.state, region: undefined };
  return view;
}

/**
 * Validates a set of environments: each one on its own (as `parseEnvironment` does), then against each other:
 * unique names, distinct AWS accounts and state buckets (ISO-03), non-overlapping VPC ranges, and production never
 * weaker than non-production. Throws one `ConfigError` listing every problem. `sources[i]` labels
 * `environments[i]` in problem paths (default: the environment's name).
 */
export function validateEnvironmentSet(environments: readonly EnvironmentConfig[], sources?: readonly string[]): void {
  const members = environments.map((environment, i) => ({ environment, label: sources?.[i] ?? environment.name }));
  const problems: ConfigProblem[] = members.flatMap(({ environment, label }) => {
    try {
      parseEnvironment(environment, label);
      return [];
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
  });
  problems.push(...crossEnvironmentProblems(members));
  if (problems.length > 0) throw new ConfigError(problems);
}

/**
 * Loads and validates one environment file (`.json`, `.yaml` or `.yml`). Throws `ConfigError` naming the file
 * when it cannot be read or parsed, or when the environment is invalid.
 */
export function loadEnvironmentFile(file: string): EnvironmentConfig {
  return loadEnvironmentSource(file).environment;
}

/** An environment loaded from a file, with the line of each of its keys (for findings that point at the file). */
export interface EnvironmentSource {
  /** The file, as given. */
  readonly file: string;
  readonly environment: EnvironmentConfig;
  /** The line of each key and list item, by field path (`mcpServers[2]`). */
  readonly lines: SourceLines;
}

/** Loads and validates one environment file as `loadEnvironmentFile` does, keeping the line of each key. */
export function loadEnvironmentSource(file: string): EnvironmentSource {
  const { data, lines } = readDocumentWithLines(file);
  return { file, environment: parseEnvironment(withAbsoluteLockFiles(data, path.dirname(path.resolve(file))), file), lines };
}

/** The document with each server's `approvedTools` (when a string) resolved against `directory`, the file's folder. */
function withAbsoluteLockFiles(document: unknown, directory: string): unknown {
  if (!isMapping(document) || !Array.isArray(document.mcpServers)) return document;
  const mcpServers = document.mcpServers.map((server: unknown) =>
    isMapping(server) && typeof server.approvedTools === "string" && server.approvedTools.trim() !== "" ? { ...server, approvedTools: path.resolve(directory, server.approvedTools) } : server
  );
  return { ...document, mcpServers };
}

/** Loads and validates several environment files, reporting the problems of all of them in one `ConfigError`. */
export function loadEnvironmentFiles(files: readonly string[]): EnvironmentConfig[] {
  return loadEnvironmentSources(files).map((source) => source.environment);
}

/** Loads and validates several environment files as `loadEnvironmentFiles` does, keeping the line of each key. */
export function loadEnvironmentSources(files: readonly string[]): EnvironmentSource[] {
  const problems: ConfigProblem[] = [];
  const sources: EnvironmentSource[] = [];
  for (const file of files) {
    try {
      sources.push(loadEnvironmentSource(file));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return sources;
}

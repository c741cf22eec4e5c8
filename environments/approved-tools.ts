/**
 * The approved-tools lock files an environment references (`mcpServers[].approvedTools`, TOOL-08, TS-01): where they
 * are, how they are read, and what makes one acceptable. `validate` and synth run the same checks, so a lock that
 * `validate` accepts is exactly what synth copies into the guard's configuration:
 * - the file exists and is JSON of the `ApprovedToolsLock` shape (no unknown field at any level);
 * - its `server` is the server that references it, its entries are sorted by name, one per tool;
 * - each pin is `toolPin(definition)`;
 * - its tool names are exactly the server's `tools[]` names, both ways;
 * - each definition is a valid MCP `Tool` of every supported revision, and its schemas are ones the guard can enforce
 *   (see tool-schema-lint.ts);
 * - each sink of the server's tools points at a string property of the tool's `inputSchema`;
 * - the poisoning detector (TOOL-05/06/07/11, the rules of `tools scan`, with the scopes the server declares for the
 *   tool) finds nothing in the definition that its `accepted` entries do not name, each with a justification (as
 *   `tools pin` writes them), and every accepted rule is one the detector has and still fires.
 */
import * as fs from "fs";
import * as path from "path";
import { ApprovedTool, ApprovedToolsLock, JsonValue, RuleOverride, ToolDefinition } from "../guard/src/config/types";
import { DETECTOR_RULES } from "../guard/src/detector";
import { toolPin } from "../guard/src/pin";
import { ConfigError, ConfigIssue } from "./config-error";
import { optional } from "./kubernetes-checks";
import { toolDefinitionErrors } from "./mcp-tool-schemas";
import { Cursor, issue, isMapping, list, minLength, Reader, shape, text } from "./readers";
import { EnvironmentConfig, McpServerConfig } from "./schema";
import { lintToolSchema, schemaAtPointer } from "./tool-schema-lint";
import { checkToolName } from "./workload-checks";
import { approvedToolFindings } from "../shared/tool-scan";
import { quote } from "./quote";

/** The folder of the built-in environments (`environments/` of the package, also when running from `dist/`). */
export const BUILT_IN_ENVIRONMENTS_DIRECTORY = builtInDirectory();

function builtInDirectory(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) return __dirname;
    dir = parent;
  }
  return path.join(dir, "environments");
}

/** The lock file of a server: `approvedTools` resolved against the built-in folder (an environment file's loader makes it absolute). */
export function approvedToolsFile(server: Pick<McpServerConfig, "approvedTools">): string {
  return path.resolve(BUILT_IN_ENVIRONMENTS_DIRECTORY, server.approvedTools);
}

/** The display name of a lock file in messages: relative to the working directory when inside it. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}

const PIN = /^sha256:[0-9a-f]{64}$/;

/** A JSON object, taken as it is (its contents are judged by the MCP schemas and the lint). */
const jsonObject: Reader<{ readonly [key: string]: JsonValue }> = (value, at) =>
  isMapping(value) ? (value as { readonly [key: string]: JsonValue }) : at.report(issue(value === undefined ? "is required" : "is not a JSON object", "write a JSON object"));

const DEFINITION: Reader<ToolDefinition> = shape<ToolDefinition>({
  name: text(checkToolName),
  title: optional(text()),
  description: optional(text()),
  inputSchema: jsonObject,
  outputSchema: optional(jsonObject),
  annotations: optional(jsonObject),
});

const ACCEPTED: Reader<RuleOverride> = shape<RuleOverride>({
  rule: text(),
  justification: text(minLength(20, "say why the finding is acceptable, who approved it and until when")),
});

const LOCK: Reader<ApprovedToolsLock> = shape<ApprovedToolsLock>({
  server: text(),
  tools: list(
    shape<ApprovedTool>({
      definition: DEFINITION,
      pin: text((pin) => (PIN.test(pin) ? undefined : issue(`${quote(pin)} is not a pin`, "write sha256: and the 64 lower-case hex digits mcp-harden tools pin prints"))),
      accepted: optional(list(ACCEPTED)),
    }),
    { minItems: 1, tooShortHint: "list the server's approved tools" }
  ),
});

/** The lock's problems, each as an issue whose message starts with the lock field (`tools[1].pin: ...`). */
function lockIssues(lock: ApprovedToolsLock, server: McpServerConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const add = (field: string, found: ConfigIssue) => issues.push({ message: `${field}: ${found.message}`, hint: found.hint });
  if (lock.server !== server.name) add("server", issue(`${quote(lock.server)} is not ${quote(server.name)}, the server that references this file`, `set server to ${quote(server.name)}, or reference the lock file of ${lock.server} from that server`));
  const declared = new Set(server.tools.map((tool) => tool.name));
  const seen = new Map<string, number>();
  lock.tools.forEach((entry, index) => {
    const { definition } = entry;
    const field = `tools[${index}]`;
    const first = seen.get(definition.name);
    if (first !== undefined) add(`${field}.definition.name`, issue(`duplicate tool ${quote(definition.name)}, already at tools[${first}]`, "keep one entry per tool"));
    seen.set(definition.name, index);
    if (index > 0 && lock.tools[index - 1].definition.name.localeCompare(definition.name) > 0) add(`${field}.definition.name`, issue(`${quote(definition.name)} comes after ${quote(lock.tools[index - 1].definition.name)}`, "sort the entries by definition.name, as mcp-harden tools pin writes them"));
    if (!declared.has(definition.name)) add(`${field}.definition.name`, issue(`tool ${quote(definition.name)} is approved here but not in the server's tools`, `add it to mcpServers[].tools with its scopes, or remove its entry here`));
    const pin = toolPin(definition);
    if (entry.pin !== pin) add(`${field}.pin`, issue(`the pin of tool ${quote(definition.name)} does not match its definition (the definition's pin is ${pin})`, `if the changed definition was reviewed and approved, set pin to ${pin}; otherwise restore the approved definition`));
    detectorIssues(entry, server, field).forEach((found) => issues.push(found));
    for (const error of toolDefinitionErrors(definition)) add(`${field}.definition`, issue(`tool ${quote(definition.name)} is not a valid MCP Tool of revision ${error}`, "fix the definition: every supported MCP revision must accept it"));
    for (const [role, schema] of [["input", definition.inputSchema], ["output", definition.outputSchema]] as const) {
      if (schema === undefined) continue;
      const key = role === "input" ? "inputSchema" : "outputSchema";
      for (const problem of lintToolSchema(schema, role)) add(`${field}.definition.${key}${problem.path === "" ? "" : `.${problem.path}`}`.replace(/\.\[/g, "["), issue(`tool ${quote(definition.name)}: ${problem.message}`, problem.hint));
    }
  });
  for (const tool of server.tools) {
    if (!seen.has(tool.name)) add("tools", issue(`tool ${quote(tool.name)} of the server has no approved definition`, `pin its definition (mcp-harden tools pin) and add the entry, or remove the tool from mcpServers[].tools`));
  }
  return issues;
}

/**
 * The poisoning detector's findings on one approved definition that its `accepted` entries do not name, and accepted
 * rules that the detector does not have or that no longer fire, each as an issue naming the tool, the rule and the fix.
 */
function detectorIssues(entry: ApprovedTool, server: McpServerConfig, field: string): ConfigIssue[] {
  const { definition } = entry;
  const scopes = server.tools.find((tool) => tool.name === definition.name)?.scopes ?? [];
  const findings = approvedToolFindings(definition, scopes);
  const accepted = entry.accepted ?? [];
  const named = new Set(accepted.map((acceptance) => acceptance.rule));
  const issues: ConfigIssue[] = findings
    .filter((finding) => !named.has(finding.rule))
    .map((finding) => ({
      message: `${field}.definition: tool ${quote(definition.name)} is refused by the poisoning detector, rule ${finding.rule} (${finding.severity}, ${finding.field}): ${finding.message}`,
      hint: `fix the definition upstream, re-capture and re-pin it (mcp-harden tools pin); only if the finding is harmless, accept it by name: add {"rule": "${finding.rule}", "justification": "<why it is harmless, who approved it, until when>"} to ${field}.accepted (tools pin --accept "${definition.name}:${finding.rule}=<justification>")`,
    }));
  accepted.forEach((acceptance, index) => {
    const at = `${field}.accepted[${index}].rule`;
    if (!DETECTOR_RULES.some((rule) => rule.id === acceptance.rule)) {
      issues.push({ message: `${at}: ${quote(acceptance.rule)} is not a rule of the poisoning detector`, hint: "name a rule ID that mcp-harden tools scan reports, e.g. TOOL-07-annotations" });
    } else if (!findings.some((finding) => finding.rule === acceptance.rule)) {
      issues.push({ message: `${at}: ${acceptance.rule} no longer fires on tool ${quote(definition.name)}`, hint: "remove the acceptance so the lock records only real exceptions" });
    }
  });
  return issues;
}

/** The sinks of a tool that name no string property of its approved input schema. */
function sinkIssues(server: McpServerConfig, lock: ApprovedToolsLock, at: Cursor): void {
  server.tools.forEach((tool, index) => {
    const definition = lock.tools.find((entry) => entry.definition.name === tool.name)?.definition;
    if (definition === undefined) return;
    for (const pointer of Object.keys(tool.sinks ?? {})) {
      const target = schemaAtPointer(definition.inputSchema, pointer);
      if (target === undefined || target["type"] !== "string") {
        at.key("tools").index(index).key("sinks").key(pointer).report(
          issue(
            target === undefined ? `tool ${quote(tool.name)} has no argument at ${pointer} in its approved inputSchema` : `the argument at ${pointer} of tool ${quote(tool.name)} is ${JSON.stringify(target["type"])}, not a string`,
            `point the sink at a string property of the approved inputSchema, e.g. /${Object.keys((definition.inputSchema["properties"] ?? {}) as object)[0] ?? "query"}`
          )
        );
      }
    }
  });
}

/** Reads a lock file as plain JSON; a problem is reported at `at` (the server's `approvedTools`). */
function readLock(file: string, at: Cursor): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return at.report(
      issue(
        `cannot read the approved-tools lock file ${shown(file)}${code === "ENOENT" ? ": it does not exist" : `: ${(error as Error).message}`}`,
        "write the lock file (mcp-harden tools pin writes it) or fix the path: it is relative to the environment file's folder"
      )
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return at.report(issue(`the approved-tools lock file ${shown(file)} is not JSON: ${(error as Error).message}`, "fix the JSON syntax"));
  }
}

/** Reads and checks one server's lock file; problems go to `at` (the server's cursor). Returns the lock when acceptable. */
export function checkServerApprovedTools(server: McpServerConfig, at: Cursor): ApprovedToolsLock | undefined {
  const field = at.key("approvedTools");
  const file = approvedToolsFile(server);
  const raw = readLock(file, field);
  if (raw === undefined) return undefined;
  const lockAt = Cursor.root(shown(file));
  const lock = LOCK(raw, lockAt);
  for (const problem of lockAt.problems) field.report({ message: `${problem.path}: ${problem.message}`, hint: problem.hint });
  if (lock === undefined) return undefined;
  const before = at.problems.length;
  for (const found of lockIssues(lock, server)) field.report({ message: `${shown(file)}: ${found.message}`, hint: found.hint });
  sinkIssues(server, lock, at);
  return at.problems.length === before ? lock : undefined;
}

/** Checks the lock file of every server of a well-formed environment; problems go to `at` (the environment's cursor). */
export function checkApprovedTools(environment: EnvironmentConfig, at: Cursor): void {
  environment.mcpServers.forEach((server, index) => checkServerApprovedTools(server, at.key("mcpServers").index(index)));
}

/** Every server's lock, read and checked; throws `ConfigError` naming the field when one is not acceptable. */
export function approvedToolLocks(environment: EnvironmentConfig): ReadonlyMap<string, ApprovedToolsLock> {
  const at = Cursor.root(environment.name);
  const locks = new Map(environment.mcpServers.map((server, index) => [server.name, checkServerApprovedTools(server, at.key("mcpServers").index(index))] as const));
  if (at.problems.length > 0) throw new ConfigError(at.problems);
  return locks as ReadonlyMap<string, ApprovedToolsLock>;
}

/**
 * `mcp-harden tools`: the approved-tool registry workflow (TOOL-05..08, TOOL-11, PROV-02).
 * - `scan` runs the poisoning detector over `tools/list` results or lock files;
 * - `pin` writes a server's approved-tools lock file from a scanned `tools/list`, refusing poisoned definitions
 *   unless a finding is accepted by name with a justification;
 * - `diff` shows, field by field, what changed between two versions of a server's tools, for the re-pin review;
 * - `capture` gets a `tools/list` from a stdio MCP server with the official SDK client.
 */
import { join } from "node:path";
import { JsonValue } from "../../guard/src/config/types";
import { DETECTOR_RULES, scanTool } from "../../guard/src/detector";
import { CliCommand, parseFlags, UsageError } from "../command";
import { diffTools, formatDiffMarkdown } from "../tools/diff";
import { APPROVED_TOOLS_DIR, buildLock, checkName, parseAcceptance, PinError, sortedJson, writeWhole } from "../tools/lock";
import { formatScan, SCAN_FORMATS, ScanFinding } from "../tools/scan-report";
import { readToolsFile, ToolsFileError } from "../tools/tools-file";

const USAGE = `Usage: mcp-harden tools <subcommand> [options]

Subcommands:
  scan <file.json>... [--format ${SCAN_FORMATS.join("|")}]
      Scan tools/list results ({"tools":[...]}) or lock files (their accepted findings excepted) for poisoning;
      exit 0 clean, 1 findings, 2 unreadable.
  pin <server> --env <env> --from <tools-list.json> [--accept <tool>:<rule>=<justification>]... [--dir ${APPROVED_TOOLS_DIR}]
      Scan and write <dir>/<env>/<server>.json (the approved-tools lock file) with a pin per tool; refuses (exit 1,
      nothing written) while a finding is not accepted; exit 2 on bad input. <tool> "*" accepts a rule that is not
      critical on every tool that has it now (recorded per tool; a tool added later is still refused).
  diff <old.json> <new.json> [--format markdown|json]
      What changed per tool and field, with the detector's findings on new definitions (markdown for a pull
      request); exit 0 when equal, 1 when they differ, 2 on bad input.
  capture [--out <file>] [--env-var NAME=VALUE]... [--cwd <dir>] [--timeout <ms>] -- <command> [args...]
      Start a stdio MCP server, list its tools with the official SDK client, print or write {"tools":[...]}.

Rules: ${DETECTOR_RULES.map((rule) => rule.id).join(", ")}.
`;

function usageError(message: string): number {
  process.stderr.write(`mcp-harden tools: ${message}\n\n${USAGE}`);
  return 2;
}

function scan(args: readonly string[]): number {
  const { flags, positionals } = parseFlags(args, { format: { type: "string", choices: SCAN_FORMATS, default: "text" } }, { min: 0, max: Number.POSITIVE_INFINITY, description: "files" });
  if (positionals.length === 0) return usageError("scan needs at least one file.");
  const findings: ScanFinding[] = [];
  let tools = 0;
  for (const file of positionals) {
    const list = readToolsFile(file);
    for (const tool of list.tools) {
      tools++;
      const accepted = new Set(list.lock?.tools.find((entry) => entry.definition.name === tool.name)?.accepted?.map((override) => override.rule) ?? []);
      for (const finding of scanTool(tool)) {
        if (accepted.has(finding.rule)) continue;
        findings.push({ file, tool: tool.name, control: finding.control, rule: finding.rule, severity: finding.severity, message: finding.message });
      }
    }
  }
  process.stdout.write(formatScan(findings, tools, flags.format));
  return findings.length === 0 ? 0 : 1;
}

function pin(args: readonly string[]): number {
  const { flags, positionals } = parseFlags(
    args,
    { env: { type: "string" }, from: { type: "string" }, accept: { type: "string", multiple: true }, dir: { type: "string", default: APPROVED_TOOLS_DIR } },
    { min: 0, max: Number.POSITIVE_INFINITY, description: "files" },
  );
  if (positionals.length !== 1) return usageError("pin needs exactly one server name.");
  if (flags.env === undefined || flags.from === undefined) return usageError("pin needs --env <env> and --from <tools-list.json>.");
  const [server] = positionals;
  checkName("server", server);
  checkName("environment", flags.env);
  const list = readToolsFile(flags.from);
  if (list.kind !== "list") throw new ToolsFileError(`${flags.from}: this is a lock file; pin reads a tools/list result (capture one with mcp-harden tools capture).`);
  const lock = buildLock(server, list.tools, flags.accept.map(parseAcceptance));
  const file = join(flags.dir, flags.env, `${server}.json`);
  writeWhole(file, sortedJson(lock as unknown as JsonValue));
  process.stdout.write(`${file}: pinned ${lock.tools.length} tool${lock.tools.length === 1 ? "" : "s"} of ${server} for ${flags.env}.\n`);
  return 0;
}

function diff(args: readonly string[]): number {
  const { flags, positionals } = parseFlags(args, { format: { type: "string", choices: ["markdown", "json"], default: "markdown" } }, { min: 0, max: Number.POSITIVE_INFINITY, description: "files" });
  if (positionals.length !== 2) return usageError("diff needs two files: <old.json> <new.json>.");
  const [oldFile, newFile] = positionals;
  const result = diffTools(readToolsFile(oldFile).tools, readToolsFile(newFile).tools);
  process.stdout.write(flags.format === "json" ? JSON.stringify(result, null, 2) + "\n" : formatDiffMarkdown(result, oldFile, newFile));
  return result.changes.length === 0 ? 0 : 1;
}

async function capture(args: readonly string[]): Promise<number> {
  const split = args.indexOf("--");
  if (split < 0 || split === args.length - 1) return usageError("capture needs the server command after --, e.g. capture -- npx @modelcontextprotocol/server-everything");
  const { flags } = parseFlags(args.slice(0, split), { out: { type: "string" }, "env-var": { type: "string", multiple: true }, cwd: { type: "string" }, timeout: { type: "string", default: "30000" } });
  const env: Record<string, string> = {};
  for (const pair of flags["env-var"]) {
    const equals = pair.indexOf("=");
    if (equals < 1) return usageError(`--env-var "${pair.slice(0, 40)}" is not NAME=VALUE.`);
    env[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  const timeoutMs = Number(flags.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) return usageError("--timeout must be a positive number of milliseconds.");
  const [command, ...commandArgs] = args.slice(split + 1);
  // The MCP SDK is loaded only here, so scan, pin and diff start without it.
  const { captureToolsList } = require("../tools/capture") as typeof import("../tools/capture");
  let list;
  try {
    list = await captureToolsList(command, commandArgs, { env, timeoutMs, ...(flags.cwd !== undefined ? { cwd: flags.cwd } : {}) });
  } catch (error) {
    process.stderr.write(`mcp-harden tools capture: could not list the tools of "${command}": ${(error as Error).message}\n`);
    return 2;
  }
  const text = JSON.stringify(list, null, 2) + "\n";
  if (flags.out === undefined) process.stdout.write(text);
  else {
    writeWhole(flags.out, text);
    process.stdout.write(`${flags.out}: ${list.tools.length} tool${list.tools.length === 1 ? "" : "s"}.\n`);
  }
  return 0;
}

/** Runs `tools <subcommand>`; returns the exit code (a promise for `capture`). */
export function toolsCommand(args: string[]): number | Promise<number> {
  const [subcommand, ...rest] = args;
  const options = rest.includes("--") ? rest.slice(0, rest.indexOf("--")) : rest;
  if (subcommand === undefined || subcommand === "--help" || subcommand === "-h" || options.includes("--help")) {
    process.stdout.write(USAGE);
    return subcommand === undefined ? 2 : 0;
  }
  try {
    switch (subcommand) {
      case "scan":
        return scan(rest);
      case "pin":
        return pin(rest);
      case "diff":
        return diff(rest);
      case "capture":
        return capture(rest);
      default:
        return usageError(`unknown subcommand "${subcommand}".`);
    }
  } catch (error) {
    if (error instanceof UsageError) return usageError(error.message);
    if (error instanceof ToolsFileError) {
      process.stderr.write(`mcp-harden tools ${subcommand}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof PinError) {
      process.stderr.write(`mcp-harden tools pin: ${error.message}\n`);
      return error.findings.length > 0 ? 1 : 2;
    }
    throw error;
  }
}

/** `mcp-harden tools`, as the CLI lists and runs it. */
const command: CliCommand = {
  name: "tools",
  summary: "Approved tool definitions: scan for poisoning, pin a server's tools, diff two versions for review, capture tools/list.",
  synopsis: "mcp-harden tools scan|pin|diff|capture ...",
  help: () => USAGE,
  run: (args) => toolsCommand([...args]),
};
export default command;

/**
 * `tools pin`: turns a scanned `tools/list` into the server's approved-tools lock file (`ApprovedToolsLock`), refusing
 * any definition with a detector finding that is not accepted by name with a justification, and writes it whole or
 * not at all (a temporary file in the same folder, then a rename).
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ApprovedTool, ApprovedToolsLock, JsonValue, RuleOverride, ToolDefinition } from "../../guard/src/config/types";
import { DETECTOR_RULES, Finding, scanTool } from "../../guard/src/detector";
import { toolPin } from "../../guard/src/pin";

/** Where the built-in environments keep lock files: `<dir>/<env>/<server>.json` (referenced by `mcpServers[].approvedTools`). */
export const APPROVED_TOOLS_DIR = join("environments", "approved-tools");

/** Shortest justification an acceptance may carry (the same bound as the guard's rule overrides). */
export const MIN_JUSTIFICATION = 20;

/** Names used in paths: environment and server names. */
const NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The tool name of an acceptance that covers every listed tool with the finding (`*:TOOL-07-open-world=...`, for a
 * vendor that marks all its API tools closed-world). It is expanded at pin time: the lock records the acceptance on each
 * tool that has the finding then, so a tool the server adds later is still refused until it is reviewed.
 */
export const EVERY_TOOL = "*";

/** An accepted finding: `<tool>:<rule>=<justification>` on the command line; `<tool>` may be {@link EVERY_TOOL}. */
export interface Acceptance {
  readonly tool: string;
  readonly rule: string;
  readonly justification: string;
}

/** A pin the command refuses to write; the message says what to do. */
export class PinError extends Error {
  constructor(message: string, readonly findings: readonly { readonly tool: string; readonly finding: Finding }[] = []) {
    super(message);
    this.name = "PinError";
  }
}

/** Checks an environment or server name before it becomes part of a path. */
export function checkName(kind: "environment" | "server", name: string): void {
  if (!NAME.test(name)) throw new PinError(`The ${kind} name "${name}" is not valid: use lower-case letters, digits and inner hyphens (as in the environment config).`);
}

/** Parses `--accept <tool>:<rule>=<justification>`. */
export function parseAcceptance(value: string): Acceptance {
  const match = /^([^:=\s]+):([A-Z]+-\d+[a-z]?-[a-z0-9-]+)=(.*)$/s.exec(value);
  if (!match) throw new PinError(`--accept "${value.slice(0, 60)}" is not <tool>:<rule>=<justification>, e.g. --accept "search:TOOL-07-annotations=The hint is right; search only reads."`);
  const [, tool, rule, justification] = match;
  if (!DETECTOR_RULES.some((candidate) => candidate.id === rule)) throw new PinError(`--accept names rule ${rule}, which the detector does not have; see mcp-harden tools scan --help for the rule IDs.`);
  if (justification.trim().length < MIN_JUSTIFICATION) throw new PinError(`--accept ${tool}:${rule} needs a justification of at least ${MIN_JUSTIFICATION} characters saying why the finding is acceptable.`);
  if (tool === EVERY_TOOL && DETECTOR_RULES.find((candidate) => candidate.id === rule)?.severity === "critical") {
    throw new PinError(`--accept ${EVERY_TOOL}:${rule}: ${rule} is critical, so it can only be accepted tool by tool (--accept "<tool>:${rule}=<justification>").`);
  }
  return { tool, rule, justification: justification.trim() };
}

/**
 * The lock file for `server` from its listed tools: every tool scanned; a finding whose rule is not accepted for that
 * tool (by its name, or by {@link EVERY_TOOL}), or an acceptance that matches no finding, is a {@link PinError} listing
 * them all.
 */
export function buildLock(server: string, tools: readonly ToolDefinition[], acceptances: readonly Acceptance[]): ApprovedToolsLock {
  const refused: { tool: string; finding: Finding }[] = [];
  const used = new Set<Acceptance>();
  const approved: ApprovedTool[] = [...tools]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((definition) => {
      const accepted: RuleOverride[] = [];
      for (const finding of scanTool(definition)) {
        const acceptance =
          acceptances.find((candidate) => candidate.tool === definition.name && candidate.rule === finding.rule) ??
          acceptances.find((candidate) => candidate.tool === EVERY_TOOL && candidate.rule === finding.rule);
        if (!acceptance) refused.push({ tool: definition.name, finding });
        else {
          used.add(acceptance);
          if (!accepted.some((entry) => entry.rule === acceptance.rule)) accepted.push({ rule: acceptance.rule, justification: acceptance.justification });
        }
      }
      return { definition, pin: toolPin(definition), ...(accepted.length > 0 ? { accepted } : {}) };
    });
  const stale = acceptances.filter((acceptance) => !used.has(acceptance));
  if (refused.length > 0) {
    const lines = refused.map(({ tool, finding }) => `  ${tool}: [${finding.severity}] ${finding.rule}: ${finding.message}`);
    throw new PinError(
      `Refusing to pin ${server}: ${refused.length} finding${refused.length === 1 ? "" : "s"} not accepted.\n${lines.join("\n")}\n` +
        `Fix the server, or accept a finding that is really harmless with --accept "<tool>:<rule>=<justification>".`,
      refused,
    );
  }
  if (stale.length > 0) {
    throw new PinError(`--accept ${stale.map((acceptance) => `${acceptance.tool}:${acceptance.rule}`).join(", ")} matches no finding; remove it so the lock records only real exceptions.`);
  }
  return { server, tools: approved };
}

/** JSON with object keys sorted at every depth, two-space indented: stable bytes for review. */
export function sortedJson(value: JsonValue): string {
  const sort = (item: JsonValue): JsonValue => {
    if (Array.isArray(item)) return item.map(sort);
    if (item === null || typeof item !== "object") return item;
    const object = item as { readonly [key: string]: JsonValue };
    return Object.fromEntries(Object.keys(object).sort().map((key) => [key, sort(object[key])]));
  };
  return JSON.stringify(sort(value), null, 2) + "\n";
}

/** Writes `text` to `file` whole: a temporary file beside it, then a rename; the folder is created when missing. */
export function writeWhole(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = join(dirname(file), `.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(temp, text, { flag: "wx" });
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

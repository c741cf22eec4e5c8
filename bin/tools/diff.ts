/**
 * `tools diff`: what changed between two versions of a server's tools (a lock file or a `tools/list` capture each),
 * tool by tool and field by field, for the reviewer of a re-pin. Fields are leaf paths into the definition
 * (`description`, `inputSchema.properties.path.maxLength`, `annotations.readOnlyHint`); values are shown as JSON with
 * invisible and control characters escaped, so nothing hidden reaches the review unseen. Each added or changed tool
 * also carries the detector's findings on its new definition.
 */
import { JsonValue, ToolDefinition } from "../../guard/src/config/types";
import { Finding, scanTool } from "../../guard/src/detector";
import { escapeUnsafe } from "../../guard/src/detector/excerpt";
import { toolPin } from "../../guard/src/pin";

/** One changed leaf of a definition; `undefined` on a side where it is absent. */
export interface FieldChange {
  readonly path: string;
  readonly old?: JsonValue;
  readonly new?: JsonValue;
}

/** What happened to one tool. */
export interface ToolChange {
  readonly tool: string;
  readonly change: "added" | "removed" | "changed";
  readonly oldPin?: string;
  readonly newPin?: string;
  /** Changed leaves, sorted by path (all leaves of an added or removed tool). */
  readonly fields: readonly FieldChange[];
  /** Detector findings on the new definition (added and changed tools). */
  readonly findings: readonly Finding[];
}

/** The whole comparison. */
export interface ToolsDiff {
  readonly changes: readonly ToolChange[];
  readonly unchanged: readonly string[];
}

function leaves(value: JsonValue | undefined, path: string, out: Map<string, JsonValue>): void {
  if (value === undefined) return;
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const object = value as { readonly [key: string]: JsonValue };
    const keys = Object.keys(object);
    if (keys.length === 0) out.set(path, value);
    for (const key of keys) leaves(object[key], path === "" ? key : `${path}.${key}`, out);
  } else if (Array.isArray(value) && value.every((item) => item === null || typeof item !== "object")) {
    out.set(path, value);
  } else if (Array.isArray(value)) {
    if (value.length === 0) out.set(path, value);
    value.forEach((item, index) => leaves(item, `${path}[${index}]`, out));
  } else out.set(path, value);
}

function fieldChanges(oldTool: ToolDefinition | undefined, newTool: ToolDefinition | undefined): FieldChange[] {
  const before = new Map<string, JsonValue>();
  const after = new Map<string, JsonValue>();
  leaves(oldTool as unknown as JsonValue, "", before);
  leaves(newTool as unknown as JsonValue, "", after);
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  return paths
    .filter((path) => JSON.stringify(before.get(path)) !== JSON.stringify(after.get(path)))
    .map((path) => ({ path, ...(before.has(path) ? { old: before.get(path) } : {}), ...(after.has(path) ? { new: after.get(path) } : {}) }));
}

/** Compares two versions of a server's tools. */
export function diffTools(oldTools: readonly ToolDefinition[], newTools: readonly ToolDefinition[]): ToolsDiff {
  const before = new Map(oldTools.map((tool) => [tool.name, tool]));
  const after = new Map(newTools.map((tool) => [tool.name, tool]));
  const changes: ToolChange[] = [];
  const unchanged: string[] = [];
  for (const name of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const oldTool = before.get(name);
    const newTool = after.get(name);
    const oldPin = oldTool && toolPin(oldTool);
    const newPin = newTool && toolPin(newTool);
    if (oldPin === newPin) {
      unchanged.push(name);
      continue;
    }
    changes.push({
      tool: name,
      change: !oldTool ? "added" : !newTool ? "removed" : "changed",
      ...(oldPin ? { oldPin } : {}),
      ...(newPin ? { newPin } : {}),
      fields: fieldChanges(oldTool, newTool),
      findings: newTool ? scanTool(newTool) : [],
    });
  }
  return { changes, unchanged };
}

/** Server text made safe for markdown: hidden characters escaped, backticks as `\u0060` so no code fence closes early. */
function safe(text: string): string {
  return escapeUnsafe(text).replace(/`/g, "\\u0060");
}

function show(value: JsonValue | undefined): string {
  return value === undefined ? "(absent)" : safe(JSON.stringify(value));
}

/** Markdown for a pull-request comment: a summary line, then per tool its pins, changed fields and findings. */
export function formatDiffMarkdown(diff: ToolsDiff, oldFile: string, newFile: string): string {
  const count = (kind: ToolChange["change"]) => diff.changes.filter((change) => change.change === kind).length;
  const lines = [
    `## Tool definitions: \`${oldFile}\` → \`${newFile}\``,
    "",
    `${count("added")} added, ${count("removed")} removed, ${count("changed")} changed, ${diff.unchanged.length} unchanged.`,
  ];
  for (const change of diff.changes) {
    lines.push("", `### \`${safe(change.tool)}\`: ${change.change}`, "");
    if (change.oldPin) lines.push(`- old pin \`${change.oldPin}\``);
    if (change.newPin) lines.push(`- new pin \`${change.newPin}\``);
    lines.push("", "```diff");
    for (const field of change.fields) {
      if (field.old !== undefined) lines.push(`- ${field.path}: ${show(field.old)}`);
      if (field.new !== undefined) lines.push(`+ ${field.path}: ${show(field.new)}`);
    }
    lines.push("```");
    if (change.change !== "removed") {
      lines.push("", change.findings.length === 0 ? "Detector: no findings on the new definition." : "Detector findings on the new definition:");
      for (const finding of change.findings) lines.push(`- **${finding.severity}** \`${finding.rule}\`: ${safe(finding.message)}`);
    }
  }
  return lines.join("\n") + "\n";
}

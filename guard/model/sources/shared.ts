/** What the extractors of the held-out public sources share: reading a pinned commit, and a tool's text. */
import { execFileSync } from "node:child_process";
import type { JsonValue, ToolDefinition } from "../../src/config/types";

/** A file at a commit of a git directory (a bare clone or a mirror). */
export function show(gitDir: string, commit: string, path: string): string {
  return execFileSync("git", ["--git-dir", gitDir, "show", `${commit}:${path}`], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

/** The files under a folder at a commit, sorted. */
export function listFiles(gitDir: string, commit: string, under: string): string[] {
  return execFileSync("git", ["--git-dir", gitDir, "ls-tree", "-r", "--name-only", commit, "--", under], { encoding: "utf8" }).split("\n").filter(Boolean).sort();
}

function isObject(value: JsonValue | undefined): value is { readonly [key: string]: JsonValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The descriptions of a JSON Schema's properties, depth first, in the order the schema lists them. */
function propertyDescriptions(schema: JsonValue | undefined): string[] {
  if (!isObject(schema)) return [];
  const out: string[] = [];
  const properties = schema.properties;
  if (isObject(properties)) {
    for (const property of Object.values(properties)) {
      if (isObject(property) && typeof property.description === "string") out.push(property.description);
      out.push(...propertyDescriptions(property));
    }
  }
  if (isObject(schema.items)) out.push(...propertyDescriptions(schema.items));
  return out;
}

/**
 * The prose a tool definition carries, one field per line with whitespace collapsed in each: its description and its
 * parameters' descriptions. It approximates what the classifier reads of a tool; when the lead wires a source into the
 * corpus, `toolProse(tool)` of build-corpus.ts gives the exact text from the recorded `tool`.
 */
export function toolText(tool: ToolDefinition): string {
  const fields = [tool.description ?? "", ...propertyDescriptions(tool.inputSchema)];
  return fields.map((field) => field.replace(/\s+/g, " ").trim()).filter(Boolean).join("\n");
}

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

/**
 * The prose of a JSON Schema, depth first in the order it lists its properties: each node's title, description, string
 * default and string enum values, then its properties' and its items' prose.
 */
function schemaProse(schema: JsonValue | undefined): string[] {
  if (!isObject(schema)) return [];
  const out: string[] = [];
  for (const key of ["title", "description", "default"]) if (typeof schema[key] === "string") out.push(schema[key] as string);
  if (Array.isArray(schema.enum)) out.push(...schema.enum.filter((value): value is string => typeof value === "string"));
  if (isObject(schema.properties)) for (const property of Object.values(schema.properties)) out.push(...schemaProse(property));
  out.push(...schemaProse(schema.items));
  return out;
}

/**
 * The prose a tool definition carries, one field per line with whitespace collapsed in each: its title and description,
 * then its input schema's and its parameters' titles, descriptions, string defaults and string enum values (the fields
 * guard/model/README.md says the classifier reads). It approximates what the classifier reads of a tool; when the lead
 * wires a source into the corpus, `toolProse(tool)` of build-corpus.ts gives the exact text from the recorded `tool`.
 */
export function toolText(tool: ToolDefinition): string {
  const fields = [tool.title ?? "", tool.description ?? "", ...schemaProse(tool.inputSchema)];
  return fields.map((field) => field.replace(/\s+/g, " ").trim()).filter(Boolean).join("\n");
}

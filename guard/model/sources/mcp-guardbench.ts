/**
 * mcp-guardbench (github.com/getmcpm/mcp-guardbench, MIT): a guard-vs-guard benchmark whose cases are single MCP
 * JSON-RPC frames, each with the verdict a guard must give (`schema/case.schema.json`: `bucket` `attacks` must be
 * flagged, `benign` must pass; `expected.action` `block`/`warn`/`pass`; an optional `expected.signature_id`). No
 * snapshot of it can be fetched here, so the cases used are copied file by file (from the search index's stored text) into `<filesDir>/mcp-guardbench/`, a local folder
 * outside the repository (build-corpus's `--files`; third-party files stay out of commits), with the
 * repository's LICENSE and a SOURCE.json naming the commit each file was read at. Labelled by structure, never by the
 * wording of a tool:
 * - only frames that offer tools to a model count: a `tools/list` result (`message.result.tools`); one example per tool;
 * - a case of the `attacks/` folder whose `bucket` is `attacks` and whose action is `block` or `warn` is poisoned, the
 *   class its `expected.signature_id`; a case of `benign/` whose `bucket` is `benign` and whose action is `pass` is
 *   benign (`honest`); anything else throws;
 * - an attack case listing one tool: that tool is poisoned. An attack case listing several names its one poisoned tool
 *   in its own metadata (`POISONED_TOOL`): that tool is poisoned, the others of its list benign (`attack-companion`);
 * - the cases left out, with why, are `LEFT_OUT`: frames that are not tool definitions (tool results, resources,
 *   `tools/call` arguments, `initialize` instructions, server-initiated sampling and elicitation requests), a
 *   `tools/list` whose attack is a parameter's name, and the `warn` bucket, which the schema keeps apart from both
 *   attacks and benign (its label is ambiguous). None of them is copied.
 * No case records a definition approved before the attack (the post-flip Deadbugz frames are given alone), so no
 * example has `approved`. `text` is `toolProse(tool)`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { JsonValue, ToolDefinition } from "../../src/config/types";
import { isObject } from "../../src/pipeline/check";
import type { CorpusSource } from "../build-corpus";
import type { CorpusExample } from "../synthetic";
import { toolExample } from "./tool-example";

export const MCP_GUARDBENCH_SOURCE: CorpusSource = {
  id: "mcp-guardbench",
  repository: "https://github.com/getmcpm/mcp-guardbench",
  commit: "ba18d3deb4e4836920735a6fd97ca96ad836679e",
  license: "MIT",
  copyright: "Copyright (c) 2026 mcpm contributors",
};

const TOOL_RESULT = "a tools/call result (result.content), not a tool definition";
const CALL_ARGUMENTS = "a tools/call request: the attack is a run-time argument value";

/** The cases of the repository's `attacks/`, `benign/` and `warn/` folders that are not read, with why. */
export const LEFT_OUT: ReadonlyMap<string, string> = new Map([
  ["credential-egress-github-pat", TOOL_RESULT],
  ["credential-egress-private-key", TOOL_RESULT],
  ["credential-phishing-card-cvv", "a server-initiated sampling/createMessage request, not a tool definition"],
  ["credential-phishing-wallet-seed-phrase", "a server-initiated elicitation/create request, not a tool definition"],
  ["cve-2025-53818-github-kanban-mcp-command-injection", CALL_ARGUMENTS],
  ["cve-2025-68669-5ire-mermaid-onerror-injection", TOOL_RESULT],
  ["cve-2026-22793-5ire-echarts-markdown-code-injection", TOOL_RESULT],
  ["cve-2026-25546-godot-mcp-command-injection", CALL_ARGUMENTS],
  ["cve-2026-25650-mcp-salesforce-token-disclosure", TOOL_RESULT],
  ["cve-2026-33980-adx-mcp-kql-injection", CALL_ARGUMENTS],
  ["cve-2026-39884-mcp-server-kubernetes-argument-injection", CALL_ARGUMENTS],
  ["exfil-param-in-schema", "a tools/list whose attack is a parameter's name (the case's source says so), not a text"],
  ["owasp-mcp-1-initialize-instructions-injection", "initialize instructions, not a tool definition"],
  ["owasp-mcp-2-classic-injection", TOOL_RESULT],
  ["owasp-mcp-2-cyrillic-homoglyph", TOOL_RESULT],
  ["owasp-mcp-2-developer-mode", TOOL_RESULT],
  ["owasp-mcp-2-disregard-variant", TOOL_RESULT],
  ["owasp-mcp-2-forget-variant", TOOL_RESULT],
  ["owasp-mcp-2-newline-split", TOOL_RESULT],
  ["owasp-mcp-2-nfkc-fullwidth", TOOL_RESULT],
  ["owasp-mcp-2-zwsp-evasion", TOOL_RESULT],
  ["owasp-mcp-7-aws-credentials", CALL_ARGUMENTS],
  ["owasp-mcp-7-env-file-exfil", CALL_ARGUMENTS],
  ["owasp-mcp-7-ssh-key-exfil", CALL_ARGUMENTS],
  ["changelog-cve-response", TOOL_RESULT],
  ["credential-egress-aws-example-key", TOOL_RESULT],
  ["credential-egress-prose", TOOL_RESULT],
  ["credential-egress-uuid", TOOL_RESULT],
  ["cyrillic-prose", TOOL_RESULT],
  ["ignore-flag-docs", TOOL_RESULT],
  ["large-benign-response", TOOL_RESULT],
  ["legitimate-file-read", "a tools/call request, not a tool definition"],
  ["legitimate-initialize", "an initialize result, not a tool definition"],
  ["legitimate-numeric-args", "a tools/call request, not a tool definition"],
  ["legitimate-resource-read", "a resources/read result, not a tool definition"],
  ["legitimate-slack-thread", TOOL_RESULT],
  ["password-manager-recovery-docs", "a resources/read result, not a tool definition"],
  ["deadbugz-post-flip-prompt-exfil-instructions", "the warn bucket: neither attack nor benign (and a prompt, not a tool definition)"],
  ["owasp-mcp-2-prompt-content-injection", "the warn bucket: neither attack nor benign (and a prompt, not a tool definition)"],
  ["owasp-mcp-2-resource-content-injection", "the warn bucket: neither attack nor benign (and a resource, not a tool definition)"],
  ["owasp-mcp-2-resource-documents-injection", "the warn bucket: neither attack nor benign (and a resource, not a tool definition)"],
]);

/**
 * The one poisoned tool of an attack case that lists several, as the case's own metadata names it: the multi-tool
 * case's `name` says only one tool is poisoned (the one named `poisoned`), the MongoDB case's `source` names the tool
 * its one-tool poisoning is on (`find`).
 */
export const POISONED_TOOL: ReadonlyMap<string, string> = new Map([
  ["owasp-mcp-1-multitool-poisoning", "poisoned"],
  ["deadbugz-supply-chain-mongodb-tool-poisoning", "find"],
]);

const FOLDERS: readonly { readonly folder: string; readonly label: CorpusExample["label"]; readonly actions: readonly string[] }[] = [
  { folder: "attacks", label: "poisoned", actions: ["block", "warn"] },
  { folder: "benign", label: "benign", actions: ["pass"] },
];

/** A listed tool as a `ToolDefinition`, or an error naming the case and what is wrong. */
function toolDefinition(where: string, value: JsonValue): ToolDefinition {
  if (!isObject(value) || typeof value.name !== "string" || value.name === "" || !isObject(value.inputSchema)) {
    throw new Error(`${where}: a listed tool without a name or an inputSchema object`);
  }
  if (value.description !== undefined && typeof value.description !== "string") throw new Error(`${where}#${value.name}: a description that is not a string`);
  return value as unknown as ToolDefinition;
}

/** A case file's tools/list and label; throws, naming the file, on any other shape. */
function readCase(file: string, folder: string, expectedActions: readonly string[]): { id: string; signature?: string; tools: ToolDefinition[] } {
  const json = JSON.parse(readFileSync(file, "utf8")) as JsonValue;
  if (!isObject(json) || !isObject(json.expected) || !isObject(json.message)) throw new Error(`${file}: not an mcp-guardbench case (id, bucket, expected, message)`);
  const { id, bucket, expected, message } = json;
  if (typeof id !== "string" || `${id}.json` !== file.slice(file.lastIndexOf("/") + 1)) throw new Error(`${file}: its id is not its file name`);
  if (LEFT_OUT.has(id)) throw new Error(`${file}: a case that is left out (${LEFT_OUT.get(id)}) is copied`);
  if (bucket !== folder) throw new Error(`${file}: bucket ${JSON.stringify(bucket)} in the ${folder}/ folder`);
  if (typeof expected.action !== "string" || !expectedActions.includes(expected.action)) {
    throw new Error(`${file}: expected action ${JSON.stringify(expected.action)} in the ${folder}/ folder`);
  }
  const tools = isObject(message.result) ? message.result.tools : undefined;
  if (!Array.isArray(tools) || tools.length === 0) throw new Error(`${file}: not a tools/list result; leave it out in LEFT_OUT with why`);
  const signature = expected.signature_id;
  if (signature !== undefined && typeof signature !== "string") throw new Error(`${file}: a signature_id that is not a string`);
  return { id, ...(signature === undefined ? {} : { signature }), tools: tools.map((tool) => toolDefinition(file, tool)) };
}

export function mcpGuardbenchExamples(filesDir: string): CorpusExample[] {
  const casesDir = join(filesDir, MCP_GUARDBENCH_SOURCE.id, "cases");
  const unknown = readdirSync(casesDir).filter((entry) => !FOLDERS.some(({ folder }) => folder === entry));
  if (unknown.length > 0) throw new Error(`${casesDir}: entries of no known kind: ${unknown.join(", ")}`);

  const out: CorpusExample[] = [];
  const add = (label: CorpusExample["label"], category: string, id: string, tool: ToolDefinition) => out.push(toolExample(MCP_GUARDBENCH_SOURCE, label, category, id, tool));

  for (const { folder, label, actions } of FOLDERS) {
    const files = readdirSync(join(casesDir, folder)).sort();
    const strays = files.filter((file) => !file.endsWith(".json"));
    if (strays.length > 0) throw new Error(`${join(casesDir, folder)}: files that are not cases: ${strays.join(", ")}`);
    for (const file of files) {
      const path = join(casesDir, folder, file);
      const { id, signature, tools } = readCase(path, folder, actions);
      if (label === "benign") {
        for (const tool of tools) add("benign", "honest", id, tool);
        continue;
      }
      if (signature === undefined) throw new Error(`${path}: an attack case without a signature_id (its class)`);
      const poisoned = tools.length === 1 ? tools[0].name : POISONED_TOOL.get(id);
      if (poisoned === undefined) throw new Error(`${path}: an attack case listing ${tools.length} tools names none as the poisoned one (POISONED_TOOL)`);
      if (!tools.some((tool) => tool.name === poisoned)) throw new Error(`${path}: lists no tool ${poisoned}`);
      for (const tool of tools) {
        if (tool.name === poisoned) add("poisoned", signature, id, tool);
        else add("benign", "attack-companion", id, tool);
      }
    }
  }
  return out;
}

/**
 * The format of the hand-written tool sets (the blind sets and the training sets of `data/written/`):
 * `{"documents": [{"id", "family"?, "label", "attack"?, "tool"}]}`, one labelled MCP tool definition per document.
 * Read by the corpus (`written.ts`) and by the blind evaluation (`evaluate-blind.ts`).
 */
import { readFileSync } from "node:fs";
import { JsonValue, ToolDefinition } from "../src/config/types";
import { isObject } from "../src/pipeline/check";

/** One labelled tool definition of a set. */
export interface ToolSetDocument {
  readonly id: string;
  /** Documents written from one idea share a family (a held-out split never divides one); none: a family of its own. */
  readonly family?: string;
  readonly label: "poisoned" | "benign";
  /** The attack class of a poisoned document. */
  readonly attack?: string;
  readonly tool: ToolDefinition;
}

/** The documents of a set file; throws an error naming the file, the document and the field that is wrong. */
export function readToolSet(file: string): ToolSetDocument[] {
  let json: JsonValue;
  try {
    json = JSON.parse(readFileSync(file, "utf8")) as JsonValue;
  } catch (error) {
    throw new Error(`cannot read the tool set ${file} (${(error as Error).message}).`);
  }
  if (!isObject(json) || !Array.isArray(json.documents)) throw new Error(`${file}: expected {"documents": [...]}.`);
  const seen = new Set<string>();
  return json.documents.map((doc, index) => {
    const where = `${file}: documents[${index}]`;
    if (!isObject(doc) || typeof doc.id !== "string" || !/^[A-Za-z0-9_-]+$/.test(doc.id)) throw new Error(`${where}.id must be a string of letters, digits, '-' or '_'.`);
    if (seen.has(doc.id)) throw new Error(`${where}.id "${doc.id}" is used twice.`);
    seen.add(doc.id);
    if (doc.label !== "poisoned" && doc.label !== "benign") throw new Error(`${where}.label must be "poisoned" or "benign".`);
    if (doc.label === "poisoned" && typeof doc.attack !== "string") throw new Error(`${where}.attack must name the attack class of a poisoned document.`);
    if (doc.family !== undefined && typeof doc.family !== "string") throw new Error(`${where}.family must be a string when given.`);
    if (!isObject(doc.tool) || typeof doc.tool.name !== "string") throw new Error(`${where}.tool must be an MCP Tool with a name.`);
    return doc as unknown as ToolSetDocument;
  });
}

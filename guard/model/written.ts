/**
 * The hand-written part of the TOOL-11 corpus (source `hand-written`): labelled MCP tool definitions written for this
 * project by authors who had not read the detector. `guard/model/data/written/*.json` were written as training data;
 * the first two blind sets (`guard/model/blind/`, `guard/model/blind2/`) were evaluation sets until the third one
 * replaced them (model 2026.12.5) and are training data since.
 *
 * A file is `{"documents": [{"id", "family"?, "label", "attack"?, "tool"}]}`; a document without a family is a
 * family of its own. The classifier reads the whole definition (`toolProse`), as it reads a listed tool. Each set's
 * `data/written/spans/<set>.json` marks, by document id, the passages that carry a poisoned document's attack.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ToolDefinition } from "../src/config/types";
import { CorpusExample } from "./synthetic";
import { toolProse } from "./tool-prose";

interface WrittenDocument {
  readonly id: string;
  readonly family?: string;
  readonly label: CorpusExample["label"];
  readonly attack?: string;
  readonly tool: ToolDefinition;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function documents(file: string): WrittenDocument[] {
  const json: unknown = JSON.parse(readFileSync(file, "utf8"));
  if (!isObject(json) || !Array.isArray(json.documents)) throw new Error(`${file}: expected {"documents": [...]}`);
  return json.documents.map((doc: unknown, index: number) => {
    const where = `${file}: documents[${index}]`;
    if (!isObject(doc) || typeof doc.id !== "string") throw new Error(`${where}.id must be a string`);
    if (doc.label !== "poisoned" && doc.label !== "benign") throw new Error(`${where}.label must be "poisoned" or "benign"`);
    if (doc.label === "poisoned" && typeof doc.attack !== "string") throw new Error(`${where}.attack must name the attack class of a poisoned document`);
    if (doc.family !== undefined && typeof doc.family !== "string") throw new Error(`${where}.family must be a string when given`);
    if (!isObject(doc.tool) || typeof doc.tool.name !== "string") throw new Error(`${where}.tool must be an MCP Tool with a name`);
    return doc as unknown as WrittenDocument;
  });
}

/** A hand-written set: its documents, and the spans file marking their attacks. */
export interface WrittenSet {
  readonly file: string;
  readonly spans: string;
}

/** The hand-written sets: every `*.json` of `<dir>/data/written`, then the retired blind sets. */
export function writtenSets(dir: string): WrittenSet[] {
  const written = join(dir, "data", "written");
  const spans = (set: string) => join(written, "spans", `${set}.json`);
  return [
    ...readdirSync(written).filter((name) => name.endsWith(".json")).sort().map((name) => ({ file: join(written, name), spans: spans(name.replace(/\.json$/, "")) })),
    { file: join(dir, "blind", "blind-set.json"), spans: spans("blind") },
    { file: join(dir, "blind2", "blind-set.json"), spans: spans("blind2") },
  ];
}

function spansOf(set: WrittenSet): { readonly [id: string]: readonly string[] } {
  if (!existsSync(set.spans)) throw new Error(`${set.file} has no spans file: write ${set.spans} ({"<id>": ["<passage>", ...]} for every poisoned document)`);
  return JSON.parse(readFileSync(set.spans, "utf8")) as { readonly [id: string]: readonly string[] };
}

/** The examples of the hand-written sets, one family per document's `family` (or id) within its set. */
export function writtenExamples(sets: readonly WrittenSet[]): CorpusExample[] {
  return sets.flatMap((set) => {
    const name = set.file.split("/").slice(-2).join("/").replace(/\.json$/, "");
    const spans = spansOf(set);
    return documents(set.file).map((doc): CorpusExample => {
      const marked = spans[doc.id];
      if (doc.label === "poisoned" && !marked?.length) throw new Error(`${set.spans}: give the spans of poisoned document ${doc.id}`);
      return {
        family: `hand-written-${name}#${doc.family ?? doc.id}`,
        label: doc.label,
        source: "hand-written",
        category: doc.label === "poisoned" ? doc.attack! : "honest",
        text: toolProse(doc.tool),
        tool: doc.tool,
        ...(doc.label === "poisoned" && { spans: marked }),
      };
    });
  });
}

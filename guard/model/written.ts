/**
 * The hand-written part of the TOOL-11 corpus (source `hand-written`): labelled MCP tool definitions written for this
 * project by authors who had not read the detector. `guard/model/data/written/*.json` were written as training data;
 * the first two blind sets (`guard/model/blind/`, `guard/model/blind2/`) were evaluation sets until the third one
 * replaced them (model 2026.12.5) and are training data since.
 *
 * A file is a tool set (`tool-set.ts`); a document without a family is a family of its own. The classifier reads the whole definition (`toolProse`), as it reads a listed tool. Each set's
 * `data/written/spans/<set>.json` marks, by document id, the passages that carry a poisoned document's attack.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CorpusExample } from "./synthetic";
import { toolProse } from "./tool-prose";
import { readToolSet } from "./tool-set";

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
    return readToolSet(set.file).map((doc): CorpusExample => {
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

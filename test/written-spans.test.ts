/**
 * The attack spans of the hand-written sets (`guard/model/data/written/spans/<set>.json`, and the fourth and fifth blind
 * sets' `guard/model/blind4/spans/` and `guard/model/blind5/spans/`): for every poisoned document
 * of the set, the exact passages that carry its attack, each found verbatim in one string of its tool (a description,
 * title, default, enum value, example, annotation title or property name); none for a benign document. The trainer
 * learns a poisoned document's windows that hold a span as poisoned, not its honest sentences.
 */
import * as fs from "fs";
import * as path from "path";

const MODEL = path.join(__dirname, "..", "guard", "model");
/** The folders of spans files: the training data's, and the fourth and fifth blind sets'. */
const SPANS = [path.join(MODEL, "data", "written", "spans"), path.join(MODEL, "blind4", "spans"), path.join(MODEL, "blind5", "spans")];
/** Where each set's documents are. */
const SETS: Record<string, string> = {
  a: path.join(MODEL, "data", "written", "a.json"),
  b: path.join(MODEL, "data", "written", "b.json"),
  c: path.join(MODEL, "blind4", "c.json"),
  d: path.join(MODEL, "blind4", "d.json"),
  e: path.join(MODEL, "blind5", "e.json"),
  f: path.join(MODEL, "blind5", "f.json"),
  g: path.join(MODEL, "blind5", "g.json"),
  h: path.join(MODEL, "blind5", "h.json"),
  blind: path.join(MODEL, "blind", "blind-set.json"),
  blind2: path.join(MODEL, "blind2", "blind-set.json"),
};

interface Document {
  readonly id: string;
  readonly label: string;
  readonly tool: unknown;
}

/** Every string of a value, and every key of its objects (a property name can carry an attack). */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === "object" && value !== null) return Object.entries(value).flatMap(([key, inner]) => [key, ...strings(inner)]);
  return [];
}

/** Each spans file's set and path. */
const spansFiles = new Map(SPANS.flatMap((dir) => (fs.existsSync(dir) ? fs.readdirSync(dir) : []).filter((file) => file.endsWith(".json")).map((file) => [file.replace(/\.json$/, ""), path.join(dir, file)] as const)));
const present = [...spansFiles.keys()].sort();

test("every hand-written set has its spans file and every spans file names a set", () => {
  expect(present).toEqual(Object.keys(SETS).sort());
});

describe.each(present)("spans/%s.json", (set) => {
  const docs = (JSON.parse(fs.readFileSync(SETS[set], "utf8")) as { documents: Document[] }).documents;
  const spans = JSON.parse(fs.readFileSync(spansFiles.get(set)!, "utf8")) as Record<string, unknown>;

  test("every poisoned document has at least one span and no benign document or unknown id has any", () => {
    const poisoned = docs.filter((doc) => doc.label === "poisoned").map((doc) => doc.id).sort();
    expect(Object.keys(spans).sort()).toEqual(poisoned);
    for (const id of poisoned) {
      expect(Array.isArray(spans[id])).toBe(true);
      expect((spans[id] as unknown[]).length).toBeGreaterThan(0);
    }
  });

  test("each span is a non-empty string found verbatim in one string of its document's tool", () => {
    const byId = new Map(docs.map((doc) => [doc.id, doc]));
    const missing: string[] = [];
    for (const [id, list] of Object.entries(spans)) {
      const texts = strings(byId.get(id)?.tool);
      for (const span of list as unknown[]) {
        if (typeof span !== "string" || span.trim().length < 3 || !texts.some((text) => text.includes(span))) missing.push(`${id}: ${JSON.stringify(span).slice(0, 60)}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

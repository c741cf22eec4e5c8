import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isHeldOut, PUBLIC_SOURCES } from "../guard/model/train";

/**
 * `guard/model/judged-audit.json`, the hand audit of every judged held-out example of `corpus.json` (issue 13): one
 * verdict per example, valid for its label, a `where` for each poisoned example whose text does not carry its attack,
 * and no reason that quotes the example. The judged split is the training script's own: the held-out examples of the
 * public sources. Only the split is imported; the detector is never called.
 */

type CorpusExample = Parameters<typeof isHeldOut>[0];

interface AuditEntry {
  readonly family: string;
  readonly label: string;
  readonly verdict: string;
  readonly where?: string;
  readonly reason: string;
}

interface Audit {
  readonly auditor: string;
  readonly criterion: string;
  readonly examples: readonly AuditEntry[];
}

const MODEL = join(__dirname, "..", "guard", "model");
const corpus = JSON.parse(readFileSync(join(MODEL, "corpus.json"), "utf8")) as { examples: CorpusExample[] };
const audit = JSON.parse(readFileSync(join(MODEL, "judged-audit.json"), "utf8")) as Audit;

const VERDICTS: Record<CorpusExample["label"], readonly string[]> = {
  poisoned: ["carries", "does-not-carry"],
  benign: ["clean", "carries"],
};

function isJudged(example: CorpusExample): boolean {
  return isHeldOut(example) && PUBLIC_SOURCES.includes(example.source);
}

/** Every run of `size` consecutive words of `text`, lower-cased, as a single space-joined string. */
function wordRuns(text: string, size: number): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}_@.'/-]+/gu) ?? [];
  const runs: string[] = [];
  for (let start = 0; start + size <= words.length; start++) runs.push(words.slice(start, start + size).join(" "));
  return runs;
}

function normalised(text: string): string {
  return (text.toLowerCase().match(/[\p{L}\p{N}_@.'/-]+/gu) ?? []).join(" ");
}

const judged = corpus.examples.filter(isJudged);
const byFamily = new Map(judged.map((example) => [example.family, example]));

describe("judged-audit.json", () => {
  test("the judged split has one example per family", () => {
    expect(judged.length).toBeGreaterThan(0);
    expect(byFamily.size).toBe(judged.length);
  });

  test("names its auditor and criterion", () => {
    expect(audit.auditor).toMatch(/did not read the detector/);
    expect(audit.criterion).toMatch(/carries/);
    expect(audit.criterion).toMatch(/does-not-carry/);
    expect(audit.criterion).toMatch(/clean/);
  });

  test("covers exactly the judged examples, one entry each, sorted by family", () => {
    const families = audit.examples.map((entry) => entry.family);
    expect(families).toEqual([...byFamily.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  test("each entry repeats its example's label and gives a verdict valid for it", () => {
    for (const entry of audit.examples) {
      const example = byFamily.get(entry.family)!;
      expect({ family: entry.family, label: entry.label }).toEqual({ family: entry.family, label: example.label });
      expect(VERDICTS[example.label]).toContain(entry.verdict);
    }
  });

  test("every does-not-carry names where the attack is, and only those do", () => {
    for (const entry of audit.examples) {
      if (entry.verdict === "does-not-carry") expect({ family: entry.family, where: entry.where?.trim() }).toEqual({ family: entry.family, where: expect.stringMatching(/\S/) });
      else expect({ family: entry.family, where: entry.where }).toEqual({ family: entry.family, where: undefined });
    }
  });

  test("every entry gives a reason that quotes no four-word run of its example's text", () => {
    for (const entry of audit.examples) {
      expect(entry.reason.trim()).not.toBe("");
      const written = ` ${normalised(`${entry.reason} ${entry.where ?? ""}`)} `;
      const quoted = wordRuns(byFamily.get(entry.family)!.text, 4).filter((run) => written.includes(` ${run} `));
      expect({ family: entry.family, quoted }).toEqual({ family: entry.family, quoted: [] });
    }
  });
});

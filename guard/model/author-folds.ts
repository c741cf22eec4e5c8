/**
 * Cross-author evaluation of the classifier on development data only (issue 13): how well it finds poisoning written by
 * authors it has not learned from, without touching the judged split. The judged split (`METRICS.md`,
 * `CROSS-SOURCE.md`) is other projects' fixtures, and its figures stay blind only if training choices are made
 * elsewhere; the validation split, where they were made until now, holds families of the same authors the model
 * trains on, so it rewards learning their style (model 2026.12.8 gained there and lost on the judged split).
 *
 * Each fold holds out one author's data whole: the public fixtures that are not judged (MSB's and MCPSecBench's
 * trained families, Cisco's), each hand-written file (`data/written/a.json`, `b.json`, the retired blind sets
 * `blind/` and `blind2/`), and the fourth blind set (`blind4/c.json`, `d.json`, never in the corpus, so that fold
 * trains on everything). The classifier is trained on the rest of the development data (neither the judged sources,
 * nor MSB's and MCPSecBench's held-out families, nor the held-out real servers), its threshold chosen on the
 * validation split without the fold, as in `train.ts`; each poisoned example is scored alone, appended and prepended
 * to a benign description (the fold's or a validation real server's), as `train.ts` scores a split. The pattern rules are the same in every fold; they were written after
 * reading most of this data, so the classifier's column is the one that compares models. No text is printed.
 *
 * Writes `guard/model/AUTHOR-FOLDS.md`; deterministic (same corpus and code, same bytes). Folds train in worker
 * threads.
 *
 * Usage (from the repository root): npm run eval:detector:author-folds [-- --workers <n>]
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { denseWeights, maxScore } from "../src/detector/classifier";
import { DETECTOR_RULES_VERSION } from "../src/detector";
import { DEFAULT_WORKERS, foldScript, runFolds, workerCount } from "./folds";
import { CorpusExample } from "./synthetic";
import { toolProse } from "./tool-prose";
import { readToolSet } from "./tool-set";
import { Evaluated, fit, heldOutDocuments, HELD_OUT_SOURCES, isHeldOut, isRealTool, isValidation, MODEL_VERSION, readCorpus, REAL_SOURCES, rulesOnly, trainingSamples } from "./train";

/** The public sources whose trained families are development data: no fixture of theirs is judged outside their held-out families. */
const PUBLIC_DEVELOPMENT = new Set(["msb", "mcpsecbench", "cisco-mcp-scanner"]);

/** The fourth blind set's files, retired to development data (`blind4/README.md`). */
const BLIND4_FILES = ["c", "d"];

/** A fold: a name, the corpus examples it holds out, and the set files it is scored on instead of them (the fourth blind set is not in the corpus). */
const FOLDS: readonly { readonly name: string; readonly holds: (example: CorpusExample) => boolean; readonly files?: readonly string[] }[] = [
  { name: "public fixtures (MSB, MCPSecBench, Cisco)", holds: (example) => PUBLIC_DEVELOPMENT.has(example.source) },
  ...["written/a", "written/b", "blind/blind-set", "blind2/blind-set"].map((file) => ({
    name: `hand-written ${file}`,
    holds: (example: CorpusExample) => example.source === "hand-written" && example.family.startsWith(`hand-written-${file}#`),
  })),
  { name: "fourth blind set (c, d)", holds: () => false, files: BLIND4_FILES },
];

/** Development data: no judged source, none of MSB's and MCPSecBench's held-out families, no held-out real server. */
function isDevelopment(example: CorpusExample): boolean {
  if (HELD_OUT_SOURCES.has(example.source)) return false;
  if (PUBLIC_DEVELOPMENT.has(example.source) || REAL_SOURCES.includes(example.source)) return !isHeldOut(example);
  return true;
}

interface FoldResult {
  readonly name: string;
  readonly threshold: number;
  readonly poisoned: number;
  readonly classifier: number;
  readonly detector: number;
  readonly benign: number;
  readonly benignFlagged: number;
}

/** The documents a fold is scored on: its poisoned examples alone and inside benign descriptions, its benign ones as they are. */
function foldDocuments(dir: string, fold: (typeof FOLDS)[number], development: readonly CorpusExample[]): Evaluated[] {
  const carriers = development.filter((example) => isValidation(example) && isRealTool(example));
  const examples: CorpusExample[] = fold.files
    ? fold.files.flatMap((file) =>
        readToolSet(join(dir, "blind4", `${file}.json`)).map((doc) => ({ family: `blind4-${file}#${doc.id}`, label: doc.label, source: `blind4-${file}`, category: doc.attack ?? "honest", text: toolProse(doc.tool), tool: doc.tool })),
      )
    : development.filter(fold.holds);
  return heldOutDocuments([...examples, ...carriers]).filter((doc) => doc.label === "poisoned" || !REAL_SOURCES.includes(doc.source));
}

function runFold(dir: string, development: readonly CorpusExample[], name: string): FoldResult {
  const fold = FOLDS.find((candidate) => candidate.name === name)!;
  const trained = fit(trainingSamples(development.filter((example) => !isValidation(example) && !fold.holds(example))), development.filter((example) => isValidation(example) && !fold.holds(example)));
  const dense = denseWeights(trained);
  const docs = foldDocuments(dir, fold, development);
  const poisoned = docs.filter((doc) => doc.label === "poisoned");
  const benign = docs.filter((doc) => doc.label === "benign");
  const classifier = (doc: Evaluated) => maxScore([doc.text], dense, trained).score >= trained.threshold;
  return {
    name,
    threshold: trained.threshold,
    poisoned: poisoned.length,
    classifier: poisoned.filter(classifier).length,
    detector: poisoned.filter((doc) => classifier(doc) || rulesOnly(doc)).length,
    benign: benign.length,
    benignFlagged: benign.filter(classifier).length,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { dir: { type: "string", default: join("guard", "model") }, workers: { type: "string", default: DEFAULT_WORKERS } },
  });
  const results = await runFolds<FoldResult>(
    __filename,
    values.dir,
    FOLDS.map(({ name }) => name),
    workerCount(values.workers),
    (result) => result.name,
    (result) => `${result.name}: threshold ${result.threshold}`,
  );
  const rows = FOLDS.map(({ name }) => results.get(name)!);
  const sum = (key: "poisoned" | "classifier" | "detector" | "benign" | "benignFlagged") => rows.reduce((total, result) => total + result[key], 0);
  const lines = [
    "# Detector: cross-author evaluation on development data",
    "",
    `Generated by \`npm run eval:detector:author-folds\` (guard/model/author-folds.ts); model ${MODEL_VERSION} training, rules ${DETECTOR_RULES_VERSION}.`,
    "",
    "Each fold holds one author's development data out whole; the classifier is trained on the rest (no judged source, no held-out real server) and its threshold chosen on the validation split without the fold. The classifier's column compares models; the pattern rules were written after reading most of this data.",
    "",
    "| fold | poisoned documents | classifier alone | whole detector | threshold (validation) | the fold's benign documents flagged by the classifier |",
    "|---|---|---|---|---|---|",
    ...rows.map((result) => `| ${result.name} | ${result.poisoned} | ${result.classifier} | ${result.detector} | ${result.threshold} | ${result.benignFlagged} of ${result.benign} |`),
    `| **all** | ${sum("poisoned")} | ${sum("classifier")} | ${sum("detector")} | | ${sum("benignFlagged")} of ${sum("benign")} |`,
    "",
  ];
  writeFileSync(join(values.dir, "AUTHOR-FOLDS.md"), lines.join("\n"));
  process.stdout.write(lines.join("\n"));
}

foldScript(module, main, (dir) => {
  const development = readCorpus(dir).filter(isDevelopment);
  return (name) => runFold(dir, development, name);
});

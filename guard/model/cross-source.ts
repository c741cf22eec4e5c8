/**
 * Cross-source evaluation of the detector (issue 13): the judged recall when the classifier has learned from other
 * projects' fixtures. `train.ts` holds every judged source out at once, so its split model never sees how another
 * scanner writes a poisoned fixture, while the shipped model is trained on all of them. Here each source held out
 * whole is held out alone (leave one source out): the classifier is trained on the training split plus every other
 * judged source, its threshold chosen on the validation split as in `train.ts`, and the whole detector (pattern rules
 * or classifier) is scored on that source's documents and on the held-out real servers' tools. MSB's and MCPSecBench's
 * held-out families form one more fold, trained with every whole source; the fold `together` is `train.ts`'s own split
 * model, for comparison. Like the shipped model, a fold does not learn the judged examples that the audit finds do not
 * carry their attack in their definition. No text is printed.
 *
 * Writes `guard/model/CROSS-SOURCE.md`; deterministic (same corpus, same bytes). Folds train in worker threads.
 *
 * Usage (from the repository root): npm run eval:detector:cross-source [-- --workers <n>]
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { denseWeights, maxScore } from "../src/detector/classifier";
import { DETECTOR_RULES_VERSION } from "../src/detector";
import { DEFAULT_WORKERS, foldScript, runFolds, workerCount } from "./folds";
import { CorpusExample } from "./synthetic";
import {
  auditTable,
  carriesItsAttack,
  count,
  Evaluated,
  fit,
  HELD_OUT_SOURCES,
  isHeldOut,
  isRealTool,
  isValidation,
  judgedDocuments,
  MODEL_VERSION,
  readAudit,
  readCorpus,
  REAL_SOURCES,
  row,
  rulesOnly,
  trainingSamples,
} from "./train";

/** `train.ts`'s split model: every judged source held out at once. */
const TOGETHER = "together";

/** MSB's and MCPSecBench's held-out families (their other families are trained on in every fold). */
const FAMILIES = "held-out families";

interface FoldResult {
  readonly fold: string;
  readonly threshold: number;
  /** The classifier's verdict on every judged document, in {@link judgedDocuments}' order. */
  readonly flags: readonly boolean[];
}

const isReal = (doc: Evaluated) => REAL_SOURCES.includes(doc.source);

/** The judged documents a fold is scored on: its own source's (or families') documents and the held-out real servers' tools. */
function inFold(fold: string, doc: Evaluated): boolean {
  if (isReal(doc) || fold === TOGETHER) return true;
  if (fold === FAMILIES) return !HELD_OUT_SOURCES.has(doc.source);
  return doc.source === fold;
}

/** What a fold trains on: the training split, plus every source held out whole except its own. */
function trainsOn(fold: string, example: CorpusExample): boolean {
  if (isValidation(example)) return false;
  if (!isHeldOut(example)) return true;
  if (fold === TOGETHER || !HELD_OUT_SOURCES.has(example.source)) return false;
  return example.source !== fold;
}

/** What a worker reads once for all its folds: the corpus, what may be learned, and the judged documents. */
interface FoldInput {
  readonly corpus: readonly CorpusExample[];
  readonly learnable: (example: CorpusExample) => boolean;
  readonly docs: readonly Evaluated[];
}

function runFold({ corpus, learnable, docs }: FoldInput, fold: string): FoldResult {
  const trained = fit(trainingSamples(corpus.filter((example) => trainsOn(fold, example) && learnable(example))), corpus.filter(isValidation));
  const dense = denseWeights(trained);
  return { fold, threshold: trained.threshold, flags: docs.map((doc) => maxScore([doc.text], dense, trained).score >= trained.threshold) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { dir: { type: "string", default: join("guard", "model") }, workers: { type: "string", default: DEFAULT_WORKERS } },
  });
  const workers = workerCount(values.workers);
  const corpus = readCorpus(values.dir);
  const audit = readAudit(values.dir);
  const docs = judgedDocuments(corpus);
  const alone = [...HELD_OUT_SOURCES].sort();
  const results = await runFolds<FoldResult>(
    __filename,
    values.dir,
    [TOGETHER, FAMILIES, ...alone],
    workers,
    (result) => result.fold,
    (result) => `${result.fold}: threshold ${result.threshold}`,
  );
  const rules = docs.map(rulesOnly);
  const index = new Map(docs.map((doc, at) => [doc, at]));
  const classifierOf = (fold: string) => (doc: Evaluated) => results.get(fold)!.flags[index.get(doc)!];
  const detectorOf = (fold: string) => (doc: Evaluated) => rules[index.get(doc)!] || classifierOf(fold)(doc);
  const foldOf = (doc: Evaluated) => (HELD_OUT_SOURCES.has(doc.source) ? doc.source : FAMILIES);
  const crossClassifier = (doc: Evaluated) => classifierOf(foldOf(doc))(doc);
  const crossDetector = (doc: Evaluated) => detectorOf(foldOf(doc))(doc);
  const judged = docs.filter((doc) => !isReal(doc));
  const real = docs.filter(isRealTool);

  const foldRows = [FAMILIES, ...alone].map((fold) => {
    const own = judged.filter((doc) => inFold(fold, doc) && doc.label === "poisoned");
    const hits = (flagged: (doc: Evaluated) => boolean) => own.filter(flagged).length;
    const realHits = (flagged: (doc: Evaluated) => boolean) => real.filter(flagged).length;
    return `| ${fold} | ${own.length} | ${hits(detectorOf(TOGETHER))} | ${hits(detectorOf(fold))} | ${hits(classifierOf(TOGETHER))} → ${hits(classifierOf(fold))} | ${results.get(fold)!.threshold} | ${realHits(detectorOf(fold))} |`;
  });
  const poisoned = judged.filter((doc) => doc.label === "poisoned");
  const total = (flagged: (doc: Evaluated) => boolean) => poisoned.filter(flagged).length;
  const realBy = (fold: string) => real.filter(detectorOf(fold));
  const realAny = new Set(real.filter((doc) => [FAMILIES, ...alone].some((fold) => detectorOf(fold)(doc))));
  const classOf = (doc: Evaluated) => `${doc.source} / ${doc.category}`;
  const pct = (hit: number, of: number) => `${((hit / of) * 100).toFixed(1)} %`;
  const lines = [
    "# Detector: cross-source evaluation (leave one source out)",
    "",
    `Generated by \`npm run eval:detector:cross-source\` (guard/model/cross-source.ts); model ${MODEL_VERSION} training, rules ${DETECTOR_RULES_VERSION}.`,
    "",
    "`METRICS.md` holds every judged source out at once: its split model has never seen another project's fixtures. Here each source held out whole is held out alone, and its classifier is trained on the training split plus every other judged source (the shipped model is trained on all of them). The pattern rules are the same in every fold. The same documents as METRICS.md's judged split: each poisoned text alone, appended and prepended to a held-out real server's description.",
    "",
    "| fold: held out alone | poisoned documents | whole detector, all held out together (METRICS.md) | whole detector, this source held out alone | classifier alone, together → alone | threshold (validation) | held-out real servers' tools flagged (whole detector, of " + real.length + ") |",
    "|---|---|---|---|---|---|---|",
    ...foldRows,
    `| **all** | ${poisoned.length} | ${total(detectorOf(TOGETHER))} (${pct(total(detectorOf(TOGETHER)), poisoned.length)}) | ${total(crossDetector)} (${pct(total(crossDetector), poisoned.length)}) | ${total(classifierOf(TOGETHER))} → ${total(crossClassifier)} | ${results.get(TOGETHER)!.threshold} (together) | ${realBy(TOGETHER).length} together; ${realAny.size} by any fold |`,
    "",
    "Whole detector, every source held out alone, against the held-out real servers' tools as the benign documents (each flagged by the model held out with it, counted once):",
    "",
    "| detector | poisoned | benign | precision | recall | false positives |",
    "|---|---|---|---|---|---|",
    row("held out together (METRICS.md)", count(docs, detectorOf(TOGETHER))),
    row("each source held out alone", count(docs, (doc) => (isReal(doc) ? realAny.has(doc) : crossDetector(doc)))),
    "",
    "### The documents whose definition carries the attack (independent audit, `judged-audit.json`), each source held out alone",
    "",
    ...auditTable(docs, audit, crossDetector),
    "",
    "### By source and attack class (whole detector): together → alone",
    "",
    "| source / attack class | poisoned | together | alone |",
    "|---|---|---|---|",
    ...[...new Set(poisoned.map(classOf))].sort().map((group) => {
      const of = poisoned.filter((doc) => classOf(doc) === group);
      return `| ${group} | ${of.length} | ${of.filter(detectorOf(TOGETHER)).length} | ${of.filter(crossDetector).length} |`;
    }),
    "",
  ];
  writeFileSync(join(values.dir, "CROSS-SOURCE.md"), lines.join("\n"));
  process.stdout.write(lines.join("\n"));
}

foldScript(module, main, (dir) => {
  const corpus = readCorpus(dir);
  const input: FoldInput = { corpus, learnable: carriesItsAttack(readAudit(dir)), docs: judgedDocuments(corpus) };
  return (fold) => runFold(input, fold);
});

/**
 * Trains the TOOL-11 classifier from `corpus.json` and writes its weights to `guard/src/detector/model.json` and its
 * held-out evaluation to `guard/model/METRICS.md`. Offline and deterministic: same corpus, same bytes.
 *
 * Split: whole families are held out (a family is one template, one source prompt or one reference server), so
 * the held-out examples use wordings the model never saw: about a quarter of the families by hash, plus four of
 * the reference servers (everything, filesystem, memory, slack) whose definitions are the proof tests' servers.
 * The third-party servers' captures are always in training.
 * Held-out positives are scored three ways: alone, appended to and prepended to a held-out benign description.
 * A second quarter of the families, and two reference servers (github, gitlab), is the validation split: it is not trained on and
 * only chooses the threshold (the lowest at which at most {@link MAX_VALIDATION_FALSE_POSITIVE_RATE} of its benign
 * documents and {@link MAX_VALIDATION_REAL_FALSE_POSITIVE_RATE} of its real servers' tools score as poisoned), so the test split measures a threshold it did not choose. The shipped model keeps the
 * threshold a model trained on all but the validation split gets there, and is then trained on the whole corpus.
 *
 * Usage (from the repository root): npm run train:detector
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ClassifierModel, denseWeights, features, maxScore, sentences, windows } from "../src/detector/classifier";
import { BLOCKING_SEVERITIES, DETECTOR_RULES_VERSION, scanTool } from "../src/detector";
import { ToolDefinition } from "../src/config/types";
import { toolPin } from "../src/pin";
import { EXTRACTED } from "./sources";
import { CorpusExample } from "./synthetic";

/** Bumped with any change to features, training or the corpus. */
export const MODEL_VERSION = "2026.12.9";
const BITS = 18;
const EPOCHS = 40;
const L2 = 1e-4;
const LEARNING_RATE = 0.5;
/** How many sample orders the shipped weights average. */
const ORDERS = 5;
/** How much more a benign window weighs than a poisoned one: a false positive on an honest tool blocks a pin. */
const BENIGN_WEIGHT = 5;
/** Highest share of the validation split's benign documents the chosen threshold may flag. */
const MAX_VALIDATION_FALSE_POSITIVE_RATE = 0.02;
/**
 * Highest share of the validation split's real servers' tools the chosen threshold may flag: 0.3 %, what model
 * 2026.12.4 flagged there (5 of 1,537). The hand-written benign documents are harder than real ones, so the 2 % above
 * alone would let the real servers' false positives triple.
 */
const MAX_VALIDATION_REAL_FALSE_POSITIVE_RATE = 0.003;

/** The highest threshold the search may choose; a model that needs more to keep the validation split clean is refused. */
const MAX_THRESHOLD = 0.99;
/** The reference servers held out whole. */
const HELD_OUT_SERVERS = new Set(["everything", "filesystem", "memory", "slack"]);

function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The public corpora of poisoned texts: the judged recall is measured on their held-out families. */
export const PUBLIC_SOURCES: readonly string[] = ["msb", "mcpsecbench", "cisco-mcp-scanner", "safe-mcp", "mcp-shield", "tool-poisoning-bench", ...EXTRACTED.map((source) => source.id)];

/** The sources of real servers' tool definitions: the judged false positives are measured on their held-out servers. */
export const REAL_SOURCES: readonly string[] = ["reference-servers", "third-party-servers", "docker-mcp-registry"];

/** Whether an example or document is a real server's whole tool definition. */
export function isRealTool(item: { readonly source: string; readonly tool?: ToolDefinition }): boolean {
  return item.tool !== undefined && REAL_SOURCES.includes(item.source);
}

/** Sources held out whole: never trained on, never read to write a rule or labelled by reading its texts. */
export const HELD_OUT_SOURCES: ReadonlySet<string> = new Set(["safe-mcp", "mcp-shield", "tool-poisoning-bench", ...EXTRACTED.map((source) => source.id)]);

/**
 * Sources never in the test split: their held-out figures have been printed and their texts read (Cisco's, to label
 * them), so they are no longer blind; they are trained on, a quarter of their families in the validation split.
 */
const SEEN_SOURCES = new Set(["cisco-mcp-scanner"]);

/**
 * The test split: the sources held out whole, a quarter of the other families by hash (a family is one attack type,
 * template or source prompt, or one registry server), and four whole reference servers. The third-party servers'
 * captures and the seen sources are never in it.
 */
export function isHeldOut(example: CorpusExample): boolean {
  if (HELD_OUT_SOURCES.has(example.source)) return true;
  if (SEEN_SOURCES.has(example.source)) return false;
  if (example.source === "reference-servers") return HELD_OUT_SERVERS.has(example.category);
  if (example.source === "third-party-servers") return false;
  return fnv(example.family) % 4 === 0;
}

/** The reference servers in the validation split: real benign definitions are what the threshold must keep clean. */
const VALIDATION_SERVERS = new Set(["github", "gitlab"]);

/** The validation split: a quarter of the families outside the test split, and two reference servers. */
export function isValidation(example: CorpusExample): boolean {
  if (example.source === "reference-servers") return VALIDATION_SERVERS.has(example.category);
  if (example.source === "third-party-servers") return false;
  return !isHeldOut(example) && fnv(example.family) % 4 === 1;
}

/**
 * The sentences of a poisoned example that may carry its attack: those of its marked spans where it has them;
 * otherwise all of its text's, except the first of a text of several sentences, which in a poisoned docstring states
 * the tool's purpose (the attack follows it). A window is a positive only if it holds one of these, so an honest
 * opening ("Adds two numbers.") alone, or after a carrier's sentence, is not learned as poisoned. The window pairing
 * the opening with the next sentence still is.
 */
function attackSentences(example: CorpusExample): string[] {
  if (example.spans) return example.spans.flatMap((span) => sentences(span));
  const all = sentences(example.text);
  return all.length > 1 ? all.slice(1) : all;
}

export interface Sample {
  readonly x: Map<number, number>;
  readonly y: number;
}

export function trainingSamples(train: readonly CorpusExample[]): Sample[] {
  const benign = train.filter((example) => example.label === "benign");
  const poisoned = train.filter((example) => example.label === "poisoned");
  const benignWindows = new Set(benign.flatMap((example) => windows([example.text])));
  const samples: Sample[] = [...benignWindows].sort().map((window) => ({ x: features(window, BITS), y: 0 }));
  const positive = new Set<string>();
  poisoned.forEach((example, index) => {
    const carrier = benign[(index * 7) % benign.length].text;
    const attack = attackSentences(example);
    for (const text of [example.text, `${carrier} ${example.text}`, `${example.text}\n${carrier}`]) {
      for (const window of windows([text])) if (!benignWindows.has(window) && attack.some((sentence) => window.includes(sentence))) positive.add(window);
    }
  });
  for (const window of [...positive].sort()) samples.push({ x: features(window, BITS), y: 1 });
  return samples;
}

/** One logistic regression by stochastic gradient descent, its samples visited in the order the seed shuffles them. */
function trainOrder(samples: readonly Sample[], seed: number): { weights: Float64Array; bias: number } {
  const weights = new Float64Array(1 << BITS);
  let bias = 0;
  const positives = samples.filter((sample) => sample.y === 1).length;
  const classWeight = [(BENIGN_WEIGHT * samples.length) / (2 * (samples.length - positives)), samples.length / (2 * positives)];
  const order = samples.map((_, index) => index);
  const next = random(seed);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const rate = LEARNING_RATE / (1 + epoch * 0.1);
    for (const index of order) {
      const { x, y } = samples[index];
      let z = bias;
      for (const [bucket, value] of x) z += weights[bucket] * value;
      const gradient = (1 / (1 + Math.exp(-z)) - y) * classWeight[y];
      for (const [bucket, value] of x) weights[bucket] -= rate * (gradient * value + L2 * weights[bucket]);
      bias -= rate * gradient;
    }
  }
  return { weights, bias };
}

/**
 * The mean of {@link ORDERS} regressions trained in different sample orders. One order's weights move with it (adding
 * seven examples to the corpus once moved the blind set's recall by 5 of 71): the mean is what the data teaches, not
 * what one order happened to.
 */
function train(samples: readonly Sample[]): { weights: Float64Array; bias: number } {
  const weights = new Float64Array(1 << BITS);
  let bias = 0;
  for (let seed = 1; seed <= ORDERS; seed++) {
    const one = trainOrder(samples, seed);
    for (let i = 0; i < weights.length; i++) weights[i] += one.weights[i] / ORDERS;
    bias += one.bias / ORDERS;
  }
  return { weights, bias };
}

/**
 * Trains on the samples; the threshold is the lowest (from 0.5 up to {@link MAX_THRESHOLD}, in steps of 0.01; beyond it
 * the model is refused with an error) at which at most
 * {@link MAX_VALIDATION_FALSE_POSITIVE_RATE} of the validation split's benign documents, and at most
 * {@link MAX_VALIDATION_REAL_FALSE_POSITIVE_RATE} of its real servers' tools, score at or above it.
 */
export function fit(samples: readonly Sample[], validation: readonly CorpusExample[]): ClassifierModel {
  const { weights, bias } = train(samples);
  const provisional = model(weights, bias, 0.5);
  const dense = denseWeights(provisional);
  const benign = heldOutDocuments(validation)
    .filter((doc) => doc.label === "benign")
    .map((doc) => ({ score: maxScore([doc.text], dense, provisional).score, real: isRealTool(doc) }));
  const all = benign.map((doc) => doc.score);
  const real = benign.filter((doc) => doc.real).map((doc) => doc.score);
  const tooMany = (scores: readonly number[], rate: number, threshold: number) => scores.filter((score) => score >= threshold).length > rate * scores.length;
  const meets = (threshold: number) => !tooMany(all, MAX_VALIDATION_FALSE_POSITIVE_RATE, threshold) && !tooMany(real, MAX_VALIDATION_REAL_FALSE_POSITIVE_RATE, threshold);
  let threshold = 0.5;
  while (threshold < MAX_THRESHOLD && !meets(threshold)) threshold = round(threshold + 0.01);
  if (!meets(threshold)) {
    const over = (scores: readonly number[]) => scores.filter((score) => score >= threshold).length;
    throw new Error(
      `no threshold up to ${MAX_THRESHOLD} keeps the validation split within its limits (at ${MAX_THRESHOLD}: ${over(all)} of ${all.length} benign documents and ${over(real)} of ${real.length} real servers' tools flagged): the training data teaches honest wording as poisoned; look at the validation false positives with --verbose`,
    );
  }
  return { ...provisional, threshold };
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}

function model(weights: Float64Array, bias: number, threshold: number): ClassifierModel {
  const indices: number[] = [];
  const values: number[] = [];
  weights.forEach((weight, index) => {
    if (Math.abs(weight) >= 1e-3) {
      indices.push(index);
      values.push(round(weight));
    }
  });
  return { version: MODEL_VERSION, bits: BITS, bias: round(bias), threshold, indices, weights: values };
}

export interface Evaluated {
  /** The corpus example's family (the judged audit's key). */
  readonly family: string;
  readonly text: string;
  readonly label: "benign" | "poisoned";
  readonly source: string;
  readonly category: string;
  readonly how: string;
  /** A real server's whole tool definition, which the pattern rules read instead of `text` as a description. */
  readonly tool?: ToolDefinition;
}

/**
 * The documents of a split: each benign example as is, each poisoned one alone, appended to and prepended to a
 * benign description of the split (a real server's where there is one: that is where a planted sentence sits). A
 * poisoned example that records its whole tool is scanned as that tool, the carrier joined to its description.
 */
export function heldOutDocuments(test: readonly CorpusExample[]): Evaluated[] {
  const benign = test.filter((example) => example.label === "benign");
  const real = benign.filter((example) => example.tool?.description);
  const carriers = (real.length > 0 ? real.map((example) => example.tool!.description!) : benign.map((example) => example.text));
  const docs: Evaluated[] = benign.map((example) => ({ family: example.family, text: example.text, label: "benign", source: example.source, category: example.category, how: "as is", tool: example.tool }));
  test.filter((example) => example.label === "poisoned").forEach((example, index) => {
    const carrier = carriers[(index * 5) % carriers.length];
    const base = { family: example.family, label: "poisoned" as const, source: example.source, category: example.category };
    const tool = (description: string) => example.tool && { tool: { ...example.tool, description } };
    const own = example.tool?.description ?? "";
    docs.push({ ...base, text: example.text, how: "alone", ...(example.tool && { tool: example.tool }) });
    docs.push({ ...base, text: `${carrier} ${example.text}`, how: "appended", ...tool(`${carrier} ${own}`) });
    docs.push({ ...base, text: `${example.text}\n${carrier}`, how: "prepended", ...tool(`${own}\n${carrier}`) });
  });
  return docs;
}

/** The pattern rules' verdict (TOOL-05/06/07, a high or critical finding) on a document: its whole tool where it has one. */
export function rulesOnly(doc: Evaluated): boolean {
  return scanTool(doc.tool ?? { name: "held_out_tool", description: doc.text, inputSchema: { type: "object" } }).some(
    (finding) => finding.control !== "TOOL-11" && BLOCKING_SEVERITIES.includes(finding.severity),
  );
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export function count(docs: readonly Evaluated[], flagged: (doc: Evaluated) => boolean): Counts {
  const counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const doc of docs) {
    const hit = flagged(doc);
    if (doc.label === "poisoned") hit ? counts.tp++ : counts.fn++;
    else hit ? counts.fp++ : counts.tn++;
  }
  return counts;
}

const pct = (value: number) => `${(value * 100).toFixed(1)} %`;

export function row(name: string, counts: Counts): string {
  const precision = counts.tp + counts.fp === 0 ? 1 : counts.tp / (counts.tp + counts.fp);
  const recall = counts.tp + counts.fn === 0 ? 1 : counts.tp / (counts.tp + counts.fn);
  return `| ${name} | ${counts.tp + counts.fn} | ${counts.fp + counts.tn} | ${pct(precision)} | ${pct(recall)} | ${counts.fp} |`;
}

/** Recall per group of poisoned documents (by source, or by source and attack class). */
function recallRows(docs: readonly Evaluated[], key: (doc: Evaluated) => string, flagged: (doc: Evaluated) => boolean): string[] {
  const poisoned = docs.filter((doc) => doc.label === "poisoned");
  return [...new Set(poisoned.map(key))].sort().map((group) => {
    const of = poisoned.filter((doc) => key(doc) === group);
    const hit = of.filter(flagged).length;
    return `| ${group} | ${of.length} | ${hit} | ${pct(hit / of.length)} |`;
  });
}

/** False positives on real servers' tools: tools and whole servers with at least one flagged tool. */
function realBenignLine(name: string, docs: readonly Evaluated[], flagged: (doc: Evaluated) => boolean): string {
  const server = (doc: Evaluated) => `${doc.source}/${doc.category}`;
  const hits = docs.filter(flagged);
  return `| ${name} | ${new Set(docs.map(server)).size} | ${docs.length} | ${hits.length} | ${new Set(hits.map(server)).size} |`;
}

/**
 * The held-out rug pulls (poisoned examples that record the definition approved before them), and what stops each, with
 * the guard's own code: at pin time the detector scans the approved definition (a finding refuses the pin); at run
 * time the guard compares every listed definition with its pin (`toolPin`, TOOL-08) and removes a changed one. The
 * detector alone is its verdict on the poisoned definition itself.
 */
function rugPullLines(test: readonly CorpusExample[], detector: (doc: Evaluated) => boolean): string[] {
  const pulls = test.filter((example) => example.label === "poisoned" && example.approved);
  const rows = [...new Set(pulls.map((example) => example.source))].sort().map((source) => {
    const of = pulls.filter((example) => example.source === source);
    const verdicts = of.map((example) => {
      const approved = example.approved!;
      const later: ToolDefinition = { ...approved, description: example.text };
      const base = { family: example.family, label: "poisoned" as const, source, category: example.category };
      return {
        alone: detector({ ...base, text: example.text, how: "alone", tool: later }),
        atPin: detector({ ...base, text: approved.description ?? "", how: "approved", tool: approved }),
        mismatch: toolPin(later) !== toolPin(approved),
      };
    });
    const n = (pick: (verdict: (typeof verdicts)[number]) => boolean) => verdicts.filter(pick).length;
    return `| ${source} | ${of.length} | ${n((v) => v.alone)} | ${n((v) => v.atPin)} | ${n((v) => v.mismatch)} | ${n((v) => v.atPin || v.mismatch)} |`;
  });
  return [
    "| source | rug pulls | detector alone (on the poisoned definition) | refused at pin time (detector on the approved definition) | pin mismatch at run time | stopped at pin time or at run time |",
    "|---|---|---|---|---|---|",
    ...rows,
  ];
}

/** `<dir>/corpus.json`'s examples. */
export function readCorpus(dir: string): CorpusExample[] {
  return (JSON.parse(readFileSync(join(dir, "corpus.json"), "utf8")) as { examples: CorpusExample[] }).examples;
}

/** `<dir>/judged-audit.json`. */
export function readAudit(dir: string): JudgedAudit {
  return JSON.parse(readFileSync(join(dir, "judged-audit.json"), "utf8")) as JudgedAudit;
}

/**
 * The judged documents: the held-out examples of the public sources, and the held-out real servers' tools as the
 * benign documents, each poisoned text alone, appended and prepended ({@link heldOutDocuments}).
 */
export function judgedDocuments(corpus: readonly CorpusExample[]): Evaluated[] {
  return heldOutDocuments(corpus.filter((example) => isHeldOut(example) && (PUBLIC_SOURCES.includes(example.source) || (example.label === "benign" && REAL_SOURCES.includes(example.source)))));
}

/** `judged-audit.json`: an independent reader's verdict on whether each judged example's definition carries its attack. */
export interface JudgedAudit {
  readonly examples: readonly { readonly family: string; readonly verdict: "carries" | "does-not-carry" | "clean"; readonly where?: string }[];
}

/**
 * Whether an example may be learned from: not a judged poisoned example whose definition, by the audit, does not carry
 * its attack (a sleeper's honest description, a fixture whose only payload is elsewhere or nowhere, an honest if broad
 * tool labelled poisoned). Learning those as poisoned would teach honest wording as an attack; the models that train on
 * the judged sources (the shipped one, its calibration, the cross-source folds) leave them out. They still count in
 * every judged figure.
 */
export function carriesItsAttack(audit: JudgedAudit): (example: CorpusExample) => boolean {
  const notCarried = new Set(audit.examples.filter((entry) => entry.verdict === "does-not-carry").map((entry) => entry.family));
  return (example) => !notCarried.has(example.family);
}

/**
 * Recall on the judged poisoned documents whose definition carries the attack by the audit, by source. The examples the
 * audit found carry it elsewhere are listed apart ({@link notCarriedLines}): the pin or nothing stops those, not a
 * scan of the definition.
 */
export function auditTable(docs: readonly Evaluated[], audit: JudgedAudit, detector: (doc: Evaluated) => boolean): string[] {
  const verdict = new Map(audit.examples.map((entry) => [entry.family, entry.verdict]));
  const poisoned = docs.filter((doc) => doc.label === "poisoned");
  const audited = poisoned.filter((doc) => verdict.has(doc.family));
  const carries = audited.filter((doc) => verdict.get(doc.family) === "carries");
  const hit = carries.filter(detector).length;
  return [
    `The audit covers ${audited.length} of the ${poisoned.length} judged poisoned documents; ${carries.length} carry their attack in the definition.`,
    "",
    "| source | poisoned, attack in the definition | detected | recall |",
    "|---|---|---|---|",
    ...recallRows(carries, (doc) => doc.source, detector),
    `| all | ${carries.length} | ${hit} | ${pct(carries.length === 0 ? 1 : hit / carries.length)} |`,
  ];
}

/** The judged poisoned examples whose attack is not in their definition, by the audit, with where it is instead. */
function notCarriedLines(docs: readonly Evaluated[], audit: JudgedAudit): string[] {
  const where = new Map(audit.examples.filter((entry) => entry.verdict === "does-not-carry").map((entry) => [entry.family, entry.where]));
  const families = [...new Set(docs.filter((doc) => doc.label === "poisoned" && where.has(doc.family)).map((doc) => doc.family))].sort();
  return [
    "Judged poisoned examples whose attack is not in the definition, by the audit (where it is instead):",
    "",
    ...families.map((family) => `- \`${family}\`: ${where.get(family)}`),
  ];
}

function main(): void {
  const { values } = parseArgs({ options: { dir: { type: "string", default: join("guard", "model") }, model: { type: "string", default: join("guard", "src", "detector", "model.json") }, verbose: { type: "boolean", default: false } } });
  const corpus = { examples: readCorpus(values.dir) };
  const audit = readAudit(values.dir);
  const validationSet = corpus.examples.filter(isValidation);
  const trainSet = corpus.examples.filter((example) => !isHeldOut(example) && !isValidation(example));
  const testSet = corpus.examples.filter(isHeldOut);
  const samples = trainingSamples(trainSet);
  const trained = fit(samples, validationSet);
  const validationDocs = heldOutDocuments(validationSet);
  const dense = denseWeights(trained);
  const threshold = trained.threshold;
  const publicDocs = judgedDocuments(corpus.examples);
  const syntheticDocs = heldOutDocuments(testSet.filter((example) => example.source === "synthetic" || (example.label === "benign" && REAL_SOURCES.includes(example.source))));
  const writtenDocs = heldOutDocuments(testSet.filter((example) => example.source === "hand-written"));
  const classifier = (doc: Evaluated) => maxScore([doc.text], dense, trained).score >= threshold;
  const detector = (doc: Evaluated) => rulesOnly(doc) || classifier(doc);
  const realDocs = (examples: readonly CorpusExample[]) => heldOutDocuments(examples.filter(isRealTool));
  const validationReal = validationDocs.filter(isRealTool);
  const realHeldOut = realDocs(testSet);
  const realSeen = realDocs(corpus.examples.filter((example) => !isHeldOut(example)));
  const overall = (docs: readonly Evaluated[]) => [
    "| detector | poisoned | benign | precision | recall | false positives |",
    "|---|---|---|---|---|---|",
    row("classifier (TOOL-11) alone", count(docs, classifier)),
    row("pattern rules (TOOL-05/06/07) alone", count(docs, rulesOnly)),
    row("whole detector (high or critical finding)", count(docs, detector)),
  ];
  const realTable = (docs: readonly Evaluated[]) => [
    "| detector | servers | tools | tools flagged | servers flagged |",
    "|---|---|---|---|---|",
    realBenignLine("classifier (TOOL-11) alone", docs, classifier),
    realBenignLine("pattern rules (TOOL-05/06/07) alone", docs, rulesOnly),
    realBenignLine("whole detector (high or critical finding)", docs, detector),
  ];
  const lines = [
    "# Detector: held-out evaluation",
    "",
    `Generated by \`npm run train:detector\` (guard/model/train.ts); model ${MODEL_VERSION}, ${BITS}-bit hashed features, ${trained.indices.length} non-zero weights, threshold ${threshold}; rules ${DETECTOR_RULES_VERSION}.`,
    "",
    `Corpus: ${corpus.examples.length} examples; training on ${trainSet.length} (${samples.length} windows); validation (threshold only) ${validationSet.length} examples (${validationDocs.length} documents); held out ${testSet.length} examples in whole families: whole attack types, templates, prompts and example files, whole servers (benign documents as is; poisoned ones alone, appended and prepended to a held-out real server's description).`,
    "",
    `Threshold chosen on the validation split: ${threshold} (at most ${MAX_VALIDATION_FALSE_POSITIVE_RATE * 100} % of its benign documents and ${MAX_VALIDATION_REAL_FALSE_POSITIVE_RATE * 100} % of its real servers' tools flagged); there the classifier alone flags ${count(validationDocs, classifier).fp} of ${validationDocs.filter((doc) => doc.label === "benign").length} benign documents (${validationReal.filter(classifier).length} of the ${validationReal.length} real servers' tools) and ${count(validationDocs, classifier).tp} of ${validationDocs.filter((doc) => doc.label === "poisoned").length} poisoned ones.`,
    "",
    `## Public held-out poisoned texts (the judged recall): ${[...new Set(publicDocs.filter((doc) => doc.label === "poisoned").map((doc) => doc.source))].sort().join(", ")}`,
    "",
    "Against the held-out real servers' tools as the benign documents.",
    "",
    ...overall(publicDocs),
    "",
    "By source and by attack class (whole detector):",
    "",
    "| source | poisoned | detected | recall |",
    "|---|---|---|---|",
    ...recallRows(publicDocs, (doc) => doc.source, detector),
    "",
    "| source / attack class | poisoned | detected | recall |",
    "|---|---|---|---|",
    ...recallRows(publicDocs, (doc) => `${doc.source} / ${doc.category}`, detector),
    "",
    "### The judged documents whose definition carries the attack (independent audit, `judged-audit.json`)",
    "",
    ...auditTable(publicDocs, audit, detector),
    "",
    ...notCarriedLines(publicDocs, audit),
    "",
    "## Public poisoned texts in the validation split (not judged)",
    "",
    `The classifier never trained on them, but the threshold is chosen on this split, and ${[...SEEN_SOURCES].join(", ")}'s texts were read before.`,
    "",
    "| source | poisoned | detected | recall |",
    "|---|---|---|---|",
    ...recallRows(validationDocs.filter((doc) => PUBLIC_SOURCES.includes(doc.source)), (doc) => doc.source, detector),
    "",
    "## Real benign definitions (the judged false positives): held-out servers, whole definitions",
    "",
    ...realTable(realHeldOut),
    "",
    "The servers seen in training, validation or rule writing, for comparison:",
    "",
    ...realTable(realSeen),
    "",
    "## Held-out rug pulls: the pin (TOOL-08) beside the detector",
    "",
    "Held-out poisoned examples whose source records the definition approved before them (a description swapped in after approval); the detector's figures above count them as texts, without the pin. SAFE-MCP's sleeper tools record one definition and a hidden behaviour, not a later definition, so they are not here.",
    "",
    ...rugPullLines(testSet, detector),
    "",
    "## Synthetic held-out poisoned texts (written by the detector's author; not judged)",
    "",
    ...overall(syntheticDocs),
    "",
    "## Hand-written held-out families (written without reading the detector; not judged)",
    "",
    "Their own benign definitions as the benign documents; the third blind set (`guard/model/blind3/`) is the blind measurement.",
    "",
    ...overall(writtenDocs),
    "",
    "| source / attack class | poisoned | detected | recall |",
    "|---|---|---|---|",
    ...recallRows(writtenDocs, (doc) => `${doc.source} / ${doc.category}`, detector),
    "",
  ];
  if (values.verbose) {
    for (const doc of realSeen.filter(detector)) {
      const flaggedBy = [rulesOnly(doc) && "rules", classifier(doc) && "classifier"].filter(Boolean).join("+");
      process.stderr.write(`FP seen by ${flaggedBy} ${doc.source}/${doc.category}: ${doc.text.slice(0, 200).replace(/\n/g, " / ")}\n`);
    }
    const seenPoisoned = [...heldOutDocuments(trainSet).map((doc) => ({ doc, split: "training" })), ...validationDocs.map((doc) => ({ doc, split: "validation" }))].filter(({ doc }) => doc.label === "poisoned" && doc.how === "alone");
    for (const { doc, split } of seenPoisoned) {
      const missedBy = [!rulesOnly(doc) && "rules", !classifier(doc) && "classifier"].filter(Boolean).join("+");
      if (missedBy) process.stderr.write(`MISS ${split} by ${missedBy} ${doc.source}/${doc.category}: ${doc.text.slice(0, 300).replace(/\n/g, " / ")}\n`);
    }
  }
  const learnable = carriesItsAttack(audit);
  const calibrated = fit(trainingSamples(corpus.examples.filter((example) => !isValidation(example) && learnable(example))), validationSet);
  const whole = train(trainingSamples(corpus.examples.filter(learnable)));
  const shipped = model(whole.weights, whole.bias, calibrated.threshold);
  const shippedDense = denseWeights(shipped);
  const allReal = realDocs(corpus.examples);
  const shippedFalsePositives = allReal.filter((doc) => maxScore([doc.text], shippedDense, shipped).score >= shipped.threshold).length;
  lines.push(
    `The shipped model (\`guard/src/detector/model.json\`) is trained the same way on the whole corpus after this evaluation, with the threshold a model trained on all but the validation split gets there: ${shipped.indices.length} non-zero weights, threshold ${shipped.threshold}; its false positives on all ${allReal.length} real servers' tools (trained on): ${shippedFalsePositives}.`,
    "",
  );
  const out = JSON.stringify(shipped) + "\n";
  writeFileSync(`${values.model}.tmp`, out);
  renameSync(`${values.model}.tmp`, values.model);
  writeFileSync(join(values.dir, "METRICS.md"), lines.join("\n"));
  process.stdout.write(lines.join("\n"));
}

if (require.main === module) main();

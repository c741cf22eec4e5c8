/**
 * IntentProbe (github.com/mcpware/intentprobe, Apache-2.0 in LICENSE, NOTICE and pyproject.toml), a scanner that
 * reads a model's activations to tell poisoned MCP tool descriptions from clean ones: the labelled description sets of
 * its experiments (`research/datasets/`, described in that folder's README), read from a git mirror at the pinned
 * commit. Labelled by structure, never by reading the texts:
 * - each file of {@link FILES} is a JSON array of `{ "description": string, "label": 0 | 1 }`; the file name says clean
 *   or poisoned, and every row's `label` must agree with it (1 poisoned, 0 benign), else the extraction throws;
 * - the class is the set the file belongs to (`hard_v2_poisoned.json` → `hard-v2`), as the README names its experiments;
 * - a description another file of the list already gave (whitespace and case folded) is not repeated: the `hard_v3`
 *   sets contain the twenty texts of the `hard_v2` sets of the same label, and `neutral_clean.json` one text of
 *   `hard_v2_clean_no_reassurance.json`; no text is in both a clean and a poisoned file;
 * - left out ({@link LEFT_OUT}): the length-matched subsets (every text is in a `hard_v2` or `hard_v3` set), the
 *   descriptions taken from MCPTox, the curriculum and external imports (skill files, documents, weak labels) and the
 *   review queues built from the scanner's own errors; a JSON file of the folder outside {@link FILES} and
 *   {@link LEFT_OUT} throws, as does a missing one.
 * The rows carry a description and no tool name or schema, so each example records the description (whitespace
 * collapsed) as its `text` and no `tool`. Each row is one family: `intentprobe-<p|b>-<file>#<index>`.
 */
import type { CorpusSource } from "../build-corpus";
import type { CorpusExample } from "../synthetic";
import { listFiles, show } from "./git";
import { descriptionExample } from "./tool-example";

export const INTENTPROBE_SOURCE: CorpusSource = {
  id: "intentprobe",
  repository: "https://github.com/mcpware/intentprobe",
  commit: "28bc867f092c44e921e067226af7ef270ba86e07",
  license: "Apache-2.0",
  copyright: "Copyright 2026 Geass Inc. (NOTICE; the LICENSE has no copyright line)",
};

const DATASETS = "research/datasets";

/** The files read, in the order their texts are taken, with the class of their set. */
const FILES: readonly { readonly file: string; readonly category: string }[] = [
  { file: "adversarial_poisoned.json", category: "adversarial" },
  { file: "adversarial_poisoned_v2.json", category: "adversarial-v2" },
  { file: "adversarial_poisoned_v3.json", category: "adversarial-v3" },
  { file: "hard_poisoned.json", category: "hard" },
  { file: "hard_v2_poisoned.json", category: "hard-v2" },
  { file: "hard_v3_poisoned.json", category: "hard-v3" },
  { file: "neutral_poisoned.json", category: "neutral" },
  { file: "hard_clean.json", category: "hard" },
  { file: "hard_v2_clean.json", category: "hard-v2" },
  { file: "hard_v2_clean_no_reassurance.json", category: "hard-v2-no-reassurance" },
  { file: "hard_v3_clean.json", category: "hard-v3" },
  { file: "neutral_clean.json", category: "neutral" },
];

/** JSON files of the same folder that are not read, with why. */
const LEFT_OUT: readonly { readonly files: RegExp; readonly why: string }[] = [
  { files: /^hard_v3_matched_(clean|poisoned)\.json$/, why: "a length-matched subset: every text is in a hard_v2 or hard_v3 set of its label" },
  { files: /^mcptox_(clean|poisoned)_descriptions_labeled\.json$/, why: "descriptions taken from MCPTox, not this project's" },
  { files: /^family_curated_v0\.json$/, why: "a curriculum mixing its own pairs with skill files adapted from Skill-Inject: not tool descriptions only" },
  { files: /^routeguard_external_v0\.json$/, why: "skill files, documents and weak labels imported from three other benchmarks" },
  { files: /^(calibration|curriculum)_.*\.json$/, why: "review queues and decisions built from the scanner's own errors, not a labelled set" },
];

/** The folder's JSON files must be those of {@link FILES} or {@link LEFT_OUT}: an unknown or missing file is an error, not skipped. */
function checkFolder(present: readonly string[]): void {
  const read = new Set(FILES.map(({ file }) => file));
  const unknown = present.filter((file) => !read.has(file) && !LEFT_OUT.some(({ files }) => files.test(file)));
  if (unknown.length > 0) throw new Error(`intentprobe ${DATASETS}: files of no known set: ${unknown.join(", ")}`);
  const missing = [...read].filter((file) => !present.includes(file));
  if (missing.length > 0) throw new Error(`intentprobe ${DATASETS}: missing ${missing.join(", ")}`);
}

/** The label a file's name gives: `*_poisoned*.json` poisoned, `*_clean*.json` benign. */
function fileLabel(file: string): CorpusExample["label"] {
  const poisoned = /_poisoned(_v\d+)?\.json$/.test(file);
  const clean = /_clean(_[a-z_]+)?\.json$/.test(file);
  if (poisoned === clean) throw new Error(`intentprobe ${file}: its name says neither clean nor poisoned`);
  return poisoned ? "poisoned" : "benign";
}

/** The descriptions of one file's JSON, each checked to carry the label its file's name gives. */
function descriptions(file: string, json: string, label: CorpusExample["label"]): string[] {
  const path = `${DATASETS}/${file}`;
  const rows: unknown = JSON.parse(json);
  if (!Array.isArray(rows) || rows.length === 0) throw new Error(`intentprobe ${path}: expected a non-empty array of rows`);
  const expected = label === "poisoned" ? 1 : 0;
  return rows.map((row: unknown, index) => {
    if (typeof row !== "object" || row === null || Array.isArray(row)) throw new Error(`intentprobe ${path}[${index}]: not an object`);
    const { description, label: rowLabel } = row as { description?: unknown; label?: unknown };
    const keys = Object.keys(row).sort().join(",");
    if (keys !== "description,label") throw new Error(`intentprobe ${path}[${index}]: expected the keys description and label, found ${keys}`);
    if (typeof description !== "string" || description.trim() === "") throw new Error(`intentprobe ${path}[${index}]: empty or non-string description`);
    if (rowLabel !== expected) throw new Error(`intentprobe ${path}[${index}]: label ${JSON.stringify(rowLabel)} disagrees with the file's name (${label})`);
    return description;
  });
}

/**
 * The examples of the labelled sets, given the JSON files of `research/datasets/` (names relative to it) and a reader
 * of one of them: the git extraction's core, and what the tests feed altered sets to.
 */
export function intentprobeFromFiles(present: readonly string[], read: (file: string) => string): CorpusExample[] {
  checkFolder(present);
  const out: CorpusExample[] = [];
  const seen = new Map<string, { readonly label: CorpusExample["label"]; readonly where: string }>();
  for (const { file, category } of FILES) {
    const label = fileLabel(file);
    descriptions(file, read(file), label).forEach((description, index) => {
      const example = descriptionExample(INTENTPROBE_SOURCE, label, category, `${DATASETS}/${file}`, index, description);
      const where = `${DATASETS}/${file}#${index}`;
      const earlier = seen.get(example.text.toLowerCase());
      if (earlier === undefined) {
        seen.set(example.text.toLowerCase(), { label, where });
        out.push(example);
      } else if (earlier.label !== label) {
        throw new Error(`intentprobe ${where} (${label}) repeats ${earlier.where} (${earlier.label})`);
      }
    });
  }
  return out;
}

/** The JSON files of `research/datasets/` at the pinned commit, as names relative to it. */
export function intentprobeFiles(gitDir: string): string[] {
  return listFiles(gitDir, INTENTPROBE_SOURCE.commit!, DATASETS)
    .map((path) => path.slice(DATASETS.length + 1))
    .filter((file) => file.endsWith(".json"));
}

/** The examples of the labelled sets, from a git directory holding the pinned commit. */
export function intentprobeExamples(gitDir: string): CorpusExample[] {
  return intentprobeFromFiles(intentprobeFiles(gitDir), (file) => show(gitDir, INTENTPROBE_SOURCE.commit!, `${DATASETS}/${file}`));
}

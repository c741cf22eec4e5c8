/**
 * The extraction rules of the held-out source intentprobe (guard/model/sources/intentprobe.ts) on small sets written
 * here (its real sets' counts are checked with the other sources in detector-sources.test.ts): labels from file names
 * checked against every row, strict row shapes, repeats, and the folder's files accounted for.
 */
import { intentprobeFromFiles } from "../guard/model/sources/intentprobe";

const SETS = [
  "adversarial_poisoned.json",
  "adversarial_poisoned_v2.json",
  "adversarial_poisoned_v3.json",
  "hard_poisoned.json",
  "hard_v2_poisoned.json",
  "hard_v3_poisoned.json",
  "neutral_poisoned.json",
  "hard_clean.json",
  "hard_v2_clean.json",
  "hard_v2_clean_no_reassurance.json",
  "hard_v3_clean.json",
  "neutral_clean.json",
];

/** One row per set, labelled as its name says, each text naming its set. */
function sets(): Map<string, string> {
  return new Map(SETS.map((file) => [file, JSON.stringify([{ description: `Text  of\n${file}.`, label: file.includes("_poisoned") ? 1 : 0 }])]));
}

function extract(files: Map<string, string>) {
  return intentprobeFromFiles([...files.keys()], (file) => files.get(file)!);
}

describe("intentprobe extraction", () => {
  it("labels each set by its file name, names its class, and folds whitespace", () => {
    const examples = extract(sets());
    expect(examples.map((example) => `${example.label}/${example.category}`)).toEqual([
      "poisoned/adversarial",
      "poisoned/adversarial-v2",
      "poisoned/adversarial-v3",
      "poisoned/hard",
      "poisoned/hard-v2",
      "poisoned/hard-v3",
      "poisoned/neutral",
      "benign/hard",
      "benign/hard-v2",
      "benign/hard-v2-no-reassurance",
      "benign/hard-v3",
      "benign/neutral",
    ]);
    expect(examples[0]).toEqual({
      family: "intentprobe-p-research/datasets/adversarial_poisoned.json#0",
      label: "poisoned",
      source: "intentprobe",
      category: "adversarial",
      text: "Text of adversarial_poisoned.json.",
    });
  });

  it("keeps a text repeated under the same label once", () => {
    const files = sets();
    files.set("hard_v3_clean.json", JSON.stringify([{ description: "TEXT of hard_clean.json.", label: 0 }, { description: "Other.", label: 0 }]));
    expect(extract(files).filter((example) => example.category === "hard-v3" && example.label === "benign").map((example) => example.text)).toEqual(["Other."]);
  });

  it("rejects a row whose label disagrees with its file's name", () => {
    const files = sets();
    files.set("hard_clean.json", JSON.stringify([{ description: "a", label: 0 }, { description: "b", label: 1 }]));
    expect(() => extract(files)).toThrow("intentprobe research/datasets/hard_clean.json[1]: label 1 disagrees with the file's name (benign)");
  });

  it("rejects a row with other keys, an empty description, or a file that is not a list of rows", () => {
    const files = sets();
    files.set("neutral_poisoned.json", JSON.stringify([{ description: "a", label: 1, name: "x" }]));
    expect(() => extract(files)).toThrow("neutral_poisoned.json[0]: expected the keys description and label, found description,label,name");
    files.set("neutral_poisoned.json", JSON.stringify([{ description: " ", label: 1 }]));
    expect(() => extract(files)).toThrow("neutral_poisoned.json[0]: empty or non-string description");
    files.set("neutral_poisoned.json", JSON.stringify({ description: "a", label: 1 }));
    expect(() => extract(files)).toThrow("neutral_poisoned.json: expected a non-empty array of rows");
  });

  it("rejects a text that a set of the other label already gave", () => {
    const files = sets();
    files.set("hard_clean.json", JSON.stringify([{ description: " text OF hard_poisoned.json. ", label: 0 }]));
    expect(() => extract(files)).toThrow("research/datasets/hard_clean.json#0 (benign) repeats research/datasets/hard_poisoned.json#0 (poisoned)");
  });

  it("accepts the files it leaves out, and rejects a file of no known set or a missing one", () => {
    const files = sets();
    files.set("hard_v3_matched_clean.json", "[]");
    files.set("mcptox_poisoned_descriptions_labeled.json", "[]");
    expect(extract(files)).toHaveLength(12);
    files.set("other.json", "[]");
    expect(() => extract(files)).toThrow("intentprobe research/datasets: files of no known set: other.json");
    files.delete("other.json");
    files.delete("neutral_clean.json");
    expect(() => extract(files)).toThrow("intentprobe research/datasets: missing neutral_clean.json");
  });
});

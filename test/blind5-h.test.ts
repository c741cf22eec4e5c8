/**
 * The hand-written set H of the fifth blind set (`guard/model/blind5/h.json`; written as training data, kept blind: see its README), in an evasive attacker's register, is well
 * formed: every document's tool is a valid MCP `Tool` of revision 2025-06-18, ids and tool names are unique, labels and
 * attacks agree, the class and label counts are the stated numbers and the README's "## h.json" section states them
 * too, and families have one label. Its register: short to medium descriptions, poisoned texts worded without the
 * classic trigger phrases a keyword scanner looks for, a third of the `disclosed-overreach` and
 * `preference-manipulation` documents in marketing wording, and invisible or look-alike characters written as escapes.
 * It reads the files only: it never runs or imports the detector.
 */
import * as path from "path";
import { ATTACK_CLASSES, describeSetFile, evenClasses, SetDocument, SetTool } from "./support/mcp-tool-sets";

const BLIND5 = path.join(__dirname, "..", "guard", "model", "blind5");

/** The fifteen classes of the task and how many poisoned documents each has. */
const CLASS_COUNTS = evenClasses(8, [...ATTACK_CLASSES, "disclosed-overreach"]);

const { raw: RAW, docs, poisoned } = describeSetFile<SetTool>({
  file: path.join(BLIND5, "h.json"),
  readme: path.join(BLIND5, "README.md"),
  letter: "h",
  cited: ["invariantlabs.ai", "trailofbits.com", "cyberark.com", "elastic.co", "genai.owasp.org", "arXiv:2505.11154", "unicode.org/reports/tr39"],
  author: "helper written-h, session 12, 2026-12-07, without reading the detector or any scanner's fixtures",
  classes: CLASS_COUNTS,
});

/** The phrases a keyword scanner looks for first; the evasive register's attacks are worded around them. */
const TRIGGER = /ignore|disregard|<important>|important:|do not (?:tell|mention|inform|reveal)|don't tell|you must|must not|system prompt|secretly|without (?:telling|informing)|never (?:tell|mention)|override/i;

/** Whether a document's family marks it as written in marketing wording. */
const isMarketing = (doc: SetDocument): boolean => doc.family.endsWith("-marketing");

test("the evasive register: every description is short to medium (at most 400 characters)", () => {
  const long = docs.filter((doc) => typeof doc.tool.description !== "string" || doc.tool.description.length > 400).map((doc) => doc.id);
  expect(long).toEqual([]);
});

test("no poisoned document uses the classic trigger phrases; some benign ones do (honest IMPORTANT notes, scanners)", () => {
  expect(poisoned.filter((doc) => TRIGGER.test(JSON.stringify(doc.tool))).map((doc) => doc.id)).toEqual([]);
  expect(docs.filter((doc) => doc.label === "benign" && TRIGGER.test(JSON.stringify(doc.tool))).length).toBeGreaterThanOrEqual(3);
});

test.each(["disclosed-overreach", "preference-manipulation"])("about a third of the %s documents are in marketing wording", (attack) => {
  const inClass = poisoned.filter((doc) => doc.attack === attack);
  const marketing = inClass.filter(isMarketing).length;
  expect(marketing).toBeGreaterThanOrEqual(Math.floor(inClass.length / 4));
  expect(marketing).toBeLessThanOrEqual(Math.ceil(inClass.length / 2));
});

test("marketing wording marks only disclosed-overreach and preference-manipulation among the poisoned documents", () => {
  const elsewhere = poisoned.filter((doc) => isMarketing(doc) && !["disclosed-overreach", "preference-manipulation"].includes(doc.attack ?? ""));
  expect(elsewhere.map((doc) => doc.id)).toEqual([]);
});

test("zero-width, tag and look-alike Cyrillic characters are written as \\u escapes in the file, and the parsed texts hold them", () => {
  expect(RAW).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]|[\u{e0000}-\u{e007f}]|[A-Za-z][\u0400-\u04ff]|[\u0400-\u04ff][A-Za-z]/u);
  for (const escape of ["\\u200b", "\\udb40\\udc41", "\\u0430"]) expect(RAW).toContain(escape);
  const parsed = JSON.stringify(docs);
  expect(parsed).toMatch(/\u200b/u);
  expect(parsed).toMatch(/[\u{e0000}-\u{e007f}]/u);
  expect(parsed).toMatch(/[A-Za-z]\u0430/u);
});

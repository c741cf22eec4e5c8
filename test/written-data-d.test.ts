/**
 * The hand-written set D of the fourth blind set (`guard/model/blind4/d.json`), in the register of security scanners'
 * test fixtures, is well formed: every document's tool is a valid MCP `Tool` of revision 2025-06-18 (the published
 * JSON schema, no field the revision does not define, an inputSchema that is itself a valid JSON Schema), ids and tool
 * names are unique, labels and attacks agree, the class counts are the ones stated here and in the README's
 * "## d.json" section, families have one label, and the fixture register holds for both labels alike (short
 * descriptions, small schemas), so the classifier cannot learn the label from length. It reads the files only: it
 * never runs or imports the detector.
 */
import * as path from "path";
import { describeSetFile, SetDocument, SetTool } from "./support/mcp-tool-sets";

const ROOT = path.join(__dirname, "..");
const BLIND4 = path.join(ROOT, "guard", "model", "blind4");

interface Tool extends SetTool {
  readonly description: string;
  readonly inputSchema: { readonly properties?: Record<string, unknown> };
}

/** The number of poisoned documents per attack class, as written. */
const EXPECTED_CLASSES: Record<string, number> = {
  "instruction-override": 13,
  "hidden-instruction": 13,
  concealment: 13,
  "file-exfiltration": 13,
  "data-exfiltration": 13,
  "command-injection": 12,
  "injection-payload": 12,
  "tool-shadowing": 12,
  "cross-tool": 12,
  "preference-manipulation": 13,
  "authority-urgency": 13,
  "privilege-escalation": 12,
  "resource-abuse": 12,
  obfuscated: 13,
};

const { raw: RAW, docs, poisoned, benign } = describeSetFile<Tool>({
  file: path.join(BLIND4, "d.json"),
  readme: path.join(BLIND4, "README.md"),
  letter: "d",
  cited: ["invariantlabs.ai", "trailofbits.com", "cyberark.com", "genai.owasp.org", "owasp.org/www-project-mcp-top-10", "arXiv:2505.11154", "unicode.org/reports/tr39"],
  author: "helper written-d, session 11, 2026-12-07, without reading the detector",
  classes: EXPECTED_CLASSES,
});

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

test("tool names use the portable character set", () => {
  const names = docs.map((doc) => doc.tool.name);
  expect(names.filter((name) => !/^[A-Za-z0-9_.-]{1,64}$/.test(name))).toEqual([]);
});

test("the fixture register holds for both labels: short descriptions and small schemas of similar size", () => {
  const lengths = (group: readonly SetDocument<Tool>[]): number[] => group.map((doc) => doc.tool.description.length);
  const params = (group: readonly SetDocument<Tool>[]): number[] => group.map((doc) => Object.keys(doc.tool.inputSchema.properties ?? {}).length);
  expect(docs.filter((doc) => doc.tool.description.length > 200).map((doc) => doc.id)).toEqual([]);
  expect(docs.filter((doc) => Object.keys(doc.tool.inputSchema.properties ?? {}).length > 5).map((doc) => doc.id)).toEqual([]);
  const ratio = mean(lengths(poisoned)) / mean(lengths(benign));
  expect(ratio).toBeGreaterThan(0.8);
  expect(ratio).toBeLessThan(1.25);
  expect(Math.abs(mean(params(poisoned)) - mean(params(benign)))).toBeLessThan(0.5);
});

test("invisible, format and combining characters are written as \\u escapes in the file, and the parsed texts hold them", () => {
  expect(RAW).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u0300-\u036f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/u);
  expect(RAW).not.toMatch(/[\ufe00-\ufe0f\u{e0000}-\u{e007f}\u{e0100}-\u{e01ef}]/u);
  for (const escape of ["\\u200b", "\\u202e", "\\u0336", "\\udb40"]) expect(RAW).toContain(escape);
  const parsed = JSON.stringify(docs);
  expect(parsed).toMatch(/\u200b/u);
  expect(parsed).toMatch(/\u202e/u);
  expect(parsed).toMatch(/[\u{e0020}-\u{e007e}]/u);
  expect(parsed).toMatch(/[\u{e0100}-\u{e01ef}]/u);
});


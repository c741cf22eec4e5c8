/**
 * The data rule packs (threat patterns, GW-02/PUB-02; secrets, DLP-01) and the coded rules (DLP-02, DLP-04): every
 * rule's own positive strings match and negatives do not, and every rule stays linear on large adversarial input.
 */
import { INTERNAL_DETAIL_RULES } from "../../../guard/src/dlp/internal-details";
import { PERSONAL_DATA_RULES } from "../../../guard/src/dlp/personal-data";
import { loadSecretPack, secretRules } from "../../../guard/src/dlp/secrets";
import { loadThreatPack, threatRules } from "../../../guard/src/patterns/threat-pack";
import { RuleSet, TextRule, scan } from "../../../guard/src/patterns/text-rules";

const threats = loadThreatPack();
const secrets = loadSecretPack();
const ALL_RULES: readonly TextRule[] = [...threatRules(threats, "arguments", "GW-02"), ...threatRules(threats, "results", "PUB-02"), ...secretRules(secrets), ...PERSONAL_DATA_RULES, ...INTERNAL_DETAIL_RULES];
const fired = (text: string, id: string) => scan(text, new RuleSet(ALL_RULES.filter((rule) => rule.id === id))).length > 0;

test("the threat pack is read from disk once per process: GW-02 and PUB-02 share one copy", () => {
  expect(loadThreatPack()).toBe(threats);
});

test("the packs are versioned and every rule has an ID, a description and test strings", () => {
  for (const pack of [threats, secrets]) {
    expect(pack.version).toMatch(/^\d{4}\.\d{1,2}\.\d+$/);
    expect(new Set(pack.rules.map((rule) => rule.id)).size).toBe(pack.rules.length);
    for (const rule of pack.rules) {
      expect(rule.description.length).toBeGreaterThan(10);
      expect(rule.positives.length).toBeGreaterThan(0);
      expect(rule.negatives.length).toBeGreaterThan(0);
    }
  }
});

describe.each(threats.rules.map((rule) => [rule.id, rule] as const))("threat rule %s", (_id, rule) => {
  const id = `${rule.targets.includes("arguments") ? "GW-02" : "PUB-02"}-${rule.id}`;
  test.each(rule.positives)("matches %j", (text) => expect(fired(text, id)).toBe(true));
  test.each(rule.negatives)("does not match %j", (text) => expect(fired(text, id)).toBe(false));
});

describe.each(secrets.rules.map((rule) => [rule.id, rule] as const))("secret rule %s", (_id, rule) => {
  test.each(rule.positives.map((parts) => [parts.join("")]))("matches a sample", (text) => expect(fired(text, `DLP-01-${rule.id}`)).toBe(true));
  test.each(rule.negatives.map((parts) => [parts.join("")]))("does not match %j", (text) => expect(fired(text, `DLP-01-${rule.id}`)).toBe(false));
});

/** Inputs built to make a backtracking engine go quadratic or worse on a careless pattern: long runs of what rules consume. */
const ADVERSARIAL = [
  "a".repeat(200_000),
  "1".repeat(200_000),
  "1-".repeat(100_000),
  "../".repeat(70_000),
  "%2e".repeat(70_000),
  "ignore ".repeat(30_000),
  "the ".repeat(50_000),
  "http://a".repeat(25_000),
  "a.".repeat(100_000),
  "-----BEGIN RSA PRIVATE KEY-----".repeat(5_000),
  "eyJ".repeat(60_000),
  ";".repeat(200_000),
  " \t".repeat(100_000),
  "?a=".repeat(60_000) + "b".repeat(1000),
  `${"password=".repeat(20_000)}`,
  `   at ${"x".repeat(250)} (/a${":1".repeat(50_000)}`,
  "10.1.".repeat(40_000),
  "arn:aws:".repeat(25_000),
];

/** Every rule, keyword gates removed, so each regex really runs on each input. */
const UNGATED = new RuleSet(ALL_RULES.map((rule) => ({ ...rule, keywords: [] })));

test("no rule backtracks catastrophically: 200 KB adversarial inputs scan in well under a second each", () => {
  for (const input of ADVERSARIAL) {
    const started = process.hrtime.bigint();
    scan(input, UNGATED);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    expect({ input: input.slice(0, 20), elapsedMs: elapsedMs < 2000 }).toEqual({ input: input.slice(0, 20), elapsedMs: true });
  }
});

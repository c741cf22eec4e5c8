/**
 * The credential formats of the secret scan (MSH-03, issue 18): a token pasted onto other characters (`0ghp_…`,
 * `xAKIA…`) is still found, while a word that merely contains a format's beginning (`task-…`, `brisk-ant-…`) and
 * every string of the built-in environments are not flagged.
 */
import { secretKind } from "../shared/secret-patterns";
import { dev } from "../environments/dev";
import { prod } from "../environments/prod";
import { test as testEnvironment } from "../environments/test";
import { SECRET_SAMPLES } from "./support/secret-samples";

/** The formats with a fixed beginning, which a token keeps when it is glued to other characters. */
const GLUABLE = [
  "an AWS access key ID",
  "a GitHub token",
  "a GitLab token",
  "a Slack token",
  "a Stripe key",
  "an Anthropic API key",
  "an OpenAI API key",
  "a JSON Web Token",
];

/** Characters a token can end up glued to: a digit, a letter, an underscore, a hyphen, a run of both cases. */
const GLUE = ["0", "9", "x", "Q", "_", "-", "x-", "ab_", "Zz9"];

describe.each(GLUABLE)("%s", (kind) => {
  const sample = SECRET_SAMPLES[kind];

  test.each(GLUE)("glued after %j is found, alone and inside text", (glue) => {
    expect(secretKind(`${glue}${sample}`)).toBe(kind);
    expect(secretKind(`export VALUE=${glue}${sample} # pasted`)).toBe(kind);
    expect(secretKind(`${glue}${glue}${sample}`, "description")).toBe(kind);
  });
});

test("a word that only contains the beginning of a format is not a secret", () => {
  const words = [
    "task-force-management-plan-2026",
    "brisk-ant-colony-simulation-model",
    "disk-encryption-key-rotation-policy",
    "desk_live_rotation_schedule_version",
    "mcp-prod-ghp_migration_notes_for_the_team_2026",
    "the whsec_rotation_policy_document",
    "RISKASIAPACIFICREGIONALREPORT",
    "ceyJ-build-eyJ.eyJ-something",
  ];
  expect(words.filter((word) => secretKind(word) !== undefined)).toEqual([]);
});

/** Every string of `value` with the key or list it is stored under, keys included. */
function strings(value: unknown, name?: string): { readonly value: string; readonly name?: string }[] {
  if (typeof value === "string") return [{ value, name }];
  if (Array.isArray(value)) return value.flatMap((item) => strings(item, name));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => [{ value: key }, ...strings(item, key)]);
  }
  return [];
}

test("no string or key of the built-in environments looks like a secret", () => {
  const all = [dev, testEnvironment, prod].flatMap((environment) => strings(environment));
  expect(all.length).toBeGreaterThan(500);
  expect(all.filter(({ value, name }) => secretKind(value, name) !== undefined)).toEqual([]);
});

test("words full of beginnings are judged as their short forms are, without a try from every position", () => {
  // Each format's beginning repeated inside one long word, between separators, and glued: one try per word per
  // format keeps the scan linear (a try from every position of a 160 KB word would be quadratic and time out).
  const beginnings = ["ghp_", "AKIA", "glpat-", "xoxb-", "sk_live_", "sk-ant-", "sk-", "eyJ", "password=", "http://", "hooks.slack.com/"];
  for (const beginning of beginnings) {
    for (const unit of [beginning, `${beginning} `, `0${beginning}.`]) {
      expect(secretKind(unit.repeat(20_000))).toBe(secretKind(unit.repeat(8)));
    }
  }
});

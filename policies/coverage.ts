/**
 * Which controls of the catalog are proven: by a rule that checks synthesized output, and by a test that names
 * the control. A pure function of the catalog, the rules and the test sources.
 */
import { Control, ControlClass } from "./catalog";
import { Rule } from "./types";

/**
 * How well a control is proven:
 * - `covered`: at least one rule checks it and at least one test names it;
 * - `partial`: a rule but no test, or a test but no rule;
 * - `not covered`: neither.
 */
export type CoverageStatus = "covered" | "partial" | "not covered";

/** A test file's path and source text. */
export interface TestSource {
  /** Path relative to the package root, with `/` separators, e.g. `test/network.test.ts`. */
  readonly path: string;
  readonly source: string;
}

/** The rules and tests that prove one control. */
export interface ControlCoverage {
  readonly control: Control;
  /** IDs of the rules whose `controls` include the control, sorted. */
  readonly rules: readonly string[];
  /** Paths of the test files that name the control, sorted. */
  readonly tests: readonly string[];
  readonly status: CoverageStatus;
}

/** Coverage counts of the controls of one class. */
export interface ClassSummary {
  readonly class: ControlClass;
  readonly total: number;
  readonly covered: number;
  readonly partial: number;
  readonly notCovered: number;
}

/** A rule citing a control ID that the catalog does not have. */
export interface UnknownControl {
  readonly rule: string;
  readonly control: string;
}

/** Coverage of the whole catalog. */
export interface Coverage {
  /** One entry per control, in catalog order. */
  readonly controls: readonly ControlCoverage[];
  /** Counts per class, in the order IaC, IaC+runtime, process. */
  readonly summary: readonly ClassSummary[];
  /** Control IDs cited by rules but missing from the catalog (typos), sorted by rule then control. */
  readonly unknownControls: readonly UnknownControl[];
}

/** Every control class, in the order reports list them. */
export const CONTROL_CLASSES: readonly ControlClass[] = ["IaC", "IaC+runtime", "process"];

/** The titles of `describe(`, `test(` and `it(` calls (with `.only`, `.skip` etc.), as written in the source. */
const TEST_TITLE = /(?<![\w.$])(?:describe|test|it)(?:\.(?:only|skip|concurrent|failing|todo))*\(\s*(["'`])((?:\\.|(?!\1)[^\\])*)\1/g;

/** The file name of a path. */
function baseName(file: string): string {
  return file.slice(file.lastIndexOf("/") + 1);
}

/** What matches the exact control ID in a text, not as part of a longer ID (`IR-02` is not in `IR-02a`). */
function mentionOf(id: string): RegExp {
  return new RegExp(`(?<![A-Za-z0-9])${id}(?![A-Za-z0-9])`);
}

/** The strings a test file is matched on: its file name and its test titles. */
function testNames(test: TestSource): string[] {
  return [baseName(test.path), ...Array.from(test.source.matchAll(TEST_TITLE), (match) => match[2])];
}

function statusOf(rules: number, tests: number): CoverageStatus {
  if (rules > 0 && tests > 0) return "covered";
  return rules > 0 || tests > 0 ? "partial" : "not covered";
}

/**
 * Computes which rules and tests prove each control. A test file counts for a control when its file name or the
 * title of one of its `describe`/`test`/`it` calls contains the exact control ID (case-sensitive).
 */
export function computeCoverage(controls: readonly Control[], rules: readonly Rule[], tests: readonly TestSource[]): Coverage {
  const names = tests.map((test) => ({ path: test.path, names: testNames(test) }));
  const entries = controls.map((control) => {
    const ruleIds = rules.filter((rule) => rule.controls.includes(control.id)).map((rule) => rule.id).sort();
    const mention = mentionOf(control.id);
    const testPaths = names.filter((test) => test.names.some((name) => mention.test(name))).map((test) => test.path).sort();
    return { control, rules: ruleIds, tests: testPaths, status: statusOf(ruleIds.length, testPaths.length) };
  });
  const summary = CONTROL_CLASSES.map((cls) => {
    const ofClass = entries.filter((entry) => entry.control.class === cls);
    const count = (status: CoverageStatus) => ofClass.filter((entry) => entry.status === status).length;
    return { class: cls, total: ofClass.length, covered: count("covered"), partial: count("partial"), notCovered: count("not covered") };
  });
  const known = new Set(controls.map((control) => control.id));
  const unknownControls = [...rules]
    .sort((a, b) => a.id.localeCompare(b.id))
    .flatMap((rule) => [...new Set(rule.controls)].filter((id) => !known.has(id)).sort().map((id) => ({ rule: rule.id, control: id })));
  return { controls: entries, summary, unknownControls };
}

/**
 * `mcp-harden controls`: lists every control of the catalog with the rules and tests that prove it.
 */
import * as fs from "fs";
import * as path from "path";
import { CONTROLS } from "../../policies/catalog";
import { ClassSummary, ControlCoverage, Coverage, computeCoverage, TestSource } from "../../policies/coverage";
import { ALL_RULES } from "../../policies/rules";
import { parseArgs, UsageError } from "../args";

const FORMATS = ["text", "json"] as const;

const USAGE = `Usage: mcp-harden controls [--format ${FORMATS.join("|")}]`;

const FLAGS = { format: { choices: FORMATS, default: "text" } } as const;

/** The package root: the nearest directory above this file that holds `package.json` (works from `dist/` too). */
function packageRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${__dirname}: run mcp-harden from its installed package.`);
    dir = parent;
  }
  return dir;
}

/** Every `*.test.ts` file under a directory, recursively, with its path relative to `root`, sorted. */
function testSources(root: string, dir: string): TestSource[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return testSources(root, full);
      if (!entry.name.endsWith(".test.ts")) return [];
      return [{ path: path.relative(root, full).split(path.sep).join("/"), source: fs.readFileSync(full, "utf8") }];
    });
}

function controlLine(entry: ControlCoverage): string {
  const { control, rules, tests, status } = entry;
  const head = `${control.id} [${control.class}] ${control.title}: ${status === "not covered" ? "NOT COVERED" : status}`;
  if (status === "not covered") {
    return control.class === "process" ? `${head} (process control: out of scope for infrastructure)` : `${head} (no rule, no test)`;
  }
  const ruleText = rules.length > 0 ? `rules: ${rules.join(", ")}` : "no rule";
  const testText = tests.length > 0 ? `tests: ${tests.join(", ")}` : "no test";
  return `${head} (${ruleText}; ${testText})`;
}

function formatText(coverage: Coverage, hasTests: boolean): string {
  const lines = [
    `Controls: "covered" = at least one rule checks the synthesized output and at least one test under test/ names the control;`,
    `"partial" = only one of the two; "NOT COVERED" = neither.`,
  ];
  if (!hasTests) lines.push("No test/ directory in this package, so no control has a test.");
  const sum = (key: keyof Omit<ClassSummary, "class">) => coverage.summary.reduce((total, row) => total + row[key], 0);
  const all = { total: sum("total"), covered: sum("covered"), partial: sum("partial"), notCovered: sum("notCovered") };
  lines.push("", ...coverage.controls.map(controlLine), "", "Summary by class:");
  for (const row of [...coverage.summary, { class: "all", ...all }]) {
    lines.push(`  ${row.class}: ${row.total} controls, ${row.covered} covered, ${row.partial} partial, ${row.notCovered} NOT COVERED`);
  }
  lines.push(
    "",
    "Process controls are organizational and out of scope for infrastructure: the blueprint can at most support them.",
    "IaC+runtime controls are covered when their mechanism is deployed and wired in; their runtime behaviour needs runtime tests.",
  );
  return lines.join("\n") + "\n";
}

function formatJson(coverage: Coverage): string {
  const json = {
    controls: coverage.controls.map(({ control, rules, tests, status }) => ({
      id: control.id,
      title: control.title,
      section: control.section,
      lines: control.lines,
      class: control.class,
      status,
      rules: [...rules],
      tests: [...tests],
    })),
    summary: coverage.summary,
    unknownControls: coverage.unknownControls,
  };
  return JSON.stringify(json, null, 2) + "\n";
}

/** Lists every control with its coverage; exit code 0, or 2 on bad arguments. */
export function controlsCommand(args: string[]): number {
  let flags;
  try {
    flags = parseArgs(args, FLAGS).flags;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`mcp-harden controls: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  const root = packageRoot();
  const testDir = path.join(root, "test");
  const hasTests = fs.existsSync(testDir);
  const coverage = computeCoverage(CONTROLS, ALL_RULES, hasTests ? testSources(root, testDir) : []);
  for (const { rule, control } of coverage.unknownControls) {
    process.stderr.write(
      `mcp-harden controls: rule ${rule} cites control ${control}, which is not in the catalog (policies/catalog.ts); fix the rule's controls.\n`,
    );
  }
  process.stdout.write(flags.format === "json" ? formatJson(coverage) : formatText(coverage, hasTests));
  return 0;
}

/**
 * `mcp-harden controls`: lists every control of the catalog with the rules and tests that prove it.
 */
import { CONTROLS } from "../../policies/catalog";
import { ClassSummary, ControlCoverage, Coverage, computeCoverage } from "../../policies/coverage";
import { ALL_RULES } from "../../policies/rules";
import { defineCommand } from "../command";
import { packageTestSources } from "../package-files";

const FORMATS = ["text", "json"] as const;


function controlLine(entry: ControlCoverage): string {
  const { control, rules, tests, status } = entry;
  const head = `${control.id} [${control.class}] ${control.title}: ${status === "not covered" ? "NOT COVERED" : status}`;
  if (status === "not covered") {
    return control.class === "process" ? `${head} (process control: out of scope for infrastructure)` : `${head} (no rule, no test)`;
  }
  const ruleText = rules.length > 0 ? `rules: ${rules.join(", ")}` : "no rule";
  const testText = tests.length > 0 ? `tests: ${tests.join(", ")}` : "no test";
  const artifactText = control.artifact !== undefined ? `; artifact: ${control.artifact}` : "";
  return `${head} (${ruleText}; ${testText}${artifactText})`;
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
      ...(control.artifact !== undefined ? { artifact: control.artifact } : {}),
      status,
      rules: [...rules],
      tests: [...tests],
    })),
    summary: coverage.summary,
    unknownControls: coverage.unknownControls,
  };
  return JSON.stringify(json, null, 2) + "\n";
}

export default defineCommand({
  name: "controls",
  summary: "List every control of the catalog with the rules and tests that prove it.",
  synopsis: `[--format ${FORMATS.join("|")}]`,
  flags: { format: { type: "string", choices: FORMATS, default: "text", description: "text for people, json for tools." } },
  exitCodes: { 0: "listed", 2: "invalid arguments" },
  run: (flags) => {
    const { hasTests, tests } = packageTestSources();
    const coverage = computeCoverage(CONTROLS, ALL_RULES, tests);
    for (const { rule, control } of coverage.unknownControls) {
      process.stderr.write(
        `mcp-harden controls: rule ${rule} cites control ${control}, which is not in the catalog (policies/catalog.ts); fix the rule's controls.\n`,
      );
    }
    process.stdout.write(flags.format === "json" ? formatJson(coverage) : formatText(coverage, hasTests));
    return 0;
  },
});

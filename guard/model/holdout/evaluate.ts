/**
 * Scores the detector on its own held-out split (`cases.ts`) and prints a Markdown report: whole detector (a high or
 * critical finding), pattern rules alone and the classifier alone, then recall or false positives per area.
 *
 * Usage (from the repository root): npm run eval:detector:holdout [-- --verbose]
 */
import { parseArgs } from "node:util";
import { BLOCKING_SEVERITIES, scanTool } from "../../src/detector";
import { HOLDOUT, HoldoutCase } from "./cases";

type Flag = (item: HoldoutCase) => boolean;

function blocking(item: HoldoutCase, accept: (control: string) => boolean): boolean {
  return scanTool(item.tool).some((finding) => accept(finding.control) && BLOCKING_SEVERITIES.includes(finding.severity));
}

const pct = (value: number) => `${(value * 100).toFixed(1)} %`;

function row(name: string, flag: Flag): string {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const item of HOLDOUT) {
    const hit = flag(item);
    if (item.label === "poisoned") hit ? tp++ : fn++;
    else if (hit) fp++;
  }
  const benign = HOLDOUT.filter((item) => item.label === "benign").length;
  return `| ${name} | ${tp + fn} | ${benign} | ${pct(tp + fp === 0 ? 1 : tp / (tp + fp))} | ${pct(tp / (tp + fn))} | ${fp} |`;
}

function main(): void {
  const { values } = parseArgs({ options: { verbose: { type: "boolean", default: false } } });
  const detector: Flag = (item) => blocking(item, () => true);
  const lines = [
    "| detector | poisoned | benign | precision | recall | false positives |",
    "|---|---|---|---|---|---|",
    row("whole detector (high or critical finding)", detector),
    row("pattern rules (TOOL-05/06/07) alone", (item) => blocking(item, (control) => control !== "TOOL-11")),
    row("classifier (TOOL-11) alone", (item) => blocking(item, (control) => control === "TOOL-11")),
    "",
    "| area | label | cases | flagged |",
    "|---|---|---|---|",
    ...[...new Set(HOLDOUT.map((item) => `${item.label} ${item.area}`))].map((key) => {
      const of = HOLDOUT.filter((item) => `${item.label} ${item.area}` === key);
      return `| ${of[0].area} | ${of[0].label} | ${of.length} | ${of.filter(detector).length} |`;
    }),
    "",
  ];
  process.stdout.write(lines.join("\n"));
  if (values.verbose) {
    for (const item of HOLDOUT.filter((candidate) => detector(candidate) !== (candidate.label === "poisoned"))) {
      const rules = scanTool(item.tool).map((finding) => `${finding.rule}/${finding.severity}`);
      process.stderr.write(`${item.label === "poisoned" ? "FN" : "FP"} ${item.area} ${item.tool.name}: ${rules.join(", ")}\n`);
    }
  }
}

if (require.main === module) main();

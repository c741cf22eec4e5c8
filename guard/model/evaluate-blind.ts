/**
 * Scores the poisoning detector on a blind set (by default the third, `guard/model/blind3/blind-set.json`), a
 * hand-written set of MCP tool definitions the detector was never tuned on or trained on. It goes through the public entry only: each document's tool is written
 * to its own `{"tools":[...]}` file and all files are scanned by `mcp-harden tools scan --format json` (exit 0 clean,
 * 1 findings, 2 unreadable). A document counts as flagged when the scan reports at least one finding for its file.
 *
 * Usage (from the repository root, after `npm run build`):
 *   node dist/guard/model/evaluate-blind.js [--set <blind-set.json>] [--cli <dist/bin/cli.js>]
 * Prints precision, recall, false-positive rate, recall per attack class, the misses and the false alarms.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { JsonValue } from "../src/config/types";
import { isObject } from "../src/pipeline/check";
import { readToolSet, ToolSetDocument } from "./tool-set";

/** One finding of `tools scan --format json`. */
interface ScanFinding {
  readonly file: string;
  readonly tool: string;
  readonly rule: string;
}

function fail(message: string): never {
  process.stderr.write(`evaluate: ${message}\n`);
  process.exit(2);
}

/** The options, strictly: an unknown option, a missing value or a stray argument is an error naming it, exit 2. */
function options(args: string[]): { readonly set: string; readonly cli: string } {
  try {
    const { values } = parseArgs({ args, options: { set: { type: "string", default: "guard/model/blind3/blind-set.json" }, cli: { type: "string", default: "dist/bin/cli.js" } }, strict: true, allowPositionals: false });
    return { set: values.set, cli: values.cli };
  } catch (error) {
    fail(`${(error as Error).message}. Usage: evaluate-blind [--set <blind-set.json>] [--cli <dist/bin/cli.js>]`);
  }
}

function loadSet(file: string): ToolSetDocument[] {
  try {
    return readToolSet(file);
  } catch (error) {
    fail(`${(error as Error).message} Pass --set <file> to score another set.`);
  }
}

/** Runs `tools scan` over one file per document; returns the rules that fired, by document id. */
function scan(cli: string, docs: readonly ToolSetDocument[]): Map<string, string[]> {
  const dir = mkdtempSync(join(tmpdir(), "blind-eval-"));
  try {
    const files = docs.map((doc) => {
      const file = join(dir, `${doc.id}.json`);
      writeFileSync(file, JSON.stringify({ tools: [doc.tool] }));
      return file;
    });
    const run = spawnSync(process.execPath, [cli, "tools", "scan", "--format", "json", ...files], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (run.error) fail(`cannot run ${cli}: ${run.error.message}`);
    if (run.status !== 0 && run.status !== 1) fail(`tools scan exited ${String(run.status)}: ${run.stderr.trim()}`);
    const output = JSON.parse(run.stdout) as JsonValue;
    if (!isObject(output) || !Array.isArray(output.findings)) fail(`tools scan printed no {"findings": [...]}.`);
    const byFile = new Map(files.map((file, index) => [file, docs[index].id] as const));
    const rules = new Map<string, string[]>(docs.map((doc) => [doc.id, []]));
    for (const finding of output.findings as ScanFinding[]) {
      const id = byFile.get(finding.file);
      if (id === undefined) fail(`finding for an unknown file ${finding.file}.`);
      const hit = rules.get(id) ?? [];
      if (!hit.includes(finding.rule)) hit.push(finding.rule);
    }
    for (const hit of rules.values()) hit.sort();
    return rules;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function ratio(numerator: number, denominator: number): string {
  return denominator === 0 ? "n/a" : (numerator / denominator).toFixed(3);
}

function main(args: string[]): void {
  const chosen = options(args);
  const setFile = resolve(chosen.set);
  const cli = resolve(chosen.cli);
  const docs = loadSet(setFile);
  const rules = scan(cli, docs);
  const flagged = (doc: ToolSetDocument): boolean => (rules.get(doc.id) ?? []).length > 0;
  const poisoned = docs.filter((doc) => doc.label === "poisoned");
  const benign = docs.filter((doc) => doc.label === "benign");
  const tp = poisoned.filter(flagged).length;
  const fp = benign.filter(flagged).length;
  const fn = poisoned.length - tp;
  const tn = benign.length - fp;
  const lines: string[] = [
    `blind set: ${docs.length} documents (${poisoned.length} poisoned, ${benign.length} benign)`,
    "",
    "| metric | value |",
    "|---|---|",
    `| true positives | ${tp} |`,
    `| false negatives (misses) | ${fn} |`,
    `| false positives (false alarms) | ${fp} |`,
    `| true negatives | ${tn} |`,
    `| precision | ${ratio(tp, tp + fp)} |`,
    `| recall | ${ratio(tp, poisoned.length)} |`,
    `| false-positive rate | ${ratio(fp, benign.length)} |`,
    `| F1 | ${ratio(2 * tp, 2 * tp + fp + fn)} |`,
    "",
    "| attack class | poisoned | detected | recall |",
    "|---|---|---|---|",
  ];
  const classes = [...new Set(poisoned.map((doc) => doc.attack ?? ""))].sort();
  for (const attack of classes) {
    const inClass = poisoned.filter((doc) => doc.attack === attack);
    const hits = inClass.filter(flagged).length;
    lines.push(`| ${attack} | ${inClass.length} | ${hits} | ${ratio(hits, inClass.length)} |`);
  }
  lines.push("", "misses (poisoned, no finding):");
  for (const doc of poisoned.filter((d) => !flagged(d))) lines.push(`  ${doc.id}  ${doc.attack ?? ""}  ${doc.tool.name}`);
  lines.push("", "false alarms (benign, rules that fired):");
  for (const doc of benign.filter(flagged)) lines.push(`  ${doc.id}  ${doc.tool.name}  ${(rules.get(doc.id) ?? []).join(", ")}`);
  lines.push("", "detected (poisoned, rules that fired):");
  for (const doc of poisoned.filter(flagged)) lines.push(`  ${doc.id}  ${doc.attack ?? ""}  ${(rules.get(doc.id) ?? []).join(", ")}`);
  process.stdout.write(`${lines.join("\n")}\n`);
}

main(process.argv.slice(2));

/**
 * Every regular expression that runs on an environment file runs in linear time (issue 18: a 300 KB value made a
 * backtracking expression run for 91 s). Each regular-expression literal of environments/ and of every module it
 * imports, transitively, is analysed by recheck's automaton checker (a ReDoS checker), once per distinct expression,
 * and each must be proven safe: an expression it cannot decide in time fails the lint like a super-linear one (write
 * it smaller, or read the string with a small parser, as constructs/arn.ts does). The secret formats are also run on
 * large adversarial strings in environment-input.test.ts. recheck's fuzzer is not used, since its verdict depends on
 * the machine's load. A proof of safety is kept between runs for the same expression and recheck version (see
 * `PROOFS`); every other verdict is recomputed on every run.
 */
import * as fs from "fs";
import * as path from "path";
import { checkSync } from "recheck";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "..");

interface Literal {
  readonly where: string;
  readonly source: string;
  readonly flags: string;
}

/** The regular-expression literals of `entries` and of the project modules they import, transitively. */
function regexLiterals(entries: readonly string[]): { readonly files: number; readonly literals: Literal[] } {
  const seen = new Set<string>();
  const queue = [...entries];
  const literals: Literal[] = [];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText(source);
        const slash = text.lastIndexOf("/");
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        literals.push({ where: `${path.relative(ROOT, file)}:${line}`, source: text.slice(1, slash), flags: text.slice(slash + 1) });
      }
      if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && node.moduleSpecifier.text.startsWith(".")) {
        const imported = path.resolve(path.dirname(file), `${node.moduleSpecifier.text}.ts`);
        if (fs.existsSync(imported)) queue.push(imported);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { files: seen.size, literals };
}

/** The literals of `literals` grouped by expression (source and flags), each with every place it is written. */
function uniqueExpressions(literals: readonly Literal[]): Map<string, { readonly source: string; readonly flags: string; readonly where: string[] }> {
  const expressions = new Map<string, { readonly source: string; readonly flags: string; readonly where: string[] }>();
  for (const { where, source, flags } of literals) {
    const key = `/${source}/${flags}`;
    const known = expressions.get(key);
    if (known) known.where.push(where);
    else expressions.set(key, { source, flags, where: [where] });
  }
  return expressions;
}

/**
 * How long recheck may take on one expression (wall time: generous, since the machine may be busy; each expression
 * here is decided in well under a second of CPU); one it cannot decide in that time fails the lint.
 */
const DECISION_TIMEOUT_MS = 60_000;

/**
 * Where the expressions recheck proved safe are kept between runs, per recheck version: its automaton analysis
 * decides the same expression the same way every time, so a proof holds until the expression or recheck changes
 * (a new or edited expression has another key and is analysed). A few expressions take over a second of CPU each.
 */
const PROOFS = path.join(ROOT, "node_modules", ".cache", "mcp-hardening", "recheck", `${(require("recheck/package.json") as { version: string }).version}-automaton.json`);

/** The keys (`/source/flags`) of the expressions proven safe in earlier runs: none when there is no readable record. */
function provenSafe(): Set<string> {
  let text: string;
  try {
    text = fs.readFileSync(PROOFS, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return new Set();
    throw error;
  }
  try {
    return new Set(JSON.parse(text) as string[]);
  } catch {
    // A record cut short (a run killed while writing it) proves nothing: every expression is analysed again.
    return new Set();
  }
}

/** Records the keys of `proven` for the next run (written whole, then renamed into place). */
function recordProofs(proven: readonly string[]): void {
  fs.mkdirSync(path.dirname(PROOFS), { recursive: true });
  const staging = `${PROOFS}.${process.pid}`;
  fs.writeFileSync(staging, JSON.stringify([...proven].sort()));
  fs.renameSync(staging, PROOFS);
}

/** Why `/source/flags` fails the lint (super-linear, or undecided within `timeout` ms), or undefined when proven safe. */
function unsafety(source: string, flags: string, timeout = DECISION_TIMEOUT_MS): string | undefined {
  const result = checkSync(source, flags, { checker: "automaton", timeout });
  if (result.status === "safe") return undefined;
  return result.status === "vulnerable" ? result.complexity.summary : `undecided (${result.error.kind})`;
}

test("the lint fails a super-linear expression and one it cannot decide in time", () => {
  expect(unsafety("^(a|a)*$", "")).toMatch(/exponential/);
  expect(unsafety("^\\w+\\d+\\w+$", "")).toMatch(/polynomial/);
  // The SAML provider ARN as one expression, before constructs/arn.ts: too large an automaton to decide in a second.
  expect(unsafety("^arn:aws[a-z-]*:iam::(\\d{12}):saml-provider\\/[\\w+=,.@-]{1,128}$", "", 1_000)).toBe("undecided (timeout)");
});

test("every regular expression that reads an environment file is proven linear (recheck automaton analysis)", () => {
  const environments = path.join(ROOT, "environments");
  const entries = fs.readdirSync(environments).filter((name) => name.endsWith(".ts")).map((name) => path.join(environments, name));
  const { files, literals } = regexLiterals([...entries, path.join(ROOT, "bin", "commands", "validate.ts")]);
  expect(files).toBeGreaterThan(40);
  expect(literals.length).toBeGreaterThan(100);
  const expressions = uniqueExpressions(literals);
  const earlier = provenSafe();
  const proven: string[] = [];
  const notSafe = [...expressions].flatMap(([key, { source, flags, where }]) => {
    const verdict = earlier.has(key) ? undefined : unsafety(source, flags);
    if (verdict === undefined) proven.push(key);
    return verdict === undefined ? [] : [`${where.join(", ")} ${key}: ${verdict}`];
  });
  recordProofs(proven);
  expect(notSafe).toEqual([]);
}, 900_000);

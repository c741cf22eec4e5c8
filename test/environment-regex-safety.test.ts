/**
 * Every regular expression that runs on an environment file runs in linear time (issue 18: a 300 KB value made a
 * backtracking expression run for 91 s). Each regular-expression literal of environments/ and of every module it
 * imports, transitively, is analysed by recheck's automaton checker (a ReDoS checker), and none may be proven
 * super-linear. What it cannot decide (a lookbehind, as in the secret formats, or an automaton too large) is run on
 * large adversarial strings in environment-input.test.ts instead; recheck's fuzzer is not used, since its verdict
 * depends on the machine's load.
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

test("no regular expression that reads an environment file is super-linear (recheck automaton analysis)", () => {
  const environments = path.join(ROOT, "environments");
  const entries = fs.readdirSync(environments).filter((name) => name.endsWith(".ts")).map((name) => path.join(environments, name));
  const { files, literals } = regexLiterals([...entries, path.join(ROOT, "bin", "commands", "validate.ts")]);
  expect(files).toBeGreaterThan(40);
  expect(literals.length).toBeGreaterThan(100);
  const unsafe = literals.flatMap(({ where, source, flags }) => {
    const result = checkSync(source, flags, { checker: "automaton", timeout: 20_000 });
    return result.status === "vulnerable" ? [`${where} /${source}/${flags}: ${result.complexity.summary}`] : [];
  });
  expect(unsafe).toEqual([]);
}, 300_000);

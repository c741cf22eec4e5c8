/**
 * Every regular expression that runs on an environment file runs in linear time (issue 18: a 300 KB value made a
 * backtracking expression run for 91 s). Each regular-expression literal of environments/ and of every module it
 * imports, transitively, is checked by recheck (a ReDoS checker: automaton analysis, fuzzing where that cannot
 * decide); the adversarial-input tests in environment-input.test.ts show the same on real values.
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

test("every regular expression that reads an environment file is linear-time (recheck)", () => {
  const environments = path.join(ROOT, "environments");
  const entries = fs.readdirSync(environments).filter((name) => name.endsWith(".ts")).map((name) => path.join(environments, name));
  const { files, literals } = regexLiterals([...entries, path.join(ROOT, "bin", "commands", "validate.ts")]);
  expect(files).toBeGreaterThan(40);
  expect(literals.length).toBeGreaterThan(100);
  const unsafe = literals.flatMap(({ where, source, flags }) => {
    const result = checkSync(source, flags, { randomSeed: 1, timeout: 20_000 });
    return result.status === "safe" ? [] : [`${where} /${source}/${flags}: ${result.status}${result.status === "vulnerable" ? ` (${result.complexity.summary})` : ""}`];
  });
  expect(unsafe).toEqual([]);
}, 300_000);

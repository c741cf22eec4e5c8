/**
 * Reading Python test files by structure: their test methods, each with its class, and the names a method binds to
 * literals. For the extractors that read Python tests (agent-governance-toolkit, mcp-tool-auditor, medusa).
 */
import { NotALiteral, PyValue, PythonLiteralReader } from "./python-literal";

export interface TestMethod {
  /** `Class.test_method`. */
  readonly qualified: string;
  /** The method's source, from its `def` to the next method or class. */
  readonly body: string;
}

/** The `def test_*(self...)` methods of a file's classes, in order; throws on one outside a class. */
export function testMethods(source: string, where: string): TestMethod[] {
  const out: TestMethod[] = [];
  const marks = [...source.matchAll(/^class (\w+)\b|^    def (test_\w+)\(self/gm)];
  let current: string | undefined;
  marks.forEach((mark, index) => {
    if (mark[1] !== undefined) {
      current = mark[1];
      return;
    }
    if (current === undefined) throw new Error(`${where}: ${mark[2]} outside a class`);
    const end = index + 1 < marks.length ? marks[index + 1].index : source.length;
    out.push({ qualified: `${current}.${mark[2]}`, body: source.slice(mark.index, end) });
  });
  return out;
}

/** The names a method binds to literals at its top level (`name = <literal>`); other assignments bind nothing. */
export function literalLocals(body: string): Map<string, PyValue> {
  const locals = new Map<string, PyValue>();
  for (const match of body.matchAll(/^        (\w+) = (?=["'({[\d-]|True|False|None)/gm)) {
    try {
      locals.set(match[1], new PythonLiteralReader(body, match.index + match[0].length, locals).value());
    } catch (error) {
      if (!(error instanceof NotALiteral)) throw error;
    }
  }
  return locals;
}

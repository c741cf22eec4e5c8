/**
 * Tool-Scan (github.com/mcp-tool-shop/tool-scan, MIT in LICENSE and pyproject.toml), a security scanner of MCP tool
 * definitions: the tool fixtures of its `tests/conftest.py`, labelled by structure, never by reading their texts. The
 * file groups its `@pytest.fixture` functions under `# <SECTION>` banners:
 * - `VALID TOOL FIXTURES` are benign (`honest`): `test_safe_tool_passes` asserts one of them safe, and
 *   `valid_tools_batch` gathers them;
 * - `EDGE CASE FIXTURES` (minimal and complex schemas) are benign too (`honest-edge-case`);
 * - `SECURITY THREAT FIXTURES - <CLASS>` are poisoned, the class from the banner (prompt injection, command injection,
 *   SQL injection, XSS, path traversal, data exfiltration, SSRF, tool poisoning); `malicious_tools_batch` gathers three
 *   of them and the scanner's tests assert threats of the banner's class on each (the homoglyph fixture's test only
 *   asserts that the scan ran);
 * - `INVALID TOOL FIXTURES` (a missing name, description or schema, a malformed name) are left out: they test the
 *   definition's form, not an attack, and some are not tool definitions at all;
 * - `base64_hidden_tool` is left out: its description is an f-string built at run time, not a literal.
 * A fixture is the dict its function returns; each is one family, and `text` is `toolProse(tool)`. Several threat
 * classes (command, SQL, XSS, path, SSRF) carry their payload in a schema's `default` or `enum` value rather than in
 * prose: the class names them, for a reader who wants only the prose attacks.
 */
import type { ToolDefinition } from "../../src/config/types";
import type { CorpusSource } from "../build-corpus";
import type { CorpusExample } from "../synthetic";
import { toolExample } from "./tool-example";
import { NotALiteral, PythonLiteralReader } from "./python-literal";
import { show } from "./git";

export const TOOL_SCAN_SOURCE: CorpusSource = {
  id: "tool-scan",
  repository: "https://github.com/mcp-tool-shop/tool-scan",
  commit: "81f2061d4335a4ca6dbf7899af55dff205f56c80",
  license: "MIT",
  copyright: "Copyright (c) 2025 MCP Tool Shop",
};

const CONFTEST = "tests/conftest.py";

/** Fixtures left out, with why. */
const LEFT_OUT: ReadonlyMap<string, string> = new Map([["base64_hidden_tool", "its description is an f-string built at run time"]]);

/** A section banner's label and class, or undefined for a section that is left out. */
function sectionLabel(section: string): { label: CorpusExample["label"]; category: string } | undefined {
  if (section === "VALID TOOL FIXTURES") return { label: "benign", category: "honest" };
  if (section === "EDGE CASE FIXTURES") return { label: "benign", category: "honest-edge-case" };
  const threat = /^SECURITY THREAT FIXTURES - ([A-Z ]+)$/.exec(section);
  if (threat) return { label: "poisoned", category: threat[1].toLowerCase().replace(/ /g, "-") };
  if (section === "INVALID TOOL FIXTURES" || section === "BATCH TEST FIXTURES") return undefined;
  throw new Error(`tool-scan ${CONFTEST}: a fixture section of no known kind: ${section}`);
}

export function toolScanExamples(gitDir: string): CorpusExample[] {
  const commit = TOOL_SCAN_SOURCE.commit!;
  const source = show(gitDir, commit, CONFTEST);
  const out: CorpusExample[] = [];
  const marks = [...source.matchAll(/^# ([A-Z][A-Z -]+[A-Z])$|^def (\w+)\(\) -> dict\[str, Any\]:$/gm)];
  let section: string | undefined;
  for (const mark of marks) {
    if (mark[1] !== undefined) {
      section = mark[1];
      continue;
    }
    const fixture = mark[2];
    if (section === undefined) throw new Error(`tool-scan ${CONFTEST}: fixture ${fixture} before any section`);
    const labelled = sectionLabel(section);
    if (!labelled || LEFT_OUT.has(fixture)) continue;
    const body = source.indexOf("\n    return {", mark.index);
    const next = source.indexOf("\n@pytest.fixture", mark.index);
    if (body < 0 || (next >= 0 && body > next)) throw new Error(`tool-scan ${CONFTEST}: fixture ${fixture} does not return a dict literal`);
    let tool: ToolDefinition;
    try {
      tool = new PythonLiteralReader(source, body + "\n    return".length).value() as unknown as ToolDefinition;
    } catch (error) {
      if (error instanceof NotALiteral) throw new Error(`tool-scan ${CONFTEST}: fixture ${fixture} is not a literal (${error.message})`);
      throw error;
    }
    if (typeof tool.name !== "string" || typeof tool.inputSchema !== "object") throw new Error(`tool-scan ${CONFTEST}: fixture ${fixture} is not a tool definition`);
    out.push(toolExample(TOOL_SCAN_SOURCE, labelled.label, labelled.category, fixture, tool));
  }
  for (const fixture of LEFT_OUT.keys()) {
    if (!marks.some((mark) => mark[2] === fixture)) throw new Error(`tool-scan ${CONFTEST} at ${commit} has no fixture ${fixture} to leave out`);
  }
  return out;
}

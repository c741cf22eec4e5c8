/** IO-05: arguments declared to reach a sql, shell, path, url or html sink carry none of that sink's control syntax. */
import { ToolDefinition } from "../../../guard/src/config/types";
import { approvedTool, guardConfig, serverConfig } from "../support/config";
import { decider, denial } from "../support/decide";

const TOOL: ToolDefinition = {
  name: "run",
  inputSchema: { type: "object", properties: { q: { type: "string" }, cmd: { type: "string" }, file: { type: "string" }, link: { type: "string" }, page: { type: "object", properties: { body: { type: "string" } } } } },
};
const sinks = { "/q": "sql", "/cmd": "shell", "/file": "path", "/link": "url", "/page/body": "html" } as const;
const override = ["path-traversal", "command-injection", "ssrf-internal", "ssrf-metadata", "prompt-injection-template"].map((id) => ({ rule: `GW-02-${id}`, justification: "this test exercises IO-05 alone, not the threat patterns" }));
const guard = decider(guardConfig({ db: serverConfig([approvedTool(TOOL, { sinks, overrides: override })]) }));
const call = (args: Record<string, unknown>) => guard.request("tools/call", { name: "run", arguments: args });

test("values that are safe for their sinks pass", async () => {
  expect(denial(await call({ q: "O Brien", cmd: "report.txt", file: "docs/readme.md", link: "https://example.com/a?b=c", page: { body: "Hello & welcome" } }))).toBe("pass");
});

test.each([
  [{ q: "x'; DROP TABLE users" }, "IO-05-sql-stacked-query", "arguments.q"],
  [{ q: "1 -- comment" }, "IO-05-sql-comment", "arguments.q"],
  [{ q: "a' OR 1=1" }, "IO-05-sql-injection", "arguments.q"],
  [{ cmd: "a.txt && id" }, "IO-05-shell-metacharacter", "arguments.cmd"],
  [{ cmd: "--output=/etc/passwd" }, "IO-05-shell-option", "arguments.cmd"],
  [{ file: "/etc/shadow" }, "IO-05-path-absolute", "arguments.file"],
  [{ file: "docs/../../secret" }, "IO-05-path-traversal", "arguments.file"],
  [{ link: "http://example.com/" }, "IO-05-url-scheme-or-host", "arguments.link"],
  [{ link: "https://10.0.0.8/admin" }, "IO-05-url-scheme-or-host", "arguments.link"],
  [{ link: "https://user:pw@example.com/" }, "IO-05-url-scheme-or-host", "arguments.link"],
  [{ page: { body: "<script>alert(1)</script>" } }, "IO-05-html-markup", "arguments.page.body"],
  [{ page: { body: "x onerror = steal()" } }, "IO-05-html-event-handler", "arguments.page.body"],
])("%j is INVALID under %s", async (args, rule, path) => {
  const verdict = denial(await call(args));
  expect(verdict).toMatchObject({ code: "INVALID", rule });
  expect(typeof verdict === "object" && verdict.reason).toContain(path);
});

/**
 * The checks of a server's stage against its guard mode (TOOL-10): production lets a guard only report for a
 * sandboxed server, and a sandboxed server's guard always reports.
 */
import { issue, Reader } from "./readers";
import { McpServerConfig } from "./schema";

/** Reads a server with `reader`, then checks its guard mode against its stage and the environment's production flag. */
export function sandboxFit(production: boolean, reader: Reader<McpServerConfig>): Reader<McpServerConfig> {
  return (value, at) => {
    const server = reader(value, at);
    if (server === undefined) return undefined;
    const mode = server.guard?.mode;
    if (server.stage === "sandbox" && mode === "enforce") {
      at.key("guard").key("mode").report(
        issue("is enforce, but the server is sandboxed (stage: sandbox), where the guard reports everything", "remove guard.mode: a sandboxed server's guard runs in report mode; promote the server (remove stage) to enforce")
      );
      return undefined;
    }
    if (production && mode === "report" && server.stage !== "sandbox") {
      at.key("guard").key("mode").report(
        issue(
          "is report, which production refuses for a server that is not sandboxed: its messages would reach clients unchecked",
          "remove guard.mode (and reportJustification) so the guard enforces, or try this version in the sandbox first with stage: sandbox (no secrets, no egress, the guard reporting)"
        )
      );
      return undefined;
    }
    return server;
  };
}

/** Runs `mcp-harden` in process, as users run it, capturing what it writes. */
import { main } from "../../bin/cli";
import { CapturedRun, captureRun } from "./capture-output";

/** Runs `mcp-harden <args>` in process and returns its exit status and output. */
export function runCli(...args: string[]): Promise<CapturedRun> {
  return captureRun(main, args);
}

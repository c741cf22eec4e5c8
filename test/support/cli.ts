/** Runs `mcp-harden` in process, as users run it, capturing what it writes. */
import { main } from "../../bin/cli";

/** The exit status and output of one `mcp-harden` run. */
export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `mcp-harden <args>` in process and returns its exit status and output. */
export async function runCli(...args: string[]): Promise<CliResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const out = jest.spyOn(process.stdout, "write").mockImplementation((chunk) => stdout.push(String(chunk)) > 0);
  const err = jest.spyOn(process.stderr, "write").mockImplementation((chunk) => stderr.push(String(chunk)) > 0);
  try {
    return { status: await main(args), stdout: stdout.join(""), stderr: stderr.join("") };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

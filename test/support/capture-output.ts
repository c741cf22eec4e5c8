/** Runs a command's `main` in process, capturing what it writes (the CLI's and the guard's tests share it). */

/** The exit status and output of one in-process run. */
export interface CapturedRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `main(args)` with stdout and stderr captured, and returns its exit status and output. */
export async function captureRun(main: (argv: readonly string[]) => number | Promise<number>, args: readonly string[]): Promise<CapturedRun> {
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

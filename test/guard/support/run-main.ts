/** The guard's start command (`main` of guard/src/main.ts) run in this process, for arguments it refuses before serving. */
import { main } from "../../../guard/src/main";

/** Runs the guard's `main` with `args`: its exit status and what it wrote on stderr. */
export async function runGuardMain(args: string[]): Promise<{ status: number; stderr: string }> {
  const written: string[] = [];
  const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk) => written.push(String(chunk)) > 0);
  try {
    return { status: await main(args), stderr: written.join("") };
  } finally {
    spy.mockRestore();
  }
}

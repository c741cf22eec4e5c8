/** The guard's start command (`main` of guard/src/main.ts) run in this process, for arguments it refuses before serving. */
import { main } from "../../../guard/src/main";
import { captureRun } from "../../support/capture-output";

/** Runs the guard's `main` with `args`: its exit status and what it wrote on stderr. */
export async function runGuardMain(args: string[]): Promise<{ status: number; stderr: string }> {
  const { status, stderr } = await captureRun(main, args);
  return { status, stderr };
}

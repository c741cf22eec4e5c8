/**
 * Runs the folds of an evaluation (`cross-source.ts`, `author-folds.ts`) on worker threads: each worker is the calling
 * script, started with `{ dir }` as its data, answers one fold name with one result, and takes the next fold when it
 * finishes one. Results are keyed by fold name, so their order never depends on which worker was faster.
 */
import { availableParallelism } from "node:os";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";

/** The default number of worker threads: two, or fewer on a smaller machine. */
export const DEFAULT_WORKERS = String(Math.min(2, availableParallelism()));

/** The `--workers` option as a number; throws an error naming the option and the value otherwise. */
export function workerCount(value: string): number {
  const workers = Number(value);
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`--workers must be a whole number of threads, at least 1 (got "${value}")`);
  return workers;
}

/**
 * Runs `folds` on `workers` threads of `script`; `foldOf` names the fold a result answers, `progress` what the line on
 * standard error says of it.
 */
export async function runFolds<R>(
  script: string,
  dir: string,
  folds: readonly string[],
  workers: number,
  foldOf: (result: R) => string,
  progress: (result: R) => string = foldOf,
): Promise<Map<string, R>> {
  const results = new Map<string, R>();
  let next = 0;
  const work = () =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(script, { workerData: { dir } });
      const give = () => (next < folds.length ? worker.postMessage(folds[next++]) : void worker.terminate().then(() => resolve()));
      worker.on("message", (result: R) => {
        results.set(foldOf(result), result);
        process.stderr.write(`fold ${progress(result)} (${results.size} of ${folds.length})\n`);
        give();
      });
      worker.on("error", reject);
      give();
    });
  await Promise.all(Array.from({ length: Math.min(workers, folds.length) }, work));
  return results;
}

/**
 * The entry point of a fold script (`module` is the caller's): in a worker thread, `answer` is prepared once for the
 * data folder and answers each fold name it is sent; run as the main module, `main` runs, and an error is printed on
 * standard error with exit code 2.
 */
export function foldScript<R>(module: NodeModule, main: () => Promise<void>, answer: (dir: string) => (fold: string) => R): void {
  if (!isMainThread) {
    const respond = answer((workerData as { dir: string }).dir);
    parentPort!.on("message", (fold: string) => parentPort!.postMessage(respond(fold)));
  } else if (require.main === module) {
    main().catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    });
  }
}


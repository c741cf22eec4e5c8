/**
 * The one error an invalid environment configuration produces: every problem found, each naming the field and
 * the fix, so a platform team fixes a file in one pass instead of one error at a time.
 */

/** What is wrong with one value, and how to fix it. */
export interface ConfigIssue {
  /** What is wrong, naming the offending value. */
  readonly message: string;
  /** How to fix it, for example `Did you mean "10.0.0.0/16"?`. */
  readonly hint: string;
}

/** One problem in a configuration, located by its path (`prod.yaml: mcpServers[1].image`). */
export interface ConfigProblem extends ConfigIssue {
  /** Where the value sits: the source file or environment name when known, then the field path. */
  readonly path: string;
}

/** Formats a problem as one line: `path: message (hint)`. */
export function formatProblem(problem: ConfigProblem): string {
  return `${problem.path}: ${problem.message} (${problem.hint})`;
}

/** An environment configuration, or a set of them, is invalid. `problems` lists everything found. */
export class ConfigError extends Error {
  /** Every problem found, in input order. */
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "ConfigError";
    this.problems = Object.freeze([...problems]);
  }
}

/**
 * `mcp-harden validate <file.json|file.yaml>...`: validates each environment file and, when several are given,
 * the set of them against each other. Exit 0 when everything is valid, 2 listing every problem otherwise.
 */
import { ConfigError, ConfigProblem, formatProblem } from "../../environments/config-error";
import { loadEnvironmentFile, validateEnvironmentSet } from "../../environments/parse";
import { EnvironmentConfig } from "../../environments/schema";

const USAGE = "Usage: mcp-harden validate <file.json|file.yaml>...\n";

/** Runs `validate` with the arguments after the command name; returns the exit code. */
export function validateCommand(args: string[]): number {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(USAGE);
    return 0;
  }
  const option = args.find((arg) => arg.startsWith("-"));
  if (args.length === 0 || option !== undefined) {
    process.stderr.write(
      `${
        option === undefined
          ? "mcp-harden validate: no file given."
          : `mcp-harden validate: unknown option "${option}".`
      }\n${USAGE}`
    );
    return 2;
  }
  const problems: ConfigProblem[] = [];
  const loaded: { file: string; environment: EnvironmentConfig }[] = [];
  for (const file of args) {
    collect(problems, () => loaded.push({ file, environment: loadEnvironmentFile(file) }));
  }
  if (args.length > 1) {
    collect(problems, () =>
      validateEnvironmentSet(
        loaded.map((l) => l.environment),
        loaded.map((l) => l.file)
      )
    );
  }
  if (problems.length > 0) {
    process.stderr.write(
      `${problems.map(formatProblem).join("\n")}\n\n${problems.length} problem${
        problems.length === 1 ? "" : "s"
      } found.\n`
    );
    return 2;
  }
  for (const { file, environment } of loaded) {
    const servers = environment.mcpServers.length;
    process.stdout.write(`${file}: valid (${environment.name}, ${servers} MCP server${servers === 1 ? "" : "s"})\n`);
  }
  return 0;
}

/** Runs `step`, adding the problems of a `ConfigError` it throws to `problems`. */
function collect(problems: ConfigProblem[], step: () => void): void {
  try {
    step();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
}

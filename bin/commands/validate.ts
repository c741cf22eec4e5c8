/**
 * `mcp-harden validate <file.json|file.yaml>...`: validates each environment file and, when several are given,
 * the set of them against each other, and checks that each accepted exception names a real rule and a resource that
 * synthesis creates. Exit 0 when everything is valid, 2 listing every problem otherwise.
 */
import { ConfigError, formatProblem } from "../../environments/config-error";
import { loadEnvironmentFiles, validateEnvironmentSet } from "../../environments/parse";
import { EnvironmentConfig } from "../../environments/schema";
import { exceptionTargetProblems } from "../../stacks/exception-targets";

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
  let environments: EnvironmentConfig[];
  try {
    environments = loadEnvironmentFiles(args);
    if (args.length > 1) validateEnvironmentSet(environments, args);
    const problems = environments.flatMap((environment, index) => exceptionTargetProblems(environment, args[index]));
    if (problems.length > 0) throw new ConfigError(problems);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const count = error.problems.length;
    process.stderr.write(`${error.problems.map(formatProblem).join("\n")}\n\n${count} problem${count === 1 ? "" : "s"} found.\n`);
    return 2;
  }
  environments.forEach((environment, index) => {
    const servers = environment.mcpServers.length;
    process.stdout.write(`${args[index]}: valid (${environment.name}, ${servers} MCP server${servers === 1 ? "" : "s"})\n`);
  });
  return 0;
}

/**
 * `mcp-harden validate <file.json|file.yaml>...`: validates each environment file and, when several are given,
 * the set of them against each other, and checks that each accepted exception names a real rule and a resource that
 * synthesis creates. Exit 0 when everything is valid, 2 listing every problem otherwise.
 */
import { ConfigError, formatProblem } from "../../environments/config-error";
import { loadEnvironmentFiles, validateEnvironmentSet } from "../../environments/parse";
import { EnvironmentConfig } from "../../environments/schema";
import { defineCommand } from "../command";

export default defineCommand({
  name: "validate",
  summary: "Validate environment files, each on its own and, when several are given, as a set.",
  synopsis: "<file.yaml|file.json>...",
  flags: {},
  positionals: { min: 1, max: Infinity, description: "<file.yaml|file.json>...: the environment files to validate." },
  exitCodes: { 0: "every file is valid", 2: "a file is invalid (every problem is listed with its path and a hint), or invalid arguments" },
  run: (_flags, files) => {
    let environments: EnvironmentConfig[];
    try {
      environments = loadEnvironmentFiles(files);
      if (files.length > 1) validateEnvironmentSet(environments, files);
      if (environments.some(({ exceptions }) => exceptions.length > 0)) {
        // Loaded only for exceptions: checking them builds the stacks, which a file without exceptions never needs.
        const { exceptionTargetProblems } = require("../../stacks/exception-targets") as typeof import("../../stacks/exception-targets");
        const problems = environments.flatMap((environment, index) => exceptionTargetProblems(environment, files[index]));
        if (problems.length > 0) throw new ConfigError(problems);
      }
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const count = error.problems.length;
      process.stderr.write(`${error.problems.map(formatProblem).join("\n")}\n\n${count} problem${count === 1 ? "" : "s"} found.\n`);
      return 2;
    }
    environments.forEach((environment, index) => {
      const servers = environment.mcpServers.length;
      process.stdout.write(`${files[index]}: valid (${environment.name}, ${servers} MCP server${servers === 1 ? "" : "s"})\n`);
    });
    return 0;
  },
});

/**
 * `mcp-harden validate <file.json|file.yaml>...`: validates each environment file and, when several are given,
 * the set of them against each other, and checks that each accepted exception names a real rule and a resource that
 * synthesis creates, and that no production server is overdue for re-certification (TOOL-04; a non-production one is
 * warned about on stderr). Exit 0 when everything is valid, 2 listing every problem otherwise.
 */
import { ConfigError, ConfigProblem, formatProblem } from "../../environments/config-error";
import { loadEnvironmentFiles, validateEnvironmentSet } from "../../environments/parse";
import { overdueReviews, REVIEW_DATE_VARIABLE, reviewDay } from "../../environments/recertification";
import { EnvironmentConfig } from "../../environments/schema";
import { defineCommand } from "../command";

export default defineCommand({
  name: "validate",
  summary: "Validate environment files, each on its own and, when several are given, as a set.",
  synopsis: "<file.yaml|file.json>...",
  flags: {},
  positionals: { min: 1, max: Infinity, description: "<file.yaml|file.json>...: the environment files to validate." },
  description: `Re-certification is judged on today's date (UTC), or on the day ${REVIEW_DATE_VARIABLE}=YYYY-MM-DD names.`,
  exitCodes: { 0: "every file is valid (warnings, such as a non-production server overdue for review, on stderr)", 2: "a file is invalid (every problem is listed with its path and a hint), or invalid arguments" },
  run: (_flags, files) => {
    let environments: EnvironmentConfig[];
    let warnings: readonly ConfigProblem[];
    try {
      environments = loadEnvironmentFiles(files);
      if (files.length > 1) validateEnvironmentSet(environments, files);
      const overdue = overdueReviews(environments, reviewDay(), files);
      warnings = overdue.warnings;
      const problems = [...overdue.refused];
      if (environments.some(({ exceptions }) => exceptions.length > 0)) {
        // Loaded only for exceptions: checking them builds the stacks, which a file without exceptions never needs.
        const { exceptionTargetProblems } = require("../../stacks/exception-targets") as typeof import("../../stacks/exception-targets");
        problems.unshift(...environments.flatMap((environment, index) => exceptionTargetProblems(environment, files[index])));
      }
      if (problems.length > 0) throw new ConfigError(problems);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const count = error.problems.length;
      process.stderr.write(`${error.problems.map(formatProblem).join("\n")}\n\n${count} problem${count === 1 ? "" : "s"} found.\n`);
      return 2;
    }
    for (const warning of warnings) process.stderr.write(`warning: ${formatProblem(warning)}\n`);
    environments.forEach((environment, index) => {
      const servers = environment.mcpServers.length;
      process.stdout.write(`${files[index]}: valid (${environment.name}, ${servers} MCP server${servers === 1 ? "" : "s"})\n`);
    });
    return 0;
  },
});

/**
 * `mcp-harden`: validate environment configs, synthesize, check synthesized plans, list controls, diff two plans,
 * report on an environment's controls. Each command lives in `bin/commands/<command>.ts` and is listed in
 * `bin/commands/index.ts`; `mcp-harden <command> --help` shows its flags and exit codes.
 */
import * as fs from "fs";
import * as path from "path";
import { COMMANDS } from "./commands";
import { packageRoot } from "./package-files";

function usage(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    "Usage: mcp-harden <command> [flags]",
    "",
    "Commands:",
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    "",
    'Run "mcp-harden <command> --help" for its flags and exit codes; "mcp-harden --version" for the version.',
    "",
  ].join("\n");
}

function version(): string {
  return (JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
}

/** Runs the CLI and returns its exit code. */
export function main(argv: readonly string[]): number {
  const [name, ...args] = argv;
  if (name === "--version" || name === "-V") {
    process.stdout.write(`mcp-harden ${version()}\n`);
    return 0;
  }
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    process.stderr.write(`mcp-harden: unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  return command.run(args);
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

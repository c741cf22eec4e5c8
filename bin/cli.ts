/**
 * `mcp-harden`: validate environment configs, synthesize, check synthesized plans, list controls, diff two plans,
 * report on an environment's controls, approve tool definitions, revoke access. Each command lives in
 * `bin/commands/<command>.ts` and is listed in `bin/commands/index.ts`; `mcp-harden <command> --help` shows its flags
 * and exit codes. A command's module is loaded only when it runs, so a light command (`tools scan`) does not pay for
 * loading cdktf.
 */
import { enableCompileCache } from "module";
import * as os from "os";
import { allCommands, loadCommand } from "./commands";
import { packageRoot, packageVersion } from "./package-files";

function usage(): string {
  const commands = allCommands();
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    "Usage: mcp-harden <command> [flags]",
    "",
    "Commands:",
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    "",
    'Run "mcp-harden <command> --help" for its flags and exit codes; "mcp-harden --version" for the version.',
    "Every command exits 3 on an internal error, printed as one line without a stack trace.",
    "",
  ].join("\n");
}

/** The exit code of an unexpected error: no stack trace is printed, since it names the files of the installation. */
export const INTERNAL_ERROR = 3;

/** `message` with the installation's and the user's home folder replaced, so no absolute path is printed. */
function withoutInstallPaths(message: string): string {
  return message.split(packageRoot()).join("<mcp-harden>").split(os.homedir()).join("~");
}

/** Runs the CLI and returns its exit code (a promise for commands that wait on a process or a store, like `tools capture` and `revoke`). */
export function main(argv: readonly string[]): number | Promise<number> {
  const [name, ...args] = argv;
  if (name === "--version" || name === "-V") {
    process.stdout.write(`mcp-harden ${packageVersion()}\n`);
    return 0;
  }
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  const internalError = (error: unknown): number => {
    process.stderr.write(`mcp-harden ${name}: internal error: ${withoutInstallPaths(error instanceof Error ? error.message : String(error))}\nThis is a bug in mcp-harden, not in your input: please report it with the command you ran.\n`);
    return INTERNAL_ERROR;
  };
  try {
    const command = loadCommand(name);
    if (!command) {
      process.stderr.write(`mcp-harden: unknown command "${name}".\n\n${usage()}`);
      return 2;
    }
    const code = command.run(args);
    return typeof code === "number" ? code : code.catch(internalError);
  } catch (error) {
    return internalError(error);
  }
}

if (require.main === module) {
  // As bin/mcp-harden does: compiled code cached on disk (Node.js 22.8+), so later runs load faster.
  enableCompileCache?.();
  void Promise.resolve(main(process.argv.slice(2))).then((code) => (process.exitCode = code));
}

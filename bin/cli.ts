/**
 * `mcp-harden`: validate environment configs, synthesize, check synthesized plans, list controls, diff two plans,
 * report on an environment's controls.
 * Each command lives in `bin/commands/<command>.ts` and returns the process exit code.
 */
import * as os from "os";
import { checkCommand } from "./commands/check";
import { controlsCommand } from "./commands/controls";
import { diffCommand } from "./commands/diff";
import { reportCommand } from "./commands/report";
import { runbooksCommand } from "./commands/runbooks";
import { synthCommand } from "./commands/synth";
import { validateCommand } from "./commands/validate";
import { packageRoot } from "./package-files";

const USAGE = `Usage: mcp-harden <command> [options]

Commands:
  validate <file.json|file.yaml>...   Validate environment configs; exit 2 listing every problem, else 0.
  synth [--env-file <file>]...        Synthesize the built-in environments, or the given ones, into cdktf.out.
  check [--out cdktf.out] [--k8s dist/k8s] [--format text|json|sarif]
                                      Check synthesized plans; exit 0 when clean, 1 on findings, 2 on unreadable input.
  controls [--format text|json]       List every control with the rules and tests that prove it.
  diff <base> <head> [--format text|markdown|json] [--fail-on weaker|any]
                                      Security diff of two synthesized checkouts, by control; exit 0 when no
                                      control got weaker, 1 when one did, 2 on bad input.
  report (--env <env> | --all) [--format md|html] [--out <file or dir>] [--out-dir cdktf.out] [--k8s dist/k8s]
                                      Control report of an environment: status, resources, rules, tests and
                                      exceptions of every control, and its architecture drawn from the plan.
  runbooks --env <env> [--out <dir>] [--out-dir cdktf.out]
                                      Write the environment's incident runbooks (IR-00..IR-03), filled with the
                                      real resource names of its plan; exit 2 when the plan lacks one.

Every command exits 3 on an internal error, printed as one line without a stack trace.
`;

const COMMANDS: Record<string, (args: string[]) => number> = {
  validate: validateCommand,
  synth: synthCommand,
  check: checkCommand,
  controls: controlsCommand,
  diff: diffCommand,
  report: reportCommand,
  runbooks: runbooksCommand,
};

/** Runs the CLI and returns its exit code. */
export function main(argv: readonly string[]): number {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`mcp-harden: unknown command "${name}".\n\n${USAGE}`);
    return 2;
  }
  try {
    return command(args);
  } catch (error) {
    process.stderr.write(`mcp-harden ${name}: internal error: ${withoutInstallPaths(error instanceof Error ? error.message : String(error))}\nThis is a bug in mcp-harden, not in your input: please report it with the command you ran.\n`);
    return INTERNAL_ERROR;
  }
}

/** The exit code of an unexpected error: no stack trace is printed, since it names the files of the installation. */
export const INTERNAL_ERROR = 3;

/** `message` with the installation's and the user's home folder replaced, so no absolute path is printed. */
function withoutInstallPaths(message: string): string {
  return message.split(packageRoot()).join("<mcp-harden>").split(os.homedir()).join("~");
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

/**
 * `mcp-harden`: validate environment configs, synthesize, check synthesized plans, list controls, diff two plans,
 * report on an environment's controls.
 * Each command lives in `bin/commands/<command>.ts` and returns the process exit code; its module is loaded only when
 * it runs, so a light command (`tools scan`) does not pay for loading cdktf.
 */
import * as os from "os";
import { packageRoot } from "./package-files";

type Command = (args: string[]) => number | Promise<number>;

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
  tools scan|pin|diff|capture ...     Approved tool definitions: scan for poisoning, pin a server's tools, diff two
                                      versions for review, capture tools/list (mcp-harden tools --help).
  revoke --redis <url> (--subject <sub> | --session <sid> | --client <id> | --token-id <jti>)... (--reason <text> [--ttl <s>] | --lift)
                                      Revoke access at the guard from the next request on (CV-04, JIT-04), or lift it.

Every command exits 3 on an internal error, printed as one line without a stack trace.
`;

const COMMANDS: Record<string, () => Command> = {
  validate: () => (require("./commands/validate") as typeof import("./commands/validate")).validateCommand,
  synth: () => (require("./commands/synth") as typeof import("./commands/synth")).synthCommand,
  check: () => (require("./commands/check") as typeof import("./commands/check")).checkCommand,
  controls: () => (require("./commands/controls") as typeof import("./commands/controls")).controlsCommand,
  diff: () => (require("./commands/diff") as typeof import("./commands/diff")).diffCommand,
  report: () => (require("./commands/report") as typeof import("./commands/report")).reportCommand,
  runbooks: () => (require("./commands/runbooks") as typeof import("./commands/runbooks")).runbooksCommand,
  tools: () => (require("./commands/tools") as typeof import("./commands/tools")).toolsCommand,
  revoke: () => (require("./commands/revoke") as typeof import("./commands/revoke")).revokeCommand,
};

/** Runs the CLI and returns its exit code (a promise for commands that wait on a process or a store, like `tools capture` and `revoke`). */
export function main(argv: readonly string[]): number | Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`mcp-harden: unknown command "${name}".\n\n${USAGE}`);
    return 2;
  }
  const internalError = (error: unknown): number => {
    process.stderr.write(`mcp-harden ${name}: internal error: ${withoutInstallPaths(error instanceof Error ? error.message : String(error))}
This is a bug in mcp-harden, not in your input: please report it with the command you ran.
`);
    return INTERNAL_ERROR;
  };
  try {
    const code = command()(args);
    return typeof code === "number" ? code : code.catch(internalError);
  } catch (error) {
    return internalError(error);
  }
}

/** The exit code of an unexpected error: no stack trace is printed, since it names the files of the installation. */
export const INTERNAL_ERROR = 3;

/** `message` with the installation's and the user's home folder replaced, so no absolute path is printed. */
function withoutInstallPaths(message: string): string {
  return message.split(packageRoot()).join("<mcp-harden>").split(os.homedir()).join("~");
}

if (require.main === module) void Promise.resolve(main(process.argv.slice(2))).then((code) => (process.exitCode = code));

/**
 * `mcp-harden`: validate environment configs, synthesize, check synthesized plans, list controls, diff two plans,
 * report on an environment's controls.
 * Each command lives in `bin/commands/<command>.ts` and returns the process exit code.
 */
import { checkCommand } from "./commands/check";
import { controlsCommand } from "./commands/controls";
import { diffCommand } from "./commands/diff";
import { reportCommand } from "./commands/report";
import { revokeCommand } from "./commands/revoke";
import { runbooksCommand } from "./commands/runbooks";
import { synthCommand } from "./commands/synth";
import { validateCommand } from "./commands/validate";

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
  revoke --redis <url> (--subject <sub> | --session <sid> | --client <id> | --token-id <jti>)... (--reason <text> [--ttl <s>] | --lift)
                                      Revoke access at the guard from the next request on (CV-04, JIT-04), or lift it.
`;

const COMMANDS: Record<string, (args: string[]) => number | Promise<number>> = {
  validate: validateCommand,
  synth: synthCommand,
  check: checkCommand,
  controls: controlsCommand,
  diff: diffCommand,
  report: reportCommand,
  runbooks: runbooksCommand,
  revoke: revokeCommand,
};

/** Runs the CLI and returns its exit code; `revoke`, which talks to Redis, returns it as a promise. */
export function main(argv: readonly ["revoke", ...string[]]): Promise<number>;
export function main(argv: readonly string[]): number;
export function main(argv: readonly string[]): number | Promise<number> {
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
  return command(args);
}

if (require.main === module) {
  void Promise.resolve(main(process.argv.slice(2))).then((code) => {
    process.exitCode = code;
  });
}

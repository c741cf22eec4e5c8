/**
 * How a command of `mcp-harden` is declared: its flags (parsed by Node's `util.parseArgs`, strictly), positional
 * arguments, exit codes and help text in one object. `defineCommand` turns it into something the CLI runs: `--help`
 * prints the help, a usage error exits 2 with the message and the synopsis. Adding a command is one file in
 * `bin/commands/` that exports `defineCommand({...})`, and one line in `bin/commands/index.ts`.
 *
 * Vocabulary shared by every command: `--out` is always where a command writes; the directories it reads are named by
 * what they hold (`--plans` for a cdktf output directory, `--k8s` for Kubernetes YAML, `--env-file` for an
 * environment file); `--format` picks the output format; `--verbose` adds detail to a quiet success.
 */
import { parseArgs } from "util";
import { ProgressStream } from "./progress";

/** One flag. */
export interface FlagSpec {
  /** `string` takes a value, `boolean` is a switch. */
  readonly type: "string" | "boolean";
  /** What the flag does, for `--help`. */
  readonly description: string;
  /** The placeholder of its value in `--help`, e.g. `<dir>`. @default "<value>" */
  readonly valueName?: string;
  /** The only values it accepts. @default any value */
  readonly choices?: readonly string[];
  /** Its value when it is not given. @default undefined */
  readonly default?: string;
  /** Whether it may be given more than once (values collected in order). @default false */
  readonly multiple?: boolean;
}

/** A command's flags by name, without the leading `--`. */
export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

/** What parsing needs of a flag (its help text aside). */
export type ParseSpec = Pick<FlagSpec, "type" | "choices" | "default" | "multiple">;

/** Flags to parse by name, without the leading `--`. */
export type ParseSpecs = Readonly<Record<string, ParseSpec>>;

/** The value of one parsed flag. */
export type FlagValue<S extends ParseSpec> = S extends { readonly type: "boolean" }
  ? boolean
  : S extends { readonly multiple: true }
    ? readonly string[]
    :
        | (S extends { readonly choices: readonly (infer C extends string)[] } ? C : string)
        | (S extends { readonly default: string } ? never : undefined);

/** Parsed flags, keyed like their specs. */
export type FlagValues<S extends ParseSpecs> = { readonly [K in keyof S]: FlagValue<S[K]> };

/** Arguments the command cannot run with: exit 2 with this message and the synopsis. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The declaration of a command. */
export interface CommandSpec<S extends FlagSpecs> {
  readonly name: string;
  /** One line for `mcp-harden --help`. */
  readonly summary: string;
  /** The arguments after the command name, e.g. `<file.yaml>... [--format text|json]`. */
  readonly synopsis: string;
  /** Paragraph(s) for `mcp-harden <command> --help`, after the synopsis. @default none */
  readonly description?: string;
  readonly flags: S;
  /** Positional arguments: their number and what they are. @default none accepted */
  readonly positionals?: { readonly min: number; readonly max: number; readonly description: string };
  /** Every exit code and what it means. */
  readonly exitCodes: Readonly<Record<number, string>>;
  /** Runs the command with parsed arguments; returns the exit code. Throws UsageError for arguments it refuses. */
  run(flags: FlagValues<S>, positionals: readonly string[], progressStream: ProgressStream): number;
}

/** A command the CLI can run. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly synopsis: string;
  /** The full `--help` text. */
  help(): string;
  /** Runs the command with the arguments after its name; returns the exit code. */
  run(args: readonly string[], progressStream?: ProgressStream): number;
}

function flagHelp(name: string, spec: FlagSpec): string {
  const value = spec.type === "string" ? ` ${spec.choices ? spec.choices.join("|") : (spec.valueName ?? "<value>")}` : "";
  const extras = [spec.multiple ? "repeatable" : undefined, spec.default !== undefined ? `default: ${spec.default}` : undefined].filter((extra) => extra !== undefined);
  return `  --${name}${value}\n      ${spec.description}${extras.length > 0 ? ` (${extras.join("; ")})` : ""}`;
}

/**
 * Parses `args` against flag specs with Node's `util.parseArgs` (strict), checking choices and the number of positional
 * arguments; throws {@link UsageError} saying what is valid. `defineCommand` uses it; so can a command with subcommands.
 */
export function parseFlags<const S extends ParseSpecs>(
  args: readonly string[],
  specs: S,
  positionalSpec?: { readonly min: number; readonly max: number; readonly description: string },
): { flags: FlagValues<S>; positionals: string[] } {
  const options = Object.fromEntries(Object.entries(specs).map(([name, flag]) => [name, { type: flag.type, multiple: flag.multiple ?? false }]));
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: positionalSpec !== undefined });
  } catch (error) {
    const valid = Object.keys(specs).map((name) => `--${name}`);
    throw new UsageError(`${(error as Error).message.replace(/\. To specify a positional argument.*$/s, "").replace(/\.?$/, ".")} ${valid.length > 0 ? `Valid flags: ${valid.join(", ")}.` : "This command takes no flags."}`);
  }
  const flags: Record<string, unknown> = {};
  for (const [name, flag] of Object.entries(specs)) {
    const given = (parsed.values as Record<string, unknown>)[name];
    const values = given === undefined ? [] : Array.isArray(given) ? (given as string[]) : [given];
    for (const value of values) {
      if (flag.choices && typeof value === "string" && !flag.choices.includes(value)) throw new UsageError(`--${name} must be one of ${flag.choices.join(", ")}; got "${value}".`);
    }
    flags[name] = flag.type === "boolean" ? given === true : flag.multiple ? values : (given ?? flag.default);
  }
  const { min = 0, max = 0 } = positionalSpec ?? {};
  if (parsed.positionals.length < min || parsed.positionals.length > max) {
    throw new UsageError(
      positionalSpec
        ? `expected ${min === max ? min : `${min} or more`} argument(s) (${positionalSpec.description}); got ${parsed.positionals.length}.`
        : `unexpected argument "${parsed.positionals[0]}".`,
    );
  }
  return { flags: flags as FlagValues<S>, positionals: parsed.positionals };
}

/** A command as the CLI runs it: one that waits on a process or a store (`tools capture`, `revoke`) answers with a promise. */
export interface CliCommand extends Omit<Command, "run"> {
  run(args: readonly string[]): number | Promise<number>;
}

/** Turns a command's declaration into a runnable command with `--help` and usage errors. */
export function defineCommand<const S extends FlagSpecs>(spec: CommandSpec<S>): Command {
  const synopsis = `mcp-harden ${spec.name} ${spec.synopsis}`.trimEnd();
  const help = () =>
    [
      `Usage: ${synopsis}`,
      "",
      spec.summary,
      ...(spec.description ? ["", spec.description] : []),
      ...(spec.positionals ? ["", "Arguments:", `  ${spec.positionals.description}`] : []),
      "",
      "Flags:",
      ...Object.entries(spec.flags).map(([name, flag]) => flagHelp(name, flag)),
      "  --help, -h\n      Show this help.",
      "",
      "Exit codes:",
      ...Object.entries(spec.exitCodes).map(([code, meaning]) => `  ${code}  ${meaning}`),
      "",
    ].join("\n");

  const parse = (args: readonly string[]) => parseFlags(args, spec.flags, spec.positionals);

  return {
    name: spec.name,
    summary: spec.summary,
    synopsis,
    help,
    run(args, progressStream = process.stderr) {
      if (args.includes("--help") || args.includes("-h")) {
        process.stdout.write(help());
        return 0;
      }
      try {
        const { flags, positionals } = parse(args);
        return spec.run(flags, positionals, progressStream);
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        process.stderr.write(`mcp-harden ${spec.name}: ${error.message}\nUsage: ${synopsis}\nRun "mcp-harden ${spec.name} --help" for every flag.\n`);
        return 2;
      }
    },
  };
}

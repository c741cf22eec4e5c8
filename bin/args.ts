/**
 * A small command-line flag parser shared by the commands: `--flag value` and `--flag=value` pairs, repeated
 * flags, allowed values and defaults. Anything else is a usage error that says what to type instead.
 */

/** How one flag is parsed. */
export interface FlagSpec {
  /**
   * Whether the flag may be given more than once; its values are then collected in order.
   * @default false
   */
  readonly repeated?: boolean;
  /**
   * The only values the flag accepts.
   * @default any value
   */
  readonly choices?: readonly string[];
  /**
   * Whether the flag is a switch that takes no value (`--all`); its value is then `true` when given, else `false`.
   * @default false
   */
  readonly switch?: boolean;
  /**
   * The value of a non-repeated flag that is not given.
   * @default undefined (the flag's value is then undefined)
   */
  readonly default?: string;
}

/** The flags a command accepts, by name without the leading `--`. */
export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

/** The value type of one parsed flag: a boolean for a switch, a list when repeated, else one of its choices (or any string). */
export type FlagValue<S extends FlagSpec> = S extends { readonly switch: true }
  ? boolean
  : S extends { readonly repeated: true }
  ? readonly string[]
  :
      | (S extends { readonly choices: readonly (infer C extends string)[] } ? C : string)
      | (S extends { readonly default: string } ? never : undefined);

/** Parsed flags, keyed like their specs. */
export type ParsedFlags<S extends FlagSpecs> = { readonly [K in keyof S]: FlagValue<S[K]> };

/** The result of parsing a command's arguments. */
export interface ParsedArgs<S extends FlagSpecs> {
  readonly flags: ParsedFlags<S>;
  /** Arguments that are not flags, in order. */
  readonly positionals: readonly string[];
}

/** Options of {@link parseArgs}. */
export interface ParseOptions {
  /**
   * Whether arguments that are not flags are accepted (e.g. file names).
   * @default false
   */
  readonly positionals?: boolean;
}

/** Arguments a command cannot run with; the message says which argument and what is valid. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

function validFlags(specs: FlagSpecs): string {
  const names = Object.keys(specs).sort();
  return names.length > 0 ? `Valid flags: ${names.map((name) => `--${name}`).join(", ")}.` : "This command takes no flags.";
}

function checkChoice(name: string, spec: FlagSpec, value: string): void {
  if (spec.choices && !spec.choices.includes(value)) {
    throw new UsageError(`--${name} must be one of ${spec.choices.join(", ")}; got "${value}".`);
  }
}

/**
 * Parses `args` against `specs`. Throws {@link UsageError} on an unknown flag, a flag without a value (or a switch
 * with one), a value outside the flag's choices, a non-repeated flag given twice, or a positional argument when none
 * are accepted.
 */
export function parseArgs<const S extends FlagSpecs>(args: readonly string[], specs: S, options: ParseOptions = {}): ParsedArgs<S> {
  const values = new Map<string, string[]>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith("--")) {
      if (!options.positionals) throw new UsageError(`Unexpected argument "${arg}": this command takes only flags. ${validFlags(specs)}`);
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf("=");
    const name = equals < 0 ? arg.slice(2) : arg.slice(2, equals);
    const spec = Object.prototype.hasOwnProperty.call(specs, name) ? specs[name] : undefined;
    if (!spec) throw new UsageError(`Unknown flag "--${name}". ${validFlags(specs)}`);
    let value: string;
    if (spec.switch) {
      if (equals >= 0) throw new UsageError(`--${name} takes no value; give it as "--${name}".`);
      value = "true";
    } else if (equals >= 0) {
      value = arg.slice(equals + 1);
    } else {
      const next = args[i + 1];
      if (next === undefined || next.startsWith("--")) {
        throw new UsageError(`--${name} needs a value${spec.choices ? `: one of ${spec.choices.join(", ")}` : ""}.`);
      }
      value = next;
      i++;
    }
    checkChoice(name, spec, value);
    const previous = values.get(name) ?? [];
    if (previous.length > 0 && !spec.repeated) throw new UsageError(`--${name} is given more than once; give it once.`);
    values.set(name, [...previous, value]);
  }
  const flags: Record<string, boolean | string | readonly string[] | undefined> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const given = values.get(name) ?? [];
    flags[name] = spec.switch ? given.length > 0 : spec.repeated ? given : (given[0] ?? spec.default);
  }
  return { flags: flags as ParsedFlags<S>, positionals };
}

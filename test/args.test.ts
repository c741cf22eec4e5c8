/**
 * bin/args.ts: the flag parser every command shares.
 */
import { parseArgs, UsageError } from "../bin/args";

const SPECS = {
  out: { default: "cdktf.out" },
  format: { choices: ["text", "json"], default: "text" },
  "env-file": { repeated: true },
  k8s: {},
} as const;

function usageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error("expected a UsageError");
}

describe("parseArgs", () => {
  test("defaults when no flag is given; undefined for a flag without default; [] for a repeated one", () => {
    expect(parseArgs([], SPECS)).toEqual({ flags: { out: "cdktf.out", format: "text", "env-file": [], k8s: undefined }, positionals: [] });
  });

  test("--flag value and --flag=value, values that contain =", () => {
    const { flags } = parseArgs(["--out", "dir", "--k8s=a=b", "--format=json"], SPECS);
    expect(flags).toEqual({ out: "dir", format: "json", "env-file": [], k8s: "a=b" });
  });

  test("an empty value after = is a value", () => {
    expect(parseArgs(["--out="], SPECS).flags.out).toBe("");
  });

  test("unknown flag: names it and lists the valid ones", () => {
    expect(usageError(() => parseArgs(["--colour", "on"], SPECS))).toBe('Unknown flag "--colour". Valid flags: --env-file, --format, --k8s, --out.');
    expect(usageError(() => parseArgs(["--x"], {}))).toBe('Unknown flag "--x". This command takes no flags.');
  });

  test("a flag that is an inherited object property is unknown", () => {
    expect(usageError(() => parseArgs(["--toString", "x"], SPECS))).toContain('Unknown flag "--toString"');
  });

  test("missing value: at the end, or followed by another flag; choices are listed", () => {
    expect(usageError(() => parseArgs(["--out"], SPECS))).toBe("--out needs a value.");
    expect(usageError(() => parseArgs(["--out", "--k8s", "x"], SPECS))).toBe("--out needs a value.");
    expect(usageError(() => parseArgs(["--format"], SPECS))).toBe("--format needs a value: one of text, json.");
  });

  test("repeated flags: collected in order when allowed, else an error", () => {
    expect(parseArgs(["--env-file", "a.yaml", "--env-file=b.yaml"], SPECS).flags["env-file"]).toEqual(["a.yaml", "b.yaml"]);
    expect(usageError(() => parseArgs(["--out", "a", "--out", "b"], SPECS))).toBe("--out is given more than once; give it once.");
  });

  test("choices: a value outside them is an error in both spellings", () => {
    expect(usageError(() => parseArgs(["--format", "sarif"], SPECS))).toBe('--format must be one of text, json; got "sarif".');
    expect(usageError(() => parseArgs(["--format=xml"], SPECS))).toBe('--format must be one of text, json; got "xml".');
  });

  test("switches: true when given, false otherwise; a value or a second use is an error", () => {
    const specs = { all: { switch: true }, env: {} } as const;
    const all: boolean = parseArgs(["--all", "--env", "prod"], specs).flags.all;
    expect(all).toBe(true);
    expect(parseArgs(["--env", "prod"], specs).flags.all).toBe(false);
    expect(parseArgs(["--all", "x"], specs, { positionals: true }).positionals).toEqual(["x"]);
    expect(usageError(() => parseArgs(["--all=yes"], specs))).toBe('--all takes no value; give it as "--all".');
    expect(usageError(() => parseArgs(["--all", "--all"], specs))).toBe("--all is given more than once; give it once.");
  });

  test("positionals: rejected by default, kept in order among flags when accepted", () => {
    expect(usageError(() => parseArgs(["file.yaml"], SPECS))).toBe('Unexpected argument "file.yaml": this command takes only flags. Valid flags: --env-file, --format, --k8s, --out.');
    expect(parseArgs(["a", "--out", "dir", "b", "-x"], SPECS, { positionals: true })).toEqual({
      flags: { out: "dir", format: "text", "env-file": [], k8s: undefined },
      positionals: ["a", "b", "-x"],
    });
  });
});

/**
 * Every command of `mcp-harden`, in the order `--help` lists them. Adding a command is one file in this folder that
 * exports a `CliCommand` (usually `defineCommand({...})`, see `bin/command.ts`) as its default export, and one line here.
 * Each is loaded only when it runs (or when `--help` lists them all), so no command pays for another's imports.
 */
import { CliCommand } from "../command";

const LOADERS: readonly (readonly [name: string, load: () => CliCommand])[] = [
  ["validate", () => (require("./validate") as typeof import("./validate")).default],
  ["synth", () => (require("./synth") as typeof import("./synth")).default],
  ["check", () => (require("./check") as typeof import("./check")).default],
  ["controls", () => (require("./controls") as typeof import("./controls")).default],
  ["diff", () => (require("./diff") as typeof import("./diff")).default],
  ["report", () => (require("./report") as typeof import("./report")).default],
  ["runbooks", () => (require("./runbooks") as typeof import("./runbooks")).default],
  ["vetting-gate", () => (require("./vetting-gate") as typeof import("./vetting-gate")).default],
  ["emulation-plan", () => (require("./emulation-plan") as typeof import("./emulation-plan")).default],
  ["access-review", () => (require("./access-review") as typeof import("./access-review")).default],
  ["tools", () => (require("./tools") as typeof import("./tools")).default],
  ["revoke", () => (require("./revoke") as typeof import("./revoke")).default],
];

/** The command named `name`, loaded, or undefined when there is none. */
export function loadCommand(name: string): CliCommand | undefined {
  return LOADERS.find(([candidate]) => candidate === name)?.[1]();
}

/** Every command, loaded, in `--help` order. */
export function allCommands(): readonly CliCommand[] {
  return LOADERS.map(([, load]) => load());
}

/**
 * Every command of `mcp-harden`, in the order `--help` lists them. Adding a command is one file in this folder that
 * default-exports `defineCommand({...})` (see `bin/command.ts`), and one line here.
 */
import { Command } from "../command";
import check from "./check";
import controls from "./controls";
import diff from "./diff";
import report from "./report";
import runbooks from "./runbooks";
import synth from "./synth";
import validate from "./validate";

export const COMMANDS: readonly Command[] = [validate, synth, check, controls, diff, report, runbooks];

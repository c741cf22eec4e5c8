/**
 * The rule pack. Each rule is a pure function in its own file, named by its rule ID; adding a rule is one
 * file and one line here.
 */
import { Rule } from "../types";

/** Every rule, run by `mcp-harden check` and during synthesis. */
export const ALL_RULES: readonly Rule[] = [];

/**
 * The tool-poisoning detector's contract: what a rule sees (the text fields of one MCP `Tool` definition) and what
 * it reports (a finding a reviewer can act on). One detector serves `mcp-harden tools scan|pin`, `validate` and the
 * guard's `tools/list` check.
 */
import { ToolDefinition } from "../config/types";

/** How bad a finding is; `tools pin` refuses `high` and `critical` findings unless they are accepted by name. */
export type DetectorSeverity = "critical" | "high" | "medium" | "low";

/**
 * Where a piece of text sits in a definition, which decides what text is legitimate there: prose belongs in
 * descriptions; names, titles, defaults and enum values are short identifiers and labels.
 */
export type FieldKind = "name" | "title" | "description" | "parameter-name" | "parameter-description" | "value";

/** One string of a tool definition, with where it was found. */
export interface TextField {
  /** Path of the string in the definition, dot-separated, e.g. `inputSchema.properties.path.description`. */
  readonly path: string;
  readonly kind: FieldKind;
  readonly text: string;
}

/** What the detector is told about a tool besides its definition. */
export interface ScanContext {
  /**
   * OAuth scopes the tool is declared to need (`GuardToolConfig.scopes`); TOOL-07 compares them with what the
   * definition says the tool does.
   * @default undefined (no scope comparison)
   */
  readonly scopes?: readonly string[];
}

/** The input of one rule: a definition and its strings, extracted once. */
export interface ScanInput {
  readonly definition: ToolDefinition;
  readonly fields: readonly TextField[];
  readonly context: ScanContext;
}

/** One problem one rule found in one tool. */
export interface Finding {
  /** Rule ID, starting with its control ID, e.g. `TOOL-06-secrecy`. */
  readonly rule: string;
  /** The control the rule implements, e.g. `TOOL-06`. */
  readonly control: string;
  readonly severity: DetectorSeverity;
  /** What was found and what to do, never more than a short excerpt of the definition. */
  readonly message: string;
  /** Path of the field it was found in (see {@link TextField.path}). */
  readonly field: string;
}

/** A detector rule: a pure function over one definition, in a file named by its ID. */
export interface DetectorRule {
  readonly id: string;
  readonly control: string;
  readonly severity: DetectorSeverity;
  /** One line: what the rule looks for. */
  readonly description: string;
  /** Why it matters and what a reviewer should do when it fires. */
  readonly remediation: string;
  /** Returns one entry per hit: the field and what was found there. */
  readonly check: (input: ScanInput) => readonly RuleHit[];
}

/** A hit of one rule before the detector turns it into a {@link Finding}. */
export interface RuleHit {
  readonly field: string;
  /** What was found, e.g. `"do not tell the user"`. */
  readonly detail: string;
}

/**
 * The readers of the guard's per-tool and per-server policies in an environment: CEL constraints (compiled here, so
 * bad CEL is a config error naming the tool and field), argument sinks, rule overrides, and the server's mode and DLP
 * settings, whose one weakening (report mode) needs its justification.
 */
import { ConfigIssue } from "./config-error";
import { optional } from "./kubernetes-checks";
import { Check, integer, issue, isMapping, list, mapping, minLength, nonBlank, oneOf, Reader, shape, text } from "./readers";
import { McpServerDlpConfig, McpServerGuardConfig, McpToolConstraintConfig, McpToolOverrideConfig } from "./schema";
import { quote } from "./quote";

/** The argument sinks the guard knows (IO-05). */
export const ARGUMENT_SINKS = ["sql", "shell", "path", "url", "html"] as const;

/** The smallest and largest result-size limits a server may set. */
export const RESULT_BYTES_RANGE = { min: 1024, max: 16 * 1024 * 1024 } as const;

/** The most constraints, sinks and overrides one tool may carry. */
const MAX_PER_TOOL = 32;

const CONSTRAINT_ID = /^[a-z][a-z0-9-]{0,62}$/;
const RULE_ID = /^[A-Z]+-[0-9]{2}[a-z]?(-[a-z0-9]+)*$/;
const POINTER = /^(\/([^~/]|~[01])+)+$/;

const checkConstraintId: Check<string> = (id) =>
  CONSTRAINT_ID.test(id) ? undefined : issue(`${quote(id)} is not a constraint ID`, "use 1 to 63 lower-case letters, digits and hyphens, starting with a letter, e.g. branch-not-default");

/** Each expression's verdict: environments repeat constraints (dev, test and prod share them), and parsing CEL is costly. */
const celVerdicts = new Map<string, ConfigIssue | undefined>();

/** Whether `expression` parses and plans; `@bufbuild/cel` is loaded on the first expression, not with every config reader. */
function compileCel(expression: string): ConfigIssue | undefined {
  const { celEnv, parse, plan } = require("@bufbuild/cel") as typeof import("@bufbuild/cel");
  try {
    plan(celEnv(), parse(expression));
    return undefined;
  } catch (error) {
    return issue(`does not compile as CEL: ${(error as Error).message.split("\n")[0]}`, "fix the expression: CEL over args (the call's arguments), e.g. size(args.labels) <= 5 && args.title != \"\"");
  }
}

/** A CEL expression that parses and plans with `@bufbuild/cel` (the guard's own CEL implementation). */
export const checkCelExpression: Check<string> = (expression) => {
  if (expression.trim() === "") return issue("is empty", "write a CEL expression over args that must be true, e.g. args.limit <= 50");
  if (!celVerdicts.has(expression)) celVerdicts.set(expression, compileCel(expression));
  return celVerdicts.get(expression);
};

const checkRuleId: Check<string> = (rule) =>
  RULE_ID.test(rule) ? undefined : issue(`${quote(rule)} is not a guard rule ID`, "name the rule as the guard's audit line does, starting with its control ID, e.g. GW-02-path-traversal");

const checkPointer: Check<string> = (pointer) =>
  POINTER.test(pointer) ? undefined : issue(`${quote(pointer)} is not a JSON Pointer into the arguments`, 'write it as /<property>[/<property>...], e.g. "/query"');

const CONSTRAINT: Reader<McpToolConstraintConfig> = shape<McpToolConstraintConfig>({
  id: text(checkConstraintId),
  expression: text(checkCelExpression),
  message: text(nonBlank("say what the caller must change, without echoing an argument value")),
});

const OVERRIDE: Reader<McpToolOverrideConfig> = shape<McpToolOverrideConfig>({
  rule: text(checkRuleId),
  justification: text(minLength(20, "say why this tool legitimately trips the rule, who approved it and until when")),
});

/** The guard fields of a tool entry (`constraints`, `sinks`, `overrides`), all optional. */
export const TOOL_GUARD_FIELDS = {
  constraints: optional(list(CONSTRAINT, { unique: { identity: "constraint ID", field: "id" } })),
  sinks: optional(mapping([checkPointer], oneOf(ARGUMENT_SINKS), MAX_PER_TOOL)),
  overrides: optional(list(OVERRIDE, { unique: { identity: "overridden rule", field: "rule" } })),
};

const DLP: Reader<McpServerDlpConfig> = shape<McpServerDlpConfig>({
  mode: optional(oneOf(["mask", "block"] as const)),
  maxResultBytes: optional(integer(RESULT_BYTES_RANGE.min, RESULT_BYTES_RANGE.max)),
});

const GUARD_FIELDS = shape<McpServerGuardConfig>({
  mode: optional(oneOf(["enforce", "report"] as const)),
  reportJustification: optional(text(minLength(20, "say why the server runs unenforced, who approved it and until when"))),
  dlp: optional(DLP),
});

/** The reader of `mcpServers[].guard`: report mode only with its justification, a justification only for report mode. */
export const serverGuardReader: Reader<McpServerGuardConfig> = (value, at) => {
  const guard = GUARD_FIELDS(value, at);
  if (guard === undefined || !isMapping(value)) return guard;
  const report = guard.mode === "report";
  if (report && guard.reportJustification === undefined) {
    return at.key("reportJustification").report(
      issue("is required for mode report", "say why the guard only reports for this server, who approved it and until when (at least 20 characters), or remove mode: report mode lets every message through")
    );
  }
  if (!report && guard.reportJustification !== undefined) {
    return at.key("reportJustification").report(issue("is set, but the server's guard enforces", "remove reportJustification: it is only for mode report"));
  }
  return guard;
};

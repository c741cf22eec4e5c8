/**
 * IO-07 (semantic validation) and IO-08 (cross-field consistency): each approved tool's `constraints`, CEL
 * expressions over `args` (the call's arguments), compiled once at load and all required to be `true` on every call.
 * A constraint that reads one argument is IO-07; one that relates two or more is IO-08. An expression that does not
 * parse, or names a variable other than `args`, refuses the config naming the tool and constraint; an evaluation
 * error (e.g. a missing argument) denies (fail-closed). Denials carry the constraint's message, never a value.
 */
import { CelInput, celEnv, isCelError, parse, plan } from "@bufbuild/cel";
import { JsonValue } from "../config/types";
import { Check, CheckOutcome, ConfigError, PASS, deny, isObject } from "../pipeline/check";
import { fieldPath, pointerToken } from "../pipeline/json-path";

/** A JSON value as CEL sees it: integers as `int`, objects as maps. */
export function toCel(value: JsonValue): CelInput {
  if (Array.isArray(value)) return value.map(toCel);
  if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
  if (isObject(value)) return new Map(Object.entries(value).map(([key, entry]) => [key, toCel(entry)]));
  return value as CelInput;
}

interface Names {
  readonly idents: Set<string>;
  readonly locals: Set<string>;
  readonly argFields: Set<string>;
}

/** Collects identifiers, comprehension variables and `args.<field>` selections of a parsed expression. */
function collect(node: unknown, names: Names): void {
  if (Array.isArray(node)) {
    for (const item of node) collect(item, names);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const record = node as { [key: string]: unknown };
  if (record.case === "identExpr") names.idents.add((record.value as { name: string }).name);
  if (record.case === "comprehensionExpr") {
    const comprehension = record.value as { iterVar?: string; iterVar2?: string; accuVar?: string };
    for (const local of [comprehension.iterVar, comprehension.iterVar2, comprehension.accuVar]) if (local) names.locals.add(local);
  }
  if (record.case === "selectExpr") {
    const select = record.value as { operand?: { exprKind?: { case?: string; value?: { name?: string } } }; field?: string };
    if (select.operand?.exprKind?.case === "identExpr" && select.operand.exprKind.value?.name === "args" && select.field) names.argFields.add(select.field);
  }
  for (const [key, value] of Object.entries(record)) if (key !== "$typeName" && typeof value === "object") collect(value, names);
}

interface Constraint {
  readonly rule: string;
  readonly message: string;
  readonly evaluate: (bindings: { args: CelInput }) => unknown;
}

export const IO07: Check = {
  id: "IO-07-constraints",
  control: "IO-07",
  description: "Per-tool CEL constraints over the arguments (semantic IO-07, cross-field IO-08) hold on every call.",
  phase: "request",
  methods: ["tools/call"],
  compile: (config) => {
    const env = celEnv();
    const byTool = new Map<string, readonly Constraint[]>();
    for (const [server, serverConfig] of Object.entries(config.servers)) {
      for (const [name, tool] of Object.entries(serverConfig.tools)) {
        const constraints = tool.constraints.map((constraint, index): Constraint => {
          const field = fieldPath(`/servers/${pointerToken(server)}/tools/${pointerToken(name)}/constraints/${index}/expression`);
          let parsed: ReturnType<typeof parse>;
          try {
            parsed = parse(constraint.expression);
          } catch (error) {
            throw new ConfigError(field, `constraint ${constraint.id} of tool ${name} is not valid CEL: ${(error as Error).message}`);
          }
          const names: Names = { idents: new Set(), locals: new Set(), argFields: new Set() };
          collect(parsed.expr, names);
          const unknown = [...names.idents].filter((ident) => ident !== "args" && !names.locals.has(ident));
          if (unknown.length > 0) throw new ConfigError(field, `constraint ${constraint.id} of tool ${name} names ${unknown.join(", ")}; only \`args\` (the arguments) is defined`);
          const control = names.argFields.size >= 2 ? "IO-08" : "IO-07";
          return { rule: `${control}-${constraint.id}`, message: constraint.message, evaluate: plan(env, parsed) as (bindings: { args: CelInput }) => unknown };
        });
        if (constraints.length > 0) byTool.set(`${server}\u0000${name}`, constraints);
      }
    }
    return (ctx): CheckOutcome => {
      const constraints = ctx.tool === undefined ? undefined : byTool.get(`${ctx.server}\u0000${ctx.tool}`);
      if (constraints === undefined) return PASS;
      const args = toCel(isObject(ctx.message) && isObject(ctx.message.arguments) ? ctx.message.arguments : {});
      for (const constraint of constraints) {
        const result = constraint.evaluate({ args });
        if (result === true) continue;
        const why = isCelError(result) ? "could not be evaluated on these arguments" : "does not hold";
        return deny("INVALID", constraint.rule, `constraint ${constraint.rule} ${why}: ${constraint.message} (${constraint.rule.slice(0, 5)})`);
      }
      return PASS;
    };
  },
};

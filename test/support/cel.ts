/**
 * Evaluates the CEL of a generated ValidatingAdmissionPolicy the way the API server does, with a real CEL
 * implementation (@bufbuild/cel): JSON integers become CEL ints and objects become maps, the policy's variables are
 * evaluated in order and bound as `variables`, its match conditions decide whether it applies, and a validation that
 * is not `true` (false, or an evaluation error, which failurePolicy Fail turns into a denial) denies with its message.
 */
import { CelInput, isCelError, run } from "@bufbuild/cel";

/** A JSON value as the API server hands it to CEL: integers as `int`, objects as maps, absent fields left out. */
export function toCel(value: unknown): CelInput {
  if (Array.isArray(value)) return value.map(toCel);
  if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
  if (typeof value === "object" && value !== null) return new Map(Object.entries(value).filter(([, entry]) => entry !== undefined).map(([key, entry]) => [key, toCel(entry)]));
  return value as CelInput;
}

/** One CEL expression of a policy. */
interface Expression {
  readonly name?: string;
  readonly expression: string;
  readonly message?: string;
}

/** What a policy decides about an object. */
export interface AdmissionDecision {
  /** Whether every match condition held (the policy applies). */
  readonly applies: boolean;
  /** The messages of the validations that denied, in order. */
  readonly denials: readonly string[];
}

/** Evaluates one expression; a CEL error is returned as an Error. */
function evaluate(expression: string, bindings: Record<string, CelInput>): unknown {
  const result = run(expression, bindings);
  return isCelError(result) ? new Error(`${expression}: ${result.message}`) : result;
}

/** Evaluates a ValidatingAdmissionPolicy's CEL against an admitted object (and, for updates, the old one). */
export function admit(policy: Record<string, any>, object: unknown, oldObject: unknown = null): AdmissionDecision {
  const variables = new Map<string, CelInput>();
  const bindings = () => ({ object: toCel(object), oldObject: toCel(oldObject), variables: variables as CelInput });
  for (const variable of (policy.spec.variables ?? []) as Expression[]) {
    const value = evaluate(variable.expression, bindings());
    if (value instanceof Error) throw value;
    variables.set(String(variable.name), value as CelInput);
  }
  for (const condition of (policy.spec.matchConditions ?? []) as Expression[]) {
    const value = evaluate(condition.expression, bindings());
    if (value instanceof Error) throw value;
    if (value !== true) return { applies: false, denials: [] };
  }
  const denials = ((policy.spec.validations ?? []) as Expression[]).flatMap((validation) => {
    const value = evaluate(validation.expression, bindings());
    if (value instanceof Error) return [`error: ${value.message}`];
    return value === true ? [] : [String(validation.message)];
  });
  return { applies: true, denials };
}

/**
 * A small interpreter of the custom (non-managed, non-rate-based) rules of a synthesized web ACL, following AWS WAF's
 * documented semantics behind an ALB: the first 8 KB of a body are inspected, a missing header matches nothing, JSON
 * body parse failures and oversize bodies follow the statement's fallback settings. Tests send requests through it
 * to show what the MCP protocol rules block, not only how they are written.
 */
import { Attributes, block, blocks } from "../../policies/terraform";
import { ALB_WAF_BODY_INSPECTION_BYTES } from "../../baselines/waf-limits";

/** A request as WAF sees it; header names in lower case. */
export interface WafRequest {
  readonly method: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** Regex pattern sets by the `${...arn}` reference rules use for them. */
export type PatternSets = Readonly<Record<string, readonly string[]>>;

/** What inspecting one component yields: values to compare, or a verdict forced by oversize/parse fallbacks. */
type Inspection = { readonly values: readonly string[] } | { readonly verdict: boolean };

function normalizePath(path: string): string {
  const out: string[] = [];
  for (const segment of path.replace(/\/+/g, "/").split("/")) {
    if (segment === ".") continue;
    if (segment === ".." && out.length > 1) out.pop();
    else out.push(segment);
  }
  return out.join("/");
}

function jsDecode(text: string): string {
  return text.replace(/\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})|\\(.)/g, (_, unicode: string, hex: string, escaped: string) => {
    if (unicode) return String.fromCharCode(parseInt(unicode, 16));
    if (hex) return String.fromCharCode(parseInt(hex, 16));
    return ({ n: "\n", t: "\t", r: "\r" } as Record<string, string>)[escaped] ?? escaped;
  });
}

function transform(value: string, transformations: unknown): string {
  return blocks(transformations)
    .sort((a, b) => Number(a["priority"]) - Number(b["priority"]))
    .reduce((current, transformation) => {
      switch (transformation["type"]) {
        case "NONE":
          return current;
        case "LOWERCASE":
          return current.toLowerCase();
        case "NORMALIZE_PATH":
          return normalizePath(current);
        case "JS_DECODE":
          return jsDecode(current);
        default:
          throw new Error(`the evaluator does not implement transformation ${String(transformation["type"])}`);
      }
    }, value);
}

/** Every key and leaf value of a JSON document, as strings. */
function jsonKeysAndValues(document: unknown): string[] {
  if (Array.isArray(document)) return document.flatMap(jsonKeysAndValues);
  if (document !== null && typeof document === "object") return Object.entries(document).flatMap(([key, value]) => [key, ...jsonKeysAndValues(value)]);
  return [String(document)];
}

function inspect(request: WafRequest, match: Attributes): Inspection {
  const field = block(match["field_to_match"]) ?? {};
  const body = request.body ?? "";
  const oversize = (settings: Attributes | undefined): Inspection | undefined => {
    if (Buffer.byteLength(body) <= ALB_WAF_BODY_INSPECTION_BYTES) return undefined;
    const handling = settings?.["oversize_handling"];
    if (handling === "MATCH") return { verdict: true };
    if (handling === "NO_MATCH") return { verdict: false };
    return { values: [Buffer.from(body).subarray(0, ALB_WAF_BODY_INSPECTION_BYTES).toString()] };
  };
  if (block(field["uri_path"])) return { values: [request.path] };
  if (block(field["method"])) return { values: [request.method] };
  const header = block(field["single_header"]);
  if (header) {
    const value = request.headers?.[String(header["name"]).toLowerCase()];
    return { values: value === undefined ? [] : [value] };
  }
  const rawBody = block(field["body"]);
  if (rawBody) return oversize(rawBody) ?? { values: [body] };
  const jsonBody = block(field["json_body"]);
  if (jsonBody) {
    const over = oversize(jsonBody);
    if (over) return over;
    try {
      const document: unknown = JSON.parse(body);
      if (jsonBody["match_scope"] !== "ALL") throw new Error("the evaluator implements json_body match_scope ALL only");
      return { values: jsonKeysAndValues(document) };
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      const fallback = jsonBody["invalid_fallback_behavior"];
      if (fallback === "MATCH") return { verdict: true };
      if (fallback === "EVALUATE_AS_STRING") return { values: [body] };
      return { verdict: false };
    }
  }
  throw new Error(`the evaluator does not implement field_to_match ${Object.keys(field).join(", ")}`);
}

function compare(inspection: Inspection, test: (value: string) => boolean, transformations: unknown): boolean {
  return "verdict" in inspection ? inspection.verdict : inspection.values.some((value) => test(transform(value, transformations)));
}

/** Whether a statement matches a request. */
export function matches(statement: Attributes, request: WafRequest, sets: PatternSets): boolean {
  const operands = (key: string) => blocks(block(statement[key])?.["statement"]);
  if (block(statement["and_statement"])) return operands("and_statement").every((child) => matches(child, request, sets));
  if (block(statement["or_statement"])) return operands("or_statement").some((child) => matches(child, request, sets));
  if (block(statement["not_statement"])) return !matches(operands("not_statement")[0], request, sets);
  const byteMatch = block(statement["byte_match_statement"]);
  if (byteMatch) {
    const search = String(byteMatch["search_string"]);
    const test = {
      EXACTLY: (value: string) => value === search,
      STARTS_WITH: (value: string) => value.startsWith(search),
      ENDS_WITH: (value: string) => value.endsWith(search),
      CONTAINS: (value: string) => value.includes(search),
    }[String(byteMatch["positional_constraint"])];
    if (!test) throw new Error(`the evaluator does not implement positional_constraint ${String(byteMatch["positional_constraint"])}`);
    return compare(inspect(request, byteMatch), test, byteMatch["text_transformation"]);
  }
  const regexMatch = block(statement["regex_match_statement"]);
  if (regexMatch) {
    const regex = new RegExp(String(regexMatch["regex_string"]));
    return compare(inspect(request, regexMatch), (value) => regex.test(value), regexMatch["text_transformation"]);
  }
  const regexSet = block(statement["regex_pattern_set_reference_statement"]);
  if (regexSet) {
    const patterns = sets[String(regexSet["arn"])];
    if (!patterns) throw new Error(`unknown regex pattern set ${String(regexSet["arn"])}`);
    const regexes = patterns.map((pattern) => new RegExp(pattern));
    return compare(inspect(request, regexSet), (value) => regexes.some((regex) => regex.test(value)), regexSet["text_transformation"]);
  }
  const size = block(statement["size_constraint_statement"]);
  if (size) {
    const limit = Number(size["size"]);
    const test = {
      GT: (value: string) => Buffer.byteLength(value) > limit,
      GE: (value: string) => Buffer.byteLength(value) >= limit,
      LT: (value: string) => Buffer.byteLength(value) < limit,
      EQ: (value: string) => Buffer.byteLength(value) === limit,
    }[String(size["comparison_operator"])];
    if (!test) throw new Error(`the evaluator does not implement comparison_operator ${String(size["comparison_operator"])}`);
    return compare(inspect(request, size), test, size["text_transformation"]);
  }
  throw new Error(`the evaluator does not implement statement ${Object.keys(statement).join(", ")}`);
}

/**
 * The first custom rule (in priority order, managed rule groups and rate-based rules skipped) whose statement matches
 * and whose action is block, or undefined when the custom rules let the request through.
 */
export function blockingRule(rules: readonly Attributes[], request: WafRequest, sets: PatternSets): string | undefined {
  const custom = [...rules]
    .sort((a, b) => Number(a["priority"]) - Number(b["priority"]))
    .filter((rule) => {
      const statement = block(rule["statement"]) ?? {};
      return !block(statement["managed_rule_group_statement"]) && !block(statement["rate_based_statement"]);
    });
  for (const rule of custom) {
    if (!matches(block(rule["statement"]) ?? {}, request, sets)) continue;
    const action = block(rule["action"]) ?? {};
    if (block(action["block"])) return String(rule["name"]);
    if (block(action["allow"])) return undefined;
  }
  return undefined;
}

/** The readers of the `edge` section: the HTTPS load balancer's domain and the web application firewall's settings. */
import {
  ALB_WAF_BODY_INSPECTION_BYTES,
  WAF_EVALUATION_WINDOWS,
  WAF_RATE_LIMIT_RANGE,
  WAF_REGEX_PATTERNS_PER_SET,
} from "../baselines/waf-limits";
import { checkEdgeDomain, checkHumanPath, checkOrigin, checkPathPrefix, checkRateLimit } from "./edge-checks";
import { bool, integer, isMapping, issue, list, oneOf, Reader, shape, Shape, text } from "./readers";
import { EdgeConfig, EdgeRateLimits } from "./schema";

/** The most human-facing path prefixes: each adds a scope-down match to the Bot Control rule. */
const MAX_HUMAN_PATHS = 5;

/** A list reader that also reports more than `max` items, with the reason. */
function atMost<T>(max: number, reader: Reader<readonly T[]>, why: string): Reader<readonly T[]> {
  return (value, at) => {
    const items = reader(value, at);
    if (items === undefined || items.length <= max) return items;
    return at.report(issue(`has ${items.length} items, more than ${max}`, `remove ${items.length - max}: ${why}`));
  };
}

/** `countManagedRuleGroups`: a boolean that must be false in production. */
function countManagedRuleGroups(production: boolean): Reader<boolean> {
  return (value, at) => {
    const count = bool(value, at);
    if (count === true && production) {
      return at.report(
        issue("count mode is not allowed in production", "set false: production blocks with every AWS managed rule group (NET-03); tune false positives in another environment")
      );
    }
    return count;
  };
}

/**
 * The reader of `edge`. `raw` is the whole environment as given: production and the MCP path prefix are peeked from
 * it, so every field is checked even when those fields are themselves invalid.
 */
export function edgeReader(raw: Readonly<Record<string, unknown>>): Reader<EdgeConfig> {
  const production = raw.production === true;
  const edge = isMapping(raw.edge) ? raw.edge : {};
  const mcpPathPrefix = typeof edge.mcpPathPrefix === "string" ? edge.mcpPathPrefix : undefined;
  const rateLimits: Shape<EdgeRateLimits> = {
    perIp: integer(WAF_RATE_LIMIT_RANGE.min, WAF_RATE_LIMIT_RANGE.max, checkRateLimit),
    perCredential: integer(WAF_RATE_LIMIT_RANGE.min, WAF_RATE_LIMIT_RANGE.max, checkRateLimit),
    perServerPath: integer(WAF_RATE_LIMIT_RANGE.min, WAF_RATE_LIMIT_RANGE.max, checkRateLimit),
    evaluationWindowSeconds: oneOf(WAF_EVALUATION_WINDOWS),
  };
  return shape<EdgeConfig>({
    domain: text(checkEdgeDomain),
    allowedOrigins: atMost(
      WAF_REGEX_PATTERNS_PER_SET,
      list(text(checkOrigin), { unique: { identity: "origin" } }),
      `the origin allowlist is one AWS WAF regex pattern set, which holds at most ${WAF_REGEX_PATTERNS_PER_SET} patterns`
    ),
    mcpPathPrefix: text(checkPathPrefix),
    humanPaths: atMost(
      MAX_HUMAN_PATHS,
      list(text(checkPathPrefix, checkHumanPath(mcpPathPrefix)), {
        minItems: 1,
        tooShortHint: 'list the sign-in pages people use, e.g. ["/signin"]: Bot Control blocks bots there',
        unique: { identity: "path" },
      }),
      "each path adds to the Bot Control rule; use a common prefix"
    ),
    maxRequestBodyBytes: integer(1, ALB_WAF_BODY_INSPECTION_BYTES),
    rateLimits: shape(rateLimits),
    countManagedRuleGroups: countManagedRuleGroups(production),
  });
}

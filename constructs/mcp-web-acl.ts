import { Construct } from "constructs";
import { Wafv2RegexPatternSet } from "@cdktf/provider-aws/lib/wafv2-regex-pattern-set";
import { Wafv2WebAcl, Wafv2WebAclRule } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import { EncryptedLogGroup } from "./encrypted-log-group";
import {
  ALB_WAF_BODY_INSPECTION_BYTES,
  BOT_CONTROL_RULE_GROUP,
  MANAGED_RULE_GROUPS,
  MCP_HTTP_METHODS,
  MCP_PROTOCOL_VERSIONS,
  WAF_EVALUATION_WINDOWS,
  WAF_RATE_LIMIT_RANGE,
  WAF_REGEX_MAX_LENGTH,
  WAF_REGEX_PATTERNS_PER_SET,
  WafEvaluationWindow,
} from "../baselines/waf-limits";

/**
 * Request-side signatures of prompt injection, tool poisoning and exfiltration in MCP message bodies (GW-02, NET-03),
 * matched after JavaScript-escape decoding and lower-casing, so they are written in lower case. PCRE without
 * capturing groups (AWS WAF rejects them), each at most 200 characters.
 */
export const MCP_INJECTION_SIGNATURES: readonly string[] = [
  // "Ignore all previous instructions" and its variants.
  String.raw`ignore\s+(?:all\s+|any\s+|the\s+)?(?:previous|prior|above|earlier)\s+(?:instructions|prompts|rules)`,
  // Hidden-instruction tags used in tool poisoning: <IMPORTANT>, <system>, </instructions>.
  String.raw`<\s*/?\s*(?:important|system|instructions?|admin)\s*>`,
  // Instructions to hide an action from the user.
  String.raw`(?:do\s+not|don't|never)\s+(?:tell|inform|mention\s+(?:this\s+)?to|notify)\s+the\s+user`,
  // Requests to disclose the system prompt.
  String.raw`(?:reveal|print|show|repeat|output)\s+(?:your|the)\s+(?:system\s+prompt|hidden\s+instructions|initial\s+instructions)`,
  // Credential files that poisoned tools ask to read and pass along.
  String.raw`\.ssh/id_(?:rsa|dsa|ecdsa|ed25519)|\.aws/credentials|/etc/shadow|\.kube/config|\.docker/config\.json`,
  // Cloud instance metadata endpoints (SSRF to steal instance credentials).
  String.raw`169\.254\.169\.254|fd00:ec2::254|metadata\.google\.internal|100\.100\.100\.200`,
  // Download-and-execute.
  String.raw`(?:curl|wget)\s[^|;&]{0,200}\|\s*(?:sudo\s+)?(?:bash|sh|zsh|dash)`,
  // Private key material.
  String.raw`-----begin\s(?:[a-z0-9]+\s){0,3}private\skey-----`,
];

/** Rate limits of an {@link McpWebAcl}, each counted over the evaluation window. */
export interface McpRateLimits {
  /** Requests one client IP address may send, on any path. */
  readonly perIp: number;
  /** Requests one credential (one `Authorization` header value) may send, on any path. */
  readonly perCredential: number;
  /** Requests all clients together may send to one MCP server path. */
  readonly perServerPath: number;
  /** Window in seconds. @default 300 */
  readonly evaluationWindowSeconds?: WafEvaluationWindow;
}

/**
 * The authorization server served by the same load balancer under its own host (AUTH-01, PUB-08): only its public
 * paths pass, everything else on the host is blocked (the admin console and API, the master realm), and its sign-in
 * and token endpoints are rate-limited per client IP.
 */
export interface AuthorizationServerEdge {
  /** Its host name, e.g. `auth.example.com`, matched on the `Host` header. */
  readonly host: string;
  /** Path prefixes the internet may reach, each ending in `/`, e.g. `/realms/mcp-prod/` and `/resources/`; at least one. */
  readonly publicPaths: readonly string[];
  /** Path prefixes of the sign-in and token endpoints, each ending in `/`, rate-limited per client IP; at least one. */
  readonly signInPaths: readonly string[];
  /** Requests one client IP may send to the sign-in and token endpoints over the evaluation window. @default 300 */
  readonly signInPerIp?: number;
}

/** Properties of an {@link McpWebAcl}. */
export interface McpWebAclProps {
  /** Name of the web ACL; its log group is `aws-waf-logs-<name>`. */
  readonly name: string;
  /** Path prefix of the MCP servers (`/mcp` serves `/mcp/<server>`); the MCP protocol rules apply below it. */
  readonly mcpPathPrefix: string;
  /** Path prefixes of pages for people (sign-in), where Bot Control blocks; at least one, outside the MCP prefix. */
  readonly humanPaths: readonly string[];
  /** Rate limits per IP, per credential and per MCP server path (GW-03). */
  readonly rateLimits: McpRateLimits;
  /** Browser origins (`https://host[:port]`) allowed on MCP paths; any other `Origin` is blocked. @default [] */
  readonly allowedOrigins?: readonly string[];
  /** Accepted `MCP-Protocol-Version` values. @default MCP_PROTOCOL_VERSIONS */
  readonly protocolVersions?: readonly string[];
  /** Largest request body on MCP paths, in bytes, at most 8192. @default 8192 */
  readonly maxRequestBodyBytes?: number;
  /** Body signatures blocked on MCP paths, lower-case PCRE, at most 10. @default MCP_INJECTION_SIGNATURES */
  readonly injectionSignatures?: readonly string[];
  /**
   * Weakening: run the AWS managed rule groups in count mode (they log matches, block nothing) while tuning false
   * positives. Never use it in production. @default false
   */
  readonly countManagedRuleGroups?: boolean;
  /** The authorization server behind the same load balancer, when the environment deploys one. @default none */
  readonly authorizationServer?: AuthorizationServerEdge;
  /** Customer-managed KMS key of the WAF log group. */
  readonly logKmsKeyArn: string;
  /** Retention of the WAF log group in days. */
  readonly logRetentionDays: number;
  /** Extra tags. @default {} */
  readonly tags?: Record<string, string>;
}

/** A WAF statement, written as raw Terraform JSON (the provider types it `any`). */
type Statement = Record<string, unknown>;

const NO_TRANSFORMATION = [{ priority: 0, type: "NONE" }];

/** Escapes a string for use as a literal inside a PCRE pattern. */
function pcreLiteral(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, (character) => `\\${character}`);
}

/** A regex that matches exactly one of the given literal values. */
function exactlyOneOf(values: readonly string[]): string {
  return values.map((value) => `^${pcreLiteral(value)}$`).join("|");
}

/** Requests whose normalized path starts with `prefix`. */
function pathStartsWith(prefix: string): Statement {
  return {
    byte_match_statement: {
      field_to_match: { uri_path: {} },
      positional_constraint: "STARTS_WITH",
      search_string: prefix,
      text_transformation: [{ priority: 0, type: "NORMALIZE_PATH" }],
    },
  };
}

function methodIs(method: string): Statement {
  return {
    byte_match_statement: {
      field_to_match: { method: {} },
      positional_constraint: "EXACTLY",
      search_string: method,
      text_transformation: NO_TRANSFORMATION,
    },
  };
}

function headerPresent(name: string): Statement {
  return {
    size_constraint_statement: {
      field_to_match: { single_header: { name } },
      comparison_operator: "GT",
      size: 0,
      text_transformation: NO_TRANSFORMATION,
    },
  };
}

const and = (...statements: Statement[]): Statement => ({ and_statement: { statement: statements } });
const not = (statement: Statement): Statement => ({ not_statement: { statement: [statement] } });
const or = (...statements: Statement[]): Statement => (statements.length === 1 ? statements[0] : { or_statement: { statement: statements } });

const INVALID_REQUEST_BODY = "mcp-invalid-request";
const RATE_LIMITED_BODY = "mcp-rate-limited";

/**
 * A REGIONAL AWS WAF web ACL for MCP endpoints behind an Application Load Balancer (NET-03, GW-01, GW-03, PUB-06).
 * Rules, in evaluation order; anything no rule blocks is allowed:
 * 1. AWS managed rule groups ({@link MANAGED_RULE_GROUPS}), blocking (count only with `countManagedRuleGroups`).
 * 2. MCP protocol rules below the MCP path prefix, each blocking with a JSON-RPC error body: HTTP method allowlist
 *    (POST, GET, DELETE; OPTIONS too when browser origins are allowed, for CORS preflight), `Content-Type:
 *    application/json` on POST, POST bodies that parse as JSON (unparsable or over 8 KB blocks), a body size limit,
 *    `MCP-Protocol-Version` in the supported set when present, `Origin` in the allowlist when present, and a regex
 *    pattern set of injection and exfiltration signatures.
 * 3. Rate-based rules per client IP, per credential (`Authorization` header) and per MCP server path.
 * 4. Bot Control: blocking on the human-facing paths, count only on MCP paths (agents are automated by design).
 * Requests are logged to a KMS-encrypted log group with the `authorization` and `cookie` headers redacted (LOG-01).
 */
export class McpWebAcl extends Construct {
  /** The web ACL. */
  readonly webAcl: Wafv2WebAcl;
  /** The regex pattern set of injection and exfiltration signatures. */
  readonly injectionSignatures: Wafv2RegexPatternSet;
  /** The regex pattern set of allowed browser origins, when any origin is allowed. */
  readonly allowedOrigins: Wafv2RegexPatternSet | undefined;
  /** The log group WAF logs to. */
  readonly logGroup: EncryptedLogGroup;
  /** The logging configuration. */
  readonly logging: Wafv2WebAclLoggingConfiguration;

  constructor(scope: Construct, id: string, props: McpWebAclProps) {
    super(scope, id);
    const origins = props.allowedOrigins ?? [];
    const versions = props.protocolVersions ?? MCP_PROTOCOL_VERSIONS;
    const maxBody = props.maxRequestBodyBytes ?? ALB_WAF_BODY_INSPECTION_BYTES;
    const signatures = props.injectionSignatures ?? MCP_INJECTION_SIGNATURES;
    const window = props.rateLimits.evaluationWindowSeconds ?? 300;
    validate(props, { origins, versions, maxBody, signatures, window });

    const tags = props.tags;
    this.injectionSignatures = new Wafv2RegexPatternSet(this, "injection-signatures", {
      name: `${props.name}-injection-signatures`,
      description: "Prompt-injection, tool-poisoning and exfiltration signatures in MCP request bodies",
      scope: "REGIONAL",
      regularExpression: signatures.map((regexString) => ({ regexString })),
      tags,
    });
    this.allowedOrigins =
      origins.length === 0
        ? undefined
        : new Wafv2RegexPatternSet(this, "allowed-origins", {
            name: `${props.name}-allowed-origins`,
            description: "Browser origins allowed to call the MCP endpoints",
            scope: "REGIONAL",
            regularExpression: origins.map((origin) => ({ regexString: `^${pcreLiteral(origin)}$` })),
            tags,
          });

    const mcpPath = pathStartsWith(`${props.mcpPathPrefix}/`);
    const methods = origins.length === 0 ? [...MCP_HTTP_METHODS] : [...MCP_HTTP_METHODS, "OPTIONS"];
    const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });
    const blockWith = (responseCode: number, customResponseBodyKey: string) => ({
      block: { customResponse: { responseCode, customResponseBodyKey } },
    });
    const rules: Wafv2WebAclRule[] = [];
    const add = (rule: Omit<Wafv2WebAclRule, "priority" | "visibilityConfig">) =>
      rules.push({ ...rule, priority: rules.length, visibilityConfig: visibility(rule.name) });

    for (const [name, group] of MANAGED_RULE_GROUPS) {
      add({
        name,
        overrideAction: props.countManagedRuleGroups ? { count: {} } : { none: {} },
        statement: { managed_rule_group_statement: { name: group, vendor_name: "AWS" } },
      });
    }
    const protocolRule = (name: string, statement: Statement) => add({ name, action: blockWith(400, INVALID_REQUEST_BODY), statement });
    protocolRule("mcp-method-allowlist", and(mcpPath, not(regexMatch({ method: {} }, exactlyOneOf(methods)))));
    protocolRule(
      "mcp-content-type-json",
      and(
        mcpPath,
        methodIs("POST"),
        not({
          byte_match_statement: {
            field_to_match: { single_header: { name: "content-type" } },
            positional_constraint: "STARTS_WITH",
            search_string: "application/json",
            text_transformation: [{ priority: 0, type: "LOWERCASE" }],
          },
        })
      )
    );
    protocolRule(
      "mcp-body-json",
      and(mcpPath, methodIs("POST"), {
        byte_match_statement: {
          field_to_match: {
            json_body: { match_pattern: { all: {} }, match_scope: "ALL", invalid_fallback_behavior: "MATCH", oversize_handling: "MATCH" },
          },
          positional_constraint: "EXACTLY",
          search_string: "mcp-hardening-json-body-probe",
          text_transformation: NO_TRANSFORMATION,
        },
      })
    );
    protocolRule(
      "mcp-body-size",
      and(mcpPath, {
        size_constraint_statement: {
          field_to_match: { body: { oversize_handling: "MATCH" } },
          comparison_operator: "GT",
          size: maxBody,
          text_transformation: NO_TRANSFORMATION,
        },
      })
    );
    protocolRule(
      "mcp-protocol-version",
      and(mcpPath, headerPresent("mcp-protocol-version"), not(regexMatch({ single_header: { name: "mcp-protocol-version" } }, exactlyOneOf(versions))))
    );
    protocolRule(
      "mcp-origin-allowlist",
      this.allowedOrigins === undefined
        ? and(mcpPath, headerPresent("origin"))
        : and(
            mcpPath,
            headerPresent("origin"),
            not({
              regex_pattern_set_reference_statement: {
                arn: this.allowedOrigins.arn,
                field_to_match: { single_header: { name: "origin" } },
                text_transformation: NO_TRANSFORMATION,
              },
            })
          )
    );
    add({
      name: "mcp-injection-signatures",
      action: { block: {} },
      statement: and(mcpPath, {
        regex_pattern_set_reference_statement: {
          arn: this.injectionSignatures.arn,
          field_to_match: { body: { oversize_handling: "MATCH" } },
          text_transformation: [
            { priority: 0, type: "JS_DECODE" },
            { priority: 1, type: "LOWERCASE" },
          ],
        },
      }),
    });

    const rateRule = (name: string, limit: number, aggregation: Statement) =>
      add({
        name,
        action: blockWith(429, RATE_LIMITED_BODY),
        statement: { rate_based_statement: { limit, evaluation_window_sec: window, ...aggregation } },
      });
    rateRule("rate-per-ip", props.rateLimits.perIp, { aggregate_key_type: "IP" });
    rateRule("rate-per-credential", props.rateLimits.perCredential, {
      aggregate_key_type: "CUSTOM_KEYS",
      custom_key: [{ header: { name: "authorization", text_transformation: NO_TRANSFORMATION } }],
    });
    rateRule("rate-per-server-path", props.rateLimits.perServerPath, {
      aggregate_key_type: "CUSTOM_KEYS",
      custom_key: [{ uri_path: { text_transformation: [{ priority: 0, type: "NORMALIZE_PATH" }] } }],
      scope_down_statement: mcpPath,
    });

    const botControl = (name: string, overrideAction: Wafv2WebAclRule["overrideAction"], scopeDown: Statement) =>
      add({
        name,
        overrideAction,
        statement: {
          managed_rule_group_statement: {
            name: BOT_CONTROL_RULE_GROUP,
            vendor_name: "AWS",
            managed_rule_group_configs: [{ aws_managed_rules_bot_control_rule_set: { inspection_level: "COMMON" } }],
            scope_down_statement: scopeDown,
          },
        },
      });
    botControl("bot-control-human-paths", { none: {} }, or(...props.humanPaths.map(pathStartsWith)));
    botControl("bot-control-mcp-paths", { count: {} }, mcpPath);

    const auth = props.authorizationServer;
    if (auth !== undefined) {
      const prefixes = [...auth.publicPaths, ...auth.signInPaths];
      if (auth.publicPaths.length === 0 || auth.signInPaths.length === 0 || prefixes.some((prefix) => !/^\/[A-Za-z0-9._/-]*\/$/.test(prefix))) {
        throw new Error(`McpWebAcl ${props.name}: authorizationServer publicPaths and signInPaths must each list at least one path prefix starting and ending with "/", e.g. /realms/mcp-prod/`);
      }
      if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(auth.host)) {
        throw new Error(`McpWebAcl ${props.name}: authorizationServer host "${auth.host}" is not a lower-case host name such as auth.example.com`);
      }
      const authHost: Statement = {
        byte_match_statement: { field_to_match: { single_header: { name: "host" } }, positional_constraint: "EXACTLY", search_string: auth.host, text_transformation: [{ priority: 0, type: "LOWERCASE" }] },
      };
      add({ name: "auth-public-paths-only", action: { block: {} }, statement: and(authHost, not(or(...auth.publicPaths.map(pathStartsWith)))) });
      add({
        name: "auth-rate-per-ip-sign-in",
        action: { block: { customResponse: { responseCode: 429 } } },
        statement: {
          rate_based_statement: { limit: auth.signInPerIp ?? 300, evaluation_window_sec: window, aggregate_key_type: "IP", scope_down_statement: and(authHost, or(...auth.signInPaths.map(pathStartsWith))) },
        },
      });
    }

    this.webAcl = new Wafv2WebAcl(this, "web-acl", {
      name: props.name,
      description: "MCP endpoints: managed rule groups, MCP protocol checks, rate limits, Bot Control",
      scope: "REGIONAL",
      defaultAction: { allow: {} },
      customResponseBody: [
        {
          key: INVALID_REQUEST_BODY,
          contentType: "APPLICATION_JSON",
          content: JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32600, message: "Invalid Request: rejected by the web application firewall" } }),
        },
        {
          key: RATE_LIMITED_BODY,
          contentType: "APPLICATION_JSON",
          content: JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32000, message: "Too many requests: rate limit exceeded" } }),
        },
      ],
      rule: rules,
      visibilityConfig: visibility(props.name),
      tags,
    });

    this.logGroup = new EncryptedLogGroup(this, "logs", {
      name: `aws-waf-logs-${props.name}`,
      kmsKeyArn: props.logKmsKeyArn,
      retentionInDays: props.logRetentionDays,
    });
    this.logging = new Wafv2WebAclLoggingConfiguration(this, "logging", {
      resourceArn: this.webAcl.arn,
      logDestinationConfigs: [this.logGroup.logGroup.arn],
      redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }],
    });
  }

  /** Associates the web ACL with a load balancer (or another regional resource) by ARN. */
  protect(id: string, resourceArn: string): Wafv2WebAclAssociation {
    return new Wafv2WebAclAssociation(this, id, { resourceArn, webAclArn: this.webAcl.arn });
  }
}

function regexMatch(fieldToMatch: Statement, regexString: string): Statement {
  return { regex_match_statement: { field_to_match: fieldToMatch, regex_string: regexString, text_transformation: NO_TRANSFORMATION } };
}

interface Resolved {
  readonly origins: readonly string[];
  readonly versions: readonly string[];
  readonly maxBody: number;
  readonly signatures: readonly string[];
  readonly window: number;
}

/** Rejects props AWS WAF would reject at deploy time, naming the prop and the fix. */
function validate(props: McpWebAclProps, resolved: Resolved): void {
  const fail = (message: string) => {
    throw new Error(`McpWebAcl "${props.name}": ${message}`);
  };
  const path = /^(?:\/[a-z0-9][a-z0-9._~-]*)+$/;
  if (!/^[A-Za-z0-9_-]{1,110}$/.test(props.name)) fail("name must be 1 to 110 letters, digits, hyphens or underscores.");
  if (!path.test(props.mcpPathPrefix)) fail(`mcpPathPrefix "${props.mcpPathPrefix}" must be a path like "/mcp", without a trailing slash.`);
  if (props.humanPaths.length === 0) fail('humanPaths must list at least one page for people, e.g. ["/signin"]: Bot Control blocks there.');
  for (const human of props.humanPaths) {
    if (!path.test(human)) fail(`humanPaths entry "${human}" must be a path like "/signin".`);
    if (human === props.mcpPathPrefix || human.startsWith(`${props.mcpPathPrefix}/`) || props.mcpPathPrefix.startsWith(`${human}/`)) {
      fail(`humanPaths entry "${human}" overlaps mcpPathPrefix "${props.mcpPathPrefix}": Bot Control would block MCP clients.`);
    }
  }
  for (const [key, limit] of Object.entries({ perIp: props.rateLimits.perIp, perCredential: props.rateLimits.perCredential, perServerPath: props.rateLimits.perServerPath })) {
    if (!Number.isInteger(limit) || limit < WAF_RATE_LIMIT_RANGE.min || limit > WAF_RATE_LIMIT_RANGE.max) {
      fail(`rateLimits.${key} must be a whole number from ${WAF_RATE_LIMIT_RANGE.min} to ${WAF_RATE_LIMIT_RANGE.max}, got ${limit}.`);
    }
  }
  if (!(WAF_EVALUATION_WINDOWS as readonly number[]).includes(resolved.window)) {
    fail(`rateLimits.evaluationWindowSeconds must be one of ${WAF_EVALUATION_WINDOWS.join(", ")}, got ${resolved.window}.`);
  }
  if (!Number.isInteger(resolved.maxBody) || resolved.maxBody < 1 || resolved.maxBody > ALB_WAF_BODY_INSPECTION_BYTES) {
    fail(`maxRequestBodyBytes must be a whole number from 1 to ${ALB_WAF_BODY_INSPECTION_BYTES} (what WAF inspects behind an ALB), got ${resolved.maxBody}.`);
  }
  if (resolved.origins.length > WAF_REGEX_PATTERNS_PER_SET) fail(`allowedOrigins holds at most ${WAF_REGEX_PATTERNS_PER_SET} origins (one regex pattern set).`);
  for (const origin of resolved.origins) {
    if (!/^https:\/\/[a-z0-9.-]+(?::\d{1,5})?$/.test(origin)) fail(`allowedOrigins entry "${origin}" must be https://host or https://host:port in lower case.`);
  }
  if (resolved.versions.length === 0 || resolved.versions.some((version) => !/^\d{4}-\d{2}-\d{2}$/.test(version))) {
    fail("protocolVersions must list MCP revisions as YYYY-MM-DD dates.");
  }
  if (resolved.signatures.length === 0 || resolved.signatures.length > WAF_REGEX_PATTERNS_PER_SET) {
    fail(`injectionSignatures must hold 1 to ${WAF_REGEX_PATTERNS_PER_SET} patterns (one regex pattern set).`);
  }
  for (const signature of resolved.signatures) {
    if (signature.length > WAF_REGEX_MAX_LENGTH) fail(`injectionSignatures entry is longer than ${WAF_REGEX_MAX_LENGTH} characters: ${signature.slice(0, 40)}...`);
    if (/\((?!\?)/.test(signature.replace(/\\\\|\\\(/g, ""))) fail(`injectionSignatures entry has a capturing group, which AWS WAF rejects; use (?:...): ${signature}`);
  }
}

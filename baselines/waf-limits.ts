/**
 * What AWS WAF and Elastic Load Balancing document (limits, policy and rule group names), and the edge's fixed
 * choices among them, shared by the edge constructs, environment validation and the policy rules so that all three
 * agree. The choices are baselines of the controls named on each: changing one is a policy change
 * (test/baselines.test.ts). Pure data: no cdktf imports.
 */

/** The smallest and largest `limit` of a rate-based rule (AWS WAF `RateBasedStatement.Limit`). */
export const WAF_RATE_LIMIT_RANGE = { min: 10, max: 2_000_000_000 } as const;

/** The evaluation windows a rate-based rule accepts, in seconds. */
export const WAF_EVALUATION_WINDOWS = [60, 120, 300, 600] as const;

/** An evaluation window of a rate-based rule, in seconds. */
export type WafEvaluationWindow = (typeof WAF_EVALUATION_WINDOWS)[number];

/** How much of a request body AWS WAF inspects behind an Application Load Balancer, in bytes (not configurable). */
export const ALB_WAF_BODY_INSPECTION_BYTES = 8192;

/** Regular expressions one `aws_wafv2_regex_pattern_set` may hold. */
export const WAF_REGEX_PATTERNS_PER_SET = 10;

/** The longest regular expression of a regex pattern set, in characters. */
export const WAF_REGEX_MAX_LENGTH = 200;

/** The hard maximum of web ACL capacity units (WCUs) one web ACL may use. */
export const WAF_MAX_WEB_ACL_CAPACITY = 5000;

/** The web ACL capacity units included in AWS WAF's base price; each further 500 WCUs costs extra per request. */
export const WAF_BASE_PRICE_CAPACITY = 1500;

/**
 * The Application Load Balancer security policies the blueprint accepts: AWS's TLS 1.3/1.2 *restricted* policies and
 * the TLS 1.3-only ones, each also in FIPS and hybrid post-quantum (PQ) variants. This is the set AWS Security Hub
 * control ELB.17 recommends. Every other policy admits TLS 1.0/1.1 or CBC-mode ciphers. Baseline of NET-04: rule
 * net-04-https-listeners requires one of these on every HTTPS listener, and the security diff ranks leaving the set
 * weaker.
 */
export const RESTRICTED_TLS_POLICIES = [
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-2021-06",
  "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09",
] as const;

/** An accepted load balancer security policy. */
export type RestrictedTlsPolicy = (typeof RESTRICTED_TLS_POLICIES)[number];

/** MCP specification revisions the edge accepts in the `MCP-Protocol-Version` header (DESIGN.md); baseline of GW-01. */
export const MCP_PROTOCOL_VERSIONS = ["2025-06-18", "2025-11-25", "2026-07-28"] as const;

/**
 * The HTTP methods of MCP's Streamable HTTP transport: POST (messages), GET (server stream), DELETE (end session);
 * baseline of GW-01: the web ACL blocks every other method.
 */
export const MCP_HTTP_METHODS = ["POST", "GET", "DELETE"] as const;

/**
 * The AWS managed rule groups every web ACL runs, in evaluation order (NET-03): core rule set, known bad inputs
 * (Log4j and friends), Amazon IP reputation, anonymous IPs (VPNs, Tor, hosting providers), Linux and POSIX
 * command/LFI rules, SQL injection. Each entry is `[rule name, managed group name]`.
 */
export const MANAGED_RULE_GROUPS = [
  ["managed-common-rule-set", "AWSManagedRulesCommonRuleSet"],
  ["managed-known-bad-inputs", "AWSManagedRulesKnownBadInputsRuleSet"],
  ["managed-ip-reputation", "AWSManagedRulesAmazonIpReputationList"],
  ["managed-anonymous-ip", "AWSManagedRulesAnonymousIpList"],
  ["managed-linux", "AWSManagedRulesLinuxRuleSet"],
  ["managed-unix", "AWSManagedRulesUnixRuleSet"],
  ["managed-sqli", "AWSManagedRulesSQLiRuleSet"],
] as const;

/** The Bot Control managed rule group (GW-03: production web ACLs run it). */
export const BOT_CONTROL_RULE_GROUP = "AWSManagedRulesBotControlRuleSet";

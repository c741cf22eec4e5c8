import { ALB_WAF_BODY_INSPECTION_BYTES, MCP_HTTP_METHODS, MCP_PROTOCOL_VERSIONS } from "../../baselines/waf-limits";
import { Attributes, violation } from "../terraform";
import { Rule } from "../types";
import { aclRules, blocksRequests, fieldOf, headerOf, matchOf, statementTree, StatementNode, webAcls } from "../waf";

/** Methods the allowlist may contain: Streamable HTTP's three, plus OPTIONS for CORS preflight. */
const ALLOWED_METHODS: readonly string[] = [...MCP_HTTP_METHODS, "OPTIONS"];

/** The alternatives of a regex written as `^a$|^b$`, or undefined for any other shape. */
function exactAlternatives(regex: unknown): string[] | undefined {
  if (typeof regex !== "string" || !/^\^[^|^$]+\$(?:\|\^[^|^$]+\$)*$/.test(regex)) return undefined;
  return regex.split("|").map((alternative) => alternative.slice(1, -1).replace(/\\(.)/g, "$1"));
}

/** One MCP protocol check a web ACL must block with: its name and how to recognize it in a blocking rule. */
interface ProtocolCheck {
  readonly name: string;
  readonly matches: (node: StatementNode, match: { readonly kind: string; readonly body: Attributes }) => boolean;
}

const CHECKS: readonly ProtocolCheck[] = [
  {
    name: "HTTP method allowlist (POST, GET, DELETE)",
    matches: (node, match) => {
      const methods = match.kind === "regex_match_statement" ? exactAlternatives(match.body["regex_string"]) : undefined;
      return node.negated && fieldOf(match.body)?.component === "method" && methods !== undefined && methods.includes("POST") && methods.every((method) => ALLOWED_METHODS.includes(method));
    },
  },
  {
    name: "Content-Type application/json",
    matches: (node, match) =>
      node.negated && headerOf(match.body) === "content-type" && match.kind === "byte_match_statement" && String(match.body["search_string"]).startsWith("application/json"),
  },
  {
    name: "body must parse as JSON (json_body invalid_fallback_behavior and oversize_handling MATCH, match_scope ALL)",
    matches: (node, match) => {
      const field = fieldOf(match.body);
      return (
        !node.negated &&
        field?.component === "json_body" &&
        field.settings["invalid_fallback_behavior"] === "MATCH" &&
        field.settings["oversize_handling"] === "MATCH" &&
        field.settings["match_scope"] === "ALL"
      );
    },
  },
  {
    name: `body size limit (size_constraint on body, oversize_handling MATCH, at most ${ALB_WAF_BODY_INSPECTION_BYTES} bytes)`,
    matches: (node, match) => {
      const field = fieldOf(match.body);
      const size = match.body["size"];
      return (
        !node.negated &&
        match.kind === "size_constraint_statement" &&
        field?.component === "body" &&
        field.settings["oversize_handling"] === "MATCH" &&
        match.body["comparison_operator"] === "GT" &&
        typeof size === "number" &&
        size <= ALB_WAF_BODY_INSPECTION_BYTES
      );
    },
  },
  {
    name: `MCP-Protocol-Version in {${MCP_PROTOCOL_VERSIONS.join(", ")}}`,
    matches: (node, match) => {
      const versions = match.kind === "regex_match_statement" ? exactAlternatives(match.body["regex_string"]) : undefined;
      return (
        node.negated &&
        headerOf(match.body) === "mcp-protocol-version" &&
        versions !== undefined &&
        versions.length > 0 &&
        versions.every((version) => (MCP_PROTOCOL_VERSIONS as readonly string[]).includes(version))
      );
    },
  },
  {
    name: "Origin allowlist",
    matches: (node, match) => !node.negated && match.kind === "size_constraint_statement" && headerOf(match.body) === "origin",
  },
  {
    name: "injection and exfiltration signatures (regex pattern set on the body)",
    matches: (node, match) => {
      const component = fieldOf(match.body)?.component;
      return !node.negated && match.kind === "regex_pattern_set_reference_statement" && (component === "body" || component === "json_body");
    },
  },
];

/**
 * Every web ACL blocks MCP requests that break the protocol before they reach the gateway (GW-01, NET-03): wrong
 * method, non-JSON content type, a body that does not parse as JSON or is too large to inspect, an unsupported
 * `MCP-Protocol-Version`, a foreign `Origin`, and known injection signatures. Each check must sit in a rule whose
 * action is block.
 */
const rule: Rule = {
  id: "gw-01-waf-mcp-protocol-rules",
  controls: ["GW-01", "NET-03"],
  severity: "high",
  description: `Every web ACL has blocking rules for: ${CHECKS.map((check) => check.name).join("; ")}.`,
  remediation: "Use the McpWebAcl construct, or add each missing MCP protocol rule with action block (not count).",
  check: (artifacts) =>
    webAcls(artifacts).flatMap((acl) => {
      const nodes = aclRules(acl).filter(blocksRequests).flatMap(statementTree);
      return CHECKS.filter(
        (check) =>
          !nodes.some((node) => {
            const match = matchOf(node);
            return match !== undefined && check.matches(node, match);
          })
      ).map((check) => violation(acl, `has no blocking rule for the MCP check: ${check.name}`));
    }),
};

export default rule;

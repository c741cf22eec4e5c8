/** Checks of the `edge` section: the public domain, browser origins, URL paths and WAF rate limits. */
import { WAF_RATE_LIMIT_RANGE } from "../baselines/waf-limits";
import { didYouMean } from "./did-you-mean";
import { isDnsName } from "../constructs/dns-name";
import { Check, issue } from "./readers";
import { quote } from "./quote";

const ORIGIN = /^([a-z][a-z0-9+.-]*):\/\/([^/:?#]*)(?::(\d*))?([^]*)$/i;
const PATH = /^(?:\/[a-z0-9][a-z0-9._~-]*)+$/;

/** The host name MCP clients connect to: a lower-case DNS name of at least two labels, no scheme, no wildcard. */
export const checkEdgeDomain: Check<string> = (domain) => {
  if (isDnsName(domain)) return undefined;
  const withoutScheme = domain.replace(/^[a-z]+:\/\//i, "").split(/[/:]/, 1)[0].toLowerCase();
  if (domain.startsWith("*.")) {
    return issue(`${quote(domain)} is a wildcard`, "name the exact host MCP clients connect to, e.g. mcp.example.com; its certificate may still be a wildcard");
  }
  if (withoutScheme !== domain && isDnsName(withoutScheme)) {
    return issue(`${quote(domain)} is not a bare DNS name`, `give the host name alone: ${didYouMean(withoutScheme)}`);
  }
  return issue(`${quote(domain)} is not a DNS name`, "write a lower-case DNS name of two or more labels, e.g. mcp.example.com");
};

/**
 * A browser origin exactly as browsers send it in the `Origin` header: `https://host` or `https://host:port`, a
 * lower-case DNS host, no path, no default port.
 */
export const checkOrigin: Check<string> = (origin) => {
  if (origin.trim() === "*") {
    return issue('"*" would admit every web site', "list each browser origin that may call the MCP endpoints, e.g. https://agents.example.com");
  }
  const match = ORIGIN.exec(origin);
  if (!match) return issue(`${quote(origin)} is not an origin`, "write https://host or https://host:port, e.g. https://agents.example.com");
  const [, scheme, host, port, rest] = match;
  const lowerHost = host.toLowerCase();
  const suggestion = (withPort: boolean) => `https://${lowerHost}${withPort && port ? `:${port}` : ""}`;
  if (scheme.toLowerCase() !== "https") {
    return issue(`${quote(origin)} is not an HTTPS origin`, `browser clients must use HTTPS: ${didYouMean(suggestion(port !== "80"))}`);
  }
  if (!isDnsName(lowerHost)) {
    return issue(`${quote(origin)} does not name a DNS host`, "write https://host with a DNS name of two or more labels, e.g. https://agents.example.com");
  }
  if (rest !== "") return issue(`${quote(origin)} has a path`, `an origin is scheme, host and port only: ${didYouMean(suggestion(true))}`);
  if (port !== undefined) {
    const number = Number(port);
    if (port === "" || !Number.isInteger(number) || number < 1 || number > 65535) {
      return issue(`${quote(origin)} has an invalid port`, "use a port from 1 to 65535, or none for 443");
    }
    if (number === 443) return issue(`${quote(origin)} names the default port`, `browsers omit :443 in the Origin header: ${didYouMean(suggestion(false))}`);
    if (String(number) !== port) return issue(`${quote(origin)} has a non-canonical port`, didYouMean(`https://${lowerHost}:${number}`));
  }
  if (host !== lowerHost) return issue(`${quote(origin)} is not lower case`, `browsers send host names in lower case: ${didYouMean(suggestion(true))}`);
  return undefined;
};

/** A URL path prefix: `/segment` or `/a/b`, lower-case letters, digits and `._~-`, no trailing slash. */
export const checkPathPrefix: Check<string> = (path) => {
  if (PATH.test(path)) return undefined;
  const cleaned = `/${path.toLowerCase().split("/").filter((segment) => segment !== "").join("/")}`;
  return issue(
    `${quote(path)} is not a path prefix`,
    PATH.test(cleaned) ? didYouMean(cleaned) : 'write a path such as "/mcp": segments of lower-case letters, digits and ._~- without a trailing slash'
  );
};

/** A human-facing path that does not overlap the MCP path prefix (Bot Control blocks there, MCP agents must pass). */
export function checkHumanPath(mcpPathPrefix: string | undefined): Check<string> {
  return (path) => {
    if (mcpPathPrefix === undefined) return undefined;
    const inside = (inner: string, outer: string) => inner === outer || inner.startsWith(`${outer}/`);
    return inside(path, mcpPathPrefix) || inside(mcpPathPrefix, path)
      ? issue(`${quote(path)} overlaps the MCP path prefix ${quote(mcpPathPrefix)}`, "list only sign-in and other pages for people: Bot Control blocks automated clients there, and MCP clients are automated")
      : undefined;
  };
}

/** A rate limit within what an AWS WAF rate-based rule accepts. */
export const checkRateLimit: Check<number> = (limit) => {
  const { min, max } = WAF_RATE_LIMIT_RANGE;
  const fix = `use ${min.toLocaleString("en-US")} to ${max.toLocaleString("en-US")} requests per evaluation window`;
  if (limit < min) return issue(`${limit} is below AWS WAF's smallest rate limit, ${min}`, fix);
  if (limit > max) return issue(`${limit.toLocaleString("en-US")} is above AWS WAF's largest rate limit, ${max.toLocaleString("en-US")}`, fix);
  return undefined;
};

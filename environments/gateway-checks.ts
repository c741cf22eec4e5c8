/**
 * Checks of the `gateway` section and of how it fits the rest of the environment: the authorization server's URLs,
 * the gateway's images, audiences unique per server (AUTH-03), and an egress allowlist the AWS firewall can carry.
 */
import { MAX_ALLOWED_DOMAINS } from "../constructs/service-limits";
import { checkAccountId, checkRegion } from "./aws-checks";
import { ecrRegistry } from "./cluster-checks";
import { didYouMean } from "./did-you-mean";
import { checkEgressDomain } from "./network-checks";
import { Check, Cursor, issue } from "./readers";
import { EnvironmentConfig, McpServerConfig } from "./schema";
import { quote } from "./quote";

/** The gateway's components, each with its own ECR repository `mcp/gateway/<component>`. */
export const GATEWAY_COMPONENTS = { image: "agentgateway", rateLimitImage: "ratelimit", rateLimitStoreImage: "redis", guardImage: "guard" } as const;

/** The ECR repository of a gateway component: `mcp/gateway/<component>`. */
export function gatewayRepository(component: string): string {
  return `mcp/gateway/${component}`;
}

/** The audience a server's tokens must carry: its override in `gateway.audiences`, else its resource URI. */
export function serverAudience(environment: Pick<EnvironmentConfig, "edge" | "gateway">, server: Pick<McpServerConfig, "name">): string {
  return environment.gateway.audiences[server.name] ?? `https://${environment.edge.domain}${environment.edge.mcpPathPrefix}/${server.name}`;
}

/** The host of the JWKS URL, which the gateway must reach through the egress allowlists. */
export function jwksHost(environment: Pick<EnvironmentConfig, "gateway">): string {
  return new URL(environment.gateway.jwt.jwksUrl).hostname;
}

/** What is wrong with an https URL of the authorization server, if anything. */
function httpsUrlIssue(value: string, what: string, example: string): ReturnType<Check<string>> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return issue(`${quote(value)} is not a URL`, `write the ${what} as an https URL, e.g. ${example}`);
  }
  if (url.protocol !== "https:") {
    const fixed = `https://${value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "")}`;
    return issue(`${quote(value)} is not an https URL`, `the gateway fetches and trusts it only over TLS: ${didYouMean(fixed)}`);
  }
  if (url.username !== "" || url.password !== "") return issue(`${quote(value)} carries credentials`, `remove the user and password: the ${what} is public`);
  if (url.search !== "" || url.hash !== "") return issue(`${quote(value)} has a query or fragment`, `write the ${what} without ? or #, e.g. ${example}`);
  return undefined;
}

/** The token issuer: an https URL without credentials, query or fragment. */
export const checkIssuer: Check<string> = (issuer) => httpsUrlIssue(issuer, "issuer", "https://auth.example.com/realms/mcp");

/** The JWKS URL: an https URL whose host the egress firewall can allowlist by name. */
export const checkJwksUrl: Check<string> = (jwksUrl) => {
  const urlIssue = httpsUrlIssue(jwksUrl, "JWKS URL", "https://auth.example.com/realms/mcp/protocol/openid-connect/certs");
  if (urlIssue) return urlIssue;
  const host = new URL(jwksUrl).hostname;
  const hostIssue = checkEgressDomain(host);
  if (hostIssue) return issue(`the host of ${quote(jwksUrl)} cannot be allowlisted: ${hostIssue.message}`, hostIssue.hint);
  return new URL(jwksUrl).port === "" ? undefined : issue(`${quote(jwksUrl)} names a port`, "serve the JWKS on 443: the egress path opens TLS on 443 only");
};

/** A token audience: one non-blank value without spaces, at most 1024 characters. */
export const checkAudience: Check<string> = (audience) => {
  if (audience.trim() === "") return issue("is empty", "write the audience the authorization server puts in the server's tokens, e.g. api://github-tools");
  if (/\s/.test(audience)) return issue(`${quote(audience)} contains whitespace`, "write one audience value: tokens carry one aud per resource");
  return audience.length > 1024 ? issue(`has ${audience.length} characters, more than 1024`, "use a shorter audience, such as the server's resource URI") : undefined;
};

/** A key of `gateway.audiences`: the name of a server of the environment (peeked from the raw input). */
export function checkAudienceServer(serverNames: readonly string[] | undefined): Check<string> {
  return (name) => {
    if (serverNames === undefined || serverNames.includes(name)) return undefined;
    const near = serverNames.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    return issue(`${quote(name)} is not an MCP server of this environment`, near ? didYouMean(near) : `key each audience by a server name: ${serverNames.join(", ") || "(no servers)"}`);
  };
}

/**
 * A gateway image: pinned by digest (checked first by `checkPinnedImage`), from the environment's own ECR registry
 * (peeked; unknown when the account or region is itself invalid) and the component's own repository.
 */
export function checkGatewayImage(component: string, registry: string | undefined): Check<string> {
  return (image) => {
    const slash = image.indexOf("/");
    const at = image.indexOf("@");
    if (slash === -1 || at === -1) return undefined;
    const repository = gatewayRepository(component);
    const imageRegistry = image.slice(0, slash);
    const expected = `${registry ?? imageRegistry}/${repository}${image.slice(at)}`;
    if (registry !== undefined && imageRegistry !== registry) {
      return issue(`image registry ${quote(imageRegistry)} is not this environment's ECR registry ${registry}`, `push the image to ${registry}/${repository} and pin it there: only the environment's registry is scanned and admitted; ${didYouMean(expected)}`);
    }
    if (image.slice(slash + 1, at) !== repository) {
      return issue(`image repository ${quote(image.slice(slash + 1, at))} is not the component's repository ${quote(repository)}`, `push the image to ${repository}, the repository created and scanned for it; ${didYouMean(expected)}`);
    }
    return undefined;
  };
}

/** The registry of the raw input's account and region, when both are well-formed strings. */
export function peekedRegistry(raw: Readonly<Record<string, unknown>>): string | undefined {
  const { accountId, region } = raw;
  return typeof accountId === "string" && checkAccountId(accountId) === undefined && typeof region === "string" && checkRegion(region) === undefined ? ecrRegistry({ accountId, region }) : undefined;
}

/**
 * The gateway against the rest of an already well-formed environment: each server's audience is its own (AUTH-03: a
 * token for one server is never accepted by another), and every egress domain of the cluster (the servers' and the
 * JWKS host) fits in the AWS Network Firewall's allowlist, so the firewall carries each one.
 */
export function checkGatewayFit(environment: EnvironmentConfig, at: Cursor): void {
  const seen = new Map<string, number>();
  environment.mcpServers.forEach((server, index) => {
    const audience = serverAudience(environment, server);
    const first = seen.get(audience);
    if (first === undefined) {
      seen.set(audience, index);
      return;
    }
    const overridden = environment.gateway.audiences[server.name] !== undefined;
    const where = overridden ? at.key("gateway").key("audiences").key(server.name) : at.key("mcpServers").index(index).key("name");
    where.report(
      issue(
        `audience ${quote(audience)} of ${server.name} is also the audience of ${environment.mcpServers[first].name} (mcpServers[${first}])`,
        "give every server its own audience in gateway.audiences: a token issued for one server must never be accepted by another (AUTH-03)"
      )
    );
  });

  const carried = new Set<string>();
  const add = (domain: string, where: Cursor) => {
    if (carried.has(domain)) return;
    if (carried.size >= MAX_ALLOWED_DOMAINS) {
      where.report(
        issue(
          `${quote(domain)} would not be carried by the AWS Network Firewall allowlist, which holds at most ${MAX_ALLOWED_DOMAINS} domains`,
          "replace families of hosts by one *.domain wildcard, or drop domains servers no longer call: every egress domain must also be allowed by the AWS firewall"
        )
      );
      return;
    }
    carried.add(domain);
  };
  add(jwksHost(environment), at.key("gateway").key("jwt").key("jwksUrl"));
  environment.mcpServers.forEach((server, index) => server.egressDomains.forEach((domain, item) => add(domain, at.key("mcpServers").index(index).key("egressDomains").index(item))));
}

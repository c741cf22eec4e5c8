import { stackEnvironment } from "../environments";
import { boundGateways, gatewayOf, gatewayServers, hostsTake, serverHosts } from "../edge-routes";
import { guardsWithTheirRealm } from "../identity";
import { kubernetesViolation, LocatedObject, objects, record, records, strings } from "../kubernetes";
import { loadBalancers, stackListeners } from "../load-balancers";
import { environmentOfGroup } from "../mesh";
import { Attributes, stackResources, violation } from "../terraform";
import { Artifacts, Rule, StackArtifact, Violation } from "../types";
import { aclRules, blocksRequests, fieldOf, headerOf, matchOf, rateBased, statementTree, webAclsProtecting } from "../waf";

/** The public path prefixes of a realm: its endpoints and pages, and the static resources they load. */
function publicPrefixes(realm: string): readonly string[] {
  return [`/realms/${realm}/`, "/resources/"];
}

/** The prefix of a realm's token and sign-in endpoints. */
function tokenPrefix(realm: string): string {
  return `/realms/${realm}/protocol/openid-connect/`;
}

/** Whether a prefix lies inside one of the public prefixes. */
function isPublic(prefix: string, allowed: readonly string[]): boolean {
  return allowed.some((candidate) => prefix.startsWith(candidate));
}

/** The path prefixes Keycloak's mesh policy may admit the ingress on (Istio `*` suffix patterns). */
const MESH_PUBLIC_PATHS: readonly string[] = ["/realms/*", "/resources/*"];

/**
 * The mesh side: every ALLOW policy in the routed namespace that admits the ingress gateways the route is bound to
 * (or any caller) does so on the public paths only.
 */
function meshFindings(artifacts: Artifacts, route: LocatedObject): Violation[] {
  const namespace = route.object.metadata.namespace;
  const ingressNamespaces = boundGateways(route).map((gateway) => gateway.split("/")[0]);
  const admitsIngress = (rule: Record<string, unknown>) => {
    const sources = records(rule["from"]).map((entry) => record(entry["source"]) ?? {});
    return sources.length === 0 || sources.some((source) => strings(source["principals"]).some((principal) => principal === "*" || ingressNamespaces.some((ingress) => principal.includes(`/ns/${ingress}/`))));
  };
  return objects(artifacts, "AuthorizationPolicy")
    .filter((item) => item.group === route.group && item.object.metadata.namespace === namespace && String(record(item.object["spec"])?.["action"] ?? "ALLOW") === "ALLOW")
    .flatMap((policy) =>
      records(record(policy.object["spec"])?.["rules"])
        .filter(admitsIngress)
        .flatMap((rule) => {
          const operations = records(rule["to"]).map((entry) => record(entry["operation"]) ?? {});
          const paths = operations.flatMap((operation) => strings(operation["paths"]));
          const open = operations.length === 0 || operations.some((operation) => strings(operation["paths"]).length === 0);
          const outside = paths.filter((path) => !MESH_PUBLIC_PATHS.includes(path) && !MESH_PUBLIC_PATHS.some((allowed) => path.startsWith(allowed.slice(0, -1)) && !path.includes("..")));
          return open || outside.length > 0
            ? [kubernetesViolation(policy, `admits the ingress gateway on ${open ? "every path" : outside.join(", ")}: only ${MESH_PUBLIC_PATHS.join(" and ")} may be reached from the edge, never /admin`)]
            : [];
        })
    );
}

/** The ingress side: a Gateway serving the host over TLS, and VirtualServices on it routing only public prefixes. */
function ingressFindings(artifacts: Artifacts, anchor: LocatedObject, host: string, allowed: readonly string[]): Violation[] {
  const inGroup = (kind: string) => objects(artifacts, kind).filter((item) => item.group === anchor.group);
  const bound = inGroup("VirtualService").filter((item) => strings(record(item.object["spec"])?.["hosts"]).includes(host) && boundGateways(item).length > 0);
  if (bound.length === 0) return [kubernetesViolation(anchor, `no VirtualService bound to an ingress Gateway routes the issuer's host ${host}: clients cannot reach the realm to sign in or get tokens`)];
  const findings: Violation[] = [];
  for (const route of bound) {
    for (const gatewayRef of boundGateways(route)) {
      const gateway = gatewayOf(artifacts, anchor.group, gatewayRef);
      const servers = gateway === undefined ? [] : gatewayServers(gateway).filter((server) => hostsTake(serverHosts(server), host));
      if (gateway === undefined) findings.push(kubernetesViolation(route, `is bound to Gateway ${gatewayRef}, which is not deployed`));
      else if (servers.length === 0) findings.push(kubernetesViolation(gateway, `does not serve the issuer's host ${host}`));
      for (const server of servers) {
        const tls = record(server["tls"]);
        const credential = typeof tls?.["credentialName"] === "string" || (typeof tls?.["serverCertificate"] === "string" && typeof tls?.["privateKey"] === "string");
        if (String(record(server["port"])?.["protocol"]) !== "HTTPS" || !["SIMPLE", "MUTUAL"].includes(String(tls?.["mode"])) || !credential) {
          findings.push(kubernetesViolation(gateway!, `serves ${host} without TLS (port protocol HTTPS, tls mode SIMPLE or MUTUAL with a credentialName or serverCertificate and privateKey files)`));
        }
      }
    }
    findings.push(...meshFindings(artifacts, route));
    records(record(route.object["spec"])?.["http"]).forEach((http, index) => {
      const label = `route ${String(http["name"] ?? index)} for ${host}`;
      const matches = records(http["match"]);
      if (matches.length === 0) findings.push(kubernetesViolation(route, `${label} matches every path: the admin console and every realm are reachable from the internet`));
      for (const match of matches) {
        const uri = record(match["uri"]);
        const prefix = typeof uri?.["prefix"] === "string" ? uri["prefix"] : typeof uri?.["exact"] === "string" ? uri["exact"] : undefined;
        if (prefix === undefined || !isPublic(prefix, allowed)) {
          findings.push(kubernetesViolation(route, `${label} routes ${prefix ?? JSON.stringify(uri ?? {})}, outside ${allowed.join(" and ")}: only the realm's public paths may reach Keycloak, never /admin`));
        }
      }
    });
  }
  return findings;
}

/** Whether a rule's statement tree matches the host on the `Host` header. */
function matchesHost(rule: Attributes, host: string): boolean {
  return statementTree(rule).some((node) => {
    const match = matchOf(node);
    return match !== undefined && !node.negated && headerOf(match.body) === "host" && String(match.body["search_string"]).toLowerCase() === host && match.body["positional_constraint"] === "EXACTLY";
  });
}

/** The path prefixes a rule's tree matches (negated or not). */
function pathPrefixes(rule: Attributes, negated: boolean): string[] {
  return statementTree(rule).flatMap((node) => {
    const match = matchOf(node);
    if (match === undefined || node.negated !== negated || fieldOf(match.body)?.component !== "uri_path" || match.body["positional_constraint"] !== "STARTS_WITH") return [];
    return [String(match.body["search_string"])];
  });
}

/** The edge side: a certificate for the host on the HTTPS listener, a web ACL blocking all but public paths and rate-limiting the token endpoints. */
function edgeFindings(artifacts: Artifacts, stack: StackArtifact, host: string, realm: string, allowed: readonly string[]): Violation[] {
  const balancers = loadBalancers(artifacts).filter((balancer) => balancer.stack === stack.name && balancer.values["internal"] !== true);
  if (balancers.length === 0) return [];
  const certificates = (stack.json["data"] as Record<string, Record<string, Attributes>> | undefined)?.["aws_acm_certificate"] ?? {};
  const covering = Object.keys(certificates).filter((name) => {
    const domain = String(certificates[name]["domain"] ?? "");
    return domain === host || (domain.startsWith("*.") && host.slice(host.indexOf(".")) === domain.slice(1));
  });
  const presents = (value: unknown) => covering.some((name) => value === `\${data.aws_acm_certificate.${name}.arn}`);
  const findings: Violation[] = [];
  const https = stackListeners(stack).filter((listener) => listener.values["protocol"] === "HTTPS");
  const certified = https.some((listener) => presents(listener.values["certificate_arn"])) || stackResources(stack, "aws_lb_listener_certificate").some((extra) => presents(extra.values["certificate_arn"]));
  for (const balancer of balancers) {
    if (!certified) findings.push(violation(balancer, `presents no certificate for the issuer's host ${host} on its HTTPS listener (an aws_lb_listener_certificate from an ACM certificate for ${host})`));
    const acls = webAclsProtecting(artifacts, balancer);
    const rules = acls.flatMap(aclRules);
    const confines = rules.some((rule) => blocksRequests(rule) && rateBased(rule) === undefined && matchesHost(rule, host) && pathPrefixes(rule, true).length > 0 && pathPrefixes(rule, true).every((prefix) => isPublic(prefix, allowed)) && pathPrefixes(rule, false).length === 0);
    if (!confines) findings.push(violation(balancer, `has no web ACL rule blocking requests to ${host} outside ${allowed.join(" and ")}: /admin and the master realm are reachable from the internet`));
    const limited = rules.some((rule) => blocksRequests(rule) && rateBased(rule) !== undefined && matchesHost(rule, host) && pathPrefixes(rule, false).some((prefix) => tokenPrefix(realm).startsWith(prefix)));
    if (!limited) findings.push(violation(balancer, `has no blocking rate-based web ACL rule on ${host}${tokenPrefix(realm)} (token and sign-in endpoints)`));
  }
  return findings;
}

/**
 * The realm Keycloak serves is reachable from the internet exactly where clients need it (AUTH-01, PUB-08): the
 * ingress routes the issuer's host over TLS to Keycloak on the realm's public prefixes only (never `/admin`, no
 * catch-all); the internet-facing load balancer presents a certificate for the host, and its web ACL blocks every
 * other path on the host and rate-limits the token and sign-in endpoints per client.
 */
const rule: Rule = {
  id: "auth-01-keycloak-edge-route",
  controls: ["AUTH-01", "PUB-08"],
  severity: "high",
  description: "The issuer's host is routed to Keycloak over TLS on the realm's public paths only, with a certificate for the host, a web ACL blocking /admin and other paths, and rate limits on the token endpoints.",
  remediation:
    "Deploy Keycloak through addIdentityChart (KeycloakIngress: a VirtualService on /realms/<realm>/ and /resources/ only, bound to the edge Gateway serving TLS) and addEdge (the host's ACM certificate on the listener, McpWebAcl authorizationServer).",
  check: (artifacts) => {
    const edges = new Map<string, () => Violation[]>();
    const ingress = [...new Map(guardsWithTheirRealm(artifacts).map((pair) => [pair.view, pair])).values()].flatMap(({ auth, view }) => {
      const issuer = /^https:\/\/([^/]+)\/realms\/([^/]+)$/.exec(String(auth["issuer"]));
      if (issuer === null) return [];
      const [, host, realm] = issuer;
      const environment = environmentOfGroup(artifacts, view.configMap.group);
      const stacks = artifacts.stacks.filter((stack) => environment !== undefined && stackEnvironment(stack) === environment);
      edges.set(`${environment}\u0000${issuer[0]}`, () => stacks.flatMap((stack) => edgeFindings(artifacts, stack, host, realm, publicPrefixes(realm))));
      return ingressFindings(artifacts, view.configMap, host, publicPrefixes(realm));
    });
    return [...ingress, ...[...edges.values()].flatMap((findings) => findings())];
  },
};

export default rule;

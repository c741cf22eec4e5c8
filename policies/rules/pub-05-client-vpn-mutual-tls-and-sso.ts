import { vpcResolverAddress } from "../../shared/ipv4-cidr";
import { parseCidr } from "../../shared/ipv4-cidr";
import { stackIsProduction } from "../environments";
import { Attributes, blocks, block, resolveReference, stackResources, tierOf, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

/** The longest Client VPN session production accepts, in hours. */
const PRODUCTION_MAX_SESSION_HOURS = 12;
/** Client VPN's default session length, in hours, when `session_timeout_hours` is not set. */
const DEFAULT_SESSION_HOURS = 24;

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The problems of one endpoint's own settings. */
function endpointProblems(values: Attributes, production: boolean): string[] {
  const problems: string[] = [];
  const options = blocks(values["authentication_options"]);
  const has = (type: string, field: string) => options.some((option) => option["type"] === type && text(option[field]) !== undefined);
  if (!has("certificate-authentication", "root_certificate_chain_arn")) problems.push("no certificate-authentication (mutual TLS) with a root certificate chain");
  if (!has("federated-authentication", "saml_provider_arn")) problems.push("no federated-authentication (identity provider sign-in with MFA) with a SAML provider");
  const logging = block(values["connection_log_options"]);
  if (logging?.["enabled"] !== true || text(logging["cloudwatch_log_group"]) === undefined) problems.push("connection logging is not enabled to a log group");
  if (values["split_tunnel"] !== true) problems.push("split_tunnel is not true: every client packet, internet traffic included, would enter the VPC");
  if (values["self_service_portal"] === "enabled") problems.push("the self-service portal is enabled");
  if (!Array.isArray(values["security_group_ids"]) || values["security_group_ids"].length === 0 || text(values["vpc_id"]) === undefined) {
    problems.push("no vpc_id and security_group_ids of its own");
  }
  const hours = typeof values["session_timeout_hours"] === "number" ? values["session_timeout_hours"] : DEFAULT_SESSION_HOURS;
  if (production && hours > PRODUCTION_MAX_SESSION_HOURS) problems.push(`session_timeout_hours is ${hours}, above production's ${PRODUCTION_MAX_SESSION_HOURS}`);
  return problems;
}

/** What clients may be authorized and routed to in a stack: the admin tier's subnets and each VPC's resolver. */
function allowedTargets(stack: StackArtifact): Set<string> {
  const subnets = stackResources(stack, "aws_subnet")
    .filter((subnet) => tierOf(subnet) === "admin")
    .flatMap((subnet) => text(subnet.values["cidr_block"]) ?? []);
  const resolvers = stackResources(stack, "aws_vpc")
    .flatMap((vpc) => text(vpc.values["cidr_block"]) ?? [])
    .filter((cidr) => parseCidr(cidr) !== undefined)
    .map((cidr) => `${vpcResolverAddress(cidr)}/32`);
  return new Set([...subnets, ...resolvers]);
}

/**
 * Administrators reach the environment through AWS Client VPN only with BOTH a client certificate (mutual TLS) and
 * a federated sign-in (MFA at the identity provider); every connection is logged; split tunnel; sessions at most
 * 12 hours in production. Only the admin group is authorized (never all groups), and only to the admin tier's
 * subnets (plus the VPC resolver for DNS), where the endpoint is associated and routed (PUB-05, PUB-08, JIT-01).
 * Every VPC has an endpoint: remote access from untrusted networks goes through the VPN.
 */
const rule: Rule = {
  id: "pub-05-client-vpn-mutual-tls-and-sso",
  controls: ["PUB-05", "PUB-08", "JIT-01"],
  severity: "high",
  description:
    "Each VPC has a Client VPN endpoint with certificate and federated authentication, connection logging, split tunnel, session timeout ≤ 12 h in production, and authorization of one group to the admin subnets only.",
  remediation:
    "Use the ClientVpn construct: both authentication types, connection_log_options.enabled, split_tunnel, session_timeout_hours ≤ 12 in production, authorization rules with access_group_id (authorize_all_groups false) and associations, routes and authorization only for the admin tier's subnets.",
  check: (artifacts) =>
    artifacts.stacks.flatMap((stack): Violation[] => {
      const findings: Violation[] = [];
      const production = stackIsProduction(stack);
      const endpoints = stackResources(stack, "aws_ec2_client_vpn_endpoint");
      for (const endpoint of endpoints) {
        for (const problem of endpointProblems(endpoint.values, production)) findings.push(violation(endpoint, problem));
      }
      for (const vpc of stackResources(stack, "aws_vpc")) {
        const own = endpoints.filter((endpoint) => resolveReference(stack, endpoint.values["vpc_id"])?.address === vpc.address);
        if (own.length === 0) findings.push(violation(vpc, "has no Client VPN endpoint: administrators would reach it from untrusted networks without a VPN"));
      }
      const allowed = allowedTargets(stack);
      const outside = (cidr: string | undefined) => cidr === undefined || !allowed.has(cidr);
      for (const authorization of stackResources(stack, "aws_ec2_client_vpn_authorization_rule")) {
        const values = authorization.values;
        if (values["authorize_all_groups"] === true) findings.push(violation(authorization, "authorizes all groups"));
        if (text(values["access_group_id"]) === undefined) findings.push(violation(authorization, "names no access_group_id: every authenticated client would be authorized"));
        const cidr = text(values["target_network_cidr"]);
        if (outside(cidr)) findings.push(violation(authorization, `authorizes ${cidr ?? "an unknown network"}, not an admin-tier subnet or the VPC resolver`));
      }
      for (const route of stackResources(stack, "aws_ec2_client_vpn_route")) {
        const cidr = text(route.values["destination_cidr_block"]);
        if (outside(cidr)) findings.push(violation(route, `routes ${cidr ?? "an unknown network"} through the tunnel, not an admin-tier subnet`));
      }
      for (const association of stackResources(stack, "aws_ec2_client_vpn_network_association")) {
        const subnet = resolveReference(stack, association.values["subnet_id"]);
        if (subnet === undefined || tierOf(subnet) !== "admin") {
          findings.push(violation(association, `associates the endpoint with ${subnet ? `the ${tierOf(subnet) ?? "untiered"} subnet ${subnet.address}` : "a subnet outside this stack"}, not an admin-tier subnet`));
        }
      }
      return findings;
    }),
};

export default rule;

import { App, TerraformStack } from "cdktf";
import { ClientVpn, ClientVpnProps } from "../../constructs/client-vpn";
import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { cidrsOverlap } from "../../shared/ipv4-cidr";
import { METADATA_KEY, referencedAddress } from "../../policies/terraform";
import { Artifacts } from "../../policies/types";
import { addResource, findingsFor, removeResources, stackResources, synthesizedPlans, tempDir, tier } from "../support/plans";

const RULE = "pub-05-client-vpn-mutual-tls-and-sso";

/** A resource's attributes without cdktf's `//` metadata. */
function attributes(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => key !== METADATA_KEY));
}

describe("PUB-05 secure remote access (Client VPN: mutual TLS plus federated sign-in, admin subnets only)", () => {
  describe.each(BUILT_IN_ENVIRONMENTS.map((environment) => [environment.name, environment] as const))("in %s", (name, environment) => {
    const plans = synthesizedPlans();
    const of = (type: string) => stackResources(plans, name, type);
    const { vpn } = environment.access;
    const [endpoint] = of("aws_ec2_client_vpn_endpoint");
    const ref = (address: string, attribute = "id") => `\${${address}.${attribute}}`;
    const adminSubnets = of("aws_subnet").filter((subnet) => tier(subnet) === "admin");
    const vpnGroup = of("aws_security_group").find((group) => group.values["name"] === `mcp-${name}-client-vpn`)!;
    const adminGroup = of("aws_security_group").find((group) => group.values["name"] === `mcp-${name}-admin`)!;
    const resolver = `${environment.vpcCidr.split(".").slice(0, 3).join(".")}.2`;

    test("one endpoint: certificate AND federated authentication, logged, split tunnel, the configured session limit", () => {
      expect(of("aws_ec2_client_vpn_endpoint")).toHaveLength(1);
      const logGroup = of("aws_cloudwatch_log_group").find((group) => group.values["name"] === `/mcp/${name}/client-vpn`)!;
      const [stream] = of("aws_cloudwatch_log_stream");
      expect(attributes(endpoint.values)).toEqual({
        description: `mcp-${name} administrator access: mutual TLS and federated sign-in with MFA`,
        client_cidr_block: vpn.clientCidr,
        server_certificate_arn: vpn.serverCertificateArn,
        authentication_options: [
          { type: "certificate-authentication", root_certificate_chain_arn: vpn.rootCertificateChainArn },
          { type: "federated-authentication", saml_provider_arn: vpn.samlProviderArn },
        ],
        connection_log_options: { enabled: true, cloudwatch_log_group: ref(logGroup.address, "name"), cloudwatch_log_stream: ref(stream.address, "name") },
        client_connect_options: { enabled: false },
        client_login_banner_options: { enabled: true, banner_text: vpn.bannerText },
        client_route_enforcement_options: { enforced: true },
        split_tunnel: true,
        vpc_id: ref(of("aws_vpc")[0].address),
        security_group_ids: [ref(vpnGroup.address)],
        session_timeout_hours: vpn.sessionTimeoutHours,
        disconnect_on_session_timeout: true,
        self_service_portal: "disabled",
        transport_protocol: "udp",
        vpn_port: 443,
        dns_servers: [resolver],
        tags: { Name: `mcp-${name}-client-vpn` },
      });
      expect(vpn.sessionTimeoutHours).toBeLessThanOrEqual(environment.production ? 12 : 24);
    });

    test("connections are logged to a KMS-encrypted log group with the environment's retention", () => {
      const logGroup = of("aws_cloudwatch_log_group").find((group) => group.values["name"] === `/mcp/${name}/client-vpn`)!;
      expect(logGroup.values).toMatchObject({ kms_key_id: ref(of("aws_kms_key")[0].address, "arn"), retention_in_days: environment.security.logRetentionDays });
      const streams = of("aws_cloudwatch_log_stream").filter((stream) => stream.values["log_group_name"] === ref(logGroup.address, "name"));
      expect(streams.map((stream) => attributes(stream.values))).toEqual([{ name: "connections", log_group_name: ref(logGroup.address, "name") }]);
    });

    test("the endpoint's own admin-tier group may only open the bastion's SSH port, and the bastion's group admits it there", () => {
      expect(tier(vpnGroup)).toBe("admin");
      const rulesOf = (type: string, group: string) => of(type).filter((rule) => referencedAddress(rule.values["security_group_id"]) === group);
      expect(rulesOf("aws_vpc_security_group_egress_rule", vpnGroup.address).map((rule) => attributes(rule.values))).toEqual([
        { security_group_id: ref(vpnGroup.address), referenced_security_group_id: ref(adminGroup.address), ip_protocol: "tcp", from_port: environment.security.sshPort, to_port: environment.security.sshPort, description: "VPN clients to the bastion's SSH port" },
      ]);
      expect(rulesOf("aws_vpc_security_group_ingress_rule", vpnGroup.address)).toEqual([]);
      expect(rulesOf("aws_vpc_security_group_ingress_rule", adminGroup.address).filter((rule) => rule.values["referenced_security_group_id"] === ref(vpnGroup.address)).map((rule) => attributes(rule.values))).toEqual([
        { security_group_id: ref(adminGroup.address), referenced_security_group_id: ref(vpnGroup.address), ip_protocol: "tcp", from_port: environment.security.sshPort, to_port: environment.security.sshPort, description: "SSH from VPN clients" },
      ]);
    });

    test("associated with, authorized for and routed to the admin tier's subnets only, for the admin group only", () => {
      expect(adminSubnets).toHaveLength(environment.azCount);
      const subnetIds = adminSubnets.map((subnet) => ref(subnet.address)).sort();
      const cidrs = adminSubnets.map((subnet) => subnet.values["cidr_block"]).sort();
      const associations = of("aws_ec2_client_vpn_network_association");
      expect(associations.map((association) => association.values["subnet_id"]).sort()).toEqual(subnetIds);
      for (const association of associations) expect(association.values["client_vpn_endpoint_id"]).toBe(ref(endpoint.address));
      const authorizations = of("aws_ec2_client_vpn_authorization_rule");
      expect(authorizations.map((rule) => rule.values["target_network_cidr"]).sort()).toEqual([...cidrs, `${resolver}/32`].sort());
      for (const rule of authorizations) {
        expect(rule.values).toMatchObject({ client_vpn_endpoint_id: ref(endpoint.address), access_group_id: vpn.adminGroupId, authorize_all_groups: false });
      }
      const routes = of("aws_ec2_client_vpn_route");
      expect(routes.map((route) => [route.values["destination_cidr_block"], route.values["target_vpc_subnet_id"]]).sort()).toEqual(
        adminSubnets.map((subnet) => [subnet.values["cidr_block"], ref(subnet.address)]).sort(),
      );
    });

    test("the VPN client range overlaps no environment's VPC", () => {
      expect(BUILT_IN_ENVIRONMENTS.filter((other) => cidrsOverlap(other.vpcCidr, vpn.clientCidr))).toEqual([]);
      expect(Number(vpn.clientCidr.split("/")[1])).toBeGreaterThanOrEqual(12);
      expect(Number(vpn.clientCidr.split("/")[1])).toBeLessThanOrEqual(22);
    });

    test("the synthesized plan passes the Client VPN rule", () => {
      expect(findingsFor(plans, "PUB-05").filter((finding) => finding.rule === RULE)).toEqual([]);
    });
  });

  describe("check reports PUB-05 when the real Client VPN is weakened", () => {
    const fired = (environment: string, mutate: (plans: Artifacts, endpoint: Record<string, unknown>) => void) => {
      const plans = synthesizedPlans();
      mutate(plans, stackResources(plans, environment, "aws_ec2_client_vpn_endpoint")[0].values);
      return findingsFor(plans, "PUB-05").map((finding) => [finding.rule, finding.message]);
    };
    const only = (message: string | RegExp) => [[RULE, expect.stringMatching(message)]];
    const authorizations = (plans: Artifacts) => stackResources(plans, "prod", "aws_ec2_client_vpn_authorization_rule");

    test("certificate authentication removed", () => {
      expect(fired("prod", (_, endpoint) => ((endpoint["authentication_options"] as unknown[]).splice(0, 1)))).toEqual(only(/no certificate-authentication/));
    });

    test("federated authentication removed", () => {
      expect(fired("prod", (_, endpoint) => ((endpoint["authentication_options"] as unknown[]).splice(1, 1)))).toEqual(only(/no federated-authentication/));
    });

    test("connection logging disabled", () => {
      expect(fired("prod", (_, endpoint) => ((endpoint["connection_log_options"] as Record<string, unknown>)["enabled"] = false))).toEqual(only(/connection logging is not enabled/));
    });

    test("split tunnel off", () => {
      expect(fired("prod", (_, endpoint) => (endpoint["split_tunnel"] = false))).toEqual(only(/split_tunnel is not true/));
    });

    test("24-hour sessions in production, or the limit left to the 24-hour default; allowed in dev", () => {
      expect(fired("prod", (_, endpoint) => (endpoint["session_timeout_hours"] = 24))).toEqual(only("session_timeout_hours is 24, above production's 12"));
      expect(fired("prod", (_, endpoint) => delete endpoint["session_timeout_hours"])).toEqual(only("session_timeout_hours is 24, above production's 12"));
      expect(fired("dev", (_, endpoint) => (endpoint["session_timeout_hours"] = 24))).toEqual([]);
    });

    test("the self-service portal enabled", () => {
      expect(fired("prod", (_, endpoint) => (endpoint["self_service_portal"] = "enabled"))).toEqual(only("the self-service portal is enabled"));
    });

    test("all groups authorized", () => {
      expect(fired("prod", (plans) => (authorizations(plans)[0].values["authorize_all_groups"] = true))).toEqual(only("authorizes all groups"));
    });

    test("the admin group dropped from an authorization rule", () => {
      expect(fired("prod", (plans) => delete authorizations(plans)[0].values["access_group_id"])).toEqual(only(/names no access_group_id/));
    });

    test("an authorization rule to 0.0.0.0/0, and one to the whole VPC", () => {
      expect(fired("prod", (plans) => (authorizations(plans)[0].values["target_network_cidr"] = "0.0.0.0/0"))).toEqual(only("authorizes 0.0.0.0/0, not an admin-tier subnet or the VPC resolver"));
      expect(fired("prod", (plans) => (authorizations(plans)[0].values["target_network_cidr"] = "10.30.0.0/16"))).toEqual(only(/authorizes 10.30.0.0\/16/));
    });

    test("a route sending internet traffic through the tunnel", () => {
      expect(
        fired("prod", (plans) => {
          const [route] = stackResources(plans, "prod", "aws_ec2_client_vpn_route");
          addResource(plans, "prod", "aws_ec2_client_vpn_route", "everything", { ...route.values, destination_cidr_block: "0.0.0.0/0" });
        }),
      ).toEqual(only("routes 0.0.0.0/0 through the tunnel, not an admin-tier subnet"));
    });

    test("the endpoint associated with an MCP-tier subnet", () => {
      expect(
        fired("prod", (plans) => {
          const mcp = stackResources(plans, "prod", "aws_subnet").find((subnet) => tier(subnet) === "mcp")!;
          stackResources(plans, "prod", "aws_ec2_client_vpn_network_association")[0].values["subnet_id"] = `\${${mcp.address}.id}`;
        }),
      ).toEqual(only(/associates the endpoint with the mcp subnet/));
    });

    test("the endpoint removed: the VPC has no VPN", () => {
      expect(fired("prod", (plans) => removeResources(plans, "prod", "aws_ec2_client_vpn_endpoint"))).toEqual(only(/has no Client VPN endpoint/));
    });
  });

  describe("the ClientVpn construct refuses weak or invalid props", () => {
    const props: ClientVpnProps = {
      name: "x",
      vpcId: "vpc-1",
      vpcCidr: "10.50.0.0/16",
      clientCidrBlock: "10.250.0.0/22",
      serverCertificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-4000-8000-000000000001",
      rootCertificateChainArn: "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-4000-8000-000000000002",
      samlProviderArn: "arn:aws:iam::123456789012:saml-provider/vpn",
      accessGroupId: "admins",
      targetSubnets: [{ id: "subnet-1", cidrBlock: "10.50.130.0/23" }],
      targetSecurityGroupId: "sg-1",
      sshPort: 2222,
      kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-4000-8000-000000000003",
      logGroupName: "/x/client-vpn",
      logRetentionInDays: 365,
    };
    const build = (overrides: Partial<ClientVpnProps>) => () => new ClientVpn(new TerraformStack(new App({ outdir: tempDir("client-vpn") }), "s"), "vpn", { ...props, ...overrides });

    test("valid props build", () => {
      expect(build({})).not.toThrow();
    });

    test.each([
      [{ clientCidrBlock: "10.50.4.0/22" }, /clientCidrBlock 10.50.4.0\/22 overlaps the VPC 10.50.0.0\/16/],
      [{ clientCidrBlock: "10.250.0.0/24" }, /clientCidrBlock must be a canonical IPv4 CIDR from \/12 to \/22/],
      [{ clientCidrBlock: "10.0.0.0/8" }, /from \/12 to \/22/],
      [{ sessionTimeoutHours: 9 as 8 }, /sessionTimeoutHours must be one of 8, 10, 12, 24/],
      [{ targetSubnets: [] }, /targetSubnets must list at least one subnet/],
      [{ targetSubnets: [{ id: "subnet-1", cidrBlock: "10.60.0.0/24" }] }, /inside the VPC 10.50.0.0\/16/],
      [{ accessGroupId: " " }, /authorizing all groups is not offered/],
      [{ bannerText: "x".repeat(1401) }, /bannerText must have 1 to 1400 characters/],
    ])("%j", (overrides, error) => {
      expect(build(overrides)).toThrow(error);
    });
  });
});

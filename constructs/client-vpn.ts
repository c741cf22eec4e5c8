import { Construct } from "constructs";
import { CloudwatchLogStream } from "@cdktf/provider-aws/lib/cloudwatch-log-stream";
import { Ec2ClientVpnAuthorizationRule } from "@cdktf/provider-aws/lib/ec2-client-vpn-authorization-rule";
import { Ec2ClientVpnEndpoint } from "@cdktf/provider-aws/lib/ec2-client-vpn-endpoint";
import { Ec2ClientVpnNetworkAssociation } from "@cdktf/provider-aws/lib/ec2-client-vpn-network-association";
import { Ec2ClientVpnRoute } from "@cdktf/provider-aws/lib/ec2-client-vpn-route";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { EncryptedLogGroup } from "./encrypted-log-group";
import { cidrContains, cidrsOverlap, isCanonicalCidr, parseCidr, vpcResolverAddress } from "../shared/ipv4-cidr";
import { TIER_TAG } from "../baselines/network-tier";
import { CLIENT_VPN_BANNER_MAX_LENGTH, CLIENT_VPN_CIDR_PREFIX, CLIENT_VPN_SESSION_TIMEOUT_HOURS } from "./service-limits";

export { CLIENT_VPN_BANNER_MAX_LENGTH, CLIENT_VPN_CIDR_PREFIX, CLIENT_VPN_SESSION_TIMEOUT_HOURS };

/** A session length Client VPN accepts, in hours. */
export type ClientVpnSessionTimeoutHours = (typeof CLIENT_VPN_SESSION_TIMEOUT_HOURS)[number];


/** The banner shown when no text is given. */
const DEFAULT_BANNER =
  "Authorized administrators only. Sessions are logged and monitored; by connecting you consent to this.";

/** A subnet the endpoint is associated with and admits clients to. */
export interface ClientVpnTargetSubnet {
  /** Subnet ID. */
  readonly id: string;
  /** The subnet's literal IPv4 CIDR: authorization rules and routes name it. */
  readonly cidrBlock: string;
}

/** Properties of a {@link ClientVpn}. */
export interface ClientVpnProps {
  /** Prefix of names, e.g. `mcp-prod`. */
  readonly name: string;
  /** The VPC the endpoint's network interfaces live in. */
  readonly vpcId: string;
  /** The VPC's literal IPv4 CIDR: the client range must not overlap it, and its resolver (base + 2) serves DNS. */
  readonly vpcCidr: string;
  /** Range client addresses come from: canonical, /12 to /22, overlapping no network the clients reach. */
  readonly clientCidrBlock: string;
  /** ACM certificate the endpoint presents to clients (mutual TLS server side). */
  readonly serverCertificateArn: string;
  /** ACM certificate of the CA that issues client certificates (mutual TLS client side). */
  readonly rootCertificateChainArn: string;
  /**
   * IAM SAML provider of the identity provider administrators sign in with. MFA is enforced there: Client VPN
   * accepts whatever assertion the provider signs, so the identity provider's sign-in policy for the VPN
   * application must require MFA (authenticator app or hardware key, PUB-08).
   */
  readonly samlProviderArn: string;
  /** The group (as the identity provider asserts it) that may reach the target subnets. */
  readonly accessGroupId: string;
  /** Subnets the endpoint is associated with; clients may reach only these (and the VPC resolver). At least one. */
  readonly targetSubnets: readonly ClientVpnTargetSubnet[];
  /** Security group of the hosts clients reach (the bastion): it admits the endpoint's group on `sshPort`. */
  readonly targetSecurityGroupId: string;
  /** The only port clients reach on the target hosts: the bastion's SSH port. */
  readonly sshPort: number;
  /** Customer-managed KMS key that encrypts the connection log group. */
  readonly kmsKeyArn: string;
  /** Name of the connection log group. */
  readonly logGroupName: string;
  /** Retention of the connection log, in days. */
  readonly logRetentionInDays: number;
  /** Hours after which a session ends and must authenticate again. @default 8 */
  readonly sessionTimeoutHours?: ClientVpnSessionTimeoutHours;
  /** Text shown to clients when a session is established. @default a notice that access is logged */
  readonly bannerText?: string;
  /** Transport of the tunnel on port 443. @default "udp" */
  readonly transportProtocol?: "udp" | "tcp";
  /** Extra tags. @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * AWS Client VPN for administrators (PUB-05, PUB-08, JIT-01): every client needs BOTH a certificate from the
 * admin CA (mutual TLS) and a federated sign-in at the identity provider, which enforces MFA. Split tunnel: only
 * the target subnets and the VPC resolver are reached through the tunnel, and only the configured group is
 * authorized, never all groups. Every connection is logged to a KMS-encrypted log group. Sessions time out and
 * are then disconnected. The endpoint's security group may only open the target hosts' SSH port, and the target
 * group admits it on that port.
 *
 * Routes: associating a subnet makes AWS add a route for the whole VPC range to the endpoint's route table; the
 * explicit routes name the target subnets, and the authorization rules (target subnets and the resolver's /32
 * only) are what limit where clients may go. Clients' traffic reaches the VPC from the endpoint's network
 * interfaces, so the target's security group admits the endpoint's group, not the client range.
 *
 * Source-address allowlists are not applied at the endpoint: Client VPN can check a client's public IP only in a
 * client-connect handler (a Lambda function), which this construct leaves disabled. Apply admin allowlists at the
 * target's security group.
 *
 * TLS: Client VPN negotiates TLS 1.2 or later for its OpenVPN control channel; the AWS provider exposes no
 * setting for the TLS version or cipher suites, so there is nothing to pin here.
 */
export class ClientVpn extends Construct {
  /** The endpoint. */
  readonly endpoint: Ec2ClientVpnEndpoint;
  /** The endpoint's security group (tier `admin`). */
  readonly securityGroup: SecurityGroup;
  /** The connection log group. */
  readonly logGroup: EncryptedLogGroup;
  /** The VPC resolver's address, handed to clients as their DNS server. */
  readonly dnsServer: string;

  constructor(scope: Construct, id: string, props: ClientVpnProps) {
    super(scope, id);
    const sessionTimeoutHours = props.sessionTimeoutHours ?? 8;
    const bannerText = props.bannerText ?? DEFAULT_BANNER;
    validate(props, sessionTimeoutHours, bannerText);
    this.dnsServer = vpcResolverAddress(props.vpcCidr);
    const tags = (name: string): Record<string, string> => ({ ...props.tags, Name: `${props.name}-${name}` });

    this.securityGroup = new SecurityGroup(this, "security-group", {
      name: `${props.name}-client-vpn`,
      description: "Client VPN endpoint: reaches the bastion's SSH port only",
      vpcId: props.vpcId,
      revokeRulesOnDelete: true,
      tags: { ...tags("client-vpn"), [TIER_TAG]: "admin" },
    });
    const ssh = { ipProtocol: "tcp", fromPort: props.sshPort, toPort: props.sshPort };
    new VpcSecurityGroupEgressRule(this, "out-ssh", {
      securityGroupId: this.securityGroup.id,
      referencedSecurityGroupId: props.targetSecurityGroupId,
      ...ssh,
      description: "VPN clients to the bastion's SSH port",
    });
    new VpcSecurityGroupIngressRule(this, "target-in-ssh", {
      securityGroupId: props.targetSecurityGroupId,
      referencedSecurityGroupId: this.securityGroup.id,
      ...ssh,
      description: "SSH from VPN clients",
    });

    this.logGroup = new EncryptedLogGroup(this, "logs", {
      name: props.logGroupName,
      kmsKeyArn: props.kmsKeyArn,
      retentionInDays: props.logRetentionInDays,
    });
    const stream = new CloudwatchLogStream(this, "connections", { name: "connections", logGroupName: this.logGroup.logGroup.name });

    this.endpoint = new Ec2ClientVpnEndpoint(this, "endpoint", {
      description: `${props.name} administrator access: mutual TLS and federated sign-in with MFA`,
      clientCidrBlock: props.clientCidrBlock,
      serverCertificateArn: props.serverCertificateArn,
      authenticationOptions: [
        { type: "certificate-authentication", rootCertificateChainArn: props.rootCertificateChainArn },
        { type: "federated-authentication", samlProviderArn: props.samlProviderArn },
      ],
      connectionLogOptions: { enabled: true, cloudwatchLogGroup: this.logGroup.logGroup.name, cloudwatchLogStream: stream.name },
      clientConnectOptions: { enabled: false },
      clientLoginBannerOptions: { enabled: true, bannerText },
      clientRouteEnforcementOptions: { enforced: true },
      splitTunnel: true,
      vpcId: props.vpcId,
      securityGroupIds: [this.securityGroup.id],
      sessionTimeoutHours,
      disconnectOnSessionTimeout: true,
      selfServicePortal: "disabled",
      transportProtocol: props.transportProtocol ?? "udp",
      vpnPort: 443,
      dnsServers: [this.dnsServer],
      tags: tags("client-vpn"),
    });
    const endpointId = this.endpoint.id;

    const authorize = (name: string, cidr: string, description: string) =>
      new Ec2ClientVpnAuthorizationRule(this, name, {
        clientVpnEndpointId: endpointId,
        targetNetworkCidr: cidr,
        accessGroupId: props.accessGroupId,
        authorizeAllGroups: false,
        description,
      });
    authorize("authorize-dns", `${this.dnsServer}/32`, "DNS through the VPC resolver");
    props.targetSubnets.forEach((subnet, index) => {
      const association = new Ec2ClientVpnNetworkAssociation(this, `association-${index}`, { clientVpnEndpointId: endpointId, subnetId: subnet.id });
      authorize(`authorize-${index}`, subnet.cidrBlock, `Administrators to ${subnet.cidrBlock}`);
      new Ec2ClientVpnRoute(this, `route-${index}`, {
        clientVpnEndpointId: endpointId,
        destinationCidrBlock: subnet.cidrBlock,
        targetVpcSubnetId: subnet.id,
        description: `Split tunnel to ${subnet.cidrBlock}`,
        dependsOn: [association],
      });
    });
  }
}

function validate(props: ClientVpnProps, sessionTimeoutHours: number, bannerText: string): void {
  const fail = (message: string): never => {
    throw new Error(`ClientVpn "${props.name}": ${message}`);
  };
  const vpc = parseCidr(props.vpcCidr);
  if (!vpc || !isCanonicalCidr(props.vpcCidr)) fail(`vpcCidr must be a canonical IPv4 CIDR like "10.0.0.0/16", got "${props.vpcCidr}".`);
  const client = parseCidr(props.clientCidrBlock);
  const { broadest, narrowest } = CLIENT_VPN_CIDR_PREFIX;
  if (!client || !isCanonicalCidr(props.clientCidrBlock) || client.prefix < broadest || client.prefix > narrowest) {
    fail(`clientCidrBlock must be a canonical IPv4 CIDR from /${broadest} to /${narrowest}, got "${props.clientCidrBlock}".`);
  }
  if (cidrsOverlap(props.clientCidrBlock, props.vpcCidr)) fail(`clientCidrBlock ${props.clientCidrBlock} overlaps the VPC ${props.vpcCidr}; choose a range outside it.`);
  if (!(CLIENT_VPN_SESSION_TIMEOUT_HOURS as readonly number[]).includes(sessionTimeoutHours)) {
    fail(`sessionTimeoutHours must be one of ${CLIENT_VPN_SESSION_TIMEOUT_HOURS.join(", ")}, got ${sessionTimeoutHours}.`);
  }
  if (props.targetSubnets.length === 0) fail("targetSubnets must list at least one subnet.");
  for (const subnet of props.targetSubnets) {
    if (!parseCidr(subnet.cidrBlock) || !isCanonicalCidr(subnet.cidrBlock) || !cidrContains(props.vpcCidr, subnet.cidrBlock)) {
      fail(`target subnet CIDR must be a literal canonical IPv4 CIDR inside the VPC ${props.vpcCidr}, got "${subnet.cidrBlock}".`);
    }
  }
  if (props.accessGroupId.trim() === "") fail("accessGroupId must name the administrators' group; authorizing all groups is not offered.");
  if (!Number.isInteger(props.sshPort) || props.sshPort < 1 || props.sshPort > 65535) fail(`sshPort must be a TCP port, got ${props.sshPort}.`);
  if (bannerText.trim() === "" || bannerText.length > CLIENT_VPN_BANNER_MAX_LENGTH) {
    fail(`bannerText must have 1 to ${CLIENT_VPN_BANNER_MAX_LENGTH} characters, got ${bannerText.length}.`);
  }
}

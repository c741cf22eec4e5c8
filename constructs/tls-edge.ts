import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { RESTRICTED_TLS_POLICIES, RestrictedTlsPolicy } from "../baselines/waf-limits";

/** The security policy a {@link TlsEdge} uses unless told otherwise: TLS 1.3 and 1.2 with restricted ciphers. */
export const DEFAULT_TLS_POLICY: RestrictedTlsPolicy = "ELBSecurityPolicy-TLS13-1-2-Res-2021-06";

/** The Istio ingress gateway's status port, where it answers `/healthz/ready` over HTTP. */
export const INGRESS_STATUS_PORT = 15021;

/** Properties of a {@link TlsEdge}. */
export interface TlsEdgeProps {
  /** Name of the load balancer, 1 to 29 letters, digits and hyphens; the target group is `<name>-gw`. */
  readonly name: string;
  readonly vpcId: string;
  /** Public subnets of the edge tier, in at least two availability zones. */
  readonly subnetIds: readonly string[];
  /** The edge tier's security group. */
  readonly securityGroupId: string;
  /** ARN of the ACM certificate the HTTPS listener presents. */
  readonly certificateArn: string;
  /** Where access logs go: an S3 bucket name (SSE-S3 encrypted, with a log delivery policy) and key prefix. */
  readonly accessLogs: { readonly bucket: string; readonly prefix: string };
  /** Resources the load balancer must wait for, such as the access log bucket's policy. @default [] */
  readonly dependsOn?: ITerraformDependable[];
  /** TLS security policy of the HTTPS listener, from {@link RESTRICTED_TLS_POLICIES}. @default DEFAULT_TLS_POLICY */
  readonly sslPolicy?: RestrictedTlsPolicy;
  /** Port of the mesh ingress gateway the load balancer forwards to over HTTPS. @default 8443 */
  readonly targetPort?: number;
  /**
   * Port of the gateway's health check: Istio's status port, which answers readiness over HTTP whatever the request's
   * `Host`. The traffic port routes by `Host`, so a check there (the target's IP as host) matches no route and gets 404.
   * The check carries no request data. @default 15021
   */
  readonly healthCheckPort?: number;
  /** Path of the gateway's health check on `healthCheckPort`. @default "/healthz/ready" */
  readonly healthCheckPath?: string;
  /** Weakening: `false` lets the load balancer be deleted without first turning protection off. @default true */
  readonly deletionProtection?: boolean;
  /**
   * Weakening: add a port-80 listener that only redirects to HTTPS (301), and open TCP 80 to the internet on the edge
   * group for it. No request is served over plain HTTP, but a client configured with `http://` sends its first request,
   * bearer token included, in clear text before it is redirected. Only for a load balancer that also serves people
   * typing a host name; `net-04-no-clear-text-listener` reports it, so the environment must accept it with a justified
   * exception, and the edge tier's network ACL must admit TCP 80 (McpNetwork `edgeHttpRedirect`). @default false
   */
  readonly redirectHttp?: boolean;
  /** `max-age` of the Strict-Transport-Security header, in seconds. @default 31536000 (one year) */
  readonly hstsMaxAgeSeconds?: number;
  /** Extra tags. @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * The internet-facing TLS edge (NET-04, PUB-04): an Application Load Balancer in the edge tier with an HTTPS
 * listener using a restricted TLS 1.3/1.2 policy and HSTS, re-encrypting to the mesh ingress gateway (HTTPS target
 * group, health-checked on the gateway's HTTP status port, which carries no request data). Invalid header fields are dropped, HTTP desync mitigation is strictest, WAF
 * fail-open is off, access logs are on and deletion protection is on. It listens on 443 only: no clear-text listener
 * (a port-80 redirect only through the `redirectHttp` weakening).
 */
export class TlsEdge extends Construct {
  readonly loadBalancer: Lb;
  readonly httpsListener: LbListener;
  /** The port-80 redirect listener, when `redirectHttp` is set. */
  readonly httpRedirectListener: LbListener | undefined;
  /** The target group of the mesh ingress gateway; the cluster registers the gateway's pod IPs in it. */
  readonly targetGroup: LbTargetGroup;

  constructor(scope: Construct, id: string, props: TlsEdgeProps) {
    super(scope, id);
    const sslPolicy = props.sslPolicy ?? DEFAULT_TLS_POLICY;
    const targetPort = props.targetPort ?? 8443;
    const healthCheckPort = props.healthCheckPort ?? INGRESS_STATUS_PORT;
    const hstsMaxAge = props.hstsMaxAgeSeconds ?? 31_536_000;
    if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,27}[A-Za-z0-9])?$/.test(props.name) || props.name.startsWith("internal-")) {
      throw new Error(`TlsEdge name "${props.name}" must be 1 to 29 letters, digits and inner hyphens, not starting with "internal-".`);
    }
    if (!(RESTRICTED_TLS_POLICIES as readonly string[]).includes(sslPolicy)) {
      throw new Error(`TlsEdge sslPolicy "${sslPolicy}" is not a restricted TLS 1.3/1.2 policy; use one of ${RESTRICTED_TLS_POLICIES.join(", ")}.`);
    }
    if (!Number.isInteger(healthCheckPort) || healthCheckPort < 1 || healthCheckPort > 65535 || healthCheckPort === targetPort) {
      throw new Error(`TlsEdge healthCheckPort ${healthCheckPort} must be a TCP port other than the target port ${targetPort}: the gateway's status port, e.g. 15021.`);
    }
    if (new Set(props.subnetIds).size < 2) throw new Error("TlsEdge subnetIds must list subnets in at least two availability zones.");
    if (!Number.isInteger(hstsMaxAge) || hstsMaxAge < 31_536_000) {
      throw new Error(`TlsEdge hstsMaxAgeSeconds must be at least 31536000 (one year), got ${hstsMaxAge}.`);
    }

    this.loadBalancer = new Lb(this, "load-balancer", {
      name: props.name,
      internal: false,
      loadBalancerType: "application",
      ipAddressType: "ipv4",
      subnets: [...props.subnetIds],
      securityGroups: [props.securityGroupId],
      dropInvalidHeaderFields: true,
      desyncMitigationMode: "strictest",
      enableWafFailOpen: false,
      enableDeletionProtection: props.deletionProtection ?? true,
      accessLogs: { bucket: props.accessLogs.bucket, prefix: props.accessLogs.prefix, enabled: true },
      dependsOn: props.dependsOn,
      tags: props.tags,
    });

    this.targetGroup = new LbTargetGroup(this, "gateway", {
      name: `${props.name}-gw`,
      vpcId: props.vpcId,
      targetType: "ip",
      protocol: "HTTPS",
      port: targetPort,
      healthCheck: {
        enabled: true,
        protocol: "HTTP",
        port: String(healthCheckPort),
        path: props.healthCheckPath ?? "/healthz/ready",
        matcher: "200",
        healthyThreshold: 2,
        unhealthyThreshold: 3,
        interval: 15,
        timeout: 5,
      },
      tags: props.tags,
    });

    this.httpsListener = new LbListener(this, "https", {
      loadBalancerArn: this.loadBalancer.arn,
      port: 443,
      protocol: "HTTPS",
      sslPolicy,
      certificateArn: props.certificateArn,
      routingHttpResponseStrictTransportSecurityHeaderValue: `max-age=${hstsMaxAge}; includeSubDomains`,
      routingHttpResponseXContentTypeOptionsHeaderValue: "nosniff",
      routingHttpResponseServerEnabled: false,
      defaultAction: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
      tags: props.tags,
    });

    this.httpRedirectListener = props.redirectHttp ? this.redirectHttpToHttps(props.securityGroupId, props.tags) : undefined;
  }

  /** A port-80 listener that only redirects to HTTPS, and the edge group's TCP 80 ingress for it. */
  private redirectHttpToHttps(securityGroupId: string, tags: Record<string, string> | undefined): LbListener {
    const http = (id: string, peer: { cidrIpv4: string } | { cidrIpv6: string }) =>
      new VpcSecurityGroupIngressRule(this, id, {
        securityGroupId,
        ...peer,
        ipProtocol: "tcp",
        fromPort: 80,
        toPort: 80,
        description: "HTTP from MCP clients, only to the listener that redirects to HTTPS",
      });
    http("edge-in-http-redirect-ipv4", { cidrIpv4: "0.0.0.0/0" });
    http("edge-in-http-redirect-ipv6", { cidrIpv6: "::/0" });
    return new LbListener(this, "http-redirect", {
      loadBalancerArn: this.loadBalancer.arn,
      port: 80,
      protocol: "HTTP",
      defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
      tags,
    });
  }
}

/**
 * The internet-facing edge of one environment: the HTTPS load balancer in the edge tier, its access-log bucket, and
 * the MCP-aware web application firewall in front of it (NET-03, NET-04, GW-01, GW-03, PUB-04, PUB-06).
 */
import { DataAwsAcmCertificate } from "@cdktf/provider-aws/lib/data-aws-acm-certificate";
import { LbListenerCertificate } from "@cdktf/provider-aws/lib/lb-listener-certificate";
import { AccessLogBucket } from "../constructs/access-log-bucket";
import { McpWebAcl } from "../constructs/mcp-web-acl";
import { TlsEdge } from "../constructs/tls-edge";
import { EnvironmentConfig } from "../environments/schema";
import type { McpEnvironmentStack } from "./environment-stack";
import { authorizationServerEdge } from "./identity";

/** What {@link addEdge} created. */
export interface Edge {
  readonly accessLogs: AccessLogBucket;
  readonly tls: TlsEdge;
  readonly webAcl: McpWebAcl;
}

/**
 * Adds the edge to an environment's stack: the load balancer presents the ACM certificate issued for
 * `edge.domain` (looked up, never created here), and where the environment deploys Keycloak also the one issued for
 * the issuer's host (the web ACL passes only the realm's public paths there and rate-limits its sign-in and token
 * endpoints), forwards to the mesh ingress gateway over HTTPS, listens on 443 only
 * (no clear-text listener), logs to its own bucket, and is protected by the web ACL. Deletion protection is on in production.
 */
export function addEdge(stack: McpEnvironmentStack, environment: EnvironmentConfig): Edge {
  const name = `mcp-${environment.name}`;
  const { edge, security } = environment;
  const issuedFor = (id: string, domain: string) =>
    new DataAwsAcmCertificate(stack, id, { domain, statuses: ["ISSUED"], mostRecent: true, keyTypes: ["RSA_2048", "EC_prime256v1", "EC_secp384r1"] });
  const certificate = issuedFor("edge-certificate", edge.domain);
  const authorizationServer = authorizationServerEdge(environment);
  const accessLogs = new AccessLogBucket(stack, "edge-access-logs", {
    bucketName: `${name}-alb-access-logs-${environment.accountId}`,
    accountId: environment.accountId,
    prefix: "alb",
    retentionInDays: security.logRetentionDays,
  });
  const tls = new TlsEdge(stack, "edge", {
    name: `${name}-edge`,
    vpcId: stack.network.vpc.id,
    subnetIds: stack.network.subnetIds("edge"),
    securityGroupId: stack.securityGroups.groups.edge.id,
    certificateArn: certificate.arn,
    accessLogs: { bucket: accessLogs.bucket.id, prefix: accessLogs.prefix },
    dependsOn: [accessLogs.policy],
    deletionProtection: environment.production,
  });
  const webAcl = new McpWebAcl(stack, "edge-waf", {
    name,
    mcpPathPrefix: edge.mcpPathPrefix,
    humanPaths: edge.humanPaths,
    allowedOrigins: edge.allowedOrigins,
    maxRequestBodyBytes: edge.maxRequestBodyBytes,
    rateLimits: edge.rateLimits,
    countManagedRuleGroups: edge.countManagedRuleGroups,
    authorizationServer,
    logKmsKeyArn: stack.key.arn,
    logRetentionDays: security.logRetentionDays,
  });
  webAcl.protect("edge-load-balancer", tls.loadBalancer.arn);
  if (authorizationServer !== undefined) {
    const authCertificate = issuedFor("auth-certificate", authorizationServer.host);
    new LbListenerCertificate(stack, "auth-listener-certificate", { listenerArn: tls.httpsListener.arn, certificateArn: authCertificate.arn });
  }
  return { accessLogs, tls, webAcl };
}

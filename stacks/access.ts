/**
 * Administrator access of one environment: the Client VPN in front of the bastion, and the human-assumable roles
 * (PUB-05, PUB-08, JIT-01).
 */
import { AdminRoles } from "../constructs/admin-roles";
import { ClientVpn } from "../constructs/client-vpn";
import { EnvironmentConfig } from "../environments/schema";
import type { McpEnvironmentStack } from "./environment-stack";

/** What {@link addAccess} created. */
export interface Access {
  readonly vpn: ClientVpn;
  readonly roles: AdminRoles;
}

/**
 * The roles that administer the environment's key and secrets: the deploy role, and `mcp-<env>-admin` for break-glass
 * work (both put secret values out of band).
 */
export function administratorRoleArns(environment: EnvironmentConfig): string[] {
  const role = (name: string) => `arn:aws:iam::${environment.accountId}:role/${name}`;
  return [role(environment.deployRoleName), role(`mcp-${environment.name}-admin`)];
}

/**
 * Adds the administrators' Client VPN (associated with the admin tier's subnets, reaching only the bastion's SSH
 * port) and the `mcp-<env>-admin` / `mcp-<env>-readonly` roles to an environment's stack.
 */
export function addAccess(stack: McpEnvironmentStack, environment: EnvironmentConfig): Access {
  const name = `mcp-${environment.name}`;
  const { vpn } = environment.access;
  const targetSubnets = stack.network.subnets.admin.map((subnet) => {
    const cidrBlock = subnet.cidrBlockInput;
    if (cidrBlock === undefined) throw new Error(`Admin subnet ${subnet.node.path} has no literal cidr_block.`);
    return { id: subnet.id, cidrBlock };
  });
  const client = new ClientVpn(stack, "client-vpn", {
    name,
    vpcId: stack.network.vpc.id,
    vpcCidr: environment.vpcCidr,
    clientCidrBlock: vpn.clientCidr,
    serverCertificateArn: vpn.serverCertificateArn,
    rootCertificateChainArn: vpn.rootCertificateChainArn,
    samlProviderArn: vpn.samlProviderArn,
    accessGroupId: vpn.adminGroupId,
    targetSubnets,
    targetSecurityGroupId: stack.securityGroups.groups.admin.id,
    sshPort: environment.security.sshPort,
    kmsKeyArn: stack.key.arn,
    logGroupName: `/mcp/${environment.name}/client-vpn`,
    logRetentionInDays: environment.security.logRetentionDays,
    sessionTimeoutHours: vpn.sessionTimeoutHours,
    bannerText: vpn.bannerText,
  });
  const roles = new AdminRoles(stack, "admin-roles", {
    name,
    accountId: environment.accountId,
    region: environment.region,
    samlProviderArn: environment.access.identityProviderArn,
    maxSessionDuration: environment.access.maxSessionHours * 3600,
  });
  return { vpn: client, roles };
}

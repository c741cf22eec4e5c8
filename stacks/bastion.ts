/**
 * The administrators' bastion of one environment and the pipeline of its hardened image (PUB-03, PUB-05, HOST-00,
 * HOST-02, CTR-04, OPS-01).
 */
import { Bastion } from "../constructs/bastion";
import { BastionImagePipeline } from "../constructs/bastion-image-pipeline";
import { renderBastionUserData } from "../constructs/bastion-user-data";
import { SshdConfigProps } from "../constructs/sshd-config";
import { EnvironmentConfig } from "../environments/schema";
import type { McpEnvironmentStack } from "./environment-stack";

/** What {@link addBastion} created. */
export interface BastionResources {
  readonly image: BastionImagePipeline;
  readonly bastion: Bastion;
}

/** The SSM parameter the image pipeline publishes each new bastion AMI ID to. */
export function bastionAmiParameterName(environment: EnvironmentConfig): string {
  return `/mcp/${environment.name}/bastion/ami-id`;
}

/**
 * Adds the bastion to an environment's stack: the image pipeline builds the hardened AL2023 image into the admin tier,
 * and an Auto Scaling group of one runs it there, with the environment's sshd settings, accounts and keys as user data.
 * The Client VPN (stacks/access.ts) admits administrators to the admin security group the bastion uses.
 */
export function addBastion(stack: McpEnvironmentStack, environment: EnvironmentConfig): BastionResources {
  const { bastion: config, security } = environment;
  const name = `mcp-${environment.name}-bastion`;
  const logs = `/mcp/${environment.name}/bastion`;
  const sshd: SshdConfigProps = { port: security.sshPort, allowUsers: config.allowUsers };
  const adminSubnetIds = stack.network.subnetIds("admin");
  const securityGroupId = stack.securityGroups.groups.admin.id;

  const image = new BastionImagePipeline(stack, "bastion-image", {
    name,
    accountId: environment.accountId,
    region: environment.region,
    kmsKeyArn: stack.key.arn,
    subnetId: adminSubnetIds[0],
    securityGroupId,
    sshd,
    amiParameterName: bastionAmiParameterName(environment),
    logRetentionDays: security.logRetentionDays,
    scheduleExpression: config.imageRebuildSchedule,
  });
  const hostLogGroupName = `${logs}/host`;
  const bastion = new Bastion(stack, "bastion", {
    name,
    accountId: environment.accountId,
    region: environment.region,
    subnetIds: adminSubnetIds,
    securityGroupId,
    kmsKeyArn: stack.key.arn,
    imageId: image.launchTemplateImageId,
    userData: renderBastionUserData({
      sshd,
      accounts: config.allowUsers.map((user) => ({
        name: user,
        publicKeys: config.authorizedKeys.filter((key) => key.user === user).map((key) => key.publicKey),
      })),
      hostLogGroupName,
    }),
    sessionLogGroupName: `${logs}/sessions`,
    hostLogGroupName,
    logRetentionDays: security.logRetentionDays,
    instanceType: config.instanceType,
    maxInstanceLifetimeDays: config.maxInstanceLifetimeDays,
    sessionIdleTimeoutMinutes: config.sessionIdleTimeoutMinutes,
  });
  return { image, bastion };
}

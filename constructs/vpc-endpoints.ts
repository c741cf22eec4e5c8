import { Construct } from "constructs";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { policyDocument, PolicyStatement } from "./policy-document";

/**
 * AWS services the MCP environment reaches privately, without the internet: among them `ec2`, for the VPC CNI on the
 * nodes and the containment function.
 */
export const DEFAULT_INTERFACE_ENDPOINT_SERVICES: readonly string[] = [
  "ec2",
  "ec2messages",
  "ecr.api",
  "ecr.dkr",
  "eks",
  "imagebuilder",
  "kms",
  "logs",
  "secretsmanager",
  "ssm",
  "ssmmessages",
  "sts",
];

/** Properties of {@link VpcEndpoints}. */
export interface VpcEndpointsProps {
  readonly vpcId: string;
  readonly region: string;
  /** The only account whose principals may use the endpoints. */
  readonly accountId: string;
  /** Subnets (one per AZ) for the interface endpoints' network interfaces. */
  readonly subnetIds: readonly string[];
  /** Security group of the interface endpoints. */
  readonly securityGroupId: string;
  /** Route tables that get the S3 gateway endpoint. */
  readonly routeTableIds: readonly string[];
  /**
   * Security groups whose members reach S3 through the gateway endpoint: each gets one egress rule, TCP 443 to the
   * endpoint's S3 prefix list, and nothing wider. @default [] (no group reaches S3)
   */
  readonly s3ClientSecurityGroupIds?: Readonly<Record<string, string>>;
  /** Interface endpoint services (the part after `com.amazonaws.<region>.`). @default DEFAULT_INTERFACE_ENDPOINT_SERVICES */
  readonly services?: readonly string[];
  /** Tags. @default {} */
  readonly tags?: Record<string, string>;
}

/** An endpoint policy statement allowing only principals of one account. */
export function thisAccountOnly(accountId: string): PolicyStatement {
  return {
    Sid: "AllowOnlyPrincipalsOfThisAccount",
    Effect: "Allow",
    Principal: "*",
    Action: "*",
    Resource: "*",
    Condition: { StringEquals: { "aws:PrincipalAccount": accountId } },
  };
}

/**
 * Buckets AWS owns that hosts in a VPC without internet read anonymously or with AWS's own credentials: Amazon Linux
 * 2023 package repositories, the Image Builder task orchestrator (AWSTOE) and AWS-managed components, the SSM agent's
 * updates, and ECR image layers. Only `s3:GetObject` on these is admitted for principals outside the account.
 */
export function awsServiceBucketObjects(region: string): string[] {
  return [
    `arn:aws:s3:::al2023-repos-${region}-de612dc2/*`,
    `arn:aws:s3:::amazon-ssm-${region}/*`,
    `arn:aws:s3:::aws-ssm-${region}/*`,
    `arn:aws:s3:::ec2imagebuilder-managed-resources-${region}-prod/components/*`,
    `arn:aws:s3:::ec2imagebuilder-toe-${region}-prod/*`,
    `arn:aws:s3:::prod-${region}-starport-layer-bucket/*`,
  ];
}

/**
 * Private access to AWS APIs (NET-01, MSH-02): interface endpoints with private DNS in the given subnets and an S3
 * gateway endpoint. Every endpoint policy admits only the environment's own account, so a stolen credential of
 * another account cannot be used from inside the VPC, nor data moved to another account's resources through it
 * (ISO-03). The S3 policy also admits reading objects of the AWS-owned buckets hosts need to be built and patched
 * without internet ({@link awsServiceBucketObjects}): ECR image layers, AL2023 packages, Image Builder components.
 */
export class VpcEndpoints extends Construct {
  /** Interface endpoints by service. */
  readonly interfaceEndpoints: Readonly<Record<string, VpcEndpoint>>;
  readonly s3: VpcEndpoint;

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    const services = [...(props.services ?? DEFAULT_INTERFACE_ENDPOINT_SERVICES)].sort();
    const endpoints: Record<string, VpcEndpoint> = {};
    for (const service of services) {
      endpoints[service] = new VpcEndpoint(this, service.replace(/\./g, "-"), {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: [...props.subnetIds],
        securityGroupIds: [props.securityGroupId],
        policy: policyDocument([thisAccountOnly(props.accountId)]),
        tags: { ...props.tags, Name: `${service}-endpoint` },
      });
    }
    this.interfaceEndpoints = endpoints;
    this.s3 = new VpcEndpoint(this, "s3", {
      vpcId: props.vpcId,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: "Gateway",
      routeTableIds: [...props.routeTableIds],
      policy: policyDocument([
        thisAccountOnly(props.accountId),
        {
          Sid: "AllowReadingAwsServiceBuckets",
          Effect: "Allow",
          Principal: "*",
          Action: "s3:GetObject",
          Resource: awsServiceBucketObjects(props.region),
        },
      ]),
      tags: { ...props.tags, Name: "s3-endpoint" },
    });
    for (const [name, securityGroupId] of Object.entries(props.s3ClientSecurityGroupIds ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
      new VpcSecurityGroupEgressRule(this, `${name}-out-s3`, {
        securityGroupId,
        prefixListId: this.s3.prefixListId,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        description: "HTTPS to S3 through the gateway endpoint (its prefix list only)",
      });
    }
  }
}

import { Construct } from "constructs";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { policyDocument, PolicyStatement } from "./policy-document";

/** AWS services the MCP environment reaches privately, without the internet. */
export const DEFAULT_INTERFACE_ENDPOINT_SERVICES: readonly string[] = [
  "ec2messages",
  "ecr.api",
  "ecr.dkr",
  "eks",
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
  /** Interface endpoint services (the part after `com.amazonaws.<region>.`). @default DEFAULT_INTERFACE_ENDPOINT_SERVICES */
  readonly services?: readonly string[];
  /** Tags. @default {} */
  readonly tags?: Record<string, string>;
}

/** An endpoint policy statement allowing only principals of one account. */
function thisAccountOnly(accountId: string): PolicyStatement {
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
 * Private access to AWS APIs (NET-01, MSH-02): interface endpoints with private DNS in the given subnets and an S3
 * gateway endpoint. Every endpoint policy admits only the environment's own account, so a stolen credential of
 * another account cannot be used from inside the VPC, nor data moved to another account's resources through it
 * (ISO-03). The S3 policy also admits reading ECR image layers, which ECR serves from its own bucket.
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
          Sid: "AllowEcrImageLayers",
          Effect: "Allow",
          Principal: "*",
          Action: "s3:GetObject",
          Resource: `arn:aws:s3:::prod-${props.region}-starport-layer-bucket/*`,
        },
      ]),
      tags: { ...props.tags, Name: "s3-endpoint" },
    });
  }
}

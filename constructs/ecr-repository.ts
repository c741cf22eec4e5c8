import { Construct } from "constructs";
import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository as EcrRepositoryResource } from "@cdktf/provider-aws/lib/ecr-repository";
import { EcrRepositoryPolicy } from "@cdktf/provider-aws/lib/ecr-repository-policy";
import { ECR_PULL_ACTIONS, ECR_PUSH_ACTIONS } from "../baselines/registry";
import { policyDocument } from "./policy-document";

/** Properties of an {@link EcrRepository}. */
export interface EcrRepositoryProps {
  /** Repository name, e.g. `mcp/github-tools`. */
  readonly name: string;
  /** Customer-managed KMS key that encrypts the images. */
  readonly kmsKeyArn: string;
  /** Roles that may pull (the nodes' role). At least one. */
  readonly pullRoleArns: readonly string[];
  /** Roles that may push (the CI publisher). At least one. */
  readonly pushRoleArns: readonly string[];
  /** Days an untagged image is kept. @default 7 */
  readonly untaggedExpiryDays?: number;
  /** Tagged images kept; older ones expire. @default 30 */
  readonly keepLastImages?: number;
  /** Extra tags. @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * The ECR repository of one MCP server's image (CTR-05, PROV-02, PROV-03): immutable tags, scan on push, encrypted
 * with the customer-managed key, never force-deleted with images in it; untagged images expire and old ones are
 * pruned; only the named roles pull and push, and every other principal is denied both, whatever its IAM policies
 * allow.
 */
export class EcrRepository extends Construct {
  /** The repository. */
  readonly repository: EcrRepositoryResource;

  constructor(scope: Construct, id: string, props: EcrRepositoryProps) {
    super(scope, id);
    const untaggedExpiryDays = props.untaggedExpiryDays ?? 7;
    const keepLastImages = props.keepLastImages ?? 30;
    if (!Number.isInteger(untaggedExpiryDays) || untaggedExpiryDays < 1) throw new Error(`EcrRepository "${props.name}": untaggedExpiryDays must be a whole number of days, at least 1.`);
    if (!Number.isInteger(keepLastImages) || keepLastImages < 1) throw new Error(`EcrRepository "${props.name}": keepLastImages must be a whole number, at least 1.`);
    if (props.pullRoleArns.length === 0 || props.pushRoleArns.length === 0) {
      throw new Error(`EcrRepository "${props.name}": pullRoleArns and pushRoleArns must each name at least one role.`);
    }

    this.repository = new EcrRepositoryResource(this, "repository", {
      name: props.name,
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: props.kmsKeyArn }],
      forceDelete: false,
      tags: props.tags,
    });
    new EcrLifecyclePolicy(this, "lifecycle", {
      repository: this.repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: `Expire untagged images after ${untaggedExpiryDays} days`,
            selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: untaggedExpiryDays },
            action: { type: "expire" },
          },
          {
            rulePriority: 2,
            description: `Keep the last ${keepLastImages} images`,
            selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: keepLastImages },
            action: { type: "expire" },
          },
        ],
      }),
    });
    const pullers = [...props.pullRoleArns];
    const pushers = [...props.pushRoleArns];
    new EcrRepositoryPolicy(this, "policy", {
      repository: this.repository.name,
      policy: policyDocument([
        { Sid: "NodesPull", Effect: "Allow", Principal: { AWS: pullers }, Action: ECR_PULL_ACTIONS },
        { Sid: "CiPushes", Effect: "Allow", Principal: { AWS: pushers }, Action: [...ECR_PULL_ACTIONS, ...ECR_PUSH_ACTIONS] },
        {
          Sid: "NobodyElsePulls",
          Effect: "Deny",
          Principal: "*",
          Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
          Condition: { ArnNotEquals: { "aws:PrincipalArn": [...pullers, ...pushers] } },
        },
        {
          Sid: "NobodyElsePushes",
          Effect: "Deny",
          Principal: "*",
          Action: ECR_PUSH_ACTIONS,
          Condition: { ArnNotEquals: { "aws:PrincipalArn": pushers } },
        },
      ]),
    });
  }
}

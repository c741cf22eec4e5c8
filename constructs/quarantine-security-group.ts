import { Construct } from "constructs";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { TIER_TAG } from "../baselines/network-tier";

/** The `mcp:tier` tag value of the quarantine security group: it belongs to no workload tier. */
export const QUARANTINE_TIER = "quarantine";

/** Properties of a {@link QuarantineSecurityGroup}. */
export interface QuarantineSecurityGroupProps {
  /** Group name, e.g. `mcp-prod-quarantine`. */
  readonly name: string;
  readonly vpcId: string;
  /** Extra tags. @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * The quarantine security group (IR-02a, OPS-03): no ingress and no egress rule, so a network interface moved into it
 * can neither be reached nor reach anything (Terraform also removes the allow-all egress rule AWS adds to a new group).
 * Tagged `mcp:tier = quarantine`. Add no rule to it: policy rules refuse any.
 */
export class QuarantineSecurityGroup extends Construct {
  readonly group: SecurityGroup;
  /** The group's ID. */
  readonly id: string;

  constructor(scope: Construct, id: string, props: QuarantineSecurityGroupProps) {
    super(scope, id);
    this.group = new SecurityGroup(this, "group", {
      name: props.name,
      description: "Quarantine: no rules. Network interfaces of compromised instances are moved here.",
      vpcId: props.vpcId,
      revokeRulesOnDelete: true,
      tags: { ...props.tags, Name: props.name, [TIER_TAG]: QUARANTINE_TIER },
    });
    this.id = this.group.id;
  }
}

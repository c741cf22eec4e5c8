import { Construct, IConstruct } from "constructs";
import { Aspects, TerraformStack } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogSubscriptionFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-subscription-filter";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { policyDocument } from "./policy-document";

/** Properties of a {@link LogGroupSubscriptions}. */
export interface LogGroupSubscriptionsProps {
  /** Name of every subscription filter, e.g. `mcp-prod-to-siem`. */
  readonly filterName: string;
  /** Name of the role CloudWatch Logs sends records with. */
  readonly roleName: string;
  readonly accountId: string;
  readonly region: string;
  /** ARN of the Kinesis Data Firehose delivery stream every log group is subscribed to. */
  readonly destinationArn: string;
  /** Constructs whose log groups are subscribed, wherever in them they are. @default the stack this construct is in */
  readonly scope?: Construct;
  /**
   * Log groups left out: only the delivery stream's own error log group, which would otherwise feed its failures back
   * into itself. Leaving out any other group is a weakening (LOG-02). @default []
   */
  readonly exclude?: readonly CloudwatchLogGroup[];
}

/** Whether a construct is a CloudWatch log group resource. */
function isLogGroup(node: IConstruct): node is CloudwatchLogGroup {
  return node instanceof CloudwatchLogGroup;
}

/**
 * Subscribes every CloudWatch log group of a scope (by default the whole stack) to a Kinesis Data Firehose delivery
 * stream, with an empty filter pattern so every event is shipped (LOG-02, TS-04). The log groups are found at
 * synthesis, so groups added to the stack after this construct, by anyone, are subscribed too. CloudWatch Logs sends
 * through a role that may put records into that one stream only, assumable only for this account's log groups.
 */
export class LogGroupSubscriptions extends Construct {
  readonly role: IamRole;
  /** The subscription filters, by the path of the log group they read; filled at synthesis. */
  readonly filters = new Map<string, CloudwatchLogSubscriptionFilter>();
  private readonly policy: IamRolePolicy;

  constructor(scope: Construct, id: string, private readonly props: LogGroupSubscriptionsProps) {
    super(scope, id);
    const { accountId, region } = props;
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: "CloudWatch Logs subscription filters deliver every log group to the SIEM delivery stream",
      assumeRolePolicy: policyDocument([
        {
          Sid: "CloudWatchLogsOfThisAccount",
          Effect: "Allow",
          Principal: { Service: "logs.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: {
            StringEquals: { "aws:SourceAccount": accountId },
            ArnLike: { "aws:SourceArn": `arn:aws:logs:${region}:${accountId}:log-group:*` },
          },
        },
      ]),
    });
    this.policy = new IamRolePolicy(this, "put-records", {
      name: "put-records-into-the-siem-stream",
      role: this.role.id,
      policy: policyDocument([
        { Sid: "PutIntoTheSiemStreamOnly", Effect: "Allow", Action: ["firehose:PutRecord", "firehose:PutRecordBatch"], Resource: props.destinationArn },
      ]),
    });
    const watched = props.scope ?? TerraformStack.of(this);
    Aspects.of(watched).add({
      visit: (node) => {
        if (node === watched) this.subscribeAll(watched);
      },
    });
  }

  /** Adds a subscription filter to every log group under `root` that has none yet. */
  private subscribeAll(root: Construct): void {
    const excluded = new Set<IConstruct>(this.props.exclude ?? []);
    for (const group of root.node.findAll().filter(isLogGroup)) {
      if (excluded.has(group) || this.filters.has(group.node.path)) continue;
      const id = `filter-${group.node.path.replace(/[^A-Za-z0-9]+/g, "-")}`;
      this.filters.set(
        group.node.path,
        new CloudwatchLogSubscriptionFilter(this, id, {
          name: this.props.filterName,
          logGroupName: group.name,
          filterPattern: "",
          destinationArn: this.props.destinationArn,
          roleArn: this.role.arn,
          dependsOn: [this.policy],
        })
      );
    }
  }
}

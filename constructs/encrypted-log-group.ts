import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";

/** Properties of an {@link EncryptedLogGroup}. */
export interface EncryptedLogGroupProps {
  /** Log group name. */
  readonly name: string;
  /** ARN of the customer-managed KMS key that encrypts the group. */
  readonly kmsKeyArn: string;
  /** Retention in days: always explicit, never "forever" by omission (LOG-04). */
  readonly retentionInDays: number;
}

/** A CloudWatch log group encrypted with a customer-managed key and with explicit retention (LOG-04). */
export class EncryptedLogGroup extends Construct {
  /** The log group. */
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    if (!Number.isInteger(props.retentionInDays) || props.retentionInDays <= 0) {
      throw new Error(`EncryptedLogGroup "${props.name}": retentionInDays must be a positive number of days, got ${props.retentionInDays}.`);
    }
    this.logGroup = new CloudwatchLogGroup(this, "group", {
      name: props.name,
      kmsKeyId: props.kmsKeyArn,
      retentionInDays: props.retentionInDays,
      skipDestroy: true,
    });
  }
}

import { Construct } from "constructs";
import { CloudwatchLogStream } from "@cdktf/provider-aws/lib/cloudwatch-log-stream";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KinesisFirehoseDeliveryStream } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { EncryptedLogGroup } from "./encrypted-log-group";
import { policyDocument, serviceTrustPolicy } from "./policy-document";

/** The SIEM's HTTP endpoint. */
export interface SiemEndpoint {
  /** Destination name shown in Firehose, e.g. `splunk-prod`. */
  readonly name: string;
  /** HTTPS ingestion URL. */
  readonly url: string;
  /** Full ARN of the Secrets Manager secret holding the access key (`{"api_key": "..."}`); never the key itself. */
  readonly accessKeySecretArn: string;
}

/** Where every record is also written: the log archive. */
export interface SiemBackup {
  /** ARN of the archive bucket (SSE-KMS, Object Lock). */
  readonly bucketArn: string;
  /** Key prefix of the backup, without a trailing `/`, e.g. `firehose`. */
  readonly prefix: string;
  /** `AllData` keeps a tamper-evident copy of everything; `FailedDataOnly` only what the SIEM refused: a weakening. @default "AllData" */
  readonly mode?: "AllData" | "FailedDataOnly";
}

/** Properties of a {@link SiemDeliveryStream}. */
export interface SiemDeliveryStreamProps {
  /** Delivery stream name, e.g. `mcp-prod-siem`. */
  readonly name: string;
  /** Name of the role Firehose delivers with. */
  readonly roleName: string;
  readonly accountId: string;
  readonly region: string;
  readonly endpoint: SiemEndpoint;
  /** Customer-managed KMS key: encrypts the stream at rest, the backup objects and the error log group. */
  readonly kmsKeyArn: string;
  readonly backup: SiemBackup;
  /** Name of the log group that receives delivery errors. */
  readonly errorLogGroupName: string;
  /** Retention of the error log group, in days. */
  readonly logRetentionInDays: number;
  /** SNS topics notified when delivery to the SIEM or to the archive keeps failing (encrypted). */
  readonly alarmTopicArns: readonly string[];
  /** Attributes sent with every request, e.g. `{ environment: "prod" }`. @default {} */
  readonly commonAttributes?: Readonly<Record<string, string>>;
  /** Seconds Firehose buffers before delivering, 0 to 900. @default 60 */
  readonly bufferingSeconds?: number;
  /** Megabytes Firehose buffers before delivering, 1 to 64. @default 1 */
  readonly bufferingMegabytes?: number;
  /** Seconds Firehose retries a refused delivery before giving up on it (it is in the backup either way), 0 to 7200. @default 900 */
  readonly retrySeconds?: number;
}

/** The log streams of the error log group Firehose writes to. */
export const SIEM_ERROR_LOG_STREAMS = { http: "http-endpoint-delivery", backup: "s3-backup-delivery" } as const;

/**
 * A Kinesis Data Firehose delivery stream to a SIEM's HTTPS endpoint (LOG-02, TS-04): encrypted at rest with a
 * customer-managed key, the endpoint's access key read from Secrets Manager at delivery time, every record also
 * written to the log archive (SSE-KMS) under its own prefix, delivery errors logged to a KMS-encrypted log group, and
 * alarms when delivery to the SIEM or to the archive keeps failing. The delivery role may write only the backup
 * prefix, read only the access key's secret and write only the error log group.
 */
export class SiemDeliveryStream extends Construct {
  readonly stream: KinesisFirehoseDeliveryStream;
  /** The stream's ARN, for subscription filters. */
  readonly arn: string;
  /** The group Firehose logs delivery errors to. It must not be subscribed to the stream itself (a failing delivery would feed itself). */
  readonly errorLogGroup: EncryptedLogGroup;
  readonly role: IamRole;
  /** The delivery failure alarms: to the SIEM, and to the archive. */
  readonly alarms: readonly CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: SiemDeliveryStreamProps) {
    super(scope, id);
    const { accountId, region, kmsKeyArn, backup } = props;
    const bufferingSeconds = props.bufferingSeconds ?? 60;
    const bufferingMegabytes = props.bufferingMegabytes ?? 1;
    const retrySeconds = props.retrySeconds ?? 900;
    const range = (label: string, value: number, min: number, max: number) => {
      if (!Number.isInteger(value) || value < min || value > max) throw new Error(`SiemDeliveryStream "${props.name}": ${label} must be a whole number from ${min} to ${max}, got ${value}.`);
    };
    range("bufferingSeconds", bufferingSeconds, 0, 900);
    range("bufferingMegabytes", bufferingMegabytes, 1, 64);
    range("retrySeconds", retrySeconds, 0, 7200);
    if (!props.endpoint.url.startsWith("https://")) throw new Error(`SiemDeliveryStream "${props.name}": endpoint.url must use https, got "${props.endpoint.url}".`);
    if (props.alarmTopicArns.length === 0) throw new Error(`SiemDeliveryStream "${props.name}": alarmTopicArns must name at least one topic, or a broken delivery would go unnoticed.`);
    if (backup.prefix === "" || backup.prefix.startsWith("/") || backup.prefix.endsWith("/")) {
      throw new Error(`SiemDeliveryStream "${props.name}": backup.prefix must be a key prefix without leading or trailing "/", e.g. "firehose".`);
    }

    this.errorLogGroup = new EncryptedLogGroup(this, "errors", { name: props.errorLogGroupName, kmsKeyArn, retentionInDays: props.logRetentionInDays });
    const errorGroup = this.errorLogGroup.logGroup;
    for (const [key, streamName] of Object.entries(SIEM_ERROR_LOG_STREAMS)) {
      new CloudwatchLogStream(this, `errors-${key}`, { logGroupName: errorGroup.name, name: streamName });
    }

    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: `Kinesis Data Firehose delivery of ${props.name} to the SIEM and the log archive`,
      assumeRolePolicy: serviceTrustPolicy("firehose.amazonaws.com", accountId),
    });
    const objects = `${backup.bucketArn}/${backup.prefix}/*`;
    new IamRolePolicy(this, "delivery", {
      name: "deliver-to-siem-and-archive",
      role: this.role.id,
      policy: policyDocument([
        {
          Sid: "LocateTheArchive",
          Effect: "Allow",
          Action: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
          Resource: backup.bucketArn,
        },
        {
          Sid: "WriteOnlyTheBackupPrefix",
          Effect: "Allow",
          Action: ["s3:AbortMultipartUpload", "s3:PutObject"],
          Resource: objects,
        },
        {
          Sid: "EncryptBackupObjects",
          Effect: "Allow",
          Action: ["kms:Decrypt", "kms:GenerateDataKey"],
          Resource: kmsKeyArn,
          Condition: {
            StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` },
            StringLike: { "kms:EncryptionContext:aws:s3:arn": objects },
          },
        },
        {
          Sid: "ReadTheSiemAccessKey",
          Effect: "Allow",
          Action: "secretsmanager:GetSecretValue",
          Resource: props.endpoint.accessKeySecretArn,
        },
        {
          Sid: "DecryptTheSiemAccessKey",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: kmsKeyArn,
          Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` } },
        },
        {
          Sid: "LogDeliveryErrors",
          Effect: "Allow",
          Action: "logs:PutLogEvents",
          Resource: `${errorGroup.arn}:log-stream:*`,
        },
      ]),
    });

    const logging = (stream: string) => ({ enabled: true, logGroupName: errorGroup.name, logStreamName: stream });
    this.stream = new KinesisFirehoseDeliveryStream(this, "stream", {
      name: props.name,
      destination: "http_endpoint",
      serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: kmsKeyArn },
      httpEndpointConfiguration: {
        name: props.endpoint.name,
        url: props.endpoint.url,
        roleArn: this.role.arn,
        s3BackupMode: backup.mode ?? "AllData",
        bufferingInterval: bufferingSeconds,
        bufferingSize: bufferingMegabytes,
        retryDuration: retrySeconds,
        secretsManagerConfiguration: { enabled: true, secretArn: props.endpoint.accessKeySecretArn, roleArn: this.role.arn },
        requestConfiguration: {
          contentEncoding: "GZIP",
          commonAttributes: Object.entries(props.commonAttributes ?? {})
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([name, value]) => ({ name, value })),
        },
        cloudwatchLoggingOptions: logging(SIEM_ERROR_LOG_STREAMS.http),
        s3Configuration: {
          bucketArn: backup.bucketArn,
          roleArn: this.role.arn,
          prefix: `${backup.prefix}/`,
          errorOutputPrefix: `${backup.prefix}-errors/!{firehose:error-output-type}/`,
          compressionFormat: "GZIP",
          kmsKeyArn,
          bufferingInterval: 300,
          bufferingSize: 5,
          cloudwatchLoggingOptions: logging(SIEM_ERROR_LOG_STREAMS.backup),
        },
      },
    });
    this.arn = this.stream.arn;

    const failing = (id: string, metric: string, what: string) =>
      new CloudwatchMetricAlarm(this, `${id}-delivery-failing`, {
        alarmName: `${props.name}-to-${id}-failing`,
        alarmDescription: `Kinesis Data Firehose ${props.name} failed to deliver to ${what} for 15 minutes: logs are piling up unseen. See ${props.errorLogGroupName}.`,
        namespace: "AWS/Firehose",
        metricName: metric,
        dimensions: { DeliveryStreamName: props.name },
        statistic: "Minimum",
        period: 300,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
        treatMissingData: "notBreaching",
        alarmActions: [...props.alarmTopicArns],
        okActions: [...props.alarmTopicArns],
      });
    this.alarms = [failing("siem", "DeliveryToHttpEndpoint.Success", "the SIEM"), failing("archive", "DeliveryToS3.Success", "the log archive")];
  }
}

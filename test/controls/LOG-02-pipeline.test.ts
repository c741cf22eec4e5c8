import { App, Testing } from "cdktf";
import { EncryptedLogGroup } from "../../constructs/encrypted-log-group";
import { prod } from "../../environments/prod";
import { block } from "../../policies/terraform";
import { Artifacts } from "../../policies/types";
import { McpEnvironmentStack } from "../../stacks/environment-stack";
import { config, ENVIRONMENTS, only, ref, rulesFired } from "../support/compute";
import { alertsTopic, archiveBucket, editStatements, named, statements } from "../support/detection";
import { addResource, findingsFor, stackResources, synthesizedPlans } from "../support/plans";

const stream = (plans: Artifacts, environment: string) => named(plans, environment, "aws_kinesis_firehose_delivery_stream", `mcp-${environment}-siem`);
const http = (plans: Artifacts, environment: string) => block(stream(plans, environment).values["http_endpoint_configuration"]) as Record<string, any>;
const role = (plans: Artifacts, environment: string, name: string) => named(plans, environment, "aws_iam_role", name);
const rolePolicy = (plans: Artifacts, environment: string, roleName: string) =>
  stackResources(plans, environment, "aws_iam_role_policy").find((policy) => policy.values["role"] === ref(role(plans, environment, roleName), "id"))!;

describe("LOG-02 centralised log collection (every log group shipped to the SIEM through Firehose)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const { logging, accountId, region, security } = config(environment);
    const key = ref(only(plans, environment, "aws_kms_key"), "arn");
    const errors = named(plans, environment, "aws_cloudwatch_log_group", `/mcp/${environment}/siem-delivery-errors`);

    test("the delivery stream is encrypted with the environment key and delivers to the configured SIEM over HTTPS, its key from Secrets Manager", () => {
      const deliveryRole = ref(role(plans, environment, `mcp-${environment}-siem-delivery`), "arn");
      expect(stream(plans, environment).values).toMatchObject({
        destination: "http_endpoint",
        server_side_encryption: { enabled: true, key_type: "CUSTOMER_MANAGED_CMK", key_arn: key },
      });
      expect(http(plans, environment)).toMatchObject({
        name: logging.siem.name,
        url: logging.siem.endpointUrl,
        role_arn: deliveryRole,
        secrets_manager_configuration: { enabled: true, secret_arn: logging.siem.accessKeySecretArn, role_arn: deliveryRole },
        request_configuration: { content_encoding: "GZIP", common_attributes: [{ name: "environment", value: environment }] },
        cloudwatch_logging_options: { enabled: true, log_group_name: ref(errors, "name"), log_stream_name: "http-endpoint-delivery" },
      });
      expect(http(plans, environment)["access_key"]).toBeUndefined();
      expect(logging.siem.endpointUrl.startsWith("https://")).toBe(true);
    });

    test("every record is also written, KMS-encrypted, to the object-locked log archive under firehose/", () => {
      expect(http(plans, environment)["s3_backup_mode"]).toBe("AllData");
      expect(http(plans, environment)["s3_configuration"]).toMatchObject({
        bucket_arn: ref(archiveBucket(plans, environment), "arn"),
        prefix: "firehose/",
        kms_key_arn: key,
        compression_format: "GZIP",
        cloudwatch_logging_options: { enabled: true, log_group_name: ref(errors, "name"), log_stream_name: "s3-backup-delivery" },
      });
      expect(archiveBucket(plans, environment).values["object_lock_enabled"]).toBe(true);
    });

    test("the delivery role writes only the backup prefix, reads only the SIEM key and logs only to its error group", () => {
      const archive = ref(archiveBucket(plans, environment), "arn");
      const policy = statements(rolePolicy(plans, environment, `mcp-${environment}-siem-delivery`));
      expect([...policy.keys()]).toEqual(["LocateTheArchive", "WriteOnlyTheBackupPrefix", "EncryptBackupObjects", "ReadTheSiemAccessKey", "DecryptTheSiemAccessKey", "LogDeliveryErrors"]);
      expect(policy.get("WriteOnlyTheBackupPrefix")).toMatchObject({ Action: ["s3:AbortMultipartUpload", "s3:PutObject"], Resource: `${archive}/firehose/*` });
      expect(policy.get("ReadTheSiemAccessKey")).toMatchObject({ Action: "secretsmanager:GetSecretValue", Resource: logging.siem.accessKeySecretArn });
      expect(policy.get("EncryptBackupObjects")?.["Condition"]).toEqual({
        StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` },
        StringLike: { "kms:EncryptionContext:aws:s3:arn": `${archive}/firehose/*` },
      });
      expect(policy.get("LogDeliveryErrors")).toMatchObject({ Action: "logs:PutLogEvents", Resource: `${ref(errors, "arn")}:log-stream:*` });
      expect(JSON.parse(String(role(plans, environment, `mcp-${environment}-siem-delivery`).values["assume_role_policy"])).Statement).toEqual([
        { Sid: "AllowServiceFromThisAccount", Effect: "Allow", Principal: { Service: "firehose.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": accountId } } },
      ]);
    });

    test("every log group but the stream's own error group has one subscription filter shipping every event to the stream", () => {
      const filters = stackResources(plans, environment, "aws_cloudwatch_log_subscription_filter");
      const subscriptionRole = ref(role(plans, environment, `mcp-${environment}-logs-to-siem`), "arn");
      const groups = stackResources(plans, environment, "aws_cloudwatch_log_group");
      expect(groups.length).toBeGreaterThan(8);
      for (const group of groups) {
        const mine = filters.filter((filter) => filter.values["log_group_name"] === ref(group, "name"));
        if (group.address === errors.address) {
          expect(mine).toEqual([]);
          continue;
        }
        expect(mine.map((filter) => filter.values)).toEqual([
          expect.objectContaining({ name: `mcp-${environment}-to-siem`, filter_pattern: "", destination_arn: ref(stream(plans, environment), "arn"), role_arn: subscriptionRole }),
        ]);
      }
      expect(filters).toHaveLength(groups.length - 1);
      for (const name of ["vpc-flow-logs", "cloudtrail", "containers", "containment"]) {
        expect(groups.map((group) => group.values["name"])).toContain(`/mcp/${environment}/${name}`);
      }
    });

    test("CloudWatch Logs puts records only into the stream, and only for this account's log groups", () => {
      const logsRole = role(plans, environment, `mcp-${environment}-logs-to-siem`);
      expect(JSON.parse(String(logsRole.values["assume_role_policy"])).Statement[0]).toEqual({
        Sid: "CloudWatchLogsOfThisAccount",
        Effect: "Allow",
        Principal: { Service: "logs.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": accountId }, ArnLike: { "aws:SourceArn": `arn:aws:logs:${region}:${accountId}:log-group:*` } },
      });
      expect(statements(rolePolicy(plans, environment, `mcp-${environment}-logs-to-siem`)).get("PutIntoTheSiemStreamOnly")).toEqual({
        Sid: "PutIntoTheSiemStreamOnly",
        Effect: "Allow",
        Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
        Resource: ref(stream(plans, environment), "arn"),
      });
    });

    test("the container log group is KMS-encrypted with explicit retention, and failing deliveries raise alarms to the alert topic", () => {
      expect(named(plans, environment, "aws_cloudwatch_log_group", `/mcp/${environment}/containers`).values).toMatchObject({ kms_key_id: key, retention_in_days: security.logRetentionDays });
      const topic = ref(alertsTopic(plans, environment), "arn");
      for (const [target, metric] of [["siem", "DeliveryToHttpEndpoint.Success"], ["archive", "DeliveryToS3.Success"]]) {
        expect(named(plans, environment, "aws_cloudwatch_metric_alarm", `mcp-${environment}-siem-to-${target}-failing`, "alarm_name").values).toMatchObject({
          namespace: "AWS/Firehose",
          metric_name: metric,
          dimensions: { DeliveryStreamName: `mcp-${environment}-siem` },
          comparison_operator: "LessThanThreshold",
          threshold: 1,
          alarm_actions: [topic],
        });
      }
    });

    test("the synthesized plan passes every LOG-02 rule", () => {
      expect(findingsFor(plans, "LOG-02")).toEqual([]);
    });
  });

  test("a log group added to the stack after it is built, by anyone, is subscribed at synthesis", () => {
    const stack = new McpEnvironmentStack(Testing.app() as App, prod);
    new EncryptedLogGroup(stack, "added-later", { name: "/mcp/prod/added-later", kmsKeyArn: stack.key.arn, retentionInDays: 365 });
    const json = JSON.parse(Testing.synth(stack)) as { resource: Record<string, Record<string, Record<string, unknown>>> };
    const [address] = Object.entries(json.resource["aws_cloudwatch_log_group"]).find(([, group]) => group["name"] === "/mcp/prod/added-later")!;
    expect(Object.values(json.resource["aws_cloudwatch_log_subscription_filter"]).filter((filter) => filter["log_group_name"] === `\${aws_cloudwatch_log_group.${address}.name}`)).toHaveLength(1);
  });

  describe("check reports LOG-02 when the real plan is weakened", () => {
    const fired = (mutate: (plans: Artifacts) => void) => rulesFired("LOG-02", mutate);
    const expected = ["log-02-log-groups-subscribed"];

    test("a log group loses its subscription filter", () => {
      expect(
        fired((plans) => {
          const group = named(plans, "prod", "aws_cloudwatch_log_group", "/mcp/prod/vpc-flow-logs");
          const block = plans.stacks.find((candidate) => candidate.name === "mcp-prod")!.json["resource"] as Record<string, Record<string, unknown>>;
          for (const filter of stackResources(plans, "prod", "aws_cloudwatch_log_subscription_filter").filter((candidate) => candidate.values["log_group_name"] === ref(group, "name"))) {
            delete block["aws_cloudwatch_log_subscription_filter"][filter.name];
          }
        })
      ).toEqual(expected);
    });

    test("a log group is added without a subscription", () => {
      expect(fired((plans) => addResource(plans, "prod", "aws_cloudwatch_log_group", "unshipped", { name: "/mcp/prod/unshipped", kms_key_id: "arn:aws:kms:eu-central-1:333333333333:key/x", retention_in_days: 365 }))).toEqual(expected);
    });

    test("the stream is no longer encrypted with the customer-managed key", () => {
      expect(fired((plans) => (stream(plans, "prod").values["server_side_encryption"] = { enabled: true, key_type: "AWS_OWNED_CMK" }))).toEqual(expected);
    });

    test("the SIEM endpoint is plain HTTP", () => {
      expect(fired((plans) => (http(plans, "prod")["url"] = "http://siem.example.com/ingest/firehose"))).toEqual(expected);
    });

    test("the access key is written into the plan instead of read from Secrets Manager", () => {
      expect(
        fired((plans) => {
          delete http(plans, "prod")["secrets_manager_configuration"];
          http(plans, "prod")["access_key"] = "placeholder";
        })
      ).toEqual(expected);
    });

    test("the backup loses its KMS key", () => {
      expect(fired((plans) => delete block(http(plans, "prod")["s3_configuration"])!["kms_key_arn"])).toEqual(expected);
    });

    test("a filter ships only some events", () => {
      expect(fired((plans) => (stackResources(plans, "prod", "aws_cloudwatch_log_subscription_filter")[0].values["filter_pattern"] = '{ $.level = "error" }'))).toEqual(expected);
    });

    test("a log group without KMS is reported by LOG-04", () => {
      const plans = synthesizedPlans();
      delete named(plans, "prod", "aws_cloudwatch_log_group", "/mcp/prod/containers").values["kms_key_id"];
      expect([...new Set(findingsFor(plans, "LOG-04").map((finding) => finding.rule))]).toEqual(["log-04-log-group-encryption-retention"]);
    });

    test("the delivery role may read any secret", () => {
      expect(
        rulesFired("MSH-03", (plans) =>
          editStatements(rolePolicy(plans, "prod", "mcp-prod-siem-delivery"), (list) => list.map((statement) => (statement.Sid === "ReadTheSiemAccessKey" ? { ...statement, Resource: "*" } : statement)))
        )
      ).toEqual(["msh-03-secrets-encrypted-and-scoped"]);
    });
  });
});

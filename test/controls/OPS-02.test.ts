import { parse } from "yaml";
import { MCP_BASELINE_CONFIG_RULES } from "../../constructs/conformance-pack";
import { config, ENVIRONMENTS, only, ref, rulesFired } from "../support/compute";
import { archiveBucket, bucketPart, named } from "../support/detection";
import { findingsFor, removeResources, synthesizedPlans } from "../support/plans";

type Plans = ReturnType<typeof synthesizedPlans>;

/** The managed rules of the baseline, in template order. */
const BASELINE = [
  "CLOUDTRAIL_SECURITY_TRAIL_ENABLED",
  "CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED",
  "CLOUD_TRAIL_ENCRYPTION_ENABLED",
  "CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED",
  "MULTI_REGION_CLOUD_TRAIL_ENABLED",
  "CLOUDWATCH_LOG_GROUP_ENCRYPTED",
  "CMK_BACKING_KEY_ROTATION_ENABLED",
  "GUARDDUTY_ENABLED_CENTRALIZED",
  "SECURITYHUB_ENABLED",
  "VPC_FLOW_LOGS_ENABLED",
  "VPC_DEFAULT_SECURITY_GROUP_CLOSED",
  "INCOMING_SSH_DISABLED",
  "NO_UNRESTRICTED_ROUTE_TO_IGW",
  "INTERNET_GATEWAY_AUTHORIZED_VPC_ONLY",
  "INSTANCES_IN_VPC",
  "EC2_IMDSV2_CHECK",
  "EC2_INSTANCE_PROFILE_ATTACHED",
  "EC2_INSTANCE_DETAILED_MONITORING_ENABLED",
  "EBS_IN_BACKUP_PLAN",
  "EKS_ENDPOINT_NO_PUBLIC_ACCESS",
  "ELB_LOGGING_ENABLED",
  "SECRETSMANAGER_ROTATION_ENABLED_CHECK",
  "SECRETSMANAGER_USING_CMK",
];

interface TemplateRule {
  readonly Type: string;
  readonly Properties: { ConfigRuleName: string; Description: string; Source: { Owner: string; SourceIdentifier: string }; InputParameters?: Record<string, string> };
}

const template = (plans: Plans, environment: string) =>
  parse(String(only(plans, environment, "aws_config_conformance_pack").values["template_body"])) as { Resources: Record<string, TemplateRule> };

describe("OPS-02 configuration-drift detection (AWS Config recording everything, the baseline conformance pack)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const { accountId } = config(environment);
    const recorder = only(plans, environment, "aws_config_configuration_recorder");

    test("the recorder records every supported resource type, global ones included, continuously, and is switched on", () => {
      expect(recorder.values).toMatchObject({
        name: `mcp-${environment}`,
        recording_group: { all_supported: true, include_global_resource_types: true },
        recording_mode: { recording_frequency: "CONTINUOUS" },
      });
      expect(only(plans, environment, "aws_config_configuration_recorder_status").values).toMatchObject({ name: ref(recorder, "name"), is_enabled: true });
    });

    test("configuration is delivered, KMS-encrypted, to the log archive under config/", () => {
      const archive = archiveBucket(plans, environment);
      const channel = only(plans, environment, "aws_config_delivery_channel");
      expect(channel.values).toMatchObject({
        s3_bucket_name: ref(archive, "bucket"),
        s3_key_prefix: "config",
        s3_kms_key_arn: ref(only(plans, environment, "aws_kms_key"), "arn"),
        snapshot_delivery_properties: { delivery_frequency: "TwentyFour_Hours" },
      });
      expect(channel.values["depends_on"]).toContain(bucketPart(plans, environment, archive, "aws_s3_bucket_policy").address);
    });

    test("the recorder's role reads through AWS_ConfigRole and writes only under its prefix", () => {
      const role = named(plans, environment, "aws_iam_role", `mcp-${environment}-config-recorder`);
      expect(JSON.parse(String(role.values["assume_role_policy"])).Statement[0]).toMatchObject({
        Principal: { Service: "config.amazonaws.com" },
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
      });
      expect(named(plans, environment, "aws_iam_role_policy_attachment", ref(role, "name"), "role").values["policy_arn"]).toBe("arn:aws:iam::aws:policy/service-role/AWS_ConfigRole");
      const write = JSON.parse(String(named(plans, environment, "aws_iam_role_policy", ref(role, "id"), "role").values["policy"])).Statement[1];
      expect(write).toEqual({
        Sid: "WriteOnlyUnderTheConfigPrefix",
        Effect: "Allow",
        Action: "s3:PutObject",
        Resource: `arn:aws:s3:::${ref(archiveBucket(plans, environment), "bucket")}/config/AWSLogs/${accountId}/Config/*`,
      });
    });

    test("the conformance pack template parses and deploys every baseline rule as an AWS managed rule", () => {
      const pack = only(plans, environment, "aws_config_conformance_pack");
      expect(pack.values).toMatchObject({ name: `mcp-${environment}-baseline`, depends_on: [only(plans, environment, "aws_config_configuration_recorder_status").address] });
      expect(MCP_BASELINE_CONFIG_RULES.map((rule) => rule.identifier)).toEqual(BASELINE);
      const resources = Object.values(template(plans, environment).Resources);
      expect(resources.map((resource) => resource.Properties.Source)).toEqual(BASELINE.map((identifier) => ({ Owner: "AWS", SourceIdentifier: identifier })));
      for (const resource of resources) {
        expect(resource.Type).toBe("AWS::Config::ConfigRule");
        expect(resource.Properties.ConfigRuleName).toBe(resource.Properties.Source.SourceIdentifier.toLowerCase().replace(/_/g, "-"));
        expect(resource.Properties.Description.length).toBeGreaterThan(0);
      }
    });

    test("the internet-gateway rules know the environment's VPC and its edge route tables", () => {
      const { Resources } = template(plans, environment);
      expect(Resources["InternetGatewayAuthorizedVpcOnly"].Properties.InputParameters).toEqual({ AuthorizedVpcIds: ref(only(plans, environment, "aws_vpc"), "id") });
      const tables = Resources["NoUnrestrictedRouteToIgw"].Properties.InputParameters?.["routeTableIds"].split(",") ?? [];
      expect(tables.length).toBe(1 + (config(environment).production ? config(environment).azCount : 1));
      for (const table of tables) expect(table).toMatch(/^\$\{aws_route_table\.network_edge-/);
    });

    test("the synthesized plan passes every OPS-02 rule", () => {
      expect(findingsFor(plans, "OPS-02")).toEqual([]);
    });
  });

  describe("check reports OPS-02 when the real plan is weakened", () => {
    const fired = (mutate: (plans: Plans) => void) => rulesFired("OPS-02", mutate);
    const expected = ["ops-02-config-recorder-and-conformance-pack"];

    test("the recorder records only some resource types", () => {
      expect(fired((plans) => (only(plans, "prod", "aws_config_configuration_recorder").values["recording_group"] = { all_supported: false, resource_types: ["AWS::EC2::Instance"] }))).toEqual(expected);
    });

    test("global resource types (IAM) are not recorded", () => {
      expect(fired((plans) => (only(plans, "prod", "aws_config_configuration_recorder").values["recording_group"] = { all_supported: true, include_global_resource_types: false }))).toEqual(expected);
    });

    test("the recorder is switched off", () => {
      expect(fired((plans) => (only(plans, "prod", "aws_config_configuration_recorder_status").values["is_enabled"] = false))).toEqual(expected);
    });

    test("the delivery channel is removed", () => {
      expect(fired((plans) => removeResources(plans, "prod", "aws_config_delivery_channel"))).toEqual(expected);
    });

    test("the IMDSv2 rule is dropped from the conformance pack", () => {
      expect(
        fired((plans) => {
          const pack = only(plans, "prod", "aws_config_conformance_pack");
          pack.values["template_body"] = String(pack.values["template_body"]).replace(/SourceIdentifier: EC2_IMDSV2_CHECK/, "SourceIdentifier: EC2_INSTANCE_NO_PUBLIC_IP");
        }),
      ).toEqual(expected);
    });

    test("the conformance pack is removed", () => {
      expect(fired((plans) => removeResources(plans, "prod", "aws_config_conformance_pack"))).toEqual(expected);
    });

    test("the conformance pack's template is not valid YAML", () => {
      expect(fired((plans) => (only(plans, "prod", "aws_config_conformance_pack").values["template_body"] = "Resources: [unclosed"))).toEqual(expected);
    });
  });
});

import { config, ENVIRONMENTS, only, ref, rulesFired } from "../support/compute";
import { archiveBucket } from "../support/detection";
import { findingsFor, removeResources, stackResources, synthesizedPlans } from "../support/plans";

describe("LOG-01 detailed event logging (EKS control plane: API, audit, authentication, controllers, scheduler)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const cluster = only(plans, environment, "aws_eks_cluster");

    test("every control-plane log type is enabled", () => {
      expect(cluster.values["enabled_cluster_log_types"]).toEqual(["api", "audit", "authenticator", "controllerManager", "scheduler"]);
    });

    test("the log group is declared before the cluster, encrypted with the environment key and retained as configured", () => {
      const group = stackResources(plans, environment, "aws_cloudwatch_log_group").find((candidate) => candidate.values["name"] === `/aws/eks/mcp-${environment}/cluster`)!;
      expect(group.values).toMatchObject({
        kms_key_id: ref(only(plans, environment, "aws_kms_key"), "arn"),
        retention_in_days: config(environment).security.logRetentionDays,
      });
      expect(cluster.values["depends_on"]).toContain(group.address);
    });

    test("the synthesized plan passes every LOG-01 rule", () => {
      expect(findingsFor(plans, "LOG-01")).toEqual([]);
    });
  });

  describe("check reports LOG-01 when the real plan is weakened", () => {
    test("the audit log is dropped", () => {
      expect(
        rulesFired("LOG-01", (plans) => {
          const cluster = only(plans, "prod", "aws_eks_cluster");
          cluster.values["enabled_cluster_log_types"] = (cluster.values["enabled_cluster_log_types"] as string[]).filter((type) => type !== "audit");
        }),
      ).toEqual(["log-01-eks-control-plane-logs"]);
    });

    test("control-plane logging is turned off", () => {
      expect(rulesFired("LOG-01", (plans) => delete only(plans, "prod", "aws_eks_cluster").values["enabled_cluster_log_types"])).toEqual(["log-01-eks-control-plane-logs"]);
    });

    test("the log group is left for EKS to create, unencrypted and kept forever", () => {
      expect(rulesFired("LOG-01", (plans) => removeResources(plans, "prod", "aws_cloudwatch_log_group", (group) => group.values["name"] === "/aws/eks/mcp-prod/cluster"))).toEqual(["log-01-eks-control-plane-logs"]);
    });
  });
});

describe("LOG-01 detailed event logging (the audit trail: every management event, and who reads or deletes archived evidence)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("management events are recorded read and write (Secrets Manager's GetSecretValue is one), and archived objects' reads, deletions and lock changes as data events", () => {
      const archiveObjects = `${ref(archiveBucket(plans, environment), "arn")}/`;
      const objectsOfTheArchive = [
        { field: "eventCategory", equals: ["Data"] },
        { field: "resources.type", equals: ["AWS::S3::Object"] },
        { field: "resources.ARN", starts_with: [archiveObjects] },
      ];
      expect(only(plans, environment, "aws_cloudtrail").values["advanced_event_selector"]).toEqual([
        { name: "Every management event, read and write", field_selector: [{ field: "eventCategory", equals: ["Management"] }] },
        { name: "Reads of audited buckets' objects", field_selector: [...objectsOfTheArchive, { field: "readOnly", equals: ["true"] }] },
        {
          name: "Deletions and lock changes of audited buckets' objects",
          field_selector: [...objectsOfTheArchive, { field: "eventName", equals: ["DeleteObject", "DeleteObjects", "PutObjectLegalHold", "PutObjectRetention"] }],
        },
      ]);
    });

    test("CloudTrail Insights flags unusual API call and error rates", () => {
      expect(only(plans, environment, "aws_cloudtrail").values["insight_selector"]).toEqual([{ insight_type: "ApiCallRateInsight" }, { insight_type: "ApiErrorRateInsight" }]);
    });
  });

  describe("check reports LOG-01 when the trail records less", () => {
    test("management events are limited to writes", () => {
      expect(
        rulesFired("LOG-01", (plans) => {
          const trail = only(plans, "prod", "aws_cloudtrail");
          trail.values["advanced_event_selector"] = [{ field_selector: [{ field: "eventCategory", equals: ["Management"] }, { field: "readOnly", equals: ["false"] }] }];
        }),
      ).toEqual(["log-04-cloudtrail-integrity"]);
    });

    test("the trail is deleted", () => {
      expect(rulesFired("LOG-01", (plans) => removeResources(plans, "prod", "aws_cloudtrail"))).toEqual(["log-04-cloudtrail-integrity"]);
    });
  });
});

import { references, resolveReference, resources, stackOf, violation } from "../terraform";
import { Rule } from "../types";

/** Every VPC logs ALL traffic, accepted and rejected, to a log destination (LOG-02, NET-01). */
const rule: Rule = {
  id: "log-02-vpc-flow-logs",
  controls: ["LOG-02", "NET-01"],
  severity: "high",
  description: "Every VPC has a flow log with traffic_type = ALL delivered to a log group or bucket.",
  remediation: "Add an aws_flow_log for the VPC with traffic_type = \"ALL\" and a KMS-encrypted log group as destination.",
  check: (artifacts) =>
    resources(artifacts, "aws_vpc").flatMap((vpc) => {
      const logs = resources(artifacts, "aws_flow_log").filter((log) => log.stack === vpc.stack && references(log.values["vpc_id"], vpc));
      const complete = logs.filter((log) => {
        const destination = resolveReference(stackOf(artifacts, log), log.values["log_destination"]);
        return log.values["traffic_type"] === "ALL" && (destination?.type === "aws_cloudwatch_log_group" || destination?.type === "aws_s3_bucket");
      });
      if (complete.length > 0) return [];
      return [violation(vpc, logs.length === 0 ? "has no flow log" : `flow log(s) ${logs.map((log) => log.address).join(", ")} do not capture ALL traffic into a log group or bucket`)];
    }),
};

export default rule;

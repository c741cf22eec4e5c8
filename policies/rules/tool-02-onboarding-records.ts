import { kubernetesViolation } from "../kubernetes";
import { serverOnboardings } from "../onboarding";
import { Rule } from "../types";

/**
 * Every MCP server that runs is documented, approved and scheduled for re-certification (TOOL-02, TOOL-03, TOOL-04,
 * TS-03): its Namespace carries its onboarding record (owner, purpose, data classification, permissions rationale, an
 * approver other than the owner, the approval day, a review interval of at most a year) and the next review date that
 * follows from them. Whether that date has passed is judged by `validate` and synth on the day they run (production
 * refuses an overdue server), never by this rule: the plan holds no "today".
 */
const rule: Rule = {
  id: "tool-02-onboarding-records",
  controls: ["TOOL-02", "TOOL-03", "TOOL-04", "TS-03"],
  severity: "medium",
  description: "Every MCP server Namespace carries a complete mcp.security/onboarding-record: owner, purpose, data classification, permissions rationale, approver (not the owner), approvedOn, reviewIntervalDays 1-365 and the nextReview they give.",
  remediation: "Fill mcpServers[].onboarding in the environment config (owner, purpose, dataClassification, permissionsRationale, approver, approvedOn, reviewIntervalDays) and synthesize with the McpServer construct's onboarding prop.",
  check: (artifacts) => serverOnboardings(artifacts).flatMap(({ namespace, server, problems }) => problems.map((problem) => kubernetesViolation(namespace, `MCP server ${server}: onboarding record ${problem}`))),
};

export default rule;

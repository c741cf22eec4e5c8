import { accountViolation } from "../account-stacks";
import { incidentStackNames, RunbookError, RunbookNames } from "../runbook-names";
import { stackResources } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

/** Why the runbooks' response steps, communication channel or analysis inputs are missing from the plan, as messages. */
function runbookProblems(stack: StackArtifact, names: RunbookNames): string[] {
  const problems: string[] = [];
  for (const server of names.servers) {
    const document = `mcp-${names.environment}-recover-${server}`;
    if (!names.automationRunbooks.includes(document)) problems.push(`MCP server ${server} has no recovery Automation runbook ${document}: the response scenarios (IR-02) would end at containment`);
  }
  const topic = stackResources(stack, "aws_sns_topic").find((candidate) => candidate.values["name"] === names.alertsTopic);
  const key = topic?.values["kms_master_key_id"];
  if (typeof key !== "string" || key === "") problems.push(`the alert topic ${names.alertsTopic}, through which the runbooks notify (IR-02e), is not encrypted with a KMS key`);
  if (!names.queries.some((query) => query.includes("/correlation/"))) problems.push("no saved correlation/ Logs Insights query: the post-incident analysis (IR-03) has no ready timeline of the attack across servers");
  return problems;
}

function stackFindings(stack: StackArtifact): Violation[] {
  const names = incidentStackNames(stack);
  if (names === undefined) return [];
  if (names instanceof RunbookError) return [accountViolation(stack, `the incident runbooks (IR-00) cannot be generated: ${names.message}`)];
  return runbookProblems(stack, names).map((message) => accountViolation(stack, message));
}

/**
 * The MCP incident playbooks (IR-00) can be generated from every account stack with an EKS cluster, naming only
 * resources the plan deploys (quarantine group, containment function, archive, alert topic, web ACL, trail, logs);
 * each response scenario ends in automation (IR-02: a recovery runbook per MCP server); the alert topic the runbooks
 * communicate through is KMS-encrypted (IR-02e; who subscribes is organizational); and the post-incident analysis
 * (IR-03) has its saved correlation queries beside the archive.
 */
const rule: Rule = {
  id: "ir-00-incident-runbooks",
  controls: ["IR-00", "IR-02", "IR-02e", "IR-03"],
  severity: "medium",
  description: "The incident runbooks can be generated from the plan; every MCP server has a recovery runbook, the alert topic is KMS-encrypted, and the correlation queries for the post-incident analysis are saved.",
  remediation: "Synthesize with the current blueprint (the finding names the missing resource and its construct), or restore the recovery runbook, the topic's KMS key or the correlation queries.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;

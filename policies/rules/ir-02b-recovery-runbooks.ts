import { accountViolation, isAwsAccountStack } from "../account-stacks";
import { alertedServers } from "../alarms";
import { resolveReference, stackResources, TerraformResource, violation, functionVariables } from "../terraform";
import { automationDocuments, payloadOf, Step, stepsOf } from "../recovery-runbooks";
import { Rule, StackArtifact, Violation } from "../types";

const DIGEST_PINNED = /^[^\s@]+@sha256:[0-9a-f]{64}$/;

/** The approved servers (APPROVED_SERVERS) of a recovery function, `{}` when it has none or they are not JSON. */
function approvedServers(fn: TerraformResource | undefined): Record<string, { image?: unknown }> {
  try {
    return JSON.parse(String((fn === undefined ? undefined : functionVariables(fn)["APPROVED_SERVERS"]) ?? "{}")) as Record<string, { image?: unknown }>;
  } catch {
    return {};
  }
}

/**
 * Why a runbook does not eradicate and recover `server` safely, as messages. `approvedOf` gives a recovery function's
 * approved servers (read once per function: every server's runbook invokes the same one).
 */
function runbookProblems(stack: StackArtifact, steps: readonly Step[], server: string, secrets: readonly TerraformResource[], approvedOf: (fn: TerraformResource | undefined) => Record<string, { image?: unknown }>): string[] {
  const problems: string[] = [];
  const index = (action: string) => steps.findIndex((step) => payloadOf(step).action === action && payloadOf(step).server === server);
  const [revoke, redeploy, verify, restore] = ["revoke-sessions", "redeploy", "verify", "restore-replicas"].map(index);
  if (revoke < 0) problems.push("no step revokes the server's tokens and sessions");
  if (redeploy < 0) problems.push("no step redeploys the server from its approved digest");
  if (verify < 0) problems.push("no step verifies the rollout");
  if (restore < 0) problems.push("no step restores the server's replicas");
  if (revoke >= 0 && redeploy >= 0 && revoke > redeploy) problems.push("sessions are revoked only after the redeploy");
  if (verify >= 0 && restore >= 0 && restore < verify) problems.push("replicas are restored before the rollout is verified");
  if (restore >= 0 && restore !== steps.length - 1) problems.push("steps run after replicas are restored");
  steps.filter((step) => step.onFailure !== undefined && step.onFailure !== "Abort").forEach((step) => problems.push(`step ${String(step.name)} continues on failure (${String(step.onFailure)}): a failed check must stop the runbook`));
  for (const secret of secrets) {
    const name = String(secret.values["name"]);
    const rotates = stackResources(stack, "aws_secretsmanager_secret_rotation").some((rotation) => resolveReference(stack, rotation.values["secret_id"])?.address === secret.address);
    const handled = steps.some((step) =>
      rotates
        ? step.action === "aws:executeAwsApi" && step.inputs?.["Api"] === "RotateSecret" && resolveReference(stack, step.inputs?.["SecretId"])?.address === secret.address
        : step.action === "aws:pause" && String(step.description ?? "").includes(name)
    );
    if (!handled) problems.push(`secret ${name} is ${rotates ? "not rotated (RotateSecret)" : "not replaced (a pause step naming it)"} before the redeploy`);
  }
  const functionName = revoke >= 0 ? payloadOf(steps[revoke]).functionName : undefined;
  const fn = resolveReference(stack, functionName);
  const approved = approvedOf(fn);
  if (functionName !== undefined && !DIGEST_PINNED.test(String(approved[server]?.image))) problems.push("the recovery function has no digest-pinned approved image for the server (APPROVED_SERVERS)");
  return problems;
}

function stackFindings(stack: StackArtifact): Violation[] {
  if (!isAwsAccountStack(stack) || stackResources(stack, "aws_eks_cluster").length === 0) return [];
  const documents = automationDocuments(stack).map((document) => {
    const steps = stepsOf(document);
    return { document, steps, servers: new Set(steps.map((step) => payloadOf(step).server)) };
  });
  const approved = new Map<string | undefined, Record<string, { image?: unknown }>>();
  const approvedOf = (fn: TerraformResource | undefined) => approved.get(fn?.address) ?? approved.set(fn?.address, approvedServers(fn)).get(fn?.address)!;
  const environment = stack.name.replace(/^mcp-/, "");
  return alertedServers(stack).flatMap((server) => {
    const runbooks = documents.filter((runbook) => runbook.servers.has(server));
    if (runbooks.length === 0) return [accountViolation(stack, `no SSM Automation runbook eradicates and recovers MCP server ${server}`)];
    const secrets = stackResources(stack, "aws_secretsmanager_secret").filter((secret) => String(secret.values["name"]).startsWith(`mcp/${environment}/${server}/`));
    const problems = runbooks.map((runbook) => runbookProblems(stack, runbook.steps, server, secrets, approvedOf));
    if (problems.some((list) => list.length === 0)) return [];
    return runbooks.flatMap((runbook, index) => problems[index].map((problem) => violation(runbook.document, `recovery of ${server}: ${problem}`)));
  });
}

/**
 * Every MCP server has an eradication and recovery runbook (IR-02b, IR-02c): in each account stack with an EKS cluster,
 * an SSM Automation document that revokes the server's sessions, rotates (or pauses to replace) each of its secrets,
 * redeploys it from a digest-pinned approved image, verifies the rollout and restores its replicas last, aborting on
 * any failure.
 */
const rule: Rule = {
  id: "ir-02b-recovery-runbooks",
  controls: ["IR-02b", "IR-02c"],
  severity: "medium",
  description:
    "Every MCP server of an account stack with an EKS cluster has an SSM Automation runbook: revoke sessions, rotate or replace every secret, redeploy the approved digest, verify, restore replicas last; every step aborts on failure.",
  remediation: "Add RecoveryAutomation (constructs/recovery-automation.ts) with every server, its approved image and secrets, or restore the missing step, order or failure behaviour.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;

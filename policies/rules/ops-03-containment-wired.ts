import { accountViolation } from "../account-stacks";
import { allows, identityPolicies, IamStatement, policyRole } from "../iam";
import { block, blocks, referencedAddress, resolveReference, stackResources, TerraformResource, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

/**
 * Every action a containment function's role may be allowed: read instances, move interfaces, tag, snapshot, write
 * its logs, report failures. Anything else is a wider grant than containment needs.
 */
const ALLOWED_ACTIONS: readonly string[] = [
  "ec2:CreateSnapshot",
  "ec2:CreateTags",
  "ec2:DescribeInstances",
  "ec2:ModifyNetworkInterfaceAttribute",
  "kms:Decrypt",
  "kms:GenerateDataKey*",
  "logs:CreateLogStream",
  "logs:PutLogEvents",
  "sns:Publish",
];

/** The environment variable naming the quarantine security group (the containment function's contract). */
const QUARANTINE_VARIABLE = "QUARANTINE_SECURITY_GROUP_ID";

const SECURITY_GROUP_RULE_TYPES = ["aws_security_group_rule", "aws_vpc_security_group_egress_rule", "aws_vpc_security_group_ingress_rule"];

/** The findings that must trigger containment, each recognized by its event pattern. */
const TRIGGERS: readonly { readonly id: string; readonly source: string; readonly matches: (detail: Record<string, unknown>) => boolean }[] = [
  {
    id: "GuardDuty findings of severity 7 or more",
    source: "aws.guardduty",
    matches: (detail) =>
      Array.isArray(detail["severity"]) &&
      detail["severity"].some((match) => {
        const numeric = (match as Record<string, unknown> | null)?.["numeric"];
        return Array.isArray(numeric) && numeric[0] === ">=" && typeof numeric[1] === "number" && numeric[1] <= 7;
      }),
  },
  {
    id: "Security Hub HIGH and CRITICAL findings",
    source: "aws.securityhub",
    matches: (detail) => {
      const labels = ((detail["findings"] as Record<string, unknown> | undefined)?.["Severity"] as Record<string, unknown> | undefined)?.["Label"];
      return Array.isArray(labels) && labels.includes("HIGH") && labels.includes("CRITICAL");
    },
  },
];

/** The enabled EventBridge rules of a stack whose pattern names the source and matches. */
function triggerRules(stack: StackArtifact, trigger: (typeof TRIGGERS)[number]): TerraformResource[] {
  return stackResources(stack, "aws_cloudwatch_event_rule").filter((rule) => {
    if (rule.values["state"] === "DISABLED" || rule.values["is_enabled"] === false) return false;
    try {
      const pattern = JSON.parse(String(rule.values["event_pattern"] ?? "{}")) as Record<string, unknown>;
      return Array.isArray(pattern["source"]) && pattern["source"].includes(trigger.source) && trigger.matches((pattern["detail"] ?? {}) as Record<string, unknown>);
    } catch {
      return false;
    }
  });
}

/** The Lambda functions a rule invokes, with permission: a target naming the function and a permission for the rule. */
function invokedFunctions(stack: StackArtifact, rule: TerraformResource): TerraformResource[] {
  return stackResources(stack, "aws_cloudwatch_event_target")
    .filter((target) => referencedAddress(target.values["rule"]) === rule.address || target.values["rule"] === rule.values["name"])
    .flatMap((target) => {
      const fn = resolveReference(stack, target.values["arn"]);
      return fn?.type === "aws_lambda_function" ? [fn] : [];
    })
    .filter((fn) =>
      stackResources(stack, "aws_lambda_permission").some(
        (permission) =>
          referencedAddress(permission.values["function_name"]) === fn.address &&
          permission.values["principal"] === "events.amazonaws.com" &&
          permission.values["action"] === "lambda:InvokeFunction" &&
          referencedAddress(permission.values["source_arn"]) === rule.address
      )
    );
}

/** Whether a statement grants ModifyNetworkInterfaceAttribute only on interfaces of one VPC or on named groups. */
function narrowInterfaceGrant(statement: IamStatement): boolean {
  return statement.resources.every((resource) => {
    if (/:network-interface\/\*$/.test(resource)) return (statement.conditions["ArnEquals"]?.["ec2:Vpc"]?.length ?? 0) > 0 || (statement.conditions["StringEquals"]?.["ec2:Vpc"]?.length ?? 0) > 0;
    return /:security-group\/[^*]+$/.test(resource);
  });
}

/** Why a quarantine security group is not closed, if it is not. */
function quarantineProblems(stack: StackArtifact, group: TerraformResource): string[] {
  const problems: string[] = [];
  if (blocks(group.values["ingress"]).length > 0 || blocks(group.values["egress"]).length > 0) problems.push("has inline rules");
  const rules = SECURITY_GROUP_RULE_TYPES.flatMap((type) => stackResources(stack, type)).filter((rule) => referencedAddress(rule.values["security_group_id"]) === group.address);
  if (rules.length > 0) problems.push(`has rules: ${rules.map((rule) => rule.address).join(", ")}`);
  return problems;
}

/** Why a containment function is not bounded, logged, encrypted and least-privileged. */
function functionFindings(stack: StackArtifact, fn: TerraformResource): Violation[] {
  const findings: Violation[] = [];
  const reserved = fn.values["reserved_concurrent_executions"];
  if (typeof reserved !== "number" || reserved < 1) findings.push(violation(fn, "has no reserved concurrency: a burst of findings could exhaust the account's Lambda concurrency or be throttled"));
  if (typeof fn.values["kms_key_arn"] !== "string" || fn.values["kms_key_arn"] === "") findings.push(violation(fn, "its environment variables are not encrypted with a customer-managed key (kms_key_arn)"));
  const failureDestination = stackResources(stack, "aws_lambda_function_event_invoke_config").some(
    (config) => referencedAddress(config.values["function_name"]) === fn.address && typeof block(block(config.values["destination_config"])?.["on_failure"])?.["destination"] === "string"
  );
  if (!failureDestination && typeof block(fn.values["dead_letter_config"])?.["target_arn"] !== "string") {
    findings.push(violation(fn, "has no on-failure destination or dead-letter target: a failed containment would go unnoticed"));
  }
  const logGroup = resolveReference(stack, block(fn.values["logging_config"])?.["log_group"]);
  if (logGroup?.type !== "aws_cloudwatch_log_group" || typeof logGroup.values["kms_key_id"] !== "string") {
    findings.push(violation(fn, "does not log to a KMS-encrypted log group of this stack (logging_config.log_group): its actions must be recorded"));
  }

  const role = resolveReference(stack, fn.values["role"]);
  if (role?.type !== "aws_iam_role") return [...findings, violation(fn, "its role is not a role of this stack, so its permissions cannot be checked")];
  const statements = identityPolicies(stack)
    .filter((policy) => policyRole(stack, policy)?.address === role.address)
    .flatMap((policy) => policy.statements);
  const extra = [...new Set(statements.filter((statement) => statement.effect === "Allow").flatMap((statement) => [...statement.actions, ...(statement.notActions.length > 0 ? ["NotAction"] : [])]))].filter(
    (action) => !ALLOWED_ACTIONS.includes(action)
  );
  if (extra.length > 0) findings.push(violation(role, `allows ${extra.join(", ")}, beyond what containment needs (${ALLOWED_ACTIONS.join(", ")})`));
  const attached = ["aws_iam_role_policy_attachment", "aws_iam_policy_attachment"].flatMap((type) => stackResources(stack, type)).filter((attachment) => referencedAddress(attachment.values["role"]) === role.address || (attachment.values["roles"] as unknown[] | undefined)?.some((candidate) => referencedAddress(candidate) === role.address));
  if (attached.length > 0 || (Array.isArray(role.values["managed_policy_arns"]) && role.values["managed_policy_arns"].length > 0)) {
    findings.push(violation(role, "has managed policies attached: containment permissions must be its inline policy only"));
  }
  const modify = statements.filter((statement) => allows(statement, "ec2:ModifyNetworkInterfaceAttribute"));
  if (modify.some((statement) => !narrowInterfaceGrant(statement))) {
    findings.push(violation(role, "allows ec2:ModifyNetworkInterfaceAttribute beyond the interfaces of its VPC (ec2:Vpc condition) and named security groups"));
  }

  const variables = (block(fn.values["environment"])?.["variables"] ?? {}) as Record<string, unknown>;
  const quarantine = resolveReference(stack, variables[QUARANTINE_VARIABLE]);
  if (quarantine?.type !== "aws_security_group") {
    findings.push(violation(fn, `its ${QUARANTINE_VARIABLE} names no security group of this stack: there is nowhere to isolate an instance`));
  } else {
    quarantineProblems(stack, quarantine).forEach((problem) => findings.push(violation(quarantine, `quarantine group ${problem}: isolated instances could still communicate`)));
    const groupArns = modify.flatMap((statement) => statement.resources).filter((resource) => /:security-group\//.test(resource));
    if (!groupArns.some((arn) => arn.endsWith(`/\${${quarantine.address}.id}`))) {
      findings.push(violation(role, `does not allow attaching the quarantine group ${quarantine.address} (ec2:ModifyNetworkInterfaceAttribute on its security-group ARN)`));
    }
    if (groupArns.some((arn) => !arn.endsWith(`/\${${quarantine.address}.id}`))) {
      findings.push(violation(role, "may attach security groups other than the quarantine group"));
    }
  }
  return findings;
}

function stackFindings(stack: StackArtifact): Violation[] {
  if (stackResources(stack, "aws_vpc").length === 0) return [];
  const findings: Violation[] = [];
  const functions = new Map<string, TerraformResource>();
  for (const trigger of TRIGGERS) {
    const invoked = triggerRules(stack, trigger).flatMap((rule) => invokedFunctions(stack, rule));
    if (invoked.length === 0) findings.push(accountViolation(stack, `no enabled EventBridge rule invokes a containment function, with permission, on ${trigger.id}`));
    invoked.forEach((fn) => functions.set(fn.address, fn));
  }
  for (const fn of functions.values()) findings.push(...functionFindings(stack, fn));
  return findings;
}

/**
 * High-confidence findings trigger automated containment (OPS-03, IR-02a, JIT-04): in every stack with a VPC, enabled
 * EventBridge rules on GuardDuty severity 7+ and Security Hub HIGH/CRITICAL findings invoke a Lambda function (target
 * and permission) that has reserved concurrency, KMS-encrypted environment variables, an on-failure destination and a
 * KMS-encrypted log group; its role allows only the containment actions, moves interfaces only within its VPC and only
 * into the quarantine security group named by its environment, and that group has no rules.
 */
const rule: Rule = {
  id: "ops-03-containment-wired",
  controls: ["OPS-03", "IR-02a", "JIT-04"],
  severity: "high",
  description:
    "GuardDuty severity 7+ and Security Hub HIGH/CRITICAL findings invoke a bounded, logged, KMS-encrypted containment function whose role only quarantines interfaces of its VPC into a rule-less security group and snapshots evidence.",
  remediation: "Add ContainmentFunction and QuarantineSecurityGroup (constructs/) to the stack, or restore the missing trigger, permission, setting or narrow grant.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;

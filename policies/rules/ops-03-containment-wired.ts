import { CONTAINMENT_GROUP } from "../../baselines/containment";
import { accountViolation } from "../account-stacks";
import { allows, identityPolicies, IamStatement, policyRole } from "../iam";
import { block, blocks, referencedAddress, resolveReference, stackResources, TerraformResource, violation, functionVariables } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

/**
 * Every action a containment function's role may be allowed: read instances, move interfaces, tag, snapshot, manage
 * its own network interfaces in the VPC, write its logs, report failures. Anything else is a wider grant than
 * containment needs.
 */
const ALLOWED_ACTIONS: readonly string[] = [
  "ec2:AssignPrivateIpAddresses",
  "ec2:CreateNetworkInterface",
  "ec2:CreateSnapshot",
  "ec2:CreateTags",
  "ec2:DeleteNetworkInterface",
  "ec2:DescribeInstances",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DescribeSubnets",
  "ec2:ModifyNetworkInterfaceAttribute",
  "ec2:UnassignPrivateIpAddresses",
  "kms:Decrypt",
  "kms:GenerateDataKey*",
  "logs:CreateLogStream",
  "logs:PutLogEvents",
  "sns:Publish",
];

/** The environment variable naming the quarantine security group (the containment function's contract). */
const QUARANTINE_VARIABLE = "QUARANTINE_SECURITY_GROUP_ID";
/** The environment variables naming the cluster whose MCP servers the function scales to zero. */
const CLUSTER_VARIABLES = { name: "CLUSTER_NAME", endpoint: "CLUSTER_ENDPOINT", certificateAuthority: "CLUSTER_CERTIFICATE_AUTHORITY" };
/** Actions on network interfaces: allowed only on interfaces and subnets of the VPC, or on named security groups. */
const INTERFACE_ACTIONS = ["ec2:AssignPrivateIpAddresses", "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:ModifyNetworkInterfaceAttribute", "ec2:UnassignPrivateIpAddresses"];

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

/** Whether a statement grants interface actions only on interfaces and subnets of one VPC or on named groups. */
function narrowInterfaceGrant(statement: IamStatement): boolean {
  return statement.resources.every((resource) => {
    if (/:(network-interface|subnet)\/\*$/.test(resource)) return (statement.conditions["ArnEquals"]?.["ec2:Vpc"]?.length ?? 0) > 0 || (statement.conditions["StringEquals"]?.["ec2:Vpc"]?.length ?? 0) > 0;
    return /:security-group\/[^*]+$/.test(resource);
  });
}

/** Why a function's own security group is not limited to HTTPS out to other security groups. */
function functionGroupProblems(stack: StackArtifact, group: TerraformResource): string[] {
  const problems: string[] = [];
  if (blocks(group.values["ingress"]).length > 0 || blocks(group.values["egress"]).length > 0) problems.push("has inline rules");
  const rules = SECURITY_GROUP_RULE_TYPES.flatMap((type) => stackResources(stack, type)).filter((rule) => referencedAddress(rule.values["security_group_id"]) === group.address);
  for (const rule of rules) {
    const egress = rule.type === "aws_vpc_security_group_egress_rule" || (rule.type === "aws_security_group_rule" && rule.values["type"] === "egress");
    const peer = rule.values["referenced_security_group_id"] ?? rule.values["source_security_group_id"];
    const https = rule.values["ip_protocol"] === "tcp" || rule.values["protocol"] === "tcp" ? rule.values["from_port"] === 443 && rule.values["to_port"] === 443 : false;
    if (!egress) problems.push(`allows ingress (${rule.address}): nothing calls the function over the network`);
    else if (resolveReference(stack, peer)?.type !== "aws_security_group" || !https) problems.push(`allows egress beyond HTTPS to a security group of this stack (${rule.address})`);
  }
  return problems;
}

/** Why a function is not wired to stop MCP servers of the stack's cluster, if it is not. */
function clusterFindings(stack: StackArtifact, fn: TerraformResource, role: TerraformResource): Violation[] {
  const clusters = stackResources(stack, "aws_eks_cluster");
  if (clusters.length === 0) return [];
  const findings: Violation[] = [];
  const variables = functionVariables(fn);
  const cluster = resolveReference(stack, variables[CLUSTER_VARIABLES.name]);
  if (cluster?.type !== "aws_eks_cluster") findings.push(violation(fn, `its ${CLUSTER_VARIABLES.name} names no EKS cluster of this stack: an affected MCP server cannot be scaled to zero`));
  const unset = [CLUSTER_VARIABLES.endpoint, CLUSTER_VARIABLES.certificateAuthority].filter((name) => typeof variables[name] !== "string" || variables[name] === "");
  if (unset.length > 0) findings.push(violation(fn, `sets no ${unset.join(", ")}: it cannot reach the cluster API`));

  const vpc = block(fn.values["vpc_config"]);
  const groups = (Array.isArray(vpc?.["security_group_ids"]) ? (vpc["security_group_ids"] as unknown[]) : []).map((id) => resolveReference(stack, id));
  const subnets = Array.isArray(vpc?.["subnet_ids"]) ? (vpc["subnet_ids"] as unknown[]) : [];
  if (subnets.length === 0 || groups.length === 0) findings.push(violation(fn, "does not run in the VPC (vpc_config with subnets and a security group): it cannot reach the private cluster API"));
  for (const group of groups) {
    if (group?.type !== "aws_security_group") findings.push(violation(fn, "has a security group that is not a group of this stack, so its reach cannot be checked"));
    else functionGroupProblems(stack, group).forEach((problem) => findings.push(violation(group, `containment function group ${problem}`)));
  }

  const entries = stackResources(stack, "aws_eks_access_entry").filter((entry) => referencedAddress(entry.values["principal_arn"]) === role.address);
  if (entries.length === 0) findings.push(violation(role, `has no EKS access entry: the function cannot call the cluster API as Kubernetes group ${CONTAINMENT_GROUP}`));
  for (const entry of entries) {
    const groupsOfEntry = Array.isArray(entry.values["kubernetes_groups"]) ? (entry.values["kubernetes_groups"] as unknown[]) : [];
    if (entry.values["type"] !== undefined && entry.values["type"] !== "STANDARD") findings.push(violation(entry, `is of type ${String(entry.values["type"])}, not STANDARD`));
    if (groupsOfEntry.length !== 1 || groupsOfEntry[0] !== CONTAINMENT_GROUP) {
      findings.push(violation(entry, `maps the containment role to Kubernetes groups ${JSON.stringify(groupsOfEntry)}, not exactly ["${CONTAINMENT_GROUP}"], whose only grant is the scale of MCP server Deployments`));
    }
  }
  const associations = stackResources(stack, "aws_eks_access_policy_association").filter((association) => referencedAddress(association.values["principal_arn"]) === role.address);
  associations.forEach((association) => findings.push(violation(association, `gives the containment role the EKS access policy ${String(association.values["policy_arn"])}: its access must be the Kubernetes group's RBAC only`)));
  return findings;
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
  const wide = INTERFACE_ACTIONS.filter((action) => statements.some((statement) => allows(statement, action) && !narrowInterfaceGrant(statement)));
  if (wide.length > 0) {
    findings.push(violation(role, `allows ${wide.join(", ")} beyond the interfaces and subnets of its VPC (ec2:Vpc condition) and named security groups`));
  }
  findings.push(...clusterFindings(stack, fn, role));

  const variables = functionVariables(fn);
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
 * into the quarantine security group named by its environment, and that group has no rules. In a stack with an EKS
 * cluster, the function also stops MCP servers: it names the cluster, runs in the VPC behind a group that only reaches
 * other groups on 443, and its role's access entry maps it to the Kubernetes group `mcp:containment` alone, with no
 * EKS access policy (its grants are the namespaces' RBAC, checked by ops-03-containment-rbac).
 */
const rule: Rule = {
  id: "ops-03-containment-wired",
  controls: ["OPS-03", "IR-02a", "JIT-04"],
  severity: "high",
  description:
    "GuardDuty severity 7+ and Security Hub HIGH/CRITICAL findings invoke a bounded, logged, KMS-encrypted containment function whose role only quarantines interfaces of its VPC into a rule-less security group and snapshots evidence, and which reaches the stack's EKS cluster from the VPC as Kubernetes group mcp:containment only.",
  remediation: "Add ContainmentFunction and QuarantineSecurityGroup (constructs/) to the stack, or restore the missing trigger, permission, setting or narrow grant.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;

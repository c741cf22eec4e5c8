import { accountViolation, isAwsAccountStack } from "../account-stacks";
import { allows, identityPolicies, policyRole, type IamStatement } from "../iam";
import { automationDocuments, payloadOf, stepsOf } from "../recovery-runbooks";
import { securityGroupRules, type SecurityGroupRule } from "../security-group-rules";
import { block, referencedAddress, references, resolveReference, stackResources, TerraformResource, violation, functionVariables } from "../terraform";
import { Artifacts, Rule, StackArtifact, Violation } from "../types";
import { acceptanceWindowSeconds, DEFAULT_KEY_PREFIX } from "../../guard/src/auth/revocation";
import type { GuardAuthConfig } from "../../guard/src/config/types";
import { guardConfigs, type GuardConfigView } from "../guard";
import { environmentOfGroup } from "../observability";

/** The functions the runbooks' `revoke-sessions` steps invoke. */
function revokingFunctions(stack: StackArtifact): TerraformResource[] {
  const functions = new Map<string, TerraformResource>();
  for (const step of automationDocuments(stack).flatMap(stepsOf)) {
    const { action, functionName } = payloadOf(step);
    const fn = action === "revoke-sessions" ? resolveReference(stack, functionName) : undefined;
    if (fn?.type === "aws_lambda_function") functions.set(fn.address, fn);
  }
  return [...functions.values()];
}

/** Whether a rule of `group` lets `port` through to or from `peer`. */
function opens(rule: SecurityGroupRule, direction: "ingress" | "egress", group: TerraformResource, peer: TerraformResource, port: number): boolean {
  const covers = (rule.protocol === "tcp" || rule.protocol === "-1") && (rule.protocol === "-1" || ((rule.fromPort ?? 0) <= port && port <= (rule.toPort ?? 65535)));
  return rule.direction === direction && rule.group?.address === group.address && covers && rule.groupPeers.some((candidate) => referencedAddress(candidate) === peer.address);
}

/** Why the revoke step of `fn` (with its environment `variables`) cannot write to the guard's store, as messages. */
function wiringProblems(stack: StackArtifact, fn: TerraformResource, variables: Record<string, unknown>, rules: readonly SecurityGroupRule[]): string[] {
  const store = resolveReference(stack, variables["REVOCATION_STORE_HOST"]);
  if (store?.type !== "aws_elasticache_replication_group") return ["REVOCATION_STORE_HOST does not name the guard's store (an ElastiCache replication group's endpoint): the revoke step writes nowhere"];
  const problems: string[] = [];
  const port = Number(variables["REVOCATION_STORE_PORT"]);
  if (port !== Number(store.values["port"] ?? 6379)) problems.push(`REVOCATION_STORE_PORT ${String(variables["REVOCATION_STORE_PORT"])} is not the store's port ${String(store.values["port"] ?? 6379)}`);
  const groups = (value: unknown) => (Array.isArray(value) ? value : []).map((id) => resolveReference(stack, id)).filter((group): group is TerraformResource => group !== undefined);
  const fnGroups = groups(block(fn.values["vpc_config"])?.["security_group_ids"]);
  const storeGroups = groups(store.values["security_group_ids"]);
  if (fnGroups.length === 0) problems.push("the function runs outside the VPC (no security group of its own): it cannot reach the store");
  const pairs = fnGroups.flatMap((fnGroup) => storeGroups.map((storeGroup) => ({ fnGroup, storeGroup })));
  if (!pairs.some(({ fnGroup, storeGroup }) => rules.some((rule) => opens(rule, "egress", fnGroup, storeGroup, port)))) problems.push(`its security group has no egress to the store's on ${port}`);
  if (!pairs.some(({ fnGroup, storeGroup }) => rules.some((rule) => opens(rule, "ingress", storeGroup, fnGroup, port)))) problems.push(`the store's security group does not admit the function's on ${port}`);
  const secret = resolveReference(stack, variables["REVOCATION_STORE_TOKEN_SECRET"]);
  if (secret?.type !== "aws_secretsmanager_secret") return [...problems, "REVOCATION_STORE_TOKEN_SECRET does not name the store's AUTH token secret"];
  const role = resolveReference(stack, fn.values["role"]);
  const statements: IamStatement[] = identityPolicies(stack)
    .filter((policy) => role !== undefined && policyRole(stack, policy)?.address === role.address)
    .flatMap((policy) => policy.statements);
  const reads = statements.filter((statement) => allows(statement, "secretsmanager:GetSecretValue"));
  if (!reads.some((statement) => statement.resources.some((resource) => references(resource, secret)))) problems.push(`its role may not read the store's AUTH token (secretsmanager:GetSecretValue on ${String(secret.values["name"])})`);
  const others = reads.flatMap((statement) => statement.resources).filter((resource) => !references(resource, secret));
  if (others.length > 0) problems.push(`its role may read secrets besides the store's AUTH token: ${others.join(", ")}`);
  const viaTheSecret = (statement: IamStatement) =>
    (statement.conditions["StringEquals"]?.["kms:ViaService"] ?? []).every((service) => service.startsWith("secretsmanager.")) &&
    (statement.conditions["StringEquals"]?.["kms:ViaService"] ?? []).length > 0 &&
    (statement.conditions["StringEquals"]?.["kms:EncryptionContext:SecretARN"] ?? []).some((arn) => references(arn, secret));
  if (!statements.some((statement) => allows(statement, "kms:Decrypt") && viaTheSecret(statement))) problems.push("its role may not decrypt the token through Secrets Manager (kms:Decrypt with kms:ViaService secretsmanager and the secret's ARN as encryption context)");
  return problems;
}

/** Why the revocations a function with these environment `variables` writes would not be where, or as long as, the environment's guards need them. */
function guardProblems(variables: Record<string, unknown>, guards: readonly GuardConfigView[]): string[] {
  const ttl = Number(variables["REVOCATION_TTL_SECONDS"]);
  const prefix = variables["REVOCATION_KEY_PREFIX"];
  return guards.flatMap((guard) => {
    const auth = guard.config?.["auth"] as (GuardAuthConfig & Record<string, unknown>) | undefined;
    if (auth === undefined) return [];
    const window = acceptanceWindowSeconds(auth);
    const expected = auth.store?.keyPrefix ?? DEFAULT_KEY_PREFIX;
    return [
      ...(Number.isInteger(ttl) && ttl >= window ? [] : [`REVOCATION_TTL_SECONDS ${String(variables["REVOCATION_TTL_SECONDS"])} is shorter than the ${window} s a token stays acceptable to guard ${guard.workload.object.metadata.name} (its longest lifetime plus clock tolerance): a token issued before the revocation outlives it`]),
      ...(prefix === expected ? [] : [`REVOCATION_KEY_PREFIX ${JSON.stringify(prefix)} is not the key prefix ${JSON.stringify(expected)} guard ${guard.workload.object.metadata.name} reads: revocations land where it never looks`]),
    ];
  });
}

function stackFindings(artifacts: Artifacts, stack: StackArtifact): Violation[] {
  if (!isAwsAccountStack(stack) || stackResources(stack, "aws_eks_cluster").length === 0 || stackResources(stack, "aws_elasticache_replication_group").length === 0) return [];
  const functions = revokingFunctions(stack);
  if (functions.length === 0) return [accountViolation(stack, "no recovery runbook invokes a function to revoke sessions at the guard's store")];
  const rules = securityGroupRules({ stacks: [stack], kubernetes: [] });
  const environment = /^mcp-(.+)$/.exec(stack.name)?.[1];
  const guards = guardConfigs(artifacts).filter((view) => environmentOfGroup(view.workload.group) === environment);
  return functions.flatMap((fn) => {
    const variables = functionVariables(fn);
    return [...new Set([...wiringProblems(stack, fn, variables, rules), ...guardProblems(variables, guards)])].map((problem) => violation(fn, `revoke step: ${problem}`));
  });
}

/**
 * The recovery runbooks' revoke step is wired to the guard's shared store (IR-02b, JIT-04): in each account stack with
 * an EKS cluster and the store, the function every `revoke-sessions` step invokes names the store's endpoint and port
 * and its AUTH token secret; its security group has egress to the store's on that port and the store's admits it; its
 * role may read that secret and no other, and decrypt it only through Secrets Manager; and its revocations land under
 * the key prefix the environment's guards read and last at least as long as those guards accept a token.
 */
const rule: Rule = {
  id: "ir-02b-recovery-revocation-wired",
  controls: ["IR-02b", "JIT-04"],
  severity: "high",
  description:
    "The recovery runbooks' revoke step reaches the guard's store: its function names the store and its AUTH token secret, has the network path on the store's port both ways, may read only that secret and decrypt it only via Secrets Manager.",
  remediation: "Give RecoveryAutomation (constructs/recovery-automation.ts) the guard's store as revocationStore (host, security group, token secret), or restore the rule or grant that was removed.",
  check: (artifacts) => artifacts.stacks.flatMap((stack) => stackFindings(artifacts, stack)),
};

export default rule;

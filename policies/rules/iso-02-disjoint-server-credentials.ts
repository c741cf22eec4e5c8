import { allows, identityPolicies, policyRole, policyStatements } from "../iam";
import { allStackResources, referencedAddress, stackResources, TerraformResource, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

const GET_SECRET_VALUE = "secretsmanager:GetSecretValue";

const ATTACHMENT_TYPES = ["aws_iam_policy_attachment", "aws_iam_role_policy_attachment"];

/** A workload identity: a Pod Identity association and the role it hands out. */
interface Workload {
  readonly association: TerraformResource;
  /** `namespace/service-account`. */
  readonly name: string;
  /** The role's address, or its literal ARN when the role is not in the stack. */
  readonly role: string;
}

function workloads(stack: StackArtifact): Workload[] {
  return stackResources(stack, "aws_eks_pod_identity_association").map((association) => ({
    association,
    name: `${String(association.values["namespace"])}/${String(association.values["service_account"])}`,
    role: referencedAddress(association.values["role_arn"]) ?? String(association.values["role_arn"]),
  }));
}

/** How a secret is identified across policies: its address when referenced, else the literal ARN. */
function secretKey(value: string): string {
  const address = referencedAddress(value);
  return address?.startsWith("aws_secretsmanager_secret.") ? address : value;
}

/** The secrets each role may read: from its identity policies and from secret resource policies naming it. */
function readableSecrets(stack: StackArtifact): Map<string, Set<string>> {
  const readable = new Map<string, Set<string>>();
  const add = (role: string, secret: string) => (readable.get(role) ?? readable.set(role, new Set()).get(role)!).add(secret);
  for (const policy of identityPolicies(stack)) {
    const role = policyRole(stack, policy);
    if (!role) continue;
    for (const statement of policy.statements.filter((candidate) => allows(candidate, GET_SECRET_VALUE))) {
      for (const resource of statement.resources) add(role.address, secretKey(resource));
    }
  }
  for (const policy of stackResources(stack, "aws_secretsmanager_secret_policy")) {
    const secret = secretKey(String(policy.values["secret_arn"]));
    for (const statement of (policyStatements(stack, policy.values["policy"]) ?? []).filter((candidate) => allows(candidate, GET_SECRET_VALUE))) {
      for (const principal of statement.principals["AWS"] ?? []) add(referencedAddress(principal) ?? principal, secret);
    }
  }
  return readable;
}

/** Managed policies attached to each role. */
function attachedPolicies(stack: StackArtifact): Map<string, Set<string>> {
  const attached = new Map<string, Set<string>>();
  for (const resource of allStackResources(stack).filter((candidate) => ATTACHMENT_TYPES.includes(candidate.type))) {
    const roles = resource.type === "aws_iam_policy_attachment" ? ((resource.values["roles"] as unknown[] | undefined) ?? []) : [resource.values["role"]];
    for (const role of roles) {
      const address = referencedAddress(role);
      const key = address ?? stackResources(stack, "aws_iam_role").find((candidate) => candidate.values["name"] === role)?.address;
      if (key) (attached.get(key) ?? attached.set(key, new Set()).get(key)!).add(String(resource.values["policy_arn"]));
    }
  }
  return attached;
}

function stackFindings(stack: StackArtifact): Violation[] {
  const findings: Violation[] = [];
  const all = workloads(stack);
  const owner = new Map<string, Workload>();
  for (const workload of all) {
    const first = owner.get(workload.role);
    if (first) findings.push(violation(workload.association, `${workload.name} uses role ${workload.role}, which ${first.name} uses too: every server needs its own role`));
    else owner.set(workload.role, workload);
  }
  const readable = readableSecrets(stack);
  const attached = attachedPolicies(stack);
  const servers = [...owner.values()];
  servers.forEach((a, index) =>
    servers.slice(index + 1).forEach((b) => {
      const shared = [...(readable.get(a.role) ?? [])].filter((secret) => readable.get(b.role)?.has(secret));
      for (const secret of shared) findings.push(violation(b.association, `${b.name} and ${a.name} can both read secret ${secret}: a server's secrets are its own`));
      const policies = [...(attached.get(a.role) ?? [])].filter((policy) => attached.get(b.role)?.has(policy));
      for (const policy of policies) findings.push(violation(b.association, `${b.name} and ${a.name} share the managed policy ${policy}: their permissions must be disjoint`));
    })
  );
  return findings;
}

/**
 * MCP servers share no credentials (ISO-02, MSH-02): every Pod Identity association hands out its own role, no two
 * of those roles can read the same secret, and no managed policy is attached to two of them.
 */
const rule: Rule = {
  id: "iso-02-disjoint-server-credentials",
  controls: ["ISO-02", "MSH-02"],
  severity: "high",
  description: "Each Pod Identity association uses its own role; no two servers' roles share a secret or a managed policy.",
  remediation: "Give every MCP server its own role (mcp-<env>-<server>) and its own secrets (mcp/<env>/<server>/...); grant each role only its own secret ARNs.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;

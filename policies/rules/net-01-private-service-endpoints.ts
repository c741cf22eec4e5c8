import { PRIVATE_WORKLOAD_TIERS } from "../../baselines/network-tier";
import { references, resolveReference, resources, stackAccountId, stackOf, TerraformResource, tierOf, violation } from "../terraform";
import { Artifacts, Rule, Violation } from "../types";

/** AWS APIs the environment must reach without the internet; `ec2` for the VPC CNI and the containment function. */
const REQUIRED_INTERFACE_SERVICES = ["ec2", "ec2messages", "ecr.api", "ecr.dkr", "eks", "kms", "logs", "secretsmanager", "ssm", "ssmmessages", "sts"];
/** The API image builds in a private subnet report to; required where the stack builds images. */
const IMAGE_BUILDER_SERVICE = "imagebuilder";

interface Statement {
  readonly Effect?: string;
  readonly Action?: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

function isWildcard(value: string | string[] | undefined): boolean {
  return value === undefined || (Array.isArray(value) ? value : [value]).some((item) => item === "*");
}

/** An Allow statement is scoped when it is conditioned on this account, or names specific actions and resources. */
function allowsOnlyThisAccount(policy: unknown, accountId: string | undefined): boolean {
  if (typeof policy !== "string") return false;
  let statements: Statement[];
  try {
    const parsed = JSON.parse(policy) as { Statement?: Statement | Statement[] };
    statements = Array.isArray(parsed.Statement) ? parsed.Statement : parsed.Statement ? [parsed.Statement] : [];
  } catch {
    return false;
  }
  return statements
    .filter((statement) => statement.Effect === "Allow")
    .every((statement) => {
      const account = statement.Condition?.["StringEquals"]?.["aws:PrincipalAccount"];
      return (accountId !== undefined && account === accountId) || (!isWildcard(statement.Action) && !isWildcard(statement.Resource));
    });
}

function serviceOf(endpoint: TerraformResource): string {
  return String(endpoint.values["service_name"]).replace(/^com\.amazonaws\.[a-z0-9-]+\./, "");
}

function checkEndpoint(artifacts: Artifacts, endpoint: TerraformResource): Violation[] {
  const stack = stackOf(artifacts, endpoint);
  const problems: string[] = [];
  if (!allowsOnlyThisAccount(endpoint.values["policy"], stackAccountId(stack))) {
    problems.push("its policy allows principals outside the environment's account (condition aws:PrincipalAccount missing)");
  }
  if (endpoint.values["vpc_endpoint_type"] === "Interface") {
    if (endpoint.values["private_dns_enabled"] !== true) problems.push("private_dns_enabled is not true");
    const subnetIds = Array.isArray(endpoint.values["subnet_ids"]) ? (endpoint.values["subnet_ids"] as unknown[]) : [];
    const tiers = subnetIds.map((id) => resolveReference(stack, id)).map((subnet) => (subnet ? tierOf(subnet) : undefined));
    if (subnetIds.length === 0 || tiers.some((tier) => !(PRIVATE_WORKLOAD_TIERS as readonly string[]).includes(tier ?? ""))) {
      problems.push("its network interfaces are not all in private workload-tier (mcp, admin, data) subnets");
    }
  }
  return problems.map((problem) => violation(endpoint, `${serviceOf(endpoint)} endpoint: ${problem}`));
}

/**
 * Every VPC reaches AWS APIs through private endpoints (interface endpoints with private DNS in private subnets, an S3
 * gateway endpoint), and each endpoint's policy admits only the environment's own account (NET-01, MSH-02, ISO-03).
 */
const rule: Rule = {
  id: "net-01-private-service-endpoints",
  controls: ["NET-01", "MSH-02", "ISO-03"],
  severity: "medium",
  description: `Every VPC has private endpoints for ${REQUIRED_INTERFACE_SERVICES.join(", ")}, ${IMAGE_BUILDER_SERVICE} where images are built, and S3, each restricted to the environment's account.`,
  remediation: "Add the missing aws_vpc_endpoint with private_dns_enabled = true in private subnets and a policy conditioned on aws:PrincipalAccount.",
  check: (artifacts) =>
    resources(artifacts, "aws_vpc").flatMap((vpc) => {
      const endpoints = resources(artifacts, "aws_vpc_endpoint").filter((endpoint) => endpoint.stack === vpc.stack && references(endpoint.values["vpc_id"], vpc));
      const present = new Set(endpoints.map((endpoint) => `${String(endpoint.values["vpc_endpoint_type"])} ${serviceOf(endpoint)}`));
      const buildsImages = resources(artifacts, "aws_imagebuilder_infrastructure_configuration").some((configuration) => configuration.stack === vpc.stack);
      const required = [...REQUIRED_INTERFACE_SERVICES, ...(buildsImages ? [IMAGE_BUILDER_SERVICE] : [])];
      const missing = [...required.map((service) => `Interface ${service}`), "Gateway s3"].filter((key) => !present.has(key));
      return [
        ...(missing.length > 0 ? [violation(vpc, `missing private endpoint(s): ${missing.join(", ")}`)] : []),
        ...endpoints.flatMap((endpoint) => checkEndpoint(artifacts, endpoint)),
      ];
    }),
};

export default rule;

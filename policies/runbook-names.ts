/**
 * The names an incident runbook uses (IR-00..IR-03), read from an environment's synthesized AWS stack: the quarantine
 * security group, the containment function, the log groups, the log archive, the alarms, the alert topic, the web ACL
 * and the bastion. `mcp-harden runbooks` renders them (review/runbooks.ts); the IR rule checks the plan has them all.
 */
import { EKS_CLUSTER_ADMIN_POLICY } from "../baselines/eks";
import { TOOL_CHANGED_EVENT } from "../guard/src/checks/TOOL-08";
import { GATEWAY_ACCESS_LOG_FIELDS } from "../baselines/gateway-access-log";
import { isAwsAccountStack } from "./account-stacks";
import { alarmsOfFilters } from "./alarms";
import { block, blocks, referencedAddress, resolveReference, stackAccountId, stackResources, tagsOf, TerraformResource, functionVariables } from "./terraform";
import { StackArtifact } from "./types";

/** A plan lacks a resource a runbook needs; the message names it and how to get it. */
export class RunbookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RunbookError";
  }
}

/** The names a runbook uses, all read from the plan. */
export interface RunbookNames {
  readonly environment: string;
  readonly stack: string;
  readonly accountId: string;
  readonly region: string;
  readonly quarantineGroup: string;
  readonly containmentFunction: string;
  /** The EventBridge rules (GuardDuty, Security Hub findings) that invoke the containment function, by name. */
  readonly containmentTriggers: readonly string[];
  readonly containmentLogGroup: string;
  readonly archiveBucket: string;
  readonly alertsTopic: string;
  readonly webAcl: string;
  readonly cluster: string;
  readonly trail: string;
  readonly logGroups: {
    readonly cloudTrail: string;
    readonly containers: string;
    readonly flowLogs: string;
    readonly waf: string;
    /** Network Firewall alert and flow log groups; empty without a firewall. */
    readonly networkFirewall: readonly string[];
    /** Every log group of the plan. */
    readonly all: readonly string[];
  };
  readonly alarms: {
    /** Alarms on the audit trail's metric filters (identity, configuration changes), composite alarms included. */
    readonly auditTrail: readonly string[];
    /** Per-server large-response alarms (DLP-03). */
    readonly largeResponses: readonly string[];
    /** Per-server WAF block alarms. */
    readonly wafBlocked: readonly string[];
    /** Per-server alarms on the guard's tool-change events (TOOL-08: a rug pull). */
    readonly toolChanges: readonly string[];
    /** Every alarm of the plan. */
    readonly all: readonly string[];
  };
  /** The MCP servers: those the large-response alarms name and those the recovery function restores. */
  readonly servers: readonly string[];
  /** Replicas each server runs when healthy, as the recovery function restores them; absent for a server it does not know. */
  readonly replicas: Readonly<Record<string, number>>;
  /** Each server's AWS role (`mcp-<env>-<server>`), when the plan has one. */
  readonly serverRoles: Readonly<Record<string, string>>;
  /** Each server's secrets (`mcp/<env>/<server>/...`) in Secrets Manager. */
  readonly serverSecrets: Readonly<Record<string, readonly string[]>>;
  /** The response size above which the large-response alarms count a response, in bytes. */
  readonly largeResponseBytes: number;
  /** How administrators reach the bastion (PUB-05); undefined when the plan has no bastion. */
  readonly bastion: BastionAccess | undefined;
  /** The SIEM delivery stream, when the plan has one. */
  readonly siemStream: string | undefined;
  /** The saved Logs Insights queries (correlation hunting, indicator export), by name. */
  readonly queries: readonly string[];
  /** The SSM Automation runbooks of the plan (eradication and recovery per server), by name. */
  readonly automationRunbooks: readonly string[];
  /** The threat-intelligence feed bucket, when the plan has a loader. */
  readonly threatIntelBucket: string | undefined;
}

/** How administrators reach the bastion, the only host that reaches the private cluster API (PUB-05). */
export interface BastionAccess {
  /** The bastion's Auto Scaling group (its instances carry the tag `aws:autoscaling:groupName`). */
  readonly group: string;
  /** Ports the bastion's security groups admit (its SSH port). */
  readonly sshPorts: readonly number[];
  /** The Session Manager preferences document, when the plan sets one. */
  readonly sessionPreferences: string | undefined;
  /** Where Session Manager logs every session, when the preferences say. */
  readonly sessionLogGroup: string | undefined;
  /** Idle timeout and longest session of Session Manager, minutes, when the preferences say. */
  readonly idleMinutes: string | undefined;
  readonly maxSessionMinutes: string | undefined;
  /** The Client VPN endpoint (its `Name` tag), when the plan has one. */
  readonly vpn: { readonly name: string; readonly port: number; readonly protocol: string; readonly dns: readonly string[] } | undefined;
  /** The roles the cluster admits as administrators (EKS access entries with the cluster admin policy), by name. */
  readonly clusterAdmins: readonly string[];
}

function missing(stack: StackArtifact, what: string, how: string): never {
  throw new RunbookError(`the plan of ${stack.name} (${stack.file}) has no ${what}; ${how}. Synthesize with the current blueprint (npm run synth) and try again.`);
}

function one(stack: StackArtifact, found: readonly TerraformResource[], what: string, how: string): TerraformResource {
  if (found.length === 0) missing(stack, what, how);
  return found[0];
}

function logGroupName(stack: StackArtifact, value: unknown): string | undefined {
  const reference = typeof value === "string" ? value.replace(/:\*$/, "") : value;
  const group = resolveReference(stack, reference);
  return group?.type === "aws_cloudwatch_log_group" ? String(group.values["name"]) : undefined;
}

/** Metric filters reading a log group (by reference or name). */
function filtersOf(stack: StackArtifact, groupName: string): TerraformResource[] {
  const group = stackResources(stack, "aws_cloudwatch_log_group").find((candidate) => candidate.values["name"] === groupName);
  return stackResources(stack, "aws_cloudwatch_log_metric_filter").filter(
    (filter) => filter.values["log_group_name"] === groupName || (group !== undefined && referencedAddress(filter.values["log_group_name"]) === group.address)
  );
}

/** The metric alarms on the metrics of some metric filters, by name. */
function alarmsOn(stack: StackArtifact, filters: readonly TerraformResource[]): string[] {
  return alarmsOfFilters(stack, filters).map((alarm) => String(alarm.values["alarm_name"])).sort();
}

function parsedJson(text: unknown): Record<string, unknown> | undefined {
  if (typeof text !== "string") return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The bastion's group, ports, Session Manager preferences and Client VPN, read from the plan. */
function bastionAccess(stack: StackArtifact): BastionAccess | undefined {
  const group = stackResources(stack, "aws_autoscaling_group").find((candidate) => tagsOf(candidate)["mcp:tier"] === "admin" || blocks(candidate.values["tag"]).some((tag) => tag["key"] === "mcp:tier" && tag["value"] === "admin"));
  if (!group) return undefined;
  const template = resolveReference(stack, block(group.values["launch_template"])?.["id"]);
  const groupAddresses = new Set(
    [...(Array.isArray(template?.values["vpc_security_group_ids"]) ? template.values["vpc_security_group_ids"] : []), ...blocks(template?.values["network_interfaces"]).flatMap((nic) => (Array.isArray(nic["security_groups"]) ? nic["security_groups"] : []))]
      .map(referencedAddress)
      .filter((address): address is string => address !== undefined)
  );
  const sshPorts = [...new Set(stackResources(stack, "aws_vpc_security_group_ingress_rule").filter((rule) => groupAddresses.has(referencedAddress(rule.values["security_group_id"]) ?? "")).map((rule) => Number(rule.values["from_port"])))].sort((a, b) => a - b);
  const preferences = stackResources(stack, "aws_ssm_document").find((document) => document.values["document_type"] === "Session");
  const inputs = parsedJson(preferences?.values["content"])?.["inputs"] as Record<string, unknown> | undefined;
  const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);
  const endpoint = stackResources(stack, "aws_ec2_client_vpn_endpoint")[0];
  return {
    group: String(group.values["name"]),
    sshPorts,
    sessionPreferences: text(preferences?.values["name"]),
    sessionLogGroup: text(inputs?.["cloudWatchLogGroupName"]),
    idleMinutes: text(inputs?.["idleSessionTimeout"]),
    maxSessionMinutes: text(inputs?.["maxSessionDuration"]),
    vpn: endpoint && {
      name: tagsOf(endpoint)["Name"] ?? endpoint.address,
      port: Number(endpoint.values["vpn_port"] ?? 443),
      protocol: String(endpoint.values["transport_protocol"] ?? "udp"),
      dns: Array.isArray(endpoint.values["dns_servers"]) ? endpoint.values["dns_servers"].map(String) : [],
    },
    clusterAdmins: stackResources(stack, "aws_eks_access_policy_association")
      .filter((association) => association.values["policy_arn"] === EKS_CLUSTER_ADMIN_POLICY)
      .map((association) => resolveReference(stack, association.values["principal_arn"])?.values["principal_arn"] ?? association.values["principal_arn"])
      .map((arn) => String(arn).replace(/^arn:[^:]+:iam::\d{12}:role\//, ""))
      .sort(),
  };
}

/** Reads the names the runbooks use from an environment's AWS stack; throws {@link RunbookError} naming what is missing. */
export function runbookNames(stack: StackArtifact): RunbookNames {
  const environment = stack.name.replace(/^mcp-/, "");
  const provider = blocks((stack.json["provider"] as Record<string, unknown> | undefined)?.["aws"])[0];
  const region = typeof provider?.["region"] === "string" ? provider["region"] : missing(stack, "AWS provider region", "the stack must be an environment's AWS stack, mcp-<env>");
  const accountId = stackAccountId(stack) ?? missing(stack, "single allowed account", "the AWS provider must name the environment's account in allowed_account_ids");

  const quarantine = one(stack, stackResources(stack, "aws_security_group").filter((group) => tagsOf(group)["mcp:tier"] === "quarantine"), "quarantine security group (aws_security_group tagged mcp:tier = quarantine)", "add QuarantineSecurityGroup");
  const containment = one(
    stack,
    stackResources(stack, "aws_lambda_function").filter((fn) => typeof functionVariables(fn)["QUARANTINE_SECURITY_GROUP_ID"] === "string"),
    "containment function (aws_lambda_function with QUARANTINE_SECURITY_GROUP_ID)",
    "add ContainmentFunction"
  );
  const containmentLogGroup = logGroupName(stack, block(containment.values["logging_config"])?.["log_group"]) ?? missing(stack, "log group of the containment function", "set its logging_config.log_group");
  const archive = one(stack, stackResources(stack, "aws_s3_bucket").filter((bucket) => bucket.values["object_lock_enabled"] === true), "log archive (aws_s3_bucket with Object Lock)", "add LogArchiveBucket");
  const alarmResources = [...stackResources(stack, "aws_cloudwatch_metric_alarm"), ...stackResources(stack, "aws_cloudwatch_composite_alarm")];
  const topics = [...new Set(alarmResources.flatMap((alarm) => (Array.isArray(alarm.values["alarm_actions"]) ? alarm.values["alarm_actions"] : [])).map((action) => resolveReference(stack, action)?.values["name"]).filter((name): name is string => typeof name === "string"))];
  if (topics.length === 0) missing(stack, "SNS topic notified by alarms", "add SecurityAlertsTopic and point the alarms at it");
  const webAcl = one(stack, stackResources(stack, "aws_wafv2_web_acl"), "web ACL (aws_wafv2_web_acl)", "add the edge (McpWebAcl)");
  const cluster = one(stack, stackResources(stack, "aws_eks_cluster"), "EKS cluster", "add the compute part (EksCluster)");
  const trail = one(stack, stackResources(stack, "aws_cloudtrail"), "audit trail (aws_cloudtrail)", "add AuditTrail");
  const cloudTrailGroup = logGroupName(stack, trail.values["cloud_watch_logs_group_arn"]) ?? missing(stack, "log group of the audit trail", "set the trail's cloud_watch_logs_group_arn");
  const flowLog = one(stack, stackResources(stack, "aws_flow_log"), "VPC flow log", "add VpcFlowLog");
  const flowLogGroup = logGroupName(stack, flowLog.values["log_destination"]) ?? missing(stack, "log group of the VPC flow log", "deliver the flow log to a CloudWatch log group");
  const wafLogging = one(stack, stackResources(stack, "aws_wafv2_web_acl_logging_configuration"), "web ACL logging configuration", "log the web ACL to a CloudWatch log group");
  const wafGroup = (Array.isArray(wafLogging.values["log_destination_configs"]) ? wafLogging.values["log_destination_configs"] : []).map((value) => logGroupName(stack, value)).find((name) => name !== undefined) ?? missing(stack, "log group of the web ACL", "log the web ACL to a CloudWatch log group");
  const largeResponseFilters = stackResources(stack, "aws_cloudwatch_log_metric_filter").filter((filter) => String(filter.values["pattern"] ?? "").includes(`$.${GATEWAY_ACCESS_LOG_FIELDS.responseBytes}`));
  const containersFilter = one(stack, largeResponseFilters, `large-response metric filter ($.${GATEWAY_ACCESS_LOG_FIELDS.responseBytes})`, "add LargeResponseAlarms over the container log group");
  const containersGroup = logGroupName(stack, containersFilter.values["log_group_name"]) ?? String(containersFilter.values["log_group_name"]);
  const serverPattern = new RegExp(`\\$\\.${GATEWAY_ACCESS_LOG_FIELDS.server} = "([^"]+)"`);
  const networkFirewall = stackResources(stack, "aws_networkfirewall_logging_configuration")
    .flatMap((configuration) => blocks(block(configuration.values["logging_configuration"])?.["log_destination_config"]))
    .map((destination) => (destination["log_destination"] as Record<string, unknown> | undefined)?.["logGroup"])
    .map((value) => logGroupName(stack, value) ?? (typeof value === "string" ? value : undefined))
    .filter((name): name is string => name !== undefined)
    .sort();
  const trailAlarms = alarmsOn(stack, filtersOf(stack, cloudTrailGroup));
  const toolChangeFilters = stackResources(stack, "aws_cloudwatch_log_metric_filter").filter((filter) => String(filter.values["pattern"] ?? "").includes(`$.event = "${TOOL_CHANGED_EVENT}"`));
  const containmentTriggers = stackResources(stack, "aws_cloudwatch_event_target")
    .filter((target) => resolveReference(stack, target.values["arn"])?.address === containment.address)
    .map((target) => resolveReference(stack, target.values["rule"]) ?? stackResources(stack, "aws_cloudwatch_event_rule").find((rule) => rule.values["name"] === target.values["rule"]))
    .map((rule) => (rule === undefined ? undefined : rule.values["name"]))
    .filter((name): name is string => typeof name === "string")
    .sort();
  const composites = stackResources(stack, "aws_cloudwatch_composite_alarm").map((alarm) => String(alarm.values["alarm_name"]));
  const approved = stackResources(stack, "aws_lambda_function")
    .map((fn) => parsedJson(functionVariables(fn)["APPROVED_SERVERS"]))
    .find((servers) => servers !== undefined) ?? {};
  const replicas = Object.fromEntries(Object.entries(approved).flatMap(([server, entry]) => {
    const count = (entry as Record<string, unknown> | null)?.["replicas"];
    return typeof count === "number" ? [[server, count] as const] : [];
  }));
  const alarmedServers = largeResponseFilters.map((filter) => serverPattern.exec(String(filter.values["pattern"]))?.[1]).filter((name): name is string => name !== undefined);
  const servers = [...new Set([...alarmedServers, ...Object.keys(replicas)])].sort();
  const roleNames = new Set(stackResources(stack, "aws_iam_role").map((role) => String(role.values["name"])));
  const secretNames = stackResources(stack, "aws_secretsmanager_secret").map((secret) => String(secret.values["name"])).sort();
  const threshold = new RegExp(`\\$\\.${GATEWAY_ACCESS_LOG_FIELDS.responseBytes} > (\\d+)`).exec(String(containersFilter.values["pattern"]))?.[1] ?? missing(stack, `threshold in the large-response metric filter ($.${GATEWAY_ACCESS_LOG_FIELDS.responseBytes} > <bytes>)`, "add LargeResponseAlarms over the container log group");

  return {
    environment,
    stack: stack.name,
    accountId,
    region,
    quarantineGroup: String(quarantine.values["name"]),
    containmentFunction: String(containment.values["function_name"]),
    containmentTriggers,
    containmentLogGroup,
    archiveBucket: String(archive.values["bucket"]),
    alertsTopic: topics.sort()[0],
    webAcl: String(webAcl.values["name"]),
    cluster: String(cluster.values["name"]),
    trail: String(trail.values["name"]),
    logGroups: {
      cloudTrail: cloudTrailGroup,
      containers: containersGroup,
      flowLogs: flowLogGroup,
      waf: wafGroup,
      networkFirewall,
      all: stackResources(stack, "aws_cloudwatch_log_group").map((group) => String(group.values["name"])).sort(),
    },
    alarms: {
      auditTrail: [...trailAlarms, ...composites].sort(),
      largeResponses: alarmsOn(stack, largeResponseFilters),
      toolChanges: alarmsOn(stack, toolChangeFilters),
      wafBlocked: alarmsOn(stack, filtersOf(stack, wafGroup)),
      all: alarmResources.map((alarm) => String(alarm.values["alarm_name"])).sort(),
    },
    servers,
    replicas,
    serverRoles: Object.fromEntries(servers.filter((server) => roleNames.has(`mcp-${environment}-${server}`)).map((server) => [server, `mcp-${environment}-${server}`])),
    serverSecrets: Object.fromEntries(servers.map((server) => [server, secretNames.filter((name) => name.startsWith(`mcp/${environment}/${server}/`))])),
    largeResponseBytes: Number(threshold),
    bastion: bastionAccess(stack),
    siemStream: stackResources(stack, "aws_kinesis_firehose_delivery_stream").map((stream) => String(stream.values["name"]))[0],
    queries: stackResources(stack, "aws_cloudwatch_query_definition").map((query) => String(query.values["name"])).sort(),
    automationRunbooks: stackResources(stack, "aws_ssm_document").filter((document) => document.values["document_type"] === "Automation").map((document) => String(document.values["name"])).sort(),
    threatIntelBucket: stackResources(stack, "aws_lambda_function")
      .map((fn) => functionVariables(fn)["FEED_BUCKET"])
      .find((bucket): bucket is string => typeof bucket === "string"),
  };
}

/**
 * The runbook names of an account stack with an EKS cluster (the stacks incident runbooks are written for), or the
 * {@link RunbookError} naming what its plan lacks; undefined for any other stack.
 */
export function incidentStackNames(stack: StackArtifact): RunbookNames | RunbookError | undefined {
  if (!isAwsAccountStack(stack) || stackResources(stack, "aws_eks_cluster").length === 0) return undefined;
  try {
    return runbookNames(stack);
  } catch (error) {
    if (error instanceof RunbookError) return error;
    throw error;
  }
}

/**
 * Incident runbooks (IR-00..IR-03) filled with the real resource names of one environment, read from its synthesized
 * plan (never from constructs), so a runbook names exactly what was deployed: the quarantine security group, the
 * containment function, the log groups, the log archive, the alarms, the alert topic and the web ACL.
 */
import { EKS_CLUSTER_ADMIN_POLICY } from "../baselines/eks";
import { GATEWAY_ACCESS_LOG_FIELDS } from "../baselines/gateway-access-log";
import { alarmsOfFilters } from "../policies/alarms";
import { controlById } from "../policies/catalog";
import { block, blocks, referencedAddress, resolveReference, stackAccountId, stackResources, tagsOf, TerraformResource } from "../policies/terraform";
import { StackArtifact } from "../policies/types";

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

/** One runbook file. */
export interface Runbook {
  /** File name, e.g. `tool-poisoning.md`. */
  readonly file: string;
  readonly markdown: string;
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
    stackResources(stack, "aws_lambda_function").filter((fn) => typeof (block(fn.values["environment"])?.["variables"] as Record<string, unknown> | undefined)?.["QUARANTINE_SECURITY_GROUP_ID"] === "string"),
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
  const composites = stackResources(stack, "aws_cloudwatch_composite_alarm").map((alarm) => String(alarm.values["alarm_name"]));
  const approved = stackResources(stack, "aws_lambda_function")
    .map((fn) => parsedJson((block(fn.values["environment"])?.["variables"] as Record<string, unknown> | undefined)?.["APPROVED_SERVERS"]))
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
      .map((fn) => (block(fn.values["environment"])?.["variables"] as Record<string, unknown> | undefined)?.["FEED_BUCKET"])
      .find((bucket): bucket is string => typeof bucket === "string"),
  };
}

const code = (value: string) => `\`${value}\``;
const list = (values: readonly string[]) => (values.length === 0 ? "(none in this plan)" : values.map(code).join(", "));
/** One command per server, as a nested list; a note when the plan has no server. */
const perServer = (names: RunbookNames, command: (server: string) => string | undefined): string[] => {
  const lines = names.servers.flatMap((server) => {
    const text = command(server);
    return text === undefined ? [] : [`  - ${server}: ${code(text)}`];
  });
  return lines.length === 0 ? ["  - (no MCP server in this plan)"] : lines;
};
const kubectl = (server: string, verb: string) => `kubectl --namespace ${server} ${verb} deployment/${server}`;
const controls = (ids: readonly string[]) => ids.map((id) => `${id} (${controlById(id)?.title ?? "unknown control"})`).join(", ");

/** The incident types of IR-01, each with its runbook. */
const INCIDENT_TYPES = [
  { file: "tool-poisoning.md", title: "Suspected tool poisoning", signal: "a tool's description, schema or behaviour changed unexpectedly; agents act on injected instructions" },
  { file: "unauthorized-access.md", title: "Unauthorized access via MCP", signal: "a burst of failed sign-ins followed by a success, root or break-glass use, calls refused for missing permissions" },
  { file: "data-exfiltration.md", title: "Data leakage", signal: "a large-response alarm, egress firewall alerts, DNS queries to undeclared domains" },
  { file: "server-compromise.md", title: "MCP server compromise", signal: "a GuardDuty or Security Hub finding of high severity, a Falco alert in an MCP container" },
  { file: "denial-of-service.md", title: "Denial of service", signal: "WAF block spikes per server, rate limits hit, node group scaling to its maximum" },
] as const;

function header(names: RunbookNames, title: string, ids: readonly string[]): string[] {
  return [
    `# ${title}: ${names.stack}`,
    "",
    `Environment \`${names.environment}\`, account \`${names.accountId}\`, region \`${names.region}\`. Generated from the synthesized plan of \`${names.stack}\` by \`mcp-harden runbooks\`; regenerate after every deploy.`,
    "",
    `Controls: ${controls(ids)}.`,
    "",
    ...access(names),
  ];
}

/** How to reach the bastion and the private cluster API from it (PUB-05). */
function access(names: RunbookNames): string[] {
  const { bastion, region } = names;
  if (!bastion) return ["## Reach the cluster (PUB-05)", "", `- This plan has no bastion: the API of ${code(names.cluster)} is private, run \`kubectl\` from a host inside the VPC.`, ""];
  const instance = (field: string) => `$(aws ec2 describe-instances --region ${region} --filters Name=tag:aws:autoscaling:groupName,Values=${bastion.group} Name=instance-state-name,Values=running --query 'Reservations[0].Instances[0].${field}' --output text)`;
  const session = [bastion.sessionPreferences && `preferences ${code(bastion.sessionPreferences)}`, bastion.sessionLogGroup && `every session logged to ${code(bastion.sessionLogGroup)}`, bastion.idleMinutes && `closed after ${bastion.idleMinutes} idle minutes`, bastion.maxSessionMinutes && `at most ${bastion.maxSessionMinutes} minutes`].filter((part): part is string => typeof part === "string");
  return [
    "## Reach the bastion (PUB-05)",
    "",
    `The API of ${code(names.cluster)} is private: every \`kubectl\` command below runs on the bastion (Auto Scaling group ${code(bastion.group)}), with the credentials of a cluster administrator role (${list(bastion.clusterAdmins)}; federated sign-in with MFA).`,
    "",
    `- Session Manager (no open port): \`aws ssm start-session --region ${region} --target "${instance("InstanceId")}"\`${session.length > 0 ? ` (${session.join(", ")})` : ""}.`,
    ...(bastion.vpn === undefined
      ? []
      : [
          `- Client VPN ${code(bastion.vpn.name)} (mutual TLS and federated sign-in, ${bastion.vpn.protocol.toUpperCase()} ${bastion.vpn.port}${bastion.vpn.dns.length > 0 ? `, DNS ${bastion.vpn.dns.join(", ")}` : ""}): export its configuration with \`aws ec2 export-client-vpn-client-configuration --region ${region} --output text --client-vpn-endpoint-id "$(aws ec2 describe-client-vpn-endpoints --region ${region} --query "ClientVpnEndpoints[?Tags[?Key=='Name' && Value=='${bastion.vpn.name}']].ClientVpnEndpointId | [0]" --output text)" > ${bastion.vpn.name}.ovpn\`, open it in the AWS VPN Client with your client certificate, connect and sign in${bastion.sshPorts.length > 0 ? `; then \`ssh -p ${bastion.sshPorts[0]} "$USER@${instance("PrivateIpAddress")}"\`` : ""}.`,
        ]),
    `- On the bastion: \`aws eks update-kubeconfig --region ${region} --name ${names.cluster}\`.`,
    "",
  ];
}

/** The steps every incident shares: evidence, communication, eradication, recovery and post-incident analysis. */
function commonSteps(names: RunbookNames): string[] {
  return [
    "## Preserve evidence (IR-02d)",
    "",
    `- Logs are already shipped: every log group goes to the SIEM${names.siemStream ? ` through ${code(names.siemStream)}` : ""} and is archived in ${code(names.archiveBucket)} (Object Lock, compliance mode: nobody can delete it before its retention ends).`,
    `- Every shipped record is also under \`firehose/<yyyy>/<mm>/<dd>/<hh>/\` in the archive: copy the incident's hours into the case, e.g. \`aws s3 cp --recursive s3://${names.archiveBucket}/firehose/<yyyy>/<mm>/<dd>/<hh>/ ./evidence/\`; CloudTrail files are under \`cloudtrail/\`, GuardDuty findings under \`guardduty/\`.`,
    `- Evidence snapshots of quarantined instances are tagged \`mcp:evidence=true\` and \`mcp:finding-id\`: \`aws ec2 describe-snapshots --owner-ids self --filters Name=tag:mcp:evidence,Values=true --region ${names.region}\`.`,
    `- Record every manual action in the ticket with its time; the containment function's own actions are in ${code(names.containmentLogGroup)}.`,
    "",
    "## Communicate (IR-02e)",
    "",
    `- Alarms and findings already went to the SNS topic ${code(names.alertsTopic)}: acknowledge there, open the incident ticket, name an incident lead.`,
    "- Notify the server owner (the `onboarding.owner` of the MCP server in the environment config), security, and, for data leakage, the data protection officer.",
    "",
    "## Eradicate (IR-02b)",
    "",
    "- Run the affected server's recovery runbook:",
    ...perServer(names, (server) => (names.automationRunbooks.includes(`mcp-${names.environment}-recover-${server}`) ? `aws ssm start-automation-execution --document-name mcp-${names.environment}-recover-${server} --region ${names.region}` : undefined)),
    `  It revokes the server's tokens and sessions, rotates its rotating secrets and pauses for the issuer-rotated ones (put the new value, then \`aws ssm send-automation-signal --automation-execution-id <execution-id> --signal-type Resume --region ${names.region}\` with the ID \`start-automation-execution\` printed), redeploys the approved digest at one replica, verifies the rollout and only then restores the replicas; every step is in the execution history and the recovery function's log.`,
    "- Redeploy from the last known-good commit: images are pinned by digest, so `cdktf deploy` of that commit restores exactly what was reviewed.",
    "- Rotate every secret the affected server could read, then restart its pods:",
    ...perServer(names, (server) => [...(names.serverSecrets[server] ?? []).map((secret) => `aws secretsmanager put-secret-value --region ${names.region} --secret-id ${secret} --secret-string file://new-value`), kubectl(server, "rollout restart")].join(" && ")),
    `- Replace affected nodes rather than cleaning them: terminate the quarantined instance after its snapshots complete; the node group of ${code(names.cluster)} replaces it.`,
    "",
    "## Recover (IR-02c)",
    "",
    "- Scale the server back up only after eradication (the recovery runbook does it for you):",
    ...perServer(names, (server) => (names.replicas[server] === undefined ? undefined : kubectl(server, `scale --replicas=${names.replicas[server]}`))),
    `  Then watch its large-response alarm (${list(names.alarms.largeResponses)}) and WAF block alarm (${list(names.alarms.wafBlocked)}) for a day.`,
    "",
    "## Hunt (TI-03) and share (TI-02)",
    "",
    `- Saved Logs Insights queries of this environment: ${list(names.queries)}. The \`correlation/\` ones find the same attack on other servers and principals; the \`threat-intel/export-\` ones list this environment's own indicators (blocked domains, firewall alerts) to share with partners in the feed format.`,
    ...(names.threatIntelBucket === undefined
      ? []
      : [`- Put indicators learnt from the incident into \`s3://${names.threatIntelBucket}/feeds/\` as \`{ "source": "...", "indicators": [{ "type": "domain" | "ipv4" | "cidr", "value": "..." }] }\`: the loader blocks them at the egress firewall and the DNS Firewall and hands them to GuardDuty within a minute (TI-01); test detections against them before closing (TI-04).`]),
    "",
    "## Post-incident analysis (IR-03)",
    "",
    "- Within five working days: timeline, root cause, what detected it and how fast, what contained it, what failed.",
    "- Every control change lands as a pull request against the blueprint; review it with `mcp-harden diff <base> <head>` so no control gets weaker.",
    "",
  ];
}

function containServer(names: RunbookNames): string[] {
  return [`- Scale the affected MCP server to zero from the bastion (see "Reach the bastion"):`, ...perServer(names, (server) => kubectl(server, "scale --replicas=0"))];
}

const RUNBOOKS: Readonly<Record<(typeof INCIDENT_TYPES)[number]["file"], (names: RunbookNames) => string[]>> = {
  "tool-poisoning.md": (names) => [
    ...header(names, "Suspected tool poisoning", ["IR-00", "IR-01", "IR-02", "IR-02a", "IR-02b", "IR-02c", "IR-02d", "IR-02e", "IR-03"]),
    "## Detect and confirm (IR-01)",
    "",
    `- Gateway access log lines of the server are in ${code(names.logGroups.containers)} (field \`${GATEWAY_ACCESS_LOG_FIELDS.server}\`): look for tool calls the agent was not asked to make, and for \`tools/list\` answers whose descriptions changed.`,
    `- Falco alerts (shell or unexpected process in an MCP container) land in the same log group.`,
    "",
    "## Contain (IR-02a)",
    "",
    ...containServer(names),
    `- If the tool reached AWS resources, check ${code(names.logGroups.cloudTrail)} for calls by the server's role: ${list(Object.values(names.serverRoles))}.`,
    "",
    ...commonSteps(names),
  ],
  "unauthorized-access.md": (names) => [
    ...header(names, "Unauthorized access via MCP", ["IR-00", "IR-01", "IR-02", "IR-02a", "IR-02b", "IR-02c", "IR-02d", "IR-02e", "IR-03"]),
    "## Detect and confirm (IR-01)",
    "",
    `- Alarms on the audit trail ${code(names.trail)}: ${list(names.alarms.auditTrail)}.`,
    `- The events are in ${code(names.logGroups.cloudTrail)}; gateway authentication failures (per JWT \`sub\`) in ${code(names.logGroups.containers)}.`,
    "",
    "## Contain (IR-02a)",
    "",
    "- Revoke the principal's sessions: attach a deny-all policy conditioned on `aws:TokenIssueTime` earlier than now to the role, and disable the user in the identity provider.",
    `- Block the source addresses in the web ACL ${code(names.webAcl)} (an IP set rule at the highest priority).`,
    `- If a host was used, let the containment function isolate it, or move it yourself into ${code(names.quarantineGroup)}.`,
    "",
    ...commonSteps(names),
  ],
  "data-exfiltration.md": (names) => [
    ...header(names, "Data leakage", ["IR-00", "IR-01", "IR-02", "IR-02a", "IR-02b", "IR-02c", "IR-02d", "IR-02e", "IR-03"]),
    "## Detect and confirm (IR-01)",
    "",
    `- Large-response alarms (DLP-03): ${list(names.alarms.largeResponses)}. Find the requests in ${code(names.logGroups.containers)} with \`filter ${GATEWAY_ACCESS_LOG_FIELDS.responseBytes} > ${names.largeResponseBytes}\` and note the JWT \`sub\` and session.`,
    `- Egress attempts: ${list(names.logGroups.networkFirewall)} (Network Firewall) and ${code(names.logGroups.flowLogs)} (VPC flow logs).`,
    "",
    "## Contain (IR-02a)",
    "",
    ...containServer(names),
    "- Revoke the client's tokens at the authorization server, and remove any egress domain the server should not reach from `mcpServers[].egressDomains`, then deploy.",
    "",
    ...commonSteps(names),
  ],
  "server-compromise.md": (names) => [
    ...header(names, "MCP server compromise", ["IR-00", "IR-01", "IR-02", "IR-02a", "IR-02b", "IR-02c", "IR-02d", "IR-02e", "IR-03", "OPS-03"]),
    "## Automated containment (OPS-03)",
    "",
    `- High-severity GuardDuty and Security Hub findings invoke ${code(names.containmentFunction)}. It moves every network interface of the named instance into ${code(names.quarantineGroup)} (no rules), tags it \`mcp:quarantine=true\` and snapshots its volumes; each action is a JSON line in ${code(names.containmentLogGroup)}.`,
    `- A finding on a Kubernetes workload in an MCP server's namespace scales that server's Deployment to zero through the private cluster API (Kubernetes group \`mcp:containment\`, which may do nothing else); the JSON line records the replicas it had. Anything else (another namespace, a failed call) is logged with the \`kubectl ... --replicas=0\` command to run from the bastion. A failed invocation is reported to ${code(names.alertsTopic)}.`,
    "- Applying the workloads stack or a GitOps sync restores the replicas: hold deployments of the environment until eradication is done.",
    "- Connections already open when the security group changed may survive connection tracking: if traffic continues, stop the instance (its volumes are already snapshotted).",
    "",
    "## Contain manually (IR-02a)",
    "",
    ...containServer(names),
    `- Move an instance by hand (each of its network interfaces): \`aws ec2 modify-network-interface-attribute --region ${names.region} --network-interface-id <eni> --groups "$(aws ec2 describe-security-groups --region ${names.region} --filters Name=group-name,Values=${names.quarantineGroup} --query 'SecurityGroups[0].GroupId' --output text)"\`.`,
    "",
    ...commonSteps(names),
  ],
  "denial-of-service.md": (names) => [
    ...header(names, "Denial of service", ["IR-00", "IR-01", "IR-02", "IR-02a", "IR-02c", "IR-02d", "IR-02e", "IR-03"]),
    "## Detect and confirm (IR-01)",
    "",
    `- WAF block alarms per server: ${list(names.alarms.wafBlocked)}; the requests are in ${code(names.logGroups.waf)}.`,
    `- Every alarm of this environment, for capacity signals: ${list(names.alarms.all)}.`,
    "",
    "## Contain (IR-02a)",
    "",
    `- Tighten the rate limits of the web ACL ${code(names.webAcl)} (\`edge.rateLimits\` in the environment config) and deploy, or add the sources to an IP set block rule.`,
    ...containServer(names),
    "",
    ...commonSteps(names),
  ],
};

/** The index: the incident classification (IR-01) and where each runbook is. */
function index(names: RunbookNames): string[] {
  return [
    `# Incident runbooks: ${names.stack}`,
    "",
    `Generated from the synthesized plan of \`${names.stack}\` (account \`${names.accountId}\`, region \`${names.region}\`). Controls: ${controls(["IR-00", "IR-01"])}.`,
    "",
    "| Incident type (IR-01) | First signals | Runbook |",
    "|---|---|---|",
    ...INCIDENT_TYPES.map((type) => `| ${type.title} | ${type.signal} | [${type.file}](${type.file}) |`),
    "",
    "## Resources named in the runbooks",
    "",
    `- Quarantine security group: ${code(names.quarantineGroup)}`,
    `- Containment function: ${code(names.containmentFunction)}, logging to ${code(names.containmentLogGroup)}`,
    `- Log archive: ${code(names.archiveBucket)}`,
    `- Alert topic: ${code(names.alertsTopic)}`,
    `- Web ACL: ${code(names.webAcl)}`,
    `- EKS cluster: ${code(names.cluster)}`,
    `- Bastion: ${names.bastion ? `Auto Scaling group ${code(names.bastion.group)}${names.bastion.vpn ? `, Client VPN ${code(names.bastion.vpn.name)}` : ""}` : "(none in this plan)"}`,
    `- Log groups: ${list(names.logGroups.all)}`,
    `- Recovery runbooks (SSM Automation): ${list(names.automationRunbooks)}`,
    `- Saved queries: ${list(names.queries)}`,
    `- Alarms: ${list(names.alarms.all)}`,
    "",
  ];
}

/** The runbooks of an environment's AWS stack: the index and one per incident type. */
export function renderRunbooks(stack: StackArtifact): Runbook[] {
  const names = runbookNames(stack);
  return [
    { file: "README.md", markdown: index(names).join("\n") },
    ...INCIDENT_TYPES.map((type) => ({ file: type.file, markdown: RUNBOOKS[type.file](names).join("\n") })),
  ];
}

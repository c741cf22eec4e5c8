/**
 * Incident runbooks (IR-00..IR-03) filled with the real resource names of one environment, read from its synthesized
 * plan (never from constructs), so a runbook names exactly what was deployed: the quarantine security group, the
 * containment function, the log groups, the log archive, the alarms, the alert topic and the web ACL.
 */
import { GATEWAY_ACCESS_LOG_FIELDS } from "../baselines/gateway-access-log";
import { INCIDENT_TYPES } from "../baselines/incident-types";
import { controlById } from "../policies/catalog";
import { RunbookNames, runbookNames } from "../policies/runbook-names";
import { StackArtifact } from "../policies/types";

/** One runbook file. */
export interface Runbook {
  /** File name, e.g. `tool-poisoning.md`. */
  readonly file: string;
  readonly markdown: string;
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
    `- The guard's tool-change alarms (a pinned tool changed or appeared: TOOL-08): ${list(names.alarms.toolChanges)}; its \`mcp.guard.tool_changed\` audit lines name the server and the tool.`,
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
    `- High-severity GuardDuty and Security Hub findings (EventBridge rules ${list(names.containmentTriggers)}) invoke ${code(names.containmentFunction)}. It moves every network interface of the named instance into ${code(names.quarantineGroup)} (no rules), tags it \`mcp:quarantine=true\` and snapshots its volumes; each action is a JSON line in ${code(names.containmentLogGroup)}.`,
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

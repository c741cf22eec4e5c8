import { isAgentImage } from "../agent-images";
import { kubernetesViolation, record, records } from "../kubernetes";
import {
  AgentWorkload,
  agentWorkloads,
  environmentOfGroup,
  environmentStack,
  grants,
  loadedFile,
  logStreamArn,
  mountedFiles,
  parseYaml,
  podIdentityGrants,
  serverNamespacesByGroup,
  toleratesAllTaints,
} from "../observability";
import { fluentBitEntries as entries, fluentBitOn as isOn, matchCovers } from "../fluent-bit";
import { stackResources } from "../terraform";
import { Artifacts, Rule, Violation } from "../types";

/** What is wrong with a shipper's configuration: it must tail container logs into the environment's log group. */
function configProblems(text: string, logGroupName: string): string[] {
  const config = record(parseYaml(text));
  const pipeline = record(config?.["pipeline"]);
  if (!pipeline) return ["its configuration is not a Fluent Bit YAML configuration with a pipeline section"];
  const tails = entries(pipeline["inputs"]).filter((input) => input["name"] === "tail" && String(input["path"] ?? "").startsWith("/var/log/containers/"));
  if (tails.length === 0) return ["its configuration tails no container log (input tail with path /var/log/containers/*.log)"];
  const problems: string[] = [];
  const tags = tails.map((input) => String(input["tag"] ?? ""));
  const outputs = entries(pipeline["outputs"]).filter((output) => output["name"] === "cloudwatch_logs" && output["log_group_name"] === logGroupName);
  const uncovered = tags.filter((tag) => !outputs.some((output) => matchCovers(output["match"], tag)));
  if (outputs.length === 0) problems.push(`its configuration has no cloudwatch_logs output to the log group ${logGroupName}`);
  else if (uncovered.length > 0) problems.push(`no cloudwatch_logs output to ${logGroupName} matches the container logs tagged ${uncovered.join(", ")}`);
  if (outputs.some((output) => isOn(output["auto_create_group"]))) problems.push("its cloudwatch_logs output creates log groups (auto_create_group), which would be unencrypted and kept forever");
  const optOut = entries(pipeline["filters"]).filter((filter) => filter["name"] === "kubernetes" && isOn(filter["k8s-logging.exclude"]));
  if (optOut.length > 0) problems.push("its kubernetes filter lets pods exclude their own logs (k8s-logging.exclude: on)");
  return problems;
}

/** What is wrong with one shipper DaemonSet. */
function shipperProblems(artifacts: Artifacts, shipper: AgentWorkload, logGroupName: string): string[] {
  const problems: string[] = [];
  if (!toleratesAllTaints(shipper.spec)) problems.push("does not tolerate every taint (tolerations: [{operator: Exists}]), so tainted nodes' logs are not shipped");
  const varLog = records(shipper.spec["volumes"]).find((volume) => record(volume["hostPath"])?.["path"] === "/var/log");
  const varLogMount = varLog && records(shipper.container["volumeMounts"]).find((mount) => mount["name"] === varLog["name"]);
  if (!varLogMount) problems.push("does not mount the node's /var/log");
  else if (varLogMount["readOnly"] !== true) problems.push(`mounts the node's /var/log writable at ${String(varLogMount["mountPath"])}`);
  const config = loadedFile(mountedFiles(artifacts, shipper), shipper.container);
  if (!config) problems.push("loads no configuration file from a ConfigMap (--config=<mounted file>)");
  else problems.push(...configProblems(config.text, logGroupName));

  const stack = environmentStack(artifacts, shipper.item.group);
  const namespace = String(shipper.item.object.metadata.namespace);
  const serviceAccount = String(shipper.spec["serviceAccountName"] ?? "default");
  if (!stack) {
    problems.push(`its environment's stack mcp-${environmentOfGroup(shipper.item.group) ?? "?"} is not among the artifacts, so its log group and role cannot be checked`);
    return problems;
  }
  if (!stackResources(stack, "aws_cloudwatch_log_group").some((group) => group.values["name"] === logGroupName)) {
    problems.push(`the log group ${logGroupName} is not created by stack ${stack.name} (encrypted, with retention and a subscription to the SIEM)`);
  }
  const { association, statements } = podIdentityGrants(stack, namespace, serviceAccount);
  const arn = logStreamArn(stack, logGroupName);
  if (!association) problems.push(`service account ${namespace}/${serviceAccount} has no EKS Pod Identity association in stack ${stack.name}`);
  else if (arn === undefined || !grants(statements, "logs:PutLogEvents", arn)) problems.push(`the Pod Identity role of ${namespace}/${serviceAccount} may not put log events into ${logGroupName}`);
  return problems;
}

/**
 * Every cluster that hosts MCP servers ships every container's log to the environment's container log group
 * `/mcp/<env>/containers` (LOG-02): a Fluent Bit DaemonSet that tolerates every taint, reads the node's `/var/log`
 * read-only, loads a configuration that tails `/var/log/containers` into a `cloudwatch_logs` output to that group
 * (never creating a group, never letting a pod exclude its logs), and writes through a Pod Identity role allowed
 * to put events there; the group is created by the environment's stack.
 */
const rule: Rule = {
  id: "log-02-container-log-shipping",
  controls: ["LOG-02"],
  severity: "high",
  description:
    "A cluster with MCP servers runs a Fluent Bit DaemonSet tolerating all taints, mounting /var/log read-only, with a loaded config tailing /var/log/containers into cloudwatch_logs → /mcp/<env>/containers (no auto_create_group, no k8s-logging.exclude); the group exists in mcp-<env> and the shipper's Pod Identity role may PutLogEvents there.",
  remediation:
    "Deploy the FluentBitLogShipper construct (stacks/observability.ts does) with logGroupName /mcp/<env>/containers, and give its service account a Pod Identity role allowed logs:CreateLogStream and logs:PutLogEvents on that group.",
  check: (artifacts) =>
    [...serverNamespacesByGroup(artifacts)].flatMap(([group, namespaces]): Violation[] => {
      const environment = environmentOfGroup(group);
      const logGroupName = `/mcp/${environment ?? "?"}/containers`;
      const shippers = agentWorkloads(artifacts, group, (name) => isAgentImage("fluentBit", name)).filter((workload) => workload.item.object.kind === "DaemonSet");
      if (shippers.length === 0) {
        return namespaces.map((namespace) => kubernetesViolation(namespace, `no Fluent Bit DaemonSet ships this MCP server's container logs to ${logGroupName}`));
      }
      return shippers.flatMap((shipper) => shipperProblems(artifacts, shipper, logGroupName).map((problem) => kubernetesViolation(shipper.item, problem)));
    }),
};

export default rule;

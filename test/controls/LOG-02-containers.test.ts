import { parse } from "yaml";
import { bytes, formatBytes, formatCpu } from "../../constructs/k8s/quantity";
import { referencedAddress } from "../../policies/terraform";
import { config, ENVIRONMENTS } from "../support/compute";
import { findingLines, removeYamlObjects, weakened, yamlObject } from "../support/kubernetes";
import { stackResources, synthesizedPlans } from "../support/plans";

const FILE = "prod/observability.yaml";
const SHIPPER = "DaemonSet/mcp-observability/fluent-bit";
const rule = "log-02-container-log-shipping";

/** The Fluent Bit configuration an environment's ConfigMap holds, parsed (mutable through `yamlObject`). */
function fluentBitConfig(plans: ReturnType<typeof synthesizedPlans>, environment: string): Record<string, any> {
  return parse(yamlObject(plans, environment, "ConfigMap/mcp-observability/fluent-bit-config").data["fluent-bit.yaml"]);
}

/** Replaces the Fluent Bit configuration of prod's ConfigMap with an edited copy. */
function editConfig(plans: ReturnType<typeof synthesizedPlans>, edit: (config: Record<string, any>) => void): void {
  const configMap = yamlObject(plans, "prod", "ConfigMap/mcp-observability/fluent-bit-config");
  const config = parse(configMap.data["fluent-bit.yaml"]);
  edit(config);
  configMap.data["fluent-bit.yaml"] = JSON.stringify(config);
}

describe("LOG-02 centralised log collection (container logs through Fluent Bit)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const env = config(environment);
    const logGroup = `/mcp/${environment}/containers`;

    test("a Fluent Bit DaemonSet on every node reads /var/log read-only and ships with no Kubernetes credential", () => {
      const daemonSet = yamlObject(plans, environment, "DaemonSet/mcp-observability/fluent-bit");
      const spec = daemonSet.spec.template.spec;
      const [container] = spec.containers;
      expect(spec.tolerations).toEqual([{ operator: "Exists" }]);
      expect(spec.automountServiceAccountToken).toBe(false);
      expect(spec.serviceAccountName).toBe("fluent-bit");
      expect(container.image).toBe(env.observability.fluentBitImage);
      expect(container.args).toEqual(["--config=/fluent-bit/etc/mcp/fluent-bit.yaml"]);
      expect(container.securityContext).toEqual({
        runAsUser: 0,
        runAsGroup: 0,
        runAsNonRoot: false,
        privileged: false,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
      });
      expect(container.resources.requests).toEqual(container.resources.limits);
      expect(container.volumeMounts).toEqual([
        { name: "var-log", mountPath: "/var/log", readOnly: true },
        { name: "config", mountPath: "/fluent-bit/etc/mcp", readOnly: true },
        { name: "state", mountPath: "/var/fluent-bit/state" },
      ]);
      expect(spec.volumes).toEqual([
        { name: "var-log", hostPath: { path: "/var/log", type: "Directory" } },
        { name: "config", configMap: { name: "fluent-bit-config" } },
        { name: "state", hostPath: { path: "/var/fluent-bit/state", type: "DirectoryOrCreate" } },
      ]);
      expect(yamlObject(plans, environment, "ServiceAccount/mcp-observability/fluent-bit").automountServiceAccountToken).toBe(false);
    });

    test(`its configuration tails every container log into ${logGroup}, never creating a group nor letting a pod opt out`, () => {
      const { pipeline } = fluentBitConfig(plans, environment);
      expect(pipeline.inputs).toEqual([expect.objectContaining({ name: "tail", tag: "kube.*", path: "/var/log/containers/*.log", "multiline.parser": "cri" })]);
      expect(pipeline.filters).toEqual([expect.objectContaining({ name: "kubernetes", match: "kube.*", use_tag_for_meta: "on", merge_log: "on", "k8s-logging.exclude": "off" })]);
      expect(pipeline.outputs).toEqual([
        { name: "cloudwatch_logs", match: "kube.*", region: env.region, log_group_name: logGroup, log_stream_prefix: "containers.", auto_create_group: "off", retry_limit: "no_limits" },
      ]);
    });

    test(`its Pod Identity role may only create streams in and put events into ${logGroup}, which the stack creates`, () => {
      const association = stackResources(plans, environment, "aws_eks_pod_identity_association").find((candidate) => candidate.values["service_account"] === "fluent-bit")!;
      expect(association.values).toMatchObject({ namespace: "mcp-observability", service_account: "fluent-bit" });
      const role = stackResources(plans, environment, "aws_iam_role").find((candidate) => candidate.address === referencedAddress(association.values["role_arn"]))!;
      expect(role.values["name"]).toBe(`mcp-${environment}-fluent-bit`);
      expect(JSON.parse(String(role.values["assume_role_policy"])).Statement[0].Condition.StringEquals).toMatchObject({
        "aws:SourceAccount": env.accountId,
        "aws:RequestTag/kubernetes-namespace": "mcp-observability",
        "aws:RequestTag/kubernetes-service-account": "fluent-bit",
      });
      const policies = stackResources(plans, environment, "aws_iam_role_policy").filter((policy) => referencedAddress(policy.values["role"]) === role.address);
      const arn = `arn:aws:logs:${env.region}:${env.accountId}:log-group:${logGroup}`;
      expect(policies.map((policy) => JSON.parse(String(policy.values["policy"])).Statement)).toEqual([
        [{ Sid: "WriteContainerLogGroupOnly", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [arn, `${arn}:log-stream:*`] }],
      ]);
      expect(stackResources(plans, environment, "aws_cloudwatch_log_group").map((group) => group.values["name"])).toContain(logGroup);
    });

    test("the namespace's quota admits exactly the shipper on every node and the collector's pods", () => {
      const nodes = env.cluster.nodeGroup.maxSize + 2 * env.azCount;
      const collectorPods = 3;
      expect(yamlObject(plans, environment, "ResourceQuota/mcp-observability/mcp-quota").spec.hard).toMatchObject({
        "requests.cpu": formatCpu(200 * nodes + 250 * collectorPods),
        "limits.memory": formatBytes(bytes("256Mi") * nodes + bytes("512Mi") * collectorPods),
        "limits.ephemeral-storage": formatBytes(bytes("256Mi") * (nodes + collectorPods)),
        pods: String(nodes + collectorPods),
        persistentvolumeclaims: "0",
      });
      expect(yamlObject(plans, environment, "LimitRange/mcp-observability/mcp-limits").spec.limits).toEqual([
        {
          type: "Container",
          default: { cpu: "200m", memory: "256Mi", "ephemeral-storage": "256Mi" },
          defaultRequest: { cpu: "200m", memory: "256Mi", "ephemeral-storage": "256Mi" },
          max: { cpu: "250m", memory: "512Mi", "ephemeral-storage": "256Mi" },
        },
      ]);
    });

    test("no finding of the container log shipping rule", () => {
      expect(findingLines(plans, "LOG-02").filter((line) => line.startsWith(rule))).toEqual([]);
    });
  });

  describe("check reports LOG-02 when the real output is weakened", () => {
    const lines = (mutate: (plans: ReturnType<typeof synthesizedPlans>) => void) => weakened("LOG-02", mutate).filter((line) => line.startsWith(rule));

    test("the Fluent Bit DaemonSet is removed", () => {
      expect(lines((plans) => removeYamlObjects(plans, "prod", (object) => object.kind === "DaemonSet" && object.metadata.name === "fluent-bit"))).toEqual(
        config("prod").mcpServers.map((server) => `${rule} prod/workloads.yaml Namespace/${server.name}: no Fluent Bit DaemonSet ships this MCP server's container logs to /mcp/prod/containers`).sort()
      );
    });

    test("the output goes to another log group, or creates groups and lets pods exclude their logs", () => {
      expect(lines((plans) => editConfig(plans, (config) => (config.pipeline.outputs[0].log_group_name = "/elsewhere")))).toEqual([
        `${rule} ${FILE} ${SHIPPER}: its configuration has no cloudwatch_logs output to the log group /mcp/prod/containers`,
      ]);
      expect(
        lines((plans) =>
          editConfig(plans, (config) => {
            config.pipeline.outputs[0].auto_create_group = "On";
            config.pipeline.filters[0]["K8S-Logging.Exclude"] = "on";
            delete config.pipeline.filters[0]["k8s-logging.exclude"];
          })
        )
      ).toEqual([
        `${rule} ${FILE} ${SHIPPER}: its cloudwatch_logs output creates log groups (auto_create_group), which would be unencrypted and kept forever`,
        `${rule} ${FILE} ${SHIPPER}: its kubernetes filter lets pods exclude their own logs (k8s-logging.exclude: on)`,
      ]);
    });

    test("tainted nodes are skipped, /var/log becomes writable, the configuration is not loaded", () => {
      expect(
        lines((plans) => {
          const spec = yamlObject(plans, "prod", SHIPPER).spec.template.spec;
          delete spec.tolerations;
          delete spec.containers[0].volumeMounts[0].readOnly;
          spec.containers[0].args = [];
        })
      ).toEqual([
        `${rule} ${FILE} ${SHIPPER}: does not tolerate every taint (tolerations: [{operator: Exists}]), so tainted nodes' logs are not shipped`,
        `${rule} ${FILE} ${SHIPPER}: loads no configuration file from a ConfigMap (--config=<mounted file>)`,
        `${rule} ${FILE} ${SHIPPER}: mounts the node's /var/log writable at /var/log`,
      ]);
    });

    test("the shipper's role loses the log group, or the log group leaves the stack (both copies of the DaemonSet are judged)", () => {
      expect(
        lines((plans) => {
          const policy = stackResources(plans, "prod", "aws_iam_role_policy").find((candidate) => candidate.values["name"] === "write-container-logs")!;
          policy.values["policy"] = String(policy.values["policy"]).replace(/\/mcp\/prod\/containers/g, "/mcp/prod/other");
        })
      ).toEqual([
        `${rule} mcp-prod-workloads kubernetes_manifest.DaemonSet_mcp-observability_fluent-bit: ${SHIPPER}: the Pod Identity role of mcp-observability/fluent-bit may not put log events into /mcp/prod/containers`,
        `${rule} ${FILE} ${SHIPPER}: the Pod Identity role of mcp-observability/fluent-bit may not put log events into /mcp/prod/containers`,
      ]);
      expect(
        lines((plans) => {
          for (const group of stackResources(plans, "prod", "aws_cloudwatch_log_group").filter((candidate) => candidate.values["name"] === "/mcp/prod/containers")) group.values["name"] = "/mcp/prod/renamed";
        })
      ).toEqual([
        `${rule} mcp-prod-workloads kubernetes_manifest.DaemonSet_mcp-observability_fluent-bit: ${SHIPPER}: the log group /mcp/prod/containers is not created by stack mcp-prod (encrypted, with retention and a subscription to the SIEM)`,
        `${rule} ${FILE} ${SHIPPER}: the log group /mcp/prod/containers is not created by stack mcp-prod (encrypted, with retention and a subscription to the SIEM)`,
      ]);
    });
  });
});

import { parse, stringify } from "yaml";
import { referencedAddress } from "../../policies/terraform";
import { Artifacts } from "../../policies/types";
import { config, ENVIRONMENTS } from "../support/compute";
import { findingLines, removeYamlObjects, weakened, yamlObject, yamlObjects } from "../support/kubernetes";
import { removeResources, stackResources, synthesizedPlans } from "../support/plans";

const FILE = "prod/observability.yaml";
const COLLECTOR = "Deployment/mcp-observability/otel-collector";
const rule = "gw-04-trace-collector";

/** Edits prod's collector configuration in its ConfigMap. */
function editConfig(plans: Artifacts, edit: (config: Record<string, any>) => void): void {
  const configMap = yamlObject(plans, "prod", "ConfigMap/mcp-observability/otel-collector-config");
  const parsed = parse(configMap.data["config.yaml"]);
  edit(parsed);
  configMap.data["config.yaml"] = stringify(parsed);
}

describe("GW-04 comprehensive request tracing (the OpenTelemetry Collector)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const env = config(environment);

    test("an OTLP collector hardened like an MCP server, behind a ClusterIP Service on 4317 and 4318", () => {
      const deployment = yamlObject(plans, environment, COLLECTOR);
      const spec = deployment.spec.template.spec;
      const [container] = spec.containers;
      expect(container.image).toBe(env.observability.otelCollectorImage);
      expect(spec.automountServiceAccountToken).toBe(false);
      expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: "RuntimeDefault" } });
      expect(container.securityContext).toEqual({
        runAsNonRoot: true,
        runAsUser: 10001,
        runAsGroup: 10001,
        privileged: false,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
      });
      expect(container.resources.requests).toEqual(container.resources.limits);
      expect(spec.volumes).toEqual([
        { name: "config", configMap: { name: "otel-collector-config" } },
        { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
      ]);
      expect(yamlObject(plans, environment, "Service/mcp-observability/otel-collector").spec).toMatchObject({
        type: "ClusterIP",
        selector: { "app.kubernetes.io/name": "otel-collector" },
        ports: [expect.objectContaining({ name: "otlp-grpc", port: 4317 }), expect.objectContaining({ name: "otlp-http", port: 4318 })],
      });
    });

    test("its configuration: OTLP in, memory limiter then batch, traces to X-Ray, OTLP logs to the traces log group, the guard's metrics to CloudWatch", () => {
      const parsed = parse(yamlObject(plans, environment, "ConfigMap/mcp-observability/otel-collector-config").data["config.yaml"]);
      expect(Object.keys(parsed.receivers)).toEqual(["otlp"]);
      expect(parsed.receivers.otlp.protocols).toEqual({ grpc: { endpoint: "${env:MY_POD_IP}:4317", max_recv_msg_size_mib: 4 }, http: { endpoint: "${env:MY_POD_IP}:4318" } });
      expect(parsed.service.pipelines).toEqual({
        traces: { receivers: ["otlp"], processors: ["memory_limiter", "batch"], exporters: ["awsxray"] },
        logs: { receivers: ["otlp"], processors: ["memory_limiter", "batch"], exporters: ["awscloudwatchlogs"] },
        metrics: { receivers: ["otlp"], processors: ["memory_limiter", "filter/metrics", "resource/metrics", "batch"], exporters: ["awsemf"] },
      });
      expect(parsed.exporters).toMatchObject({
        awsxray: { region: env.region },
        awscloudwatchlogs: { region: env.region, log_group_name: `/mcp/${environment}/traces`, log_stream_name: "otel-collector" },
      });
      expect(Object.keys(parsed.exporters)).toEqual(["awsxray", "awscloudwatchlogs", "awsemf"]);
      expect(parsed.service.telemetry.metrics).toEqual({ level: "none" });
    });

    test("OTLP only from the MCP and gateway zones; out only to DNS, the VPC's AWS endpoints and the Pod Identity agent; servers may send", () => {
      const policies = yamlObjects(plans, environment, "NetworkPolicy").filter((policy) => policy.metadata.namespace === "mcp-observability");
      expect(policies.map((policy) => policy.metadata.name)).toEqual([
        "default-deny-all",
        "allow-egress-to-dns",
        "allow-fluent-bit-egress-to-aws",
        "allow-otlp-ingress-to-otel-collector",
        "allow-otel-collector-egress-to-aws",
      ]);
      const ingress = policies.find((policy) => policy.metadata.name === "allow-otlp-ingress-to-otel-collector")!;
      expect(ingress.spec.ingress).toEqual([
        {
          from: [{ namespaceSelector: { matchLabels: { "mcp.security/zone": "mcp" } } }, { namespaceSelector: { matchLabels: { "mcp.security/zone": "gateway" } } }],
          ports: [
            { protocol: "TCP", port: 4317 },
            { protocol: "TCP", port: 4318 },
          ],
        },
      ]);
      expect(policies.find((policy) => policy.metadata.name === "allow-otel-collector-egress-to-aws")!.spec.egress).toEqual([
        { to: [{ ipBlock: { cidr: env.vpcCidr } }], ports: [{ protocol: "TCP", port: 443 }] },
        { to: [{ ipBlock: { cidr: "169.254.170.23/32" } }], ports: [{ protocol: "TCP", port: 80 }] },
      ]);
      for (const server of env.mcpServers) {
        expect(yamlObject(plans, environment, `NetworkPolicy/${server.name}/allow-egress-to-otel-collector`).spec.egress[0].to).toEqual([
          { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "mcp-observability" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "otel-collector" } } },
        ]);
      }
    });

    test("its Pod Identity role sends to X-Ray and writes only the KMS-encrypted traces and guard metrics log groups, reached through a private X-Ray endpoint", () => {
      const association = stackResources(plans, environment, "aws_eks_pod_identity_association").find((candidate) => candidate.values["service_account"] === "otel-collector")!;
      expect(association.values["namespace"]).toBe("mcp-observability");
      const role = stackResources(plans, environment, "aws_iam_role").find((candidate) => candidate.address === referencedAddress(association.values["role_arn"]))!;
      const [policy] = stackResources(plans, environment, "aws_iam_role_policy").filter((candidate) => referencedAddress(candidate.values["role"]) === role.address);
      const arn = `arn:aws:logs:${env.region}:${env.accountId}:log-group:/mcp/${environment}/traces`;
      const metrics = `arn:aws:logs:${env.region}:${env.accountId}:log-group:/mcp/${environment}/guard-metrics`;
      expect(JSON.parse(String(policy.values["policy"])).Statement).toEqual([
        { Sid: "SendTracesToXRay", Effect: "Allow", Action: ["xray:PutTelemetryRecords", "xray:PutTraceSegments"], Resource: "*" },
        { Sid: "WriteTraceLogGroupOnly", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [arn, `${arn}:log-stream:*`] },
        { Sid: "WriteGuardMetricsLogGroupOnly", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [metrics, `${metrics}:log-stream:*`] },
      ]);
      const group = stackResources(plans, environment, "aws_cloudwatch_log_group").find((candidate) => candidate.values["name"] === `/mcp/${environment}/traces`)!;
      expect(group.values).toMatchObject({ retention_in_days: env.security.logRetentionDays });
      expect(String(group.values["kms_key_id"])).toMatch(/^\$\{aws_kms_key\./);
      const endpoint = stackResources(plans, environment, "aws_vpc_endpoint").find((candidate) => candidate.values["service_name"] === `com.amazonaws.${env.region}.xray`)!;
      expect(endpoint.values).toMatchObject({ vpc_endpoint_type: "Interface", private_dns_enabled: true });
    });

    test("no finding of the trace collector rule", () => {
      expect(findingLines(plans, "GW-04").filter((line) => line.startsWith(rule))).toEqual([]);
    });
  });

  describe("check reports GW-04 when the real output is weakened", () => {
    const lines = (mutate: (plans: Artifacts) => void) => weakened("GW-04", mutate).filter((line) => line.startsWith(rule));

    test("the collector is removed", () => {
      expect(lines((plans) => removeYamlObjects(plans, "prod", (object) => object.kind === "Deployment" && object.metadata.name === "otel-collector"))).toEqual(
        config("prod").mcpServers.map((server) => `${rule} prod/workloads.yaml Namespace/${server.name}: no OpenTelemetry Collector Deployment (a container whose image repository is a collector distribution's) receives this MCP server's traces`).sort()
      );
    });

    test("the traces pipeline loses its memory limiter and exports only to debug", () => {
      expect(
        lines((plans) =>
          editConfig(plans, (parsed) => {
            parsed.exporters.debug = {};
            parsed.service.pipelines.traces = { receivers: ["otlp"], processors: ["batch"], exporters: ["debug"] };
          })
        )
      ).toEqual([
        `${rule} ${FILE} ${COLLECTOR}: its traces pipeline does not start with a defined memory_limiter processor, so a burst of spans can exhaust its memory`,
        `${rule} ${FILE} ${COLLECTOR}: its traces pipeline exports nowhere (no defined exporter other than debug, logging, nop)`,
      ]);
      expect(lines((plans) => editConfig(plans, (parsed) => delete parsed.service.pipelines.traces))).toEqual([
        `${rule} ${FILE} ${COLLECTOR}: its configuration has no traces pipeline (service.pipelines.traces)`,
      ]);
    });

    test("the Service drops OTLP/HTTP and the ingress policy opens every port", () => {
      expect(
        lines((plans) => {
          yamlObject(plans, "prod", "Service/mcp-observability/otel-collector").spec.ports.pop();
          delete yamlObject(plans, "prod", "NetworkPolicy/mcp-observability/allow-otlp-ingress-to-otel-collector").spec.ingress[0].ports;
        })
      ).toEqual([
        `${rule} ${FILE} ${COLLECTOR}: NetworkPolicy allow-otlp-ingress-to-otel-collector ingress rule 0 admits every port, not only OTLP 4317 and 4318`,
        `${rule} ${FILE} ${COLLECTOR}: no Service in mcp-observability exposes it on OTLP port 4318`,
      ]);
    });

    test("the collector's Pod Identity association is removed", () => {
      expect(lines((plans) => removeResources(plans, "prod", "aws_eks_pod_identity_association", (resource) => resource.values["service_account"] === "otel-collector"))).toEqual([
        `${rule} mcp-prod-workloads kubernetes_manifest.Deployment_mcp-observability_otel-collector: ${COLLECTOR}: service account mcp-observability/otel-collector has no EKS Pod Identity association in stack mcp-prod, so it cannot export to AWS`,
        `${rule} ${FILE} ${COLLECTOR}: service account mcp-observability/otel-collector has no EKS Pod Identity association in stack mcp-prod, so it cannot export to AWS`,
      ]);
    });
  });
});

import { kubernetesAddress } from "../../policies/kubernetes";
import { config, ENVIRONMENTS } from "../support/compute";
import { findingLines, podSpec, removeYamlObjects, weakened, yamlObject, yamlObjects } from "../support/kubernetes";
import { synthesizedPlans } from "../support/plans";

const FILE = "prod/workloads.yaml";

/** Replicas per server: one per availability zone, at most maxReplicas. */
const REPLICAS: Record<string, Record<string, number>> = {
  dev: { "github-tools": 2 },
  test: { "github-tools": 2, "docs-search": 2 },
  prod: { "github-tools": 3, "docs-search": 3 },
};

describe("MSH-04 resource isolation (per-server quota and limits, bounded scaling, non-preempting priority)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("MCP server pods share one non-preempting PriorityClass below the gateway's", () => {
      expect(yamlObjects(plans, environment, "PriorityClass")).toEqual([
        {
          apiVersion: "scheduling.k8s.io/v1",
          kind: "PriorityClass",
          metadata: { name: "mcp-gateway", labels: { "app.kubernetes.io/managed-by": "mcp-hardening", "app.kubernetes.io/part-of": "mcp" } },
          value: 2000,
          globalDefault: false,
          preemptionPolicy: "Never",
          description: "The MCP gateway and its rate-limit service: scheduled before MCP servers, never preempting.",
        },
        {
          apiVersion: "scheduling.k8s.io/v1",
          kind: "PriorityClass",
          metadata: { name: "mcp-server", labels: { "app.kubernetes.io/managed-by": "mcp-hardening", "app.kubernetes.io/part-of": "mcp" } },
          value: 1000,
          globalDefault: false,
          preemptionPolicy: "Never",
          description: "MCP servers: scheduled after the platform's components, and never preempting other pods.",
        },
      ]);
    });

    test.each(config(environment).mcpServers.map((server) => [server.name, server] as const))("%s: replicas, surge, scheduling and the sidecar's size", (name, server) => {
      const deployment = yamlObject(plans, environment, `Deployment/${name}/${name}`);
      expect(deployment.spec.replicas).toBe(REPLICAS[environment][name]);
      expect(deployment.spec.replicas).toBeLessThanOrEqual(server.quota.maxReplicas);
      expect(deployment.spec.strategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
      expect(yamlObject(plans, environment, `ResourceQuota/${name}/mcp-quota`).spec.hard.pods).toBe(String(server.quota.maxReplicas + 1));
      const spec = podSpec(plans, environment, name);
      expect(spec.priorityClassName).toBe("mcp-server");
      expect(spec.nodeSelector).toEqual({ "mcp.security/node-role": "mcp-workloads" });
      expect(spec.terminationGracePeriodSeconds).toBe(30);
      expect(spec.topologySpreadConstraints.map((constraint: Record<string, unknown>) => [constraint["topologyKey"], constraint["maxSkew"], constraint["whenUnsatisfiable"]])).toEqual([
        ["topology.kubernetes.io/zone", 1, "ScheduleAnyway"],
        ["kubernetes.io/hostname", 1, "ScheduleAnyway"],
      ]);
      expect(deployment.spec.template.metadata.annotations).toMatchObject({
        "sidecar.istio.io/proxyCPU": "200m",
        "sidecar.istio.io/proxyCPULimit": "200m",
        "sidecar.istio.io/proxyMemory": "256Mi",
        "sidecar.istio.io/proxyMemoryLimit": "256Mi",
      });
    });

    test.each(config(environment).mcpServers.map((server) => server.name))("%s: a disruption budget lets one pod go at a time", (name) => {
      expect(yamlObject(plans, environment, `PodDisruptionBudget/${name}/${name}`).spec).toEqual({
        maxUnavailable: 1,
        selector: { matchLabels: { "app.kubernetes.io/name": name } },
        unhealthyPodEvictionPolicy: "AlwaysAllow",
      });
    });

    test("no finding of the Kubernetes MSH-04 rule", () => {
      expect(findingLines(plans, "MSH-04").filter((line) => line.startsWith("ctr-03-resource-limits"))).toEqual([]);
    });
  });

  describe("check reports MSH-04 when the real manifests are weakened", () => {
    const rule = "ctr-03-resource-limits";

    test("a server's quota is deleted", () => {
      expect(weakened("MSH-04", (plans) => removeYamlObjects(plans, "prod", (object) => kubernetesAddress(object) === "ResourceQuota/docs-search/mcp-quota"))).toEqual([
        `${rule} ${FILE} Namespace/docs-search: has no ResourceQuota`,
      ]);
    });

    test("the LimitRange loses its per-container maximum", () => {
      expect(weakened("MSH-04", (plans) => delete yamlObject(plans, "prod", "LimitRange/github-tools/mcp-limits").spec.limits[0].max)).toEqual([
        `${rule} ${FILE} Namespace/github-tools: has no LimitRange with a Container limit setting default, defaultRequest, max`,
      ]);
    });
  });
});

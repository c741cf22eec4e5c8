import { kubernetesAddress } from "../../policies/kubernetes";
import { config, ENVIRONMENTS } from "../support/compute";
import { findingLines, podSpec, removeYamlObjects, serverContainer, weakened, yamlObject } from "../support/kubernetes";
import { synthesizedPlans } from "../support/plans";

const FILE = "prod/workloads.yaml";

/** Each namespace's quota: (server + 200m/256Mi sidecar) × (maxReplicas + 1 surge pod), written out by hand. */
const QUOTAS: Record<string, Record<string, { cpu: string; memory: string; storage: string; pods: string }>> = {
  dev: { "github-tools": { cpu: "2100m", memory: "2304Mi", storage: "3Gi", pods: "3" } },
  test: { "github-tools": { cpu: "2100m", memory: "2304Mi", storage: "3Gi", pods: "3" }, "docs-search": { cpu: "1800m", memory: "2Gi", storage: "4Gi", pods: "4" } },
  prod: { "github-tools": { cpu: "6", memory: "6400Mi", storage: "5Gi", pods: "5" }, "docs-search": { cpu: "4900m", memory: "5376Mi", storage: "7Gi", pods: "7" } },
};

describe("CTR-03 resource-allocation limits (container requests and limits, namespace quota and limit range)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("the table above covers exactly the environment's servers", () => {
      expect(Object.keys(QUOTAS[environment]).sort()).toEqual(config(environment).mcpServers.map((server) => server.name).sort());
    });

    test.each(config(environment).mcpServers.map((server) => [server.name, server] as const))("%s: requests equal limits, from the server's quota", (name, server) => {
      const resources = { cpu: server.quota.cpu, memory: server.quota.memory, "ephemeral-storage": server.quota.ephemeralStorage };
      expect(serverContainer(plans, environment, name).resources).toEqual({ requests: resources, limits: resources });
      expect(podSpec(plans, environment, name).containers).toHaveLength(1);
    });

    test.each(config(environment).mcpServers.map((server) => [server.name, server] as const))("%s: the namespace's ResourceQuota and LimitRange", (name, server) => {
      const quota = QUOTAS[environment][name];
      expect(yamlObject(plans, environment, `ResourceQuota/${name}/mcp-quota`).spec).toEqual({
        hard: {
          "limits.cpu": quota.cpu,
          "limits.ephemeral-storage": quota.storage,
          "limits.memory": quota.memory,
          persistentvolumeclaims: "0",
          pods: quota.pods,
          "requests.cpu": quota.cpu,
          "requests.ephemeral-storage": quota.storage,
          "requests.memory": quota.memory,
          "requests.storage": "0",
          "services.loadbalancers": "0",
          "services.nodeports": "0",
        },
      });
      const perContainer = { cpu: server.quota.cpu, memory: server.quota.memory, "ephemeral-storage": server.quota.ephemeralStorage };
      expect(yamlObject(plans, environment, `LimitRange/${name}/mcp-limits`).spec).toEqual({
        limits: [{ type: "Container", default: perContainer, defaultRequest: perContainer, max: { cpu: server.quota.cpu, memory: server.quota.memory } }],
      });
    });

    test("no CTR-03 finding", () => {
      expect(findingLines(plans, "CTR-03")).toEqual([]);
    });
  });

  describe("check reports CTR-03 when the real manifests are weakened", () => {
    const rule = "ctr-03-resource-limits";

    test("the namespace's quota is deleted", () => {
      expect(weakened("CTR-03", (plans) => removeYamlObjects(plans, "prod", (object) => kubernetesAddress(object) === "ResourceQuota/github-tools/mcp-quota"))).toEqual([
        `${rule} ${FILE} Namespace/github-tools: has no ResourceQuota`,
      ]);
    });

    test("the quota stops capping ephemeral storage and PVCs", () => {
      expect(
        weakened("CTR-03", (plans) => {
          const hard = yamlObject(plans, "prod", "ResourceQuota/docs-search/mcp-quota").spec.hard;
          delete hard["limits.ephemeral-storage"];
          delete hard["persistentvolumeclaims"];
        })
      ).toEqual([
        `${rule} ${FILE} Namespace/docs-search: has no ResourceQuota capping all of requests.cpu, limits.cpu, requests.memory, limits.memory, requests.ephemeral-storage, limits.ephemeral-storage, pods, persistentvolumeclaims`,
      ]);
    });

    test("the LimitRange is deleted", () => {
      expect(weakened("CTR-03", (plans) => removeYamlObjects(plans, "prod", (object) => object.kind === "LimitRange" && object.metadata.namespace === "docs-search"))).toEqual([
        `${rule} ${FILE} Namespace/docs-search: has no LimitRange with a Container limit setting default, defaultRequest, max`,
      ]);
    });

    test("the container loses its memory limit and ephemeral-storage request", () => {
      expect(
        weakened("CTR-03", (plans) => {
          const resources = serverContainer(plans, "prod", "github-tools").resources;
          delete resources.limits.memory;
          delete resources.requests["ephemeral-storage"];
        })
      ).toEqual([`${rule} ${FILE} Deployment/github-tools/github-tools: container "github-tools" has no requests.ephemeral-storage, limits.memory`]);
    });
  });
});

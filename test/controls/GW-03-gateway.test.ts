import { kubernetesAddress } from "../../policies/kubernetes";
import { config, ENVIRONMENTS } from "../support/compute";
import { editGatewayConfig, gatewayConfig, gatewayFile, GATEWAY_CONFIG_MAP, routeOf } from "../support/gateway";
import { findingLines, removeYamlObjects, weakened, yamlObject } from "../support/kubernetes";
import { synthesizedPlans } from "../support/plans";

const rule = "gw-03-gateway-rate-limits";
const at = `${rule} ${gatewayFile("prod")} ${GATEWAY_CONFIG_MAP}`;
const SERVICE = "ratelimit.mcp-gateway.svc.cluster.local:8081";

describe("GW-03 rate limiting at the gateway (exact limits per user and per tool, shared across replicas)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("every route limits each user overall, on the server, and per tool, failing closed, through the shared service", () => {
      const env = config(environment);
      const generated = gatewayConfig(plans, environment);
      const limit = (requests: number) => `{"unit": "minute", "requestsPerUnit": ${requests}}`;
      for (const server of env.mcpServers) {
        expect(routeOf(generated, server.name).policies.remoteRateLimit).toEqual({
          domain: `mcp-${environment}`,
          host: SERVICE,
          failureMode: "failClosed",
          descriptors: [
            { entries: [{ key: "user", value: "jwt.sub" }], type: "requests", limitOverride: limit(env.gateway.rateLimits.perUserPerMinute) },
            { entries: [{ key: "server", value: `"${server.name}"` }, { key: "user", value: "jwt.sub" }], type: "requests", limitOverride: limit(server.quota.requestsPerMinute) },
            {
              entries: [{ key: "server", value: `"${server.name}"` }, { key: "user", value: "jwt.sub" }, { key: "tool", value: '"mcp-name" in request.headers ? request.headers["mcp-name"] : "unnamed"' }],
              type: "requests",
              limitOverride: limit(env.gateway.rateLimits.perUserPerToolPerMinute),
            },
          ],
        });
      }
    });

    test("the rate-limit service and its in-memory store run in the gateway's namespace, hardened, the store without persistence", () => {
      const env = config(environment);
      expect(yamlObject(plans, environment, "Service/mcp-gateway/ratelimit").spec.ports).toEqual([{ name: "http", port: 8081, targetPort: "http", protocol: "TCP", appProtocol: "grpc" }]);
      expect(yamlObject(plans, environment, "ConfigMap/mcp-gateway/ratelimit-config").data).toEqual({ "config.yaml": `domain: mcp-${environment}\ndescriptors: []\n` });
      const service = yamlObject(plans, environment, "Deployment/mcp-gateway/ratelimit").spec.template.spec;
      expect(service.containers[0].image).toBe(env.gateway.rateLimitImage);
      expect(service.containers[0].env).toContainEqual({ name: "REDIS_URL", value: "ratelimit-redis.mcp-gateway.svc.cluster.local:6379" });
      const store = yamlObject(plans, environment, "Deployment/mcp-gateway/ratelimit-redis").spec.template.spec;
      expect(store.containers[0].image).toBe(env.gateway.rateLimitStoreImage);
      expect(store.containers[0].args).toEqual(expect.arrayContaining(["--save", "", "--appendonly", "no", "--dir", "/tmp"]));
      expect(store.volumes.map((volume: Record<string, unknown>) => Object.keys(volume).filter((key) => key !== "name")[0])).toEqual(["emptyDir"]);
    });

    test("no finding of the gateway's GW-03 rule", () => {
      expect(findingLines(plans, "GW-03").filter((line) => line.startsWith(rule))).toEqual([]);
    });
  });

  describe("check reports GW-03 when the real gateway configuration is weakened", () => {
    test("limits fail open, the per-user limit loses its limit, the per-tool descriptor is removed", () => {
      expect(
        weakened("GW-03", (plans) =>
          editGatewayConfig(plans, "prod", (generated) => {
            const limits = routeOf(generated, "github-tools").policies.remoteRateLimit;
            limits.failureMode = "failOpen";
            delete limits.descriptors[0].limitOverride;
            delete limits.descriptors[1].limitOverride;
            limits.descriptors.pop();
          })
        )
      ).toEqual([
        `${at}: route "github-tools" has no limit per user (a descriptor keyed on jwt.sub with a requestsPerUnit limit)`,
        `${at}: route "github-tools" has no limit per user and tool (a descriptor keyed on jwt.sub and the tool name with a requestsPerUnit limit)`,
        `${at}: route "github-tools" rate limits fail open (failureMode failOpen): an unreachable limiter lifts every limit`,
      ]);
    });

    test("a route has no rate limit at all", () => {
      expect(weakened("GW-03", (plans) => editGatewayConfig(plans, "prod", (generated) => delete routeOf(generated, "docs-search").policies.remoteRateLimit))).toEqual([
        `${at}: route "docs-search" has no remoteRateLimit: nothing limits a user or a tool`,
      ]);
    });

    test("the rate-limit service is not deployed", () => {
      expect(weakened("GW-03", (plans) => removeYamlObjects(plans, "prod", (object) => kubernetesAddress(object) === "Service/mcp-gateway/ratelimit"))).toEqual([
        `${at}: route "docs-search" asks rate-limit service "${SERVICE}", which these manifests do not deploy`,
        `${at}: route "github-tools" asks rate-limit service "${SERVICE}", which these manifests do not deploy`,
      ]);
    });
  });
});

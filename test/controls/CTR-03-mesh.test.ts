import { ConfigError } from "../../environments/config-error";
import { parseEnvironment } from "../../environments/parse";
import { prod } from "../../environments/prod";
import { buildWorkloads, manifestFiles } from "../../stacks/workloads";
import { config, ENVIRONMENTS } from "../support/compute";
import { findingLines, removeYamlObjects, weakened, yamlObject } from "../support/kubernetes";
import { synthesizedPlans } from "../support/plans";

const MESH = "prod/mesh.yaml";
const rule = "ctr-03-destination-rule-connection-pool";

/** The DestinationRule spec of a server with the given limits. */
function trafficPolicy(name: string, maxConnections: number, maxConcurrentRequests: number) {
  return {
    host: `${name}.${name}.svc.cluster.local`,
    trafficPolicy: {
      connectionPool: {
        http: { http1MaxPendingRequests: maxConcurrentRequests, http2MaxRequests: maxConcurrentRequests, maxRequestsPerConnection: 100 },
        tcp: { connectTimeout: "5s", maxConnections },
      },
      tls: { mode: "ISTIO_MUTUAL" },
    },
  };
}

describe("CTR-03 network I/O quota per MCP server (Istio connection-pool limits, mutual TLS to the server)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test.each(config(environment).mcpServers.map((server) => server.name))("%s: a DestinationRule for its Service with ISTIO_MUTUAL and the default pool (64 connections, 128 requests)", (name) => {
      expect(yamlObject(plans, environment, `DestinationRule/${name}/${name}`).spec).toEqual(trafficPolicy(name, 64, 128));
    });

    test("no finding of the connection-pool rule", () => {
      expect(findingLines(plans, "CTR-03").filter((line) => line.startsWith(rule))).toEqual([]);
    });
  });

  test("a server's declared quota sets its pool; the config rejects limits out of range, naming the field", () => {
    const servers = prod.mcpServers.map((server, index) => (index === 0 ? { ...server, quota: { ...server.quota, maxConnections: 10, maxConcurrentRequests: 40 } } : server));
    const objects = manifestFiles(buildWorkloads({ ...prod, mcpServers: servers })).flatMap((file) => file.objects);
    const name = servers[0].name;
    expect(objects.find((object) => object.kind === "DestinationRule" && object.metadata.name === name)?.["spec"]).toEqual(trafficPolicy(name, 10, 40));

    const broken = structuredClone(prod) as unknown as { mcpServers: { quota: Record<string, unknown> }[] };
    broken.mcpServers[0].quota["maxConnections"] = 0;
    broken.mcpServers[1].quota["maxConcurrentRequests"] = 1.5;
    let problems: readonly { path: string; message: string }[] = [];
    try {
      parseEnvironment(broken);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems = error.problems;
    }
    expect(problems.map((problem) => [problem.path, problem.message])).toEqual([
      ["mcpServers[0].quota.maxConnections", "0 is outside 1 to 10000"],
      ["mcpServers[1].quota.maxConcurrentRequests", "expected a whole number, got 1.5"],
    ]);
  });

  describe("check reports CTR-03 when the real manifests are weakened", () => {
    test("a server's DestinationRule is deleted", () => {
      expect(weakened("CTR-03", (plans) => removeYamlObjects(plans, "prod", (object) => object.kind === "DestinationRule" && object.metadata.name === "docs-search"))).toEqual([
        `${rule} prod/workloads.yaml Service/docs-search/docs-search: has no DestinationRule (host docs-search.docs-search.svc.cluster.local) limiting connections and requests to it`,
      ]);
    });

    test("the pool loses its connection limit and its request limits, and the caller stops verifying the server", () => {
      expect(
        weakened("CTR-03", (plans) => {
          const policy = yamlObject(plans, "prod", "DestinationRule/github-tools/github-tools").spec.trafficPolicy;
          delete policy.connectionPool.tcp.maxConnections;
          policy.connectionPool.http.http2MaxRequests = 0;
          delete policy.connectionPool.http.maxRequestsPerConnection;
          policy.tls.mode = "SIMPLE";
        })
      ).toEqual([
        `${rule} ${MESH} DestinationRule/github-tools/github-tools: trafficPolicy.connectionPool.http.http2MaxRequests is 0, not a positive limit`,
        `${rule} ${MESH} DestinationRule/github-tools/github-tools: trafficPolicy.connectionPool.http.maxRequestsPerConnection is "unset", not a positive limit`,
        `${rule} ${MESH} DestinationRule/github-tools/github-tools: trafficPolicy.connectionPool.tcp.maxConnections is "unset", not a positive limit`,
        `${rule} ${MESH} DestinationRule/github-tools/github-tools: trafficPolicy.tls.mode is "SIMPLE", not "ISTIO_MUTUAL" (the caller does not verify the server's mesh identity)`,
      ]);
    });
  });
});

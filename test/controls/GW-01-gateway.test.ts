import { kubernetesAddress } from "../../policies/kubernetes";
import { config, ENVIRONMENTS } from "../support/compute";
import { editGatewayConfig, gatewayConfig, gatewayFile, GATEWAY_CONFIG_MAP, routeOf } from "../support/gateway";
import { addYamlObject, findingLines, removeYamlObjects, serverContainer, weakened, yamlObject, yamlObjects } from "../support/kubernetes";
import { synthesizedPlans } from "../support/plans";

const bypass = "gw-01-no-gateway-bypass";
const origin = "gw-01-gateway-origin-allowlist";
const WORKLOADS = "prod/workloads.yaml";

/** Both of the gateway's GW-01 rules' lines. */
const ours = (lines: string[]) => lines.filter((line) => line.startsWith(bypass) || line.startsWith(origin));

describe("GW-01 strict protocol validation at the gateway (no way around it, Origin checked)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const env = config(environment);

    test("the gateway runs in its own restricted, mesh-injected namespace, hardened exactly like an MCP server", () => {
      expect(yamlObject(plans, environment, "Namespace/mcp-gateway").metadata.labels).toMatchObject({
        "mcp.security/zone": "gateway",
        "app.kubernetes.io/part-of": "mcp",
        "pod-security.kubernetes.io/enforce": "restricted",
        "istio-injection": "enabled",
      });
      const gateway = yamlObject(plans, environment, "Deployment/mcp-gateway/agentgateway").spec.template.spec;
      expect(gateway.serviceAccountName).toBe("agentgateway");
      expect(gateway.automountServiceAccountToken).toBe(false);
      expect(gateway.containers[0].image).toBe(env.gateway.image);
      expect(gateway.containers[0].securityContext).toEqual(serverContainer(plans, environment, env.mcpServers[0].name).securityContext);
      expect(yamlObject(plans, environment, "ServiceAccount/mcp-gateway/agentgateway").automountServiceAccountToken).toBe(false);
    });

    test("every Service of the servers and of the gateway is ClusterIP; the gateway listens on 8080", () => {
      const namespaces = new Set([...env.mcpServers.map((server) => server.name), "mcp-gateway"]);
      for (const service of yamlObjects(plans, environment, "Service").filter((candidate) => namespaces.has(candidate.metadata.namespace ?? ""))) expect([kubernetesAddress(service), service.spec.type]).toEqual([kubernetesAddress(service), "ClusterIP"]);
      expect(yamlObject(plans, environment, "Service/mcp-gateway/agentgateway").spec.ports).toEqual([{ name: "http", port: 8080, targetPort: "http", protocol: "TCP", appProtocol: "http" }]);
    });

    test("the gateway's namespace: default deny, ingress from the Istio ingress gateway only, egress to each server's port, the collector, the limiter, TLS for the JWKS", () => {
      const policies = yamlObjects(plans, environment, "NetworkPolicy").filter((policy) => policy.metadata.namespace === "mcp-gateway");
      const spec = (name: string) => policies.find((policy) => policy.metadata.name === name)!.spec;
      const gatewayPods = { matchLabels: { "app.kubernetes.io/name": "agentgateway" } };
      expect(policies.map((policy) => policy.metadata.name)).toEqual([
        "default-deny-all",
        "allow-egress-to-dns",
        "allow-egress-to-istio-control-plane",
        "allow-ingress-from-istio-ingress",
        "allow-egress-to-mcp-servers",
        "allow-egress-to-otel-collector",
        "allow-egress-to-rate-limit",
        "allow-ingress-to-rate-limit",
        "allow-egress-to-rate-limit-store",
        "allow-ingress-to-rate-limit-store",
        "allow-egress-to-mcp-guard",
        "allow-ingress-to-mcp-guard",
        "allow-egress-from-mcp-guard-to-otel-collector",
        "allow-egress-from-mcp-guard-to-token-keys",
        "allow-egress-from-mcp-guard-to-shared-store",
        "allow-egress-to-jwks-tls",
      ]);
      expect(spec("allow-egress-from-mcp-guard-to-token-keys")).toEqual({
        podSelector: { matchLabels: { "app.kubernetes.io/name": "mcp-guard" } },
        policyTypes: ["Egress"],
        egress: [{ to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "keycloak" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "keycloak" } } }], ports: [{ protocol: "TCP", port: 8080 }] }],
      });
      expect(spec("default-deny-all")).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
      expect(spec("allow-ingress-from-istio-ingress")).toEqual({
        podSelector: gatewayPods,
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "istio-ingress" } }, podSelector: { matchLabels: { app: "istio-ingressgateway" } } }], ports: [{ protocol: "TCP", port: 8080 }] }],
      });
      expect(spec("allow-egress-to-mcp-servers")).toEqual({
        podSelector: gatewayPods,
        policyTypes: ["Egress"],
        egress: env.mcpServers.map((server) => ({
          to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": server.name } }, podSelector: { matchLabels: { "app.kubernetes.io/name": server.name } } }],
          ports: [{ protocol: "TCP", port: server.port }],
        })),
      });
      expect(spec("allow-egress-to-otel-collector").egress).toEqual([
        { to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "mcp-observability" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "otel-collector" } } }], ports: [{ protocol: "TCP", port: 4317 }] },
      ]);
      expect(spec("allow-egress-to-jwks-tls")).toEqual({
        podSelector: gatewayPods,
        policyTypes: ["Egress"],
        egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"] } }], ports: [{ protocol: "TCP", port: 443 }] }],
      });
      expect(spec("allow-ingress-to-rate-limit").ingress).toEqual([{ from: [{ podSelector: gatewayPods }], ports: [{ protocol: "TCP", port: 8081 }] }]);
      expect(spec("allow-ingress-to-rate-limit-store").ingress).toEqual([{ from: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": "ratelimit" } } }], ports: [{ protocol: "TCP", port: 6379 }] }]);
    });

    test("every route answers only the MCP domain, allows only the configured browser origins, and checks Origin", () => {
      for (const route of gatewayConfig(plans, environment).routes) {
        expect(route.hostnames).toEqual([env.edge.domain]);
        expect(route.policies.cors.allowOrigins).toEqual(env.edge.allowedOrigins);
        expect(route.policies.csrf).toEqual({ additionalOrigins: env.edge.allowedOrigins });
      }
    });

    test("no finding of the gateway's GW-01 rules", () => {
      expect(ours(findingLines(plans, "GW-01"))).toEqual([]);
    });
  });

  describe("check reports GW-01 when the real manifests open a way around the gateway", () => {
    test("a second ingress: an Ingress in a server's namespace", () => {
      const ingress = {
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: { name: "direct", namespace: "github-tools" },
        spec: { rules: [{ http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "github-tools", port: { number: 8080 } } } }] } }] },
      };
      expect(weakened("GW-01", (plans) => addYamlObject(plans, "prod", ingress))).toEqual([
        `${bypass} ${WORKLOADS} Ingress/github-tools/direct: is an Ingress in an MCP server's namespace: a second way in, around the gateway`,
      ]);
    });

    test("a server's Service becomes a LoadBalancer, another gets a NodePort and external IPs", () => {
      expect(
        weakened("GW-01", (plans) => {
          yamlObject(plans, "prod", "Service/github-tools/github-tools").spec.type = "LoadBalancer";
          Object.assign(yamlObject(plans, "prod", "Service/docs-search/docs-search").spec, { type: "NodePort", externalIPs: ["203.0.113.10"] });
        })
      ).toEqual([
        `${bypass} ${WORKLOADS} Service/docs-search/docs-search: has externalIPs: the MCP server is reachable without the gateway`,
        `${bypass} ${WORKLOADS} Service/docs-search/docs-search: is of type NodePort: the MCP server is reachable without the gateway`,
        `${bypass} ${WORKLOADS} Service/github-tools/github-tools: is of type LoadBalancer: the MCP server is reachable without the gateway`,
      ]);
    });

    test("the ingress gateway routed straight to a server: an Istio VirtualService, a Gateway API HTTPRoute", () => {
      const virtualService = {
        apiVersion: "networking.istio.io/v1",
        kind: "VirtualService",
        metadata: { name: "docs-direct", namespace: "istio-ingress" },
        spec: { hosts: ["mcp.example.com"], gateways: ["istio-ingress/mcp"], http: [{ route: [{ destination: { host: "docs-search.docs-search.svc.cluster.local", port: { number: 8080 } } }] }] },
      };
      const httpRoute = {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "HTTPRoute",
        metadata: { name: "github-direct", namespace: "istio-ingress" },
        spec: { parentRefs: [{ name: "mcp" }], rules: [{ backendRefs: [{ name: "github-tools", namespace: "github-tools", port: 8080 }] }] },
      };
      const meshOnly = { ...virtualService, metadata: { name: "in-mesh", namespace: "docs-search" }, spec: { ...virtualService.spec, gateways: ["mesh"] } };
      expect(
        weakened("GW-01", (plans) => {
          for (const object of [virtualService, httpRoute, meshOnly]) addYamlObject(plans, "prod", object);
        })
      ).toEqual([
        `gw-01-edge-route-gateway-only ${WORKLOADS} VirtualService/istio-ingress/docs-direct: http route 0 for the MCP host mcp.example.com sends requests to docs-search.docs-search.svc.cluster.local, not to agentgateway: MCP traffic would bypass the gateway`,
        `${bypass} ${WORKLOADS} HTTPRoute/istio-ingress/github-direct: routes to MCP server namespace github-tools directly, around the gateway`,
        `${bypass} ${WORKLOADS} VirtualService/istio-ingress/docs-direct: binds gateway istio-ingress/mcp to MCP server namespace docs-search: traffic from outside reaches the server without the MCP gateway`,
        `net-04-edge-host-routes ${WORKLOADS} VirtualService/istio-ingress/docs-direct: routes mcp.example.com through Gateway istio-ingress/mcp, which is not deployed`,
      ]);
    });

    test("a server publishes a host port", () => {
      expect(weakened("GW-01", (plans) => (serverContainer(plans, "prod", "docs-search").ports[0].hostPort = 8080))).toEqual([
        `${bypass} ${WORKLOADS} Deployment/docs-search/docs-search: container "docs-search" publishes hostPort 8080 on the node, around the gateway`,
      ]);
    });

    test("the gateway is not deployed, or exposed around the edge", () => {
      expect(weakened("GW-01", (plans) => removeYamlObjects(plans, "prod", (object) => kubernetesAddress(object) === "Deployment/mcp-gateway/agentgateway"))).toEqual(
        ["docs-search", "github-tools"].map((server) => `${bypass} ${WORKLOADS} Namespace/${server}: is an MCP server namespace, but no MCP gateway (pods labelled app.kubernetes.io/name: agentgateway) is deployed with it`)
      );
      expect(weakened("GW-01", (plans) => (yamlObject(plans, "prod", "Service/mcp-gateway/agentgateway").spec.type = "LoadBalancer"))).toEqual([
        `${bypass} ${gatewayFile("prod")} Service/mcp-gateway/agentgateway: exposes the gateway's namespace directly (type LoadBalancer), around the load balancer, WAF and mesh ingress`,
      ]);
    });

    test("Origin is no longer checked: any host, any origin, no csrf", () => {
      const at = `${origin} ${gatewayFile("prod")} ${GATEWAY_CONFIG_MAP}`;
      expect(
        weakened("GW-01", (plans) =>
          editGatewayConfig(plans, "prod", (generated) => {
            const route = routeOf(generated, "github-tools");
            route.hostnames = ["*.example.com"];
            route.policies.cors.allowOrigins = ["*"];
            delete route.policies.csrf;
          })
        )
      ).toEqual([
        `${at}: route "github-tools" answers wildcard host names (*.example.com): pin it to the MCP domain against DNS rebinding`,
        `${at}: route "github-tools" has no csrf policy: the Origin of browser requests is not validated`,
        `${at}: route "github-tools" lets any origin call it (cors.allowOrigins ["*"])`,
      ]);
    });
  });
});

import { ENVIRONMENTS } from "../support/edge";
import { findingLines, manifestObject, weakened, yamlObject } from "../support/kubernetes";
import { stackResources, synthesizedPlans } from "../support/plans";
import { Artifacts } from "../../policies/types";
import { config } from "../support/compute";
import { Testing } from "cdk8s";
import { EdgeGateway } from "../../constructs/k8s/edge-gateway";

const ROUTES = "net-04-edge-host-routes";
const GATEWAY_ONLY = "gw-01-edge-route-gateway-only";
const only = (rule: string) => (lines: string[]) => lines.filter((line) => line.startsWith(`${rule} `));
const edgeGateway = (plans: Artifacts) => yamlObject(plans, "prod", "Gateway/istio-ingress/edge");
const mcpRoute = (plans: Artifacts) => yamlObject(plans, "prod", "VirtualService/mcp-gateway/agentgateway-edge");
const targetGroup = (plans: Artifacts) => stackResources(plans, "prod", "aws_lb_target_group")[0];
const GATEWAY = "prod/mesh.yaml Gateway/istio-ingress/edge";
const APPLIED_GATEWAY = "mcp-prod-workloads kubernetes_manifest.Gateway_istio-ingress_edge: Gateway/istio-ingress/edge";
const EDGE = "mcp-prod aws_lb.edge_load-balancer_ECC0B3DC";

describe("NET-04, GW-01: every edge host is routed through the ingress gateway, the MCP host to agentgateway only", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const { edge } = config(environment);

    test("one edge Gateway takes any host on the target port over TLS 1.2+, and the MCP host is routed to agentgateway", () => {
      expect(targetGroup(plans).values["port"]).toBe(8443);
      expect(yamlObject(plans, environment, "Gateway/istio-ingress/edge").spec.servers).toEqual([
        { port: { number: 8443, name: "https-edge", protocol: "HTTPS" }, hosts: ["*"], tls: { mode: "SIMPLE", serverCertificate: "/etc/istio/ingress-tls/tls.crt", privateKey: "/etc/istio/ingress-tls/tls.key", minProtocolVersion: "TLSV1_2" } },
      ]);
      expect(yamlObject(plans, environment, "VirtualService/mcp-gateway/agentgateway-edge").spec).toEqual({
        hosts: [edge.domain],
        gateways: ["istio-ingress/edge"],
        http: [{ name: "mcp", route: [{ destination: { host: "agentgateway.mcp-gateway.svc.cluster.local", port: { number: 8080 } } }] }],
      });
      expect(yamlObject(plans, environment, "Service/mcp-gateway/agentgateway").spec.ports.map((port: { port: number }) => port.port)).toEqual([8080]);
      expect(manifestObject(plans, environment, "VirtualService/mcp-gateway/agentgateway-edge").spec.hosts).toEqual([edge.domain]);
    });

    test("no finding of either rule", () => {
      expect(only(ROUTES)(findingLines(plans, "NET-04"))).toEqual([]);
      expect(only(GATEWAY_ONLY)(findingLines(plans, "GW-01"))).toEqual([]);
    });
  });

  describe("check reports NET-04 when the real output is weakened", () => {
    const routes = (mutate: (plans: Artifacts) => void) => only(ROUTES)(weakened("NET-04", mutate));

    test("the Gateway server lists the hosts (an SNI match the load balancer's handshake never makes)", () => {
      expect(routes((plans) => (edgeGateway(plans).spec.servers[0].hosts = ["mcp.example.com", "auth.example.com"]))).toEqual(
        ["auth.example.com", "mcp.example.com"].map(
          (host) =>
            `${ROUTES} ${GATEWAY}: serves ${host} on the load balancer's target port 8443 only by SNI: the load balancer sends no SNI when it re-encrypts, so its handshake matches no filter chain and is reset; list hosts ["*"] and select the host in the VirtualService`
        )
      );
    });

    test("the Gateway serves another port than the load balancer's target port, or the target group moves", () => {
      const missing = (gateway: string, port: number) => ["auth.example.com", "mcp.example.com"].map((host) => `${ROUTES} ${gateway}: has no HTTPS server on the load balancer's target port ${port} taking ${host}: the load balancer's requests for it are not served`);
      expect(routes((plans) => (edgeGateway(plans).spec.servers[0].port.number = 443))).toEqual(missing(GATEWAY, 8443));
      expect(routes((plans) => (edgeGateway(plans).spec.servers[0].port.protocol = "HTTP"))).toEqual(missing(GATEWAY, 8443));
      expect(routes((plans) => (targetGroup(plans).values["port"] = 9443))).toEqual([...missing(APPLIED_GATEWAY, 9443), ...missing(GATEWAY, 9443)].sort());
    });

    test("nothing routes the MCP host, or its route names a Gateway that is not deployed", () => {
      expect(routes((plans) => (mcpRoute(plans).spec.gateways = ["mesh"]))).toEqual([`${ROUTES} ${EDGE}: serves mcp.example.com, but no VirtualService bound to an ingress Gateway routes it in k8s:prod: the ingress answers 404`]);
      expect(routes((plans) => (mcpRoute(plans).spec.gateways = ["istio-ingress/mcp"]))).toEqual([
        `${ROUTES} prod/mesh.yaml VirtualService/mcp-gateway/agentgateway-edge: routes mcp.example.com through Gateway istio-ingress/mcp, which is not deployed`,
      ]);
    });
  });

  describe("check reports GW-01 when the real output is weakened", () => {
    const gatewayOnly = (mutate: (plans: Artifacts) => void) => only(GATEWAY_ONLY)(weakened("GW-01", mutate));
    const bypass = (route: string, label: string, destinations: string) =>
      `${GATEWAY_ONLY} ${route}: ${label} for the MCP host mcp.example.com sends requests to ${destinations}, not to agentgateway: MCP traffic would bypass the gateway`;

    test("the MCP route sends requests, or a mirror of them, to an MCP server directly", () => {
      expect(gatewayOnly((plans) => (mcpRoute(plans).spec.http[0].route[0].destination.host = "filesystem.filesystem.svc.cluster.local"))).toEqual([
        bypass("prod/mesh.yaml VirtualService/mcp-gateway/agentgateway-edge", "http route mcp", "filesystem.filesystem.svc.cluster.local"),
      ]);
      expect(gatewayOnly((plans) => (mcpRoute(plans).spec.http[0].mirror = { host: "filesystem.filesystem.svc.cluster.local" }))).toEqual([
        bypass("prod/mesh.yaml VirtualService/mcp-gateway/agentgateway-edge", "http route mcp", "filesystem.filesystem.svc.cluster.local"),
      ]);
    });

    test("a catch-all VirtualService on the edge Gateway takes the MCP host to a server", () => {
      const catchAll = {
        apiVersion: "networking.istio.io/v1",
        kind: "VirtualService",
        metadata: { name: "everything", namespace: "filesystem" },
        spec: { hosts: ["*"], gateways: ["istio-ingress/edge"], tcp: [{ route: [{ destination: { host: "filesystem", port: { number: 8080 } } }] }] },
      };
      expect(gatewayOnly((plans) => (plans.kubernetes.find((file) => file.file === "prod/mesh.yaml")!.objects as object[]).push(catchAll))).toEqual([
        bypass("prod/mesh.yaml VirtualService/filesystem/everything", "tcp route 0", "filesystem"),
      ]);
    });
  });

  test("EdgeGateway refuses a port that is not a TCP port", () => {
    for (const port of [0, 70000, 84.43]) {
      expect(() => new EdgeGateway(Testing.chart(), "edge", { name: "edge", ingressNamespace: "istio-ingress", ingressSelector: { app: "istio-ingressgateway" }, port, tlsFiles: { serverCertificate: "/c", privateKey: "/k" } })).toThrow(
        `EdgeGateway edge: port ${port} is not a TCP port; use the load balancer's target port, e.g. 8443`
      );
    }
  });
});

import { kubernetesAddress } from "../../policies/kubernetes";
import { config, ENVIRONMENTS } from "../support/compute";
import { addYamlObject, findingLines, removeYamlObjects, weakened, yamlObject, yamlObjects } from "../support/kubernetes";
import { synthesizedPlans } from "../support/plans";

const FILE = "prod/workloads.yaml";
const rule = "iso-01-default-deny-network-policy";

/** A NetworkPolicy in a prod server namespace, as a hand edit would add it. */
function policy(namespace: string, name: string, spec: Record<string, unknown>) {
  return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace }, spec };
}

describe("ISO-01 network-level segmentation (default deny per server namespace, ingress from the gateway only)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test.each(config(environment).mcpServers.map((server) => [server.name, server] as const))("%s: default deny, then exactly gateway → server, DNS, istiod, the trace collector, and TLS to the internet when it declares egress domains", (name, server) => {
      const policies = yamlObjects(plans, environment, "NetworkPolicy").filter((candidate) => candidate.metadata.namespace === name);
      const internet = server.egressDomains.length > 0;
      expect(policies.map((candidate) => candidate.metadata.name)).toEqual([
        "allow-egress-to-otel-collector",
        "default-deny-all",
        "allow-ingress-from-gateway",
        "allow-egress-to-dns",
        "allow-egress-to-istio-control-plane",
        ...(internet ? ["allow-egress-to-internet-tls"] : []),
      ]);
      const spec = (policyName: string) => yamlObject(plans, environment, `NetworkPolicy/${name}/${policyName}`).spec;
      const pods = { matchLabels: { "app.kubernetes.io/name": name } };
      expect(spec("default-deny-all")).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
      expect(spec("allow-ingress-from-gateway")).toEqual({
        podSelector: pods,
        policyTypes: ["Ingress"],
        ingress: [
          {
            from: [{ namespaceSelector: { matchLabels: { "mcp.security/zone": "gateway" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "agentgateway" } } }],
            ports: [{ protocol: "TCP", port: server.port }],
          },
        ],
      });
      expect(spec("allow-egress-to-dns")).toEqual({
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [
          {
            to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
            ports: [
              { protocol: "UDP", port: 53 },
              { protocol: "TCP", port: 53 },
            ],
          },
        ],
      });
      expect(spec("allow-egress-to-istio-control-plane")).toEqual({
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [{ to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "istio-system" } }, podSelector: { matchLabels: { app: "istiod" } } }], ports: [{ protocol: "TCP", port: 15012 }] }],
      });
      if (internet) {
        expect(spec("allow-egress-to-internet-tls")).toEqual({
          podSelector: pods,
          policyTypes: ["Egress"],
          egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"] } }], ports: [{ protocol: "TCP", port: 443 }] }],
        });
      }
    });

    test("servers are reachable only on a ClusterIP service", () => {
      for (const service of yamlObjects(plans, environment, "Service")) expect(service.spec.type).toBe("ClusterIP");
    });

    test("no finding of the Kubernetes ISO-01 rule", () => {
      expect(findingLines(plans, "ISO-01").filter((line) => line.startsWith(rule))).toEqual([]);
    });
  });

  describe("check reports ISO-01 when the real manifests are weakened", () => {
    test("the default-deny policy is removed", () => {
      expect(weakened("ISO-01", (plans) => removeYamlObjects(plans, "prod", (object) => kubernetesAddress(object) === "NetworkPolicy/github-tools/default-deny-all"))).toEqual([
        `${rule} ${FILE} Namespace/github-tools: has no default-deny NetworkPolicy (podSelector: {}, policyTypes: [Ingress, Egress], no rules)`,
      ]);
    });

    test("the default-deny policy stops covering egress", () => {
      expect(weakened("ISO-01", (plans) => (yamlObject(plans, "prod", "NetworkPolicy/docs-search/default-deny-all").spec.policyTypes = ["Ingress"]))).toEqual([
        `${rule} ${FILE} Namespace/docs-search: has no default-deny NetworkPolicy (podSelector: {}, policyTypes: [Ingress, Egress], no rules)`,
      ]);
    });

    test("a second ingress policy admits all namespaces", () => {
      expect(weakened("ISO-01", (plans) => addYamlObject(plans, "prod", policy("docs-search", "allow-all-namespaces", { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] })))).toEqual([
        `${rule} ${FILE} NetworkPolicy/docs-search/allow-all-namespaces: ingress rule 0 admits pods of all namespaces (namespaceSelector: {})`,
      ]);
    });

    test("ingress from another server's namespace, from an address block, or from anywhere", () => {
      expect(
        weakened("ISO-01", (plans) => {
          const ingress = yamlObject(plans, "prod", "NetworkPolicy/docs-search/allow-ingress-from-gateway").spec.ingress;
          ingress.push({ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "github-tools" } } }] }, { from: [{ ipBlock: { cidr: "10.30.0.0/16" } }] }, { ports: [{ port: 8080 }] });
        })
      ).toEqual([
        `${rule} ${FILE} NetworkPolicy/docs-search/allow-ingress-from-gateway: ingress rule 1 admits a peer other than the gateway's pods (namespace mcp.security/zone: gateway and a pod selector)`,
        `${rule} ${FILE} NetworkPolicy/docs-search/allow-ingress-from-gateway: ingress rule 2 admits a peer other than the gateway's pods (namespace mcp.security/zone: gateway and a pod selector)`,
        `${rule} ${FILE} NetworkPolicy/docs-search/allow-ingress-from-gateway: ingress rule 3 has no "from" and admits every source`,
      ]);
    });

    test("internet egress reaches the metadata service on every port, and an egress rule names no destination", () => {
      expect(
        weakened("ISO-01", (plans) => {
          const egress = yamlObject(plans, "prod", "NetworkPolicy/github-tools/allow-egress-to-internet-tls").spec.egress;
          egress[0] = { to: [{ ipBlock: { cidr: "0.0.0.0/0" } }] };
          egress.push({ ports: [{ port: 443, protocol: "TCP" }] });
        })
      ).toEqual([
        `${rule} ${FILE} NetworkPolicy/github-tools/allow-egress-to-internet-tls: egress rule 0 opens every port to 0.0.0.0/0`,
        `${rule} ${FILE} NetworkPolicy/github-tools/allow-egress-to-internet-tls: egress rule 0 reaches 0.0.0.0/0 without excepting the instance metadata address 169.254.169.254/32`,
        `${rule} ${FILE} NetworkPolicy/github-tools/allow-egress-to-internet-tls: egress rule 1 has no "to" and reaches every destination`,
      ]);
    });
  });
});

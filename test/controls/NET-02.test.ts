import { config, ENVIRONMENTS } from "../support/compute";
import { addYamlObject, findingLines, manifestObject, removeYamlObjects, weakened, yamlObject, yamlObjects } from "../support/kubernetes";
import { synthesizedPlans } from "../support/plans";

const MESH = "prod/mesh.yaml";
const STRICT = "net-02-peer-authentication-strict";
const AUTHZ = "net-02-server-authorization-gateway-only";
const GATEWAY = "cluster.local/ns/mcp-gateway/sa/agentgateway";
const INGRESS = "cluster.local/ns/istio-ingress/sa/istio-ingressgateway";
const LABELS = (name: string) => ({ "app.kubernetes.io/managed-by": "mcp-hardening", "app.kubernetes.io/name": name, "app.kubernetes.io/part-of": "mcp" });

/** An ALLOW policy admitting `principals` to the pods labelled `name` on `port`. */
function allow(name: string, principals: string[], port: number) {
  return { action: "ALLOW", rules: [{ from: [{ source: { principals } }], to: [{ operation: { ports: [String(port)] } }] }], selector: { matchLabels: { "app.kubernetes.io/name": name } } };
}

describe("NET-02 service mesh (STRICT mTLS mesh-wide, deny by default, only the gateway's identity reaches a server)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("one mesh-wide PeerAuthentication, STRICT, in istio-system, in the YAML and in the workloads stack", () => {
      const expected = { apiVersion: "security.istio.io/v1", kind: "PeerAuthentication", metadata: { labels: LABELS("mcp-mesh"), name: "default", namespace: "istio-system" }, spec: { mtls: { mode: "STRICT" } } };
      expect(yamlObjects(plans, environment, "PeerAuthentication")).toEqual([expected]);
      expect(manifestObject(plans, environment, "PeerAuthentication/istio-system/default")).toEqual(expected);
    });

    test.each(config(environment).mcpServers.map((server) => [server.name, server.port] as const))("%s: allow-nothing, then only the gateway's principal on the server port", (name, port) => {
      const policies = yamlObjects(plans, environment, "AuthorizationPolicy").filter((policy) => policy.metadata.namespace === name);
      expect(policies.map((policy) => [policy.metadata.name, policy.spec])).toEqual([
        ["allow-nothing", {}],
        ["allow-gateway", allow(name, [GATEWAY], port)],
      ]);
      expect(yamlObject(plans, environment, `Namespace/${name}`).metadata.labels!["istio-injection"]).toBe("enabled");
    });

    test("the gateway's namespace: allow-nothing, the ingress gateway to agentgateway, agentgateway to its rate limiter and its guard, the rate limiter to its store", () => {
      const policies = yamlObjects(plans, environment, "AuthorizationPolicy").filter((policy) => policy.metadata.namespace === "mcp-gateway");
      expect(policies.map((policy) => [policy.metadata.name, policy.spec])).toEqual([
        ["allow-nothing", {}],
        ["allow-ingress-gateway", allow("agentgateway", [INGRESS], 8080)],
        ["allow-gateway-to-rate-limit", allow("ratelimit", [GATEWAY], 8081)],
        ["allow-rate-limit-to-store", allow("ratelimit-redis", ["cluster.local/ns/mcp-gateway/sa/ratelimit"], 6379)],
        ["allow-gateway-to-guard", allow("mcp-guard", [GATEWAY], 9000)],
      ]);
      expect(yamlObject(plans, environment, "Namespace/mcp-gateway").metadata.labels!["istio-injection"]).toBe("enabled");
    });

    test("no finding of the NET-02 rules", () => {
      expect(findingLines(plans, "NET-02")).toEqual([]);
    });
  });

  describe("check reports NET-02 when the real manifests are weakened", () => {
    test("the mesh-wide PeerAuthentication is PERMISSIVE", () => {
      expect(weakened("NET-02", (plans) => (yamlObject(plans, "prod", "PeerAuthentication/istio-system/default").spec.mtls.mode = "PERMISSIVE"))).toEqual([
        `${STRICT} ${MESH} PeerAuthentication/istio-system/default: mtls.mode is PERMISSIVE: the workloads it selects accept plaintext`,
        `${STRICT} ${MESH} PeerAuthentication/istio-system/default: the mesh-wide PeerAuthentication has mtls.mode "PERMISSIVE", not "STRICT"`,
      ]);
    });

    test("the mesh-wide PeerAuthentication is deleted, or mTLS is opened per port in a server namespace", () => {
      expect(weakened("NET-02", (plans) => removeYamlObjects(plans, "prod", (object) => object.kind === "PeerAuthentication"))).toEqual([
        `${STRICT} prod/gateway.yaml Namespace/mcp-gateway: no mesh-wide PeerAuthentication (namespace istio-system, no selector) is deployed with it: sidecars accept plaintext by default`,
      ]);
      expect(
        weakened("NET-02", (plans) =>
          addYamlObject(plans, "prod", { apiVersion: "security.istio.io/v1", kind: "PeerAuthentication", metadata: { name: "debug", namespace: "github-tools" }, spec: { portLevelMtls: { "8080": { mode: "DISABLE" } } } })
        )
      ).toEqual([`${STRICT} prod/workloads.yaml PeerAuthentication/github-tools/debug: portLevelMtls for port 8080 is DISABLE: that port accepts plaintext`]);
    });

    test("a server namespace leaves the mesh, and a DestinationRule turns TLS off towards a server", () => {
      expect(
        weakened("NET-02", (plans) => {
          yamlObject(plans, "prod", "Namespace/docs-search").metadata.labels!["istio-injection"] = "disabled";
          yamlObject(plans, "prod", "DestinationRule/github-tools/github-tools").spec.trafficPolicy.tls.mode = "DISABLE";
        })
      ).toEqual([
        `${STRICT} ${MESH} DestinationRule/github-tools/github-tools: disables TLS towards the in-mesh host github-tools.github-tools.svc.cluster.local`,
        `${STRICT} prod/workloads.yaml Namespace/docs-search: is not in the mesh: istio-injection is "disabled", not "enabled"`,
      ]);
    });

    test("a server namespace loses its allow-nothing policy", () => {
      expect(weakened("NET-02", (plans) => removeYamlObjects(plans, "prod", (object) => object.kind === "AuthorizationPolicy" && object.metadata.namespace === "docs-search" && object.metadata.name === "allow-nothing"))).toEqual([
        `${AUTHZ} prod/workloads.yaml Namespace/docs-search: has no allow-nothing AuthorizationPolicy (empty spec): requests nothing else allows are not denied`,
      ]);
    });

    test("the ALLOW policy admits another principal, any caller, or every port; a CUSTOM policy delegates the decision", () => {
      expect(
        weakened("NET-02", (plans) => {
          const github = yamlObject(plans, "prod", "AuthorizationPolicy/github-tools/allow-gateway").spec;
          github.rules[0].from[0].source.principals.push("cluster.local/ns/docs-search/sa/docs-search");
          github.rules.push({ to: [{ operation: { ports: ["8080"] } }] });
          delete yamlObject(plans, "prod", "AuthorizationPolicy/docs-search/allow-gateway").spec.rules[0].to;
          addYamlObject(plans, "prod", { apiVersion: "security.istio.io/v1", kind: "AuthorizationPolicy", metadata: { name: "ext", namespace: "docs-search" }, spec: { action: "CUSTOM", provider: { name: "opa" }, rules: [{}] } });
        })
      ).toEqual([
        `${AUTHZ} ${MESH} AuthorizationPolicy/docs-search/allow-gateway: rule 0 opens every port: name the workload's port in to.operation.ports`,
        `${AUTHZ} ${MESH} AuthorizationPolicy/github-tools/allow-gateway: rule 0 admits "cluster.local/ns/docs-search/sa/docs-search", not only ${GATEWAY}`,
        `${AUTHZ} ${MESH} AuthorizationPolicy/github-tools/allow-gateway: rule 1 has no from: it admits every caller`,
        `${AUTHZ} prod/workloads.yaml AuthorizationPolicy/docs-search/ext: delegates access to an external authorizer (action CUSTOM)`,
      ]);
    });

    test("the gateway's namespace admits a server's identity (only the ingress gateway and its own accounts may call it)", () => {
      expect(weakened("NET-02", (plans) => yamlObject(plans, "prod", "AuthorizationPolicy/mcp-gateway/allow-ingress-gateway").spec.rules[0].from[0].source.principals.push("cluster.local/ns/github-tools/sa/github-tools"))).toEqual([
        `${AUTHZ} ${MESH} AuthorizationPolicy/mcp-gateway/allow-ingress-gateway: rule 0 admits "cluster.local/ns/github-tools/sa/github-tools", not only ${INGRESS} or a service account of mcp-gateway`,
      ]);
    });

    test("the workloads stack's copy is weakened too (its manifests are checked like the YAML)", () => {
      expect(weakened("NET-02", (plans) => (manifestObject(plans, "prod", "PeerAuthentication/istio-system/default").spec.mtls.mode = "DISABLE"))).toEqual([
        `${STRICT} mcp-prod-workloads kubernetes_manifest.PeerAuthentication_istio-system_default: PeerAuthentication/istio-system/default: mtls.mode is DISABLE: the workloads it selects accept plaintext`,
        `${STRICT} mcp-prod-workloads kubernetes_manifest.PeerAuthentication_istio-system_default: PeerAuthentication/istio-system/default: the mesh-wide PeerAuthentication has mtls.mode "DISABLE", not "STRICT"`,
      ]);
    });
  });
});

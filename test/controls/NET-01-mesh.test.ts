import { config, ENVIRONMENTS } from "../support/compute";
import { addYamlObject, findingLines, removeYamlObjects, weakened, yamlObject, yamlObjects } from "../support/kubernetes";
import { editHelmValues, helmRelease, helmValues } from "../support/mesh";
import { synthesizedPlans } from "../support/plans";

const MESH = "prod/mesh.yaml";
const rule = "net-01-mesh-egress-service-entries";
const GITHUB = "egress-api.github.com";

describe("NET-01 mesh egress (REGISTRY_ONLY, one namespace-local ServiceEntry per declared domain) and TS-02 server authentication (TLS origination pinned to CA and SAN)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("istiod forwards only to registered services (outboundTrafficPolicy REGISTRY_ONLY)", () => {
      expect(helmValues(helmRelease(plans, environment, "istiod")).meshConfig.outboundTrafficPolicy).toEqual({ mode: "REGISTRY_ONLY" });
    });

    test.each(config(environment).mcpServers.map((server) => [server.name, server.egressDomains] as const))("%s: a ServiceEntry and a verifying DestinationRule per declared egress domain, and nothing else", (name, domains) => {
      const entries = yamlObjects(plans, environment, "ServiceEntry").filter((entry) => entry.metadata.namespace === name);
      expect(entries.map((entry) => entry.spec)).toEqual(
        domains.map((domain) => ({
          exportTo: ["."],
          hosts: [domain],
          location: "MESH_EXTERNAL",
          ports: [{ name: "http-tls-origination", number: 443, protocol: "HTTP" }],
          resolution: "DNS",
        }))
      );
      const rules = yamlObjects(plans, environment, "DestinationRule").filter((candidate) => candidate.metadata.namespace === name && candidate.metadata.name.startsWith("egress-"));
      expect(rules.map((candidate) => candidate.spec)).toEqual(
        domains.map((domain) => ({
          exportTo: ["."],
          host: domain,
          trafficPolicy: { tls: { caCertificates: "/etc/ssl/certs/ca-certificates.crt", mode: "SIMPLE", sni: domain, subjectAltNames: [domain] } },
        }))
      );
    });

    test("the gateway may reach its token issuer's JWKS host, TLS passthrough (agentgateway verifies it), in its namespace only", () => {
      const host = new URL(config(environment).gateway.jwt.jwksUrl).hostname;
      expect(yamlObjects(plans, environment, "ServiceEntry").filter((entry) => entry.metadata.namespace === "mcp-gateway").map((entry) => [entry.metadata.name, entry.spec])).toEqual([
        [`egress-${host}`, { exportTo: ["."], hosts: [host], location: "MESH_EXTERNAL", ports: [{ name: "tls", number: 443, protocol: "TLS" }], resolution: "DNS" }],
      ]);
    });

    test("no finding of the mesh egress rule", () => {
      expect(findingLines(plans, "NET-01").filter((line) => line.startsWith(rule))).toEqual([]);
    });
  });

  describe("check reports NET-01 and TS-02 when the real plan is weakened", () => {
    test("istiod lets sidecars forward anywhere (ALLOW_ANY)", () => {
      expect(weakened("NET-01", (plans) => editHelmValues(helmRelease(plans, "prod", "istiod"), (values) => (values.meshConfig.outboundTrafficPolicy.mode = "ALLOW_ANY"))).filter((line) => line.startsWith(rule))).toEqual([
        `${rule} mcp-prod-workloads helm_release.istio_istiod_73BD7F9B: meshConfig.outboundTrafficPolicy.mode is "ALLOW_ANY", not "REGISTRY_ONLY": sidecars forward to any destination`,
      ]);
    });

    test("the ServiceEntry is exported mesh-wide and opens a second port, and a ServiceEntry elsewhere opens egress for the whole mesh", () => {
      expect(
        weakened("NET-01", (plans) => {
          const entry = yamlObject(plans, "prod", `ServiceEntry/github-tools/${GITHUB}`).spec;
          delete entry.exportTo;
          entry.ports.push({ number: 80, name: "http", protocol: "HTTP" });
          addYamlObject(plans, "prod", { apiVersion: "networking.istio.io/v1", kind: "ServiceEntry", metadata: { name: "anything", namespace: "istio-system" }, spec: { hosts: ["*.com"], location: "MESH_EXTERNAL", ports: [{ number: 443, name: "tls", protocol: "TLS" }], resolution: "NONE" } });
        }).filter((line) => line.startsWith(rule))
      ).toEqual([
        `${rule} ${MESH} ServiceEntry/github-tools/${GITHUB}: declares ports 443, 80: egress is on 443 only`,
        `${rule} ${MESH} ServiceEntry/github-tools/${GITHUB}: is exported to every namespace (no exportTo), not only its own namespace: it opens egress for other workloads`,
        `${rule} prod/workloads.yaml ServiceEntry/istio-system/anything: is exported to every namespace (no exportTo), not only its own namespace: it opens egress for other workloads`,
      ]);
    });

    test("TS-02: the TLS origination stops checking the server's name, SNI and CA", () => {
      expect(
        weakened("TS-02", (plans) => {
          const tls = yamlObject(plans, "prod", `DestinationRule/github-tools/${GITHUB}`).spec.trafficPolicy.tls;
          delete tls.subjectAltNames;
          delete tls.caCertificates;
          tls.sni = "github.com";
          tls.insecureSkipVerify = true;
        })
      ).toEqual([
        `${rule} ${MESH} DestinationRule/github-tools/${GITHUB}: does not check that the certificate names api.github.com: tls.subjectAltNames lacks it`,
        `${rule} ${MESH} DestinationRule/github-tools/${GITHUB}: does not pin the CA api.github.com must chain to: no tls.caCertificates`,
        `${rule} ${MESH} DestinationRule/github-tools/${GITHUB}: sends SNI "github.com", not api.github.com`,
        `${rule} ${MESH} DestinationRule/github-tools/${GITHUB}: skips verification of api.github.com's certificate (insecureSkipVerify)`,
      ]);
    });

    test("TS-02: the origination is removed (the DestinationRule deleted), or declared as passthrough in a server namespace", () => {
      expect(weakened("TS-02", (plans) => removeYamlObjects(plans, "prod", (object) => object.kind === "DestinationRule" && object.metadata.name === GITHUB))).toEqual([
        `${rule} ${MESH} ServiceEntry/github-tools/${GITHUB}: host api.github.com has no DestinationRule in github-tools originating TLS with CA and name checks`,
      ]);
      expect(
        weakened("TS-02", (plans) => {
          yamlObject(plans, "prod", `ServiceEntry/github-tools/${GITHUB}`).spec.ports = [{ number: 443, name: "tls", protocol: "TLS" }];
          yamlObject(plans, "prod", `DestinationRule/github-tools/${GITHUB}`).spec.trafficPolicy.tls.mode = "DISABLE";
        })
      ).toEqual([`${rule} ${MESH} DestinationRule/github-tools/${GITHUB}: does not originate verified TLS to api.github.com: tls.mode is "DISABLE", not SIMPLE`]);
    });

    test("a server declares a domain the environment's Network Firewall does not allow", () => {
      expect(weakened("NET-01", (plans) => (yamlObject(plans, "prod", `ServiceEntry/github-tools/${GITHUB}`).spec.hosts = ["api.github.com", "pastebin.com"])).filter((line) => line.startsWith(rule))).toEqual([
        `${rule} ${MESH} ServiceEntry/github-tools/${GITHUB}: host pastebin.com has no DestinationRule in github-tools originating TLS with CA and name checks`,
        `${rule} ${MESH} ServiceEntry/github-tools/${GITHUB}: host pastebin.com is not on the environment's Network Firewall domain allowlist: the mesh and the firewall must declare the same egress`,
      ]);
    });
  });
});

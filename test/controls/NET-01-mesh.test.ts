import * as fs from "fs";
import * as path from "path";
import { Testing } from "cdk8s";
import { MeshEgress } from "../../constructs/k8s/mesh-egress";
import { GITHUB_API_CERTIFICATE_AUTHORITIES } from "../../environments/certificate-authorities";
import { config, ENVIRONMENTS } from "../support/compute";
import { addYamlObject, findingLines, manifestObject, removeYamlObjects, weakened, yamlObject, yamlObjects } from "../support/kubernetes";
import { editHelmValues, helmRelease, helmValues } from "../support/mesh";
import { synthesizedPlans } from "../support/plans";

const MESH = "prod/mesh.yaml";
const rule = "net-01-mesh-egress-service-entries";
const GITHUB = "egress-api.github.com";
const CA_FILE = "/etc/istio/egress-ca/api.github.com.pem";
const PIN = "pin it to the CA the domain's chain ends at (TS-02): a ConfigMap key mounted read-only into the sidecar, as MeshEgress does";
/** A certificate that is not a CA (basicConstraints CA:FALSE, valid 2025 to 2125), generated once for the tests; its key was discarded. */
const LEAF = fs.readFileSync(path.join(__dirname, "..", "fixtures", "certificates", "leaf-not-ca.pem"), "utf8");

/** The sidecar volume annotations of a server's Deployment, parsed. */
function sidecarVolumes(deployment: Record<string, any>): { volumes: unknown; mounts: unknown } {
  const annotations = deployment.spec.template.metadata.annotations;
  const parse = (name: string) => (annotations[name] === undefined ? undefined : JSON.parse(annotations[name]));
  return { volumes: parse("sidecar.istio.io/userVolume"), mounts: parse("sidecar.istio.io/userVolumeMount") };
}

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
          trafficPolicy: { tls: { caCertificates: `/etc/istio/egress-ca/${domain}.pem`, mode: "SIMPLE", sni: domain, subjectAltNames: [domain] } },
        }))
      );
    });

    test("api.github.com is pinned to the USERTrust ECC and RSA roots of the Debian bundle, in every environment", () => {
      const github = config(environment).mcpServers.find((server) => server.name === "github-tools")!;
      expect(github.egressCertificateAuthorities).toEqual({ "api.github.com": GITHUB_API_CERTIFICATE_AUTHORITIES });
      expect(GITHUB_API_CERTIFICATE_AUTHORITIES).toEqual([
        fs.readFileSync("/etc/ssl/certs/USERTrust_ECC_Certification_Authority.pem", "utf8"),
        fs.readFileSync("/etc/ssl/certs/USERTrust_RSA_Certification_Authority.pem", "utf8"),
      ]);
    });

    test.each(config(environment).mcpServers.map((server) => [server.name, server] as const))("%s: the egress-ca ConfigMap holds exactly the configured PEMs per domain, mounted read-only into the sidecar only", (name, server) => {
      const configMaps = yamlObjects(plans, environment, "ConfigMap").filter((candidate) => candidate.metadata.namespace === name && candidate.metadata.name === "egress-ca");
      const deployment = yamlObject(plans, environment, `Deployment/${name}/${name}`);
      if (server.egressDomains.length === 0) {
        expect(configMaps).toEqual([]);
        expect(sidecarVolumes(deployment)).toEqual({ volumes: undefined, mounts: undefined });
        return;
      }
      expect(configMaps.map((configMap) => [configMap.metadata.labels, configMap.data])).toEqual([
        [
          { "app.kubernetes.io/managed-by": "mcp-hardening", "app.kubernetes.io/name": name, "app.kubernetes.io/part-of": "mcp" },
          Object.fromEntries(server.egressDomains.map((domain) => [`${domain}.pem`, server.egressCertificateAuthorities![domain].map((pem) => `${pem.trim()}\n`).join("")])),
        ],
      ]);
      expect(sidecarVolumes(deployment)).toEqual({
        volumes: { "sidecar-config-0": { configMap: { name: "egress-ca", defaultMode: 0o444 } } },
        mounts: { "sidecar-config-0": { mountPath: "/etc/istio/egress-ca", readOnly: true } },
      });
      expect(deployment.spec.template.spec.volumes.map((volume: { name: string }) => volume.name)).not.toContain("sidecar-config-0");
      expect(manifestObject(plans, environment, `ConfigMap/${name}/egress-ca`)).toEqual(configMaps[0]);
    });

    test("the gateway may reach its token issuer's JWKS host, TLS passthrough (agentgateway verifies it), in its namespace only; the guard its store's data-tier addresses", () => {
      const host = new URL(config(environment).gateway.jwt.jwksUrl).hostname;
      expect(yamlObjects(plans, environment, "ServiceEntry").filter((entry) => entry.metadata.namespace === "mcp-gateway").map((entry) => [entry.metadata.name, entry.spec]).sort()).toEqual([
        [`egress-${host}`, { exportTo: ["."], hosts: [host], location: "MESH_EXTERNAL", ports: [{ name: "tls", number: 443, protocol: "TLS" }], resolution: "DNS" }],
        ["mcp-guard-store", expect.objectContaining({ exportTo: ["."], location: "MESH_EXTERNAL", ports: [{ name: "tcp-store", number: 6379, protocol: "TCP" }], resolution: "NONE" })],
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

    test("TS-02: the CA goes back to the proxy's system bundle (every public CA): not pinned", () => {
      expect(weakened("TS-02", (plans) => (yamlObject(plans, "prod", `DestinationRule/github-tools/${GITHUB}`).spec.trafficPolicy.tls.caCertificates = "/etc/ssl/certs/ca-certificates.crt"))).toEqual([
        `${rule} ${MESH} DestinationRule/github-tools/${GITHUB}: trusts the proxy's system CA bundle /etc/ssl/certs/ca-certificates.crt for api.github.com, i.e. every public CA: not pinned; ${PIN}`,
      ]);
    });

    test("TS-02: the pinned file is not backed: the ConfigMap key removed, the ConfigMap removed, or the sidecar mount removed", () => {
      expect(weakened("TS-02", (plans) => delete yamlObject(plans, "prod", "ConfigMap/github-tools/egress-ca").data["api.github.com.pem"])).toEqual([
        `${rule} ${MESH} DestinationRule/github-tools/${GITHUB}: pins api.github.com to ${CA_FILE}, but ConfigMap egress-ca holds no key api.github.com.pem; ${PIN}`,
      ]);
      expect(weakened("TS-02", (plans) => removeYamlObjects(plans, "prod", (object) => object.kind === "ConfigMap" && object.metadata.name === "egress-ca"))).toEqual([
        `${rule} ${MESH} DestinationRule/github-tools/${GITHUB}: pins api.github.com to ${CA_FILE} from ConfigMap egress-ca, which github-tools does not have; ${PIN}`,
      ]);
      expect(weakened("TS-02", (plans) => delete yamlObject(plans, "prod", "Deployment/github-tools/github-tools").spec.template.metadata.annotations["sidecar.istio.io/userVolumeMount"])).toEqual([
        `${rule} ${MESH} DestinationRule/github-tools/${GITHUB}: pins api.github.com to ${CA_FILE}, which no ConfigMap mounted into the sidecar of Deployment/github-tools/github-tools provides (sidecar.istio.io/userVolumeMount): the sidecar cannot verify api.github.com; ${PIN}`,
      ]);
    });

    test("TS-02: the pinned key holds a server's own (leaf) certificate instead of a CA", () => {
      expect(weakened("TS-02", (plans) => (yamlObject(plans, "prod", "ConfigMap/github-tools/egress-ca").data["api.github.com.pem"] = LEAF))).toEqual([
        `${rule} ${MESH} DestinationRule/github-tools/${GITHUB}: pins api.github.com to ${CA_FILE}, but ConfigMap egress-ca key api.github.com.pem holds no PEM CA certificates (or a certificate that is not a CA); ${PIN}`,
      ]);
    });

    test("a server declares a domain the environment's Network Firewall does not allow", () => {
      expect(weakened("NET-01", (plans) => (yamlObject(plans, "prod", `ServiceEntry/github-tools/${GITHUB}`).spec.hosts = ["api.github.com", "pastebin.com"])).filter((line) => line.startsWith(rule))).toEqual([
        `${rule} ${MESH} ServiceEntry/github-tools/${GITHUB}: host pastebin.com has no DestinationRule in github-tools originating TLS with CA and name checks`,
        `${rule} ${MESH} ServiceEntry/github-tools/${GITHUB}: host pastebin.com is not on the environment's Network Firewall domain allowlist: the mesh and the firewall must declare the same egress`,
      ]);
    });
  });
});

describe("MeshEgress pins every domain it originates TLS for, and nothing else", () => {
  const [ecc] = GITHUB_API_CERTIFICATE_AUTHORITIES;
  const build = (props: Partial<ConstructorParameters<typeof MeshEgress>[2]>) => () => new MeshEgress(Testing.chart(), "egress", { namespace: "echo", application: "echo", domains: ["api.example.com"], ...props });

  test("a domain without a CA, a CA for an undeclared domain, a leaf, text that is no certificate, and CAs with passthrough are refused", () => {
    expect(build({})).toThrow('MeshEgress echo: no CA pinned for "api.example.com"; give certificateAuthorities["api.example.com"] the PEM certificate of the CA its chain ends at');
    expect(build({ certificateAuthorities: { "api.example.com": [ecc], "other.example.com": [ecc] } })).toThrow('MeshEgress echo: certificateAuthorities names "other.example.com", which is not one of the domains');
    expect(build({ certificateAuthorities: { "api.example.com": [LEAF] } })).toThrow('MeshEgress echo: certificateAuthorities["api.example.com"][0] is not a CA certificate; pin the CA the chain ends at, never a leaf');
    expect(build({ certificateAuthorities: { "api.example.com": ["-----BEGIN CERTIFICATE-----"] } })).toThrow('MeshEgress echo: certificateAuthorities["api.example.com"][0] is not a PEM certificate');
    expect(build({ certificateAuthorities: { "api.example.com": [] } })).toThrow('MeshEgress echo: certificateAuthorities["api.example.com"] is empty');
    expect(build({ tls: "passthrough", certificateAuthorities: { "api.example.com": [ecc] } })).toThrow(/with tls "passthrough" the workload verifies the server itself/);
  });

  test("a wildcard domain gets its CA file under its wildcard name; passthrough gets no ConfigMap", () => {
    const chart = Testing.chart();
    const egress = new MeshEgress(chart, "egress", { namespace: "echo", application: "echo", domains: ["*.example.com"], certificateAuthorities: { "*.example.com": [ecc] } });
    expect(egress.destinationRules.get("*.example.com")!.toJson().spec.trafficPolicy.tls).toEqual({ mode: "SIMPLE", caCertificates: "/etc/istio/egress-ca/wildcard.example.com.pem" });
    expect(egress.certificateAuthorities!.toJson().data).toEqual({ "wildcard.example.com.pem": ecc });
    expect(new MeshEgress(chart, "passthrough", { namespace: "gw", application: "gw", domains: ["api.example.com"], tls: "passthrough" }).certificateAuthorities).toBeUndefined();
  });
});

import { config, ENVIRONMENTS } from "../support/compute";
import { addYamlObject, findingLines, manifestObject, weakened, yamlObject, yamlObjects } from "../support/kubernetes";
import { synthesizedPlans } from "../support/plans";

const FILE = "prod/workloads.yaml";

describe("CTR-00 hardened container environments only (every MCP namespace enforces Pod Security restricted)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const version = `v${config(environment).cluster.kubernetesVersion}`;

    test("each server has its own namespace, enforcing, auditing and warning at restricted with a pinned version, mesh-injected", () => {
      const servers = config(environment).mcpServers.map((server) => server.name);
      expect(yamlObjects(plans, environment, "Namespace").filter((namespace) => namespace.metadata.labels?.["mcp.security/zone"] === "mcp").map((namespace) => namespace.metadata.name)).toEqual(servers);
      for (const server of servers) {
        expect(yamlObject(plans, environment, `Namespace/${server}`).metadata).toEqual({
          name: server,
          annotations: { "mcp.security/declared-tools": expect.any(String), "mcp.security/onboarding-record": expect.any(String) },
          labels: {
            "app.kubernetes.io/managed-by": "mcp-hardening",
            "app.kubernetes.io/name": server,
            "app.kubernetes.io/part-of": "mcp",
            "istio-injection": "enabled",
            "mcp.security/zone": "mcp",
            "pod-security.kubernetes.io/audit": "restricted",
            "pod-security.kubernetes.io/audit-version": version,
            "pod-security.kubernetes.io/enforce": "restricted",
            "pod-security.kubernetes.io/enforce-version": version,
            "pod-security.kubernetes.io/warn": "restricted",
            "pod-security.kubernetes.io/warn-version": version,
            "policy.sigstore.dev/include": "true",
          },
        });
      }
    });

    test("every workload of a server's namespace is the server's", () => {
      const servers = new Set(config(environment).mcpServers.map((server) => server.name));
      const inServerNamespaces = yamlObjects(plans, environment, "Deployment").filter((deployment) => servers.has(deployment.metadata.namespace ?? ""));
      expect(inServerNamespaces.map((deployment) => deployment.metadata.name).sort()).toEqual([...servers].sort());
      for (const deployment of inServerNamespaces) expect(deployment.metadata.namespace).toBe(deployment.metadata.name);
    });

    test("the workloads stack applies the same namespaces", () => {
      for (const server of config(environment).mcpServers) {
        expect(manifestObject(plans, environment, `Namespace/${server.name}`)).toEqual(yamlObject(plans, environment, `Namespace/${server.name}`));
      }
    });

    test("no CTR-00 finding", () => {
      expect(findingLines(plans, "CTR-00")).toEqual([]);
    });
  });

  describe("check reports CTR-00 when the real manifests are weakened", () => {
    const rule = "ctr-00-pod-security-restricted";

    test("enforce is lowered to baseline", () => {
      expect(weakened("CTR-00", (plans) => (yamlObject(plans, "prod", "Namespace/github-tools").metadata.labels!["pod-security.kubernetes.io/enforce"] = "baseline"))).toEqual([
        `${rule} ${FILE} Namespace/github-tools: Pod Security Admission is not restricted: pod-security.kubernetes.io/enforce is "baseline", not "restricted"`,
      ]);
    });

    test("enforce-version floats to latest and warn is removed", () => {
      expect(
        weakened("CTR-00", (plans) => {
          const labels = yamlObject(plans, "prod", "Namespace/docs-search").metadata.labels!;
          labels["pod-security.kubernetes.io/enforce-version"] = "latest";
          delete labels["pod-security.kubernetes.io/warn"];
        })
      ).toEqual([
        `${rule} ${FILE} Namespace/docs-search: Pod Security Admission is not restricted: pod-security.kubernetes.io/warn is missing, not "restricted"; pod-security.kubernetes.io/enforce-version is "latest", not a pinned version such as "v1.33"`,
      ]);
    });

    test("an MCP workload runs in a namespace the manifests do not declare", () => {
      expect(
        weakened("CTR-00", (plans) => {
          const original = structuredClone(yamlObject(plans, "prod", "Deployment/docs-search/docs-search"));
          addYamlObject(plans, "prod", { ...original, metadata: { ...original.metadata, namespace: "default", name: "rogue" } });
        })
      ).toEqual([`${rule} ${FILE} Deployment/default/rogue: runs in namespace "default", which these manifests do not declare with Pod Security labels`]);
    });

    test("the namespace is weakened in the workloads stack only", () => {
      expect(weakened("CTR-00", (plans) => (manifestObject(plans, "prod", "Namespace/github-tools").metadata.labels!["pod-security.kubernetes.io/enforce"] = "privileged"))).toEqual([
        `${rule} mcp-prod-workloads kubernetes_manifest.Namespace_github-tools: Namespace/github-tools: Pod Security Admission is not restricted: pod-security.kubernetes.io/enforce is "privileged", not "restricted"`,
      ]);
    });
  });
});

import { config, ENVIRONMENTS } from "../support/compute";
import { addYamlObject, findingLines, podSpec, weakened, yamlObject, yamlObjects } from "../support/kubernetes";
import { synthesizedPlans } from "../support/plans";

const FILE = "prod/workloads.yaml";
const rule = "iso-02-no-shared-state";

describe("ISO-02 session-state isolation in Kubernetes (no shared volumes, no Secrets, no API token)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test.each(config(environment).mcpServers.map((server) => server.name))("%s: its own service account, without a token, and no claim, Secret or shared volume", (name) => {
      expect(yamlObject(plans, environment, `ServiceAccount/${name}/${name}`)).toEqual({
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: { name, namespace: name, labels: { "app.kubernetes.io/managed-by": "mcp-hardening", "app.kubernetes.io/name": name, "app.kubernetes.io/part-of": "mcp" } },
        automountServiceAccountToken: false,
      });
      const spec = podSpec(plans, environment, name);
      expect(spec.serviceAccountName).toBe(name);
      expect(spec.automountServiceAccountToken).toBe(false);
      expect(spec.enableServiceLinks).toBe(false);
      expect(spec.volumes.map((volume: Record<string, unknown>) => Object.keys(volume).filter((key) => key !== "name")[0])).toEqual(config(environment).mcpServers.find((server) => server.name === name)!.secrets.length > 0 ? ["emptyDir", "csi"] : ["emptyDir"]);
    });

    test("no PersistentVolumeClaim or Secret objects", () => {
      expect(yamlObjects(plans, environment).filter((object) => ["PersistentVolumeClaim", "Secret"].includes(object.kind))).toEqual([]);
    });

    test("no finding of the Kubernetes ISO-02 rule", () => {
      expect(findingLines(plans, "ISO-02").filter((line) => line.startsWith(rule))).toEqual([]);
    });
  });

  test("a server that declares kubernetesApiAccess gets a token, visibly annotated, and passes", () => {
    const prod = config("prod");
    const plans = synthesizedPlans([{ ...prod, mcpServers: prod.mcpServers.map((server) => (server.name === "docs-search" ? { ...server, kubernetesApiAccess: true } : server)) }]);
    expect(yamlObject(plans, "prod", "ServiceAccount/docs-search/docs-search")).toMatchObject({ automountServiceAccountToken: true, metadata: { annotations: { "mcp.security/kubernetes-api-access": "true" } } });
    const deployment = yamlObject(plans, "prod", "Deployment/docs-search/docs-search");
    expect(deployment.spec.template.spec.automountServiceAccountToken).toBe(true);
    expect(deployment.spec.template.metadata.annotations["mcp.security/kubernetes-api-access"]).toBe("true");
    expect(yamlObject(plans, "prod", "ServiceAccount/github-tools/github-tools").automountServiceAccountToken).toBe(false);
    expect(findingLines(plans, "ISO-02")).toEqual([]);
  });

  describe("check reports ISO-02 when the real manifests are weakened", () => {
    test("the pod mounts a token without declaring it, and its service account too", () => {
      expect(
        weakened("ISO-02", (plans) => {
          delete podSpec(plans, "prod", "github-tools").automountServiceAccountToken;
          yamlObject(plans, "prod", "ServiceAccount/github-tools/github-tools").automountServiceAccountToken = true;
        })
      ).toEqual([
        `${rule} ${FILE} Deployment/github-tools/github-tools: mounts a Kubernetes API token (automountServiceAccountToken is unset, default true) without the mcp.security/kubernetes-api-access: "true" annotation`,
        `${rule} ${FILE} ServiceAccount/github-tools/github-tools: does not set automountServiceAccountToken: false and has no mcp.security/kubernetes-api-access: "true" annotation`,
      ]);
    });

    test("a shared PersistentVolumeClaim is created and mounted", () => {
      expect(
        weakened("ISO-02", (plans) => {
          addYamlObject(plans, "prod", { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "sessions", namespace: "docs-search" }, spec: { accessModes: ["ReadWriteMany"], resources: { requests: { storage: "1Gi" } } } });
          podSpec(plans, "prod", "docs-search").volumes.push({ name: "sessions", persistentVolumeClaim: { claimName: "sessions" } });
        })
      ).toEqual([
        `${rule} ${FILE} Deployment/docs-search/docs-search: volume "sessions" mounts PersistentVolumeClaim "sessions"`,
        `${rule} ${FILE} PersistentVolumeClaim/docs-search/sessions: is a PersistentVolumeClaim: MCP servers keep no persistent or shared state in the cluster`,
      ]);
    });

    test("a Kubernetes Secret is added to a server's namespace", () => {
      expect(weakened("ISO-02", (plans) => addYamlObject(plans, "prod", { apiVersion: "v1", kind: "Secret", metadata: { name: "github-tools-token", namespace: "github-tools", annotations: { "kubernetes.io/service-account.name": "github-tools" } }, type: "kubernetes.io/service-account-token" }))).toEqual([
        `${rule} ${FILE} Secret/github-tools/github-tools-token: is a Kubernetes Secret in an MCP namespace: secrets come from Secrets Manager through the server's own role`,
      ]);
    });
  });
});

import { config, ENVIRONMENTS } from "../support/compute";
import { findingLines, podSpec, serverContainer, weakened } from "../support/kubernetes";
import { synthesizedPlans } from "../support/plans";

const FILE = "prod/workloads.yaml";
const GITHUB = "Deployment/github-tools/github-tools";

describe("CTR-01 immutable infrastructure (read-only root filesystem, size-limited writable paths only)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test.each(config(environment).mcpServers.map((server) => [server.name, server] as const))("%s: read-only root, /tmp the only writable path, secrets read-only, image by digest", (name, server) => {
      const container = serverContainer(plans, environment, name);
      expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
      expect(container.image).toBe(server.image);
      expect(container.image).toMatch(/@sha256:[a-f0-9]{64}$/);
      expect(container.imagePullPolicy).toBe("IfNotPresent");
      expect(container.volumeMounts).toEqual([
        { name: "tmp", mountPath: "/tmp" },
        ...(server.secrets.length > 0 ? [{ name: "secrets", mountPath: "/var/run/secrets/mcp", readOnly: true }] : []),
      ]);
      expect(podSpec(plans, environment, name).volumes).toEqual([
        { name: "tmp", emptyDir: { sizeLimit: "512Mi" } },
        ...(server.secrets.length > 0 ? [{ name: "secrets", csi: { driver: "secrets-store.csi.k8s.io", readOnly: true, volumeAttributes: { secretProviderClass: `${name}-secrets` } } }] : []),
      ]);
    });

    test("no CTR-01 finding", () => {
      expect(findingLines(plans, "CTR-01")).toEqual([]);
    });
  });

  describe("check reports CTR-01 when the real manifests are weakened", () => {
    const rule = "ctr-01-read-only-root";

    test("readOnlyRootFilesystem is false", () => {
      expect(weakened("CTR-01", (plans) => (serverContainer(plans, "prod", "github-tools").securityContext.readOnlyRootFilesystem = false))).toEqual([
        `${rule} ${FILE} ${GITHUB}: container "github-tools" does not set readOnlyRootFilesystem: true`,
      ]);
    });

    test("a hostPath volume is added", () => {
      expect(weakened("CTR-01", (plans) => podSpec(plans, "prod", "github-tools").volumes.push({ name: "host", hostPath: { path: "/var/lib" } }))).toEqual([
        `${rule} ${FILE} ${GITHUB}: volume "host" mounts a hostPath from the node`,
      ]);
    });

    test("/tmp loses its size limit", () => {
      expect(weakened("CTR-01", (plans) => (podSpec(plans, "prod", "github-tools").volumes[0].emptyDir = {}))).toEqual([
        `${rule} ${FILE} ${GITHUB}: volume "tmp" is an emptyDir without sizeLimit`,
      ]);
    });

    test("a PersistentVolumeClaim is mounted without a justification, or a CSI volume of another driver", () => {
      expect(
        weakened("CTR-01", (plans) => {
          podSpec(plans, "prod", "docs-search").volumes.push({ name: "data", persistentVolumeClaim: { claimName: "shared" } }, { name: "disk", csi: { driver: "ebs.csi.aws.com" } });
        })
      ).toEqual([
        `${rule} ${FILE} Deployment/docs-search/docs-search: volume "data" mounts a PersistentVolumeClaim without a mcp.security/writable-justification annotation`,
        `${rule} ${FILE} Deployment/docs-search/docs-search: volume "disk" uses CSI driver "ebs.csi.aws.com", not secrets-store.csi.k8s.io`,
      ]);
    });
  });
});

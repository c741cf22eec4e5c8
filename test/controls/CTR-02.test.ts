import { config, ENVIRONMENTS } from "../support/compute";
import { findingLines, podSpec, serverContainer, weakened } from "../support/kubernetes";
import { synthesizedPlans } from "../support/plans";

const FILE = "prod/workloads.yaml";
const GITHUB = "Deployment/github-tools/github-tools";

describe("CTR-02 restricted privileges (all capabilities dropped, non-root, no escalation, no host access)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test.each(config(environment).mcpServers.map((server) => server.name))("%s: the container and pod security contexts", (name) => {
      const spec = podSpec(plans, environment, name);
      expect(spec.containers).toHaveLength(1);
      expect(spec.initContainers).toBeUndefined();
      expect(serverContainer(plans, environment, name).securityContext).toEqual({
        allowPrivilegeEscalation: false,
        capabilities: { drop: ["ALL"] },
        privileged: false,
        readOnlyRootFilesystem: true,
        runAsGroup: 10001,
        runAsNonRoot: true,
        runAsUser: 10001,
        seccompProfile: { type: "RuntimeDefault" },
      });
      expect(spec.securityContext).toEqual({ fsGroup: 10001, fsGroupChangePolicy: "OnRootMismatch", runAsGroup: 10001, runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: "RuntimeDefault" } });
      for (const field of ["hostNetwork", "hostPID", "hostIPC"]) expect(spec[field]).toBeUndefined();
      expect(serverContainer(plans, environment, name).ports).toEqual([{ containerPort: config(environment).mcpServers.find((server) => server.name === name)!.port, name: "http", protocol: "TCP" }]);
    });

    test("no CTR-02 finding", () => {
      expect(findingLines(plans, "CTR-02")).toEqual([]);
    });
  });

  describe("check reports CTR-02 when the real manifests are weakened", () => {
    const rule = "ctr-02-no-privileges";

    test("NET_ADMIN is added", () => {
      expect(weakened("CTR-02", (plans) => (serverContainer(plans, "prod", "github-tools").securityContext.capabilities.add = ["NET_ADMIN"]))).toEqual([
        `${rule} ${FILE} ${GITHUB}: container "github-tools" adds capabilities NET_ADMIN`,
      ]);
    });

    test("NET_BIND_SERVICE alone may be added back", () => {
      expect(weakened("CTR-02", (plans) => (serverContainer(plans, "prod", "github-tools").securityContext.capabilities.add = ["NET_BIND_SERVICE"]))).toEqual([]);
    });

    test("capabilities are no longer dropped, escalation and privileged mode are allowed", () => {
      expect(
        weakened("CTR-02", (plans) => {
          const context = serverContainer(plans, "prod", "github-tools").securityContext;
          delete context.capabilities;
          context.allowPrivilegeEscalation = true;
          context.privileged = true;
        })
      ).toEqual([
        `${rule} ${FILE} ${GITHUB}: container "github-tools" does not drop ALL capabilities (securityContext.capabilities.drop: ["ALL"])`,
        `${rule} ${FILE} ${GITHUB}: container "github-tools" does not set allowPrivilegeEscalation: false`,
        `${rule} ${FILE} ${GITHUB}: container "github-tools" is privileged`,
      ]);
    });

    test("the container runs as root", () => {
      expect(
        weakened("CTR-02", (plans) => {
          const context = serverContainer(plans, "prod", "github-tools").securityContext;
          context.runAsUser = 0;
          context.runAsNonRoot = false;
        })
      ).toEqual([`${rule} ${FILE} ${GITHUB}: container "github-tools" does not set runAsNonRoot: true (container or pod)`, `${rule} ${FILE} ${GITHUB}: container "github-tools" runs as UID 0`]);
    });

    test("an init container without a security context is added", () => {
      expect(weakened("CTR-02", (plans) => (podSpec(plans, "prod", "docs-search").initContainers = [{ name: "setup", image: "busybox@sha256:" + "a".repeat(64) }]))).toEqual([
        `${rule} ${FILE} Deployment/docs-search/docs-search: init container "setup" does not drop ALL capabilities (securityContext.capabilities.drop: ["ALL"])`,
        `${rule} ${FILE} Deployment/docs-search/docs-search: init container "setup" does not set allowPrivilegeEscalation: false`,
      ]);
    });

    test("the pod joins the node's network and PID namespaces and mounts a hostPath", () => {
      expect(
        weakened("CTR-02", (plans) => {
          const spec = podSpec(plans, "prod", "github-tools");
          spec.hostNetwork = true;
          spec.hostPID = true;
          spec.volumes.push({ name: "host", hostPath: { path: "/" } });
        })
      ).toEqual([`${rule} ${FILE} ${GITHUB}: the pod sets hostNetwork: true`, `${rule} ${FILE} ${GITHUB}: the pod sets hostPID: true`, `${rule} ${FILE} ${GITHUB}: volume "host" mounts a hostPath`]);
    });
  });
});

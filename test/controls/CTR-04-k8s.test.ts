import { config, ENVIRONMENTS } from "../support/compute";
import { findingLines, podSpec, serverContainer, weakened, yamlObject } from "../support/kubernetes";
import { synthesizedPlans } from "../support/plans";

const FILE = "prod/workloads.yaml";
const GITHUB = "Deployment/github-tools/github-tools";

describe("CTR-04 seccomp and MAC for MCP pods (RuntimeDefault on pod and container, no unconfined profile)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test.each(config(environment).mcpServers.map((server) => server.name))("%s: RuntimeDefault at pod level (inherited by injected containers) and container level, no SELinux or AppArmor override", (name) => {
      const spec = podSpec(plans, environment, name);
      expect(spec.securityContext.seccompProfile).toEqual({ type: "RuntimeDefault" });
      expect(serverContainer(plans, environment, name).securityContext.seccompProfile).toEqual({ type: "RuntimeDefault" });
      expect(spec.securityContext.seLinuxOptions).toBeUndefined();
      expect(spec.securityContext.appArmorProfile).toBeUndefined();
      const annotations = Object.keys(yamlObject(plans, environment, `Deployment/${name}/${name}`).spec.template.metadata.annotations);
      expect(annotations.filter((key) => key.startsWith("container.apparmor"))).toEqual([]);
    });

    test("no finding of the Kubernetes CTR-04 rule", () => {
      expect(findingLines(plans, "CTR-04").filter((line) => line.startsWith("ctr-04-seccomp-runtime-default"))).toEqual([]);
    });
  });

  describe("check reports CTR-04 when the real manifests are weakened", () => {
    const rule = "ctr-04-seccomp-runtime-default";

    test("the container's seccomp profile is Unconfined", () => {
      expect(weakened("CTR-04", (plans) => (serverContainer(plans, "prod", "github-tools").securityContext.seccompProfile = { type: "Unconfined" }))).toEqual([
        `${rule} ${FILE} ${GITHUB}: container "github-tools" overrides the seccomp profile with "Unconfined"`,
      ]);
    });

    test("the pod-level profile is removed", () => {
      expect(weakened("CTR-04", (plans) => delete podSpec(plans, "prod", "docs-search").securityContext.seccompProfile)).toEqual([
        `${rule} ${FILE} Deployment/docs-search/docs-search: the pod's seccompProfile is not set, not RuntimeDefault or Localhost`,
      ]);
    });

    test("SELinux spc_t, an Unconfined AppArmor profile and the legacy AppArmor annotation", () => {
      expect(
        weakened("CTR-04", (plans) => {
          podSpec(plans, "prod", "github-tools").securityContext.seLinuxOptions = { type: "spc_t" };
          serverContainer(plans, "prod", "github-tools").securityContext.appArmorProfile = { type: "Unconfined" };
          yamlObject(plans, "prod", GITHUB).spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/github-tools"] = "unconfined";
        })
      ).toEqual([
        `${rule} ${FILE} ${GITHUB}: annotation container.apparmor.security.beta.kubernetes.io/github-tools makes a container unconfined by AppArmor`,
        `${rule} ${FILE} ${GITHUB}: container "github-tools" runs with an Unconfined AppArmor profile`,
        `${rule} ${FILE} ${GITHUB}: the pod runs with the unconfined SELinux type spc_t`,
      ]);
    });
  });
});

import { labels } from "../kubernetes";
import { at, helmReleases, objectsInGroup } from "../mesh";
import { violation } from "../terraform";
import { Rule, Violation } from "../types";

/**
 * No meshed pod needs NET_ADMIN or NET_RAW (CTR-02, NET-02): every stack that installs istiod, or applies namespaces with
 * sidecar injection, installs istiod with the CNI node agent on (`cni.enabled` and its alias `pilot.cni.enabled` true,
 * neither false) and the `cni` chart beside it, so injection adds the unprivileged `istio-validation` init container
 * instead of `istio-init`; and the sidecar is never privileged (`global.proxy.privileged`).
 */
const rule: Rule = {
  id: "ctr-02-istio-cni",
  controls: ["CTR-02", "NET-02"],
  severity: "high",
  description: "Stacks that mesh MCP namespaces install istiod with CNI enabled, the Istio cni chart, and an unprivileged sidecar.",
  remediation: "Install Istio with the IstioMesh construct (cni chart, istiod values cni.enabled and pilot.cni.enabled true, global.proxy.privileged false).",
  check: (artifacts) => {
    const releases = helmReleases(artifacts);
    return artifacts.stacks.flatMap((stack) => {
      const own = releases.filter((release) => release.resource.stack === stack.name);
      const istiods = own.filter((release) => release.chart === "istiod");
      const findings: Violation[] = [];
      if (istiods.length === 0) {
        const meshed = objectsInGroup(artifacts, `stack:${stack.name}`, "Namespace").some((namespace) => labels(namespace.object)["istio-injection"] === "enabled");
        if (meshed) findings.push({ location: stack.name, resource: stack.name, message: "applies namespaces with istio-injection: enabled but installs no istiod with the CNI node agent" });
        return findings;
      }
      if (!own.some((release) => release.chart === "cni")) findings.push(violation(istiods[0].resource, "is installed without the Istio cni chart: injected pods would need the NET_ADMIN istio-init container"));
      for (const istiod of istiods) {
        const flags = [at(istiod.values, "cni", "enabled"), at(istiod.values, "pilot", "cni", "enabled")];
        if (!flags.includes(true) || flags.some((flag) => flag !== undefined && flag !== true)) {
          findings.push(violation(istiod.resource, `does not enable the CNI node agent (cni.enabled ${JSON.stringify(flags[0] ?? "unset")}, pilot.cni.enabled ${JSON.stringify(flags[1] ?? "unset")}): injected pods get istio-init with NET_ADMIN and NET_RAW`));
        }
        if (at(istiod.values, "global", "proxy", "privileged") === true) findings.push(violation(istiod.resource, "runs the sidecar privileged (global.proxy.privileged: true)"));
      }
      return findings;
    });
  },
};

export default rule;

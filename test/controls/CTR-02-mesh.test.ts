import { config, ENVIRONMENTS } from "../support/compute";
import { findingLines, transitivePrerequisites, weakened } from "../support/kubernetes";
import { editHelmValues, helmRelease, helmValues } from "../support/mesh";
import { removeResources, stackResources, synthesizedPlans } from "../support/plans";

const rule = "ctr-02-istio-cni";
const ISTIOD = "helm_release.istio_istiod_73BD7F9B";
/** What the ingress gateway waits for besides istiod: its namespace and the SecretProviderClass of its TLS files. */
const INGRESS_TLS = ["kubernetes_manifest.Namespace_istio-ingress", "kubernetes_manifest.SecretProviderClass_istio-ingress_ingress-tls"];

describe("CTR-02 no NET_ADMIN in meshed pods: Istio installed with its CNI node agent, pinned, from the environment's registry", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const registry = `${config(environment).accountId}.dkr.ecr.${config(environment).region}.amazonaws.com`;

    test("the workloads stack installs base, cni, istiod and the ingress gateway (1.29.3) and the policy-controller (0.10.7), each pinned, in order", () => {
      const releases = stackResources(plans, `${environment}-workloads`, "helm_release");
      expect(releases.map((release) => [release.values["name"], release.values["chart"], release.values["version"], release.values["namespace"], release.values["depends_on"] ?? []])).toEqual([
        ["policy-controller", "policy-controller", "0.10.7", "cosign-system", []],
        ["istio-base", "base", "1.29.3", "istio-system", []],
        ["istio-cni", "cni", "1.29.3", "istio-system", ["helm_release.istio_base_D5085DCB"]],
        ["istio-ingressgateway", "gateway", "1.29.3", "istio-ingress", [ISTIOD, ...INGRESS_TLS]],
        ["istiod", "istiod", "1.29.3", "istio-system", ["helm_release.istio_base_D5085DCB", "helm_release.istio_cni_7E07728C"]],
      ]);
      for (const release of releases) expect(release.values["atomic"]).toBe(true);
    });

    test("istiod: CNI on (no istio-init), the sidecar unprivileged, pinned by digest and sized, images from the environment's ECR", () => {
      const values = helmValues(helmRelease(plans, environment, "istiod"));
      const proxyImage = config(environment).cluster.meshProxyImage;
      expect(values.cni).toEqual({ enabled: true });
      expect(values.pilot).toEqual({ cni: { enabled: true } });
      expect(values.global).toEqual({
        hub: `${registry}/mcp/platform/istio`,
        tag: "1.29.3",
        proxy: { image: proxyImage, privileged: false, resources: { requests: { cpu: "200m", memory: "256Mi" }, limits: { cpu: "200m", memory: "256Mi" } } },
        proxy_init: { image: proxyImage },
        logAsJson: true,
      });
      expect(proxyImage).toMatch(new RegExp(`^${registry.replace(/\./g, "\\.")}/.+@sha256:[a-f0-9]{64}$`));
      expect(helmValues(helmRelease(plans, environment, "cni")).global).toEqual({ hub: `${registry}/mcp/platform/istio`, tag: "1.29.3", logAsJson: true });
    });

    test("every manifest waits for the mesh and the policy controller (no pod is created before the sidecar injector and the signature check exist)", () => {
      const releases = stackResources(plans, `${environment}-workloads`, "helm_release").map((release) => release.address);
      const manifests = stackResources(plans, `${environment}-workloads`, "kubernetes_manifest");
      const prerequisites = transitivePrerequisites(plans, environment);
      // Only the ingress namespace and the SecretProviderClass of the ingress gateway's TLS files come first: its pods mount it.
      expect(manifests.filter((manifest) => !releases.every((release) => prerequisites.get(manifest.address)!.has(release))).map((manifest) => manifest.address)).toEqual(INGRESS_TLS);
    });

    test("no finding of the Istio CNI rule", () => {
      expect(findingLines(plans, "CTR-02").filter((line) => line.startsWith(rule))).toEqual([]);
    });
  });

  describe("check reports CTR-02 when the real plan is weakened", () => {
    test("istiod's CNI flags are turned off, and the sidecar is privileged", () => {
      expect(
        weakened("CTR-02", (plans) =>
          editHelmValues(helmRelease(plans, "prod", "istiod"), (values) => {
            values.cni.enabled = false;
            values.global.proxy.privileged = true;
          })
        )
      ).toEqual([
        `${rule} mcp-prod-workloads ${ISTIOD}: does not enable the CNI node agent (cni.enabled false, pilot.cni.enabled true): injected pods get istio-init with NET_ADMIN and NET_RAW`,
        `${rule} mcp-prod-workloads ${ISTIOD}: runs the sidecar privileged (global.proxy.privileged: true)`,
      ]);
    });

    test("a --set override disables CNI after the values", () => {
      expect(weakened("CTR-02", (plans) => (helmRelease(plans, "prod", "istiod").values["set"] = [{ name: "pilot.cni.enabled", value: "false" }]))).toEqual([
        `${rule} mcp-prod-workloads ${ISTIOD}: does not enable the CNI node agent (cni.enabled true, pilot.cni.enabled "false"): injected pods get istio-init with NET_ADMIN and NET_RAW`,
      ]);
    });

    test("the cni chart is removed, or istiod altogether while namespaces still ask for injection", () => {
      expect(weakened("CTR-02", (plans) => removeResources(plans, "prod-workloads", "helm_release", (release) => release.values["chart"] === "cni"))).toEqual([
        `${rule} mcp-prod-workloads ${ISTIOD}: is installed without the Istio cni chart: injected pods would need the NET_ADMIN istio-init container`,
      ]);
      expect(weakened("CTR-02", (plans) => removeResources(plans, "prod-workloads", "helm_release", (release) => String(release.values["chart"]) !== "policy-controller"))).toEqual([
        `${rule} mcp-prod-workloads mcp-prod-workloads: applies namespaces with istio-injection: enabled but installs no istiod with the CNI node agent`,
      ]);
    });
  });
});

import { config, ENVIRONMENTS } from "../support/compute";
import { admit } from "../support/cel";
import { findingLines, MutableObject, removeYamlObjects, weakened, yamlObject, yamlObjects } from "../support/kubernetes";
import { helmRelease, helmValues } from "../support/mesh";
import { synthesizedPlans } from "../support/plans";

const ADMISSION = "prod/admission.yaml";
const rule = "ctr-00-admission-policies";
const POLICIES = ["mcp-restricted-pods", "mcp-trusted-images", "mcp-resource-limits", "mcp-dedicated-service-account", "mcp-namespace-labels"];
const ZONES = { matchExpressions: [{ key: "mcp.security/zone", operator: "In", values: ["mcp", "gateway", "identity"] }] };

/**
 * The containers and volumes Istio's sidecar injector adds with CNI on (injection template of the pinned version),
 * with the user volumes of `sidecar.istio.io/userVolume` and their mounts (JSON objects keyed by volume name).
 */
function inject(pod: MutableObject, proxyImage: string): MutableObject {
  const annotations = pod.metadata.annotations ?? {};
  const userVolumes = Object.entries(JSON.parse(annotations["sidecar.istio.io/userVolume"] ?? "{}") as Record<string, object>).map(([name, source]) => ({ name, ...source }));
  const userMounts = Object.entries(JSON.parse(annotations["sidecar.istio.io/userVolumeMount"] ?? "{}") as Record<string, object>).map(([name, mount]) => ({ name, ...mount }));
  const resources = {
    requests: { cpu: annotations["sidecar.istio.io/proxyCPU"], memory: annotations["sidecar.istio.io/proxyMemory"] },
    limits: { cpu: annotations["sidecar.istio.io/proxyCPULimit"], memory: annotations["sidecar.istio.io/proxyMemoryLimit"] },
  };
  const securityContext = { allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ["ALL"] }, readOnlyRootFilesystem: true, runAsGroup: 1337, runAsUser: 1337, runAsNonRoot: true };
  const copy = structuredClone(pod);
  copy.spec.initContainers = [...(copy.spec.initContainers ?? []), { name: "istio-validation", image: proxyImage, args: ["istio-iptables", "--run-validation", "--skip-rule-apply"], resources, securityContext }];
  copy.spec.containers = [...copy.spec.containers, { name: "istio-proxy", image: proxyImage, ports: [{ containerPort: 15090, protocol: "TCP", name: "http-envoy-prom" }], resources, securityContext, volumeMounts: userMounts }];
  copy.spec.volumes = [
    ...(copy.spec.volumes ?? []),
    { name: "workload-socket", emptyDir: {} },
    { name: "credential-socket", emptyDir: {} },
    { name: "workload-certs", emptyDir: {} },
    { name: "istio-envoy", emptyDir: { medium: "Memory" } },
    { name: "istio-data", emptyDir: {} },
    { name: "istio-podinfo", downwardAPI: { items: [{ path: "labels", fieldRef: { fieldPath: "metadata.labels" } }] } },
    { name: "istio-token", projected: { sources: [{ serviceAccountToken: { audience: "istio-ca", expirationSeconds: 43200, path: "istio-token" } }] } },
    { name: "istiod-ca-cert", configMap: { name: "istio-ca-root-cert" } },
    ...userVolumes,
  ];
  return copy;
}

/** The built-in plans the helpers below read: what they return is a copy of its own (`inject` and `policy` clone). */
const builtInPlans = synthesizedPlans();

/** The Pods an environment's Deployments in MCP, gateway and identity namespaces create, after Istio's injection. */
function admittedPods(environment: string): MutableObject[] {
  const plans = builtInPlans;
  const proxyImage = helmValues(helmRelease(plans, environment, "istiod")).global.proxy.image as string;
  const zoned = yamlObjects(plans, environment, "Namespace").filter((namespace) => ["mcp", "gateway", "identity"].includes(namespace.metadata.labels?.["mcp.security/zone"] ?? ""));
  return yamlObjects(plans, environment, "Deployment")
    .filter((deployment) => zoned.some((namespace) => namespace.metadata.name === deployment.metadata.namespace))
    .map((deployment) => inject({ apiVersion: "v1", kind: "Pod", metadata: { ...deployment.spec.template.metadata, name: deployment.metadata.name, namespace: deployment.metadata.namespace }, spec: deployment.spec.template.spec }, proxyImage));
}

/** The prod policy named `name`. */
function policy(name: string): MutableObject {
  return structuredClone(yamlObject(builtInPlans, "prod", `ValidatingAdmissionPolicy/${name}`));
}

/** The message of a policy's validation `index`. */
function message(name: string, index = 0): string {
  return policy(name).spec.validations[index].message as string;
}

/** The prod pod of `server` after injection, weakened by `edit`. */
function weakenedPod(server: string, edit: (pod: MutableObject) => void): MutableObject {
  const pod = structuredClone(admittedPods("prod").find((candidate) => candidate.metadata.namespace === server)!);
  edit(pod);
  return pod;
}

describe("CTR-00 admission policies (native ValidatingAdmissionPolicy, CEL) enforce the blueprint's pod rules for anything deployed later", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("five policies, failing closed, each bound with Deny; the pod policies match pods in the mcp, gateway and identity zones", () => {
      const policies = yamlObjects(plans, environment, "ValidatingAdmissionPolicy");
      expect(policies.map((candidate) => candidate.metadata.name)).toEqual(POLICIES);
      for (const candidate of policies) expect(candidate.spec.failurePolicy).toBe("Fail");
      for (const candidate of policies.slice(0, 4)) {
        expect(candidate.spec.matchConstraints).toEqual({
          namespaceSelector: ZONES,
          resourceRules: [{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["pods", "pods/ephemeralcontainers"] }],
        });
      }
      expect(policies[4].spec.matchConstraints).toEqual({ resourceRules: [{ apiGroups: [""], apiVersions: ["v1"], operations: ["UPDATE"], resources: ["namespaces"] }] });
      expect(yamlObjects(plans, environment, "ValidatingAdmissionPolicyBinding").map((binding) => [binding.metadata.name, binding.spec])).toEqual(
        POLICIES.map((name, index) => [name, { policyName: name, validationActions: ["Deny"], ...(index < 4 ? { matchResources: { namespaceSelector: ZONES } } : {}) }])
      );
      const registry = `${config(environment).accountId}.dkr.ecr.${config(environment).region}.amazonaws.com`;
      expect(yamlObject(plans, environment, "ValidatingAdmissionPolicy/mcp-trusted-images").spec.validations[0].expression).toContain(`c.image.startsWith('${registry}/')`);
    });

    test("every pod the blueprint's Deployments create, with Istio's sidecar injected, is admitted by every pod policy (evaluated with a real CEL engine)", () => {
      const pods = admittedPods(environment);
      expect(pods.map((pod) => pod.metadata.namespace)).toEqual(expect.arrayContaining(config(environment).mcpServers.map((server) => server.name).concat("mcp-gateway")));
      const github = pods.find((pod) => pod.metadata.namespace === "github-tools")!;
      expect(github.spec.volumes).toContainEqual({ name: "sidecar-config-0", configMap: { name: "egress-ca", defaultMode: 0o444 } });
      expect(github.spec.containers[1].volumeMounts).toEqual([{ name: "sidecar-config-0", mountPath: "/etc/istio/egress-ca", readOnly: true }]);
      for (const pod of pods) {
        for (const name of POLICIES.slice(0, 4)) expect([pod.metadata.namespace, name, admit(yamlObject(plans, environment, `ValidatingAdmissionPolicy/${name}`), pod)]).toEqual([pod.metadata.namespace, name, { applies: true, denials: [] }]);
      }
    });

    test("no finding of the admission policy rule", () => {
      expect(findingLines(plans, "CTR-00").filter((line) => line.startsWith(rule))).toEqual([]);
    });
  });

  describe("each CEL check denies the pod it exists for, and only that check fires", () => {
    const restricted = "mcp-restricted-pods";
    const cases: readonly [string, number, (pod: MutableObject) => void][] = [
      ["a container may run as root", 0, (pod) => (pod.spec.containers[0].securityContext.runAsNonRoot = false)],
      ["runAsNonRoot is set nowhere for the server container", 0, (pod) => { delete pod.spec.securityContext.runAsNonRoot; delete pod.spec.containers[0].securityContext.runAsNonRoot; }],
      ["the pod runs as UID 0", 1, (pod) => (pod.spec.securityContext.runAsUser = 0)],
      ["a container may escalate privileges", 2, (pod) => (pod.spec.containers[0].securityContext.allowPrivilegeEscalation = true)],
      ["a container is privileged", 2, (pod) => (pod.spec.containers[0].securityContext.privileged = true)],
      ["a container adds NET_ADMIN", 3, (pod) => (pod.spec.containers[0].securityContext.capabilities.add = ["NET_ADMIN"])],
      ["the sidecar keeps its capabilities", 3, (pod) => delete pod.spec.containers[1].securityContext.capabilities],
      ["a container is Unconfined by seccomp", 4, (pod) => (pod.spec.containers[0].securityContext.seccompProfile = { type: "Unconfined" })],
      ["the pod-level profile the sidecar inherits is removed", 4, (pod) => delete pod.spec.securityContext.seccompProfile],
      ["the root filesystem is writable", 5, (pod) => (pod.spec.containers[0].securityContext.readOnlyRootFilesystem = false)],
      ["the pod uses the node's network", 6, (pod) => (pod.spec.hostNetwork = true)],
      ["a container binds a host port", 6, (pod) => (pod.spec.containers[0].ports[0].hostPort = 8080)],
      ["a hostPath volume", 7, (pod) => pod.spec.volumes.push({ name: "host", hostPath: { path: "/" } })],
      ["an unbounded emptyDir that is not the mesh's", 7, (pod) => pod.spec.volumes.push({ name: "scratch", emptyDir: {} })],
      ["a Kubernetes Secret volume", 7, (pod) => pod.spec.volumes.push({ name: "token", secret: { secretName: "token" } })],
      ["an ephemeral debug container", 8, (pod) => (pod.spec.ephemeralContainers = [{ name: "debug", image: pod.spec.containers[0].image, targetContainerName: pod.spec.containers[0].name }])],
    ];

    test.each(cases)("%s", (_, index, edit) => {
      expect(admit(policy(restricted), weakenedPod("github-tools", edit))).toEqual({ applies: true, denials: [message(restricted, index)] });
    });

    test.each([
      ["an image by tag", (pod: MutableObject) => (pod.spec.containers[0].image = pod.spec.containers[0].image.replace(/@sha256:.*$/, ":latest"))],
      ["an image from Docker Hub, by digest", (pod: MutableObject) => (pod.spec.containers[0].image = pod.spec.containers[0].image.replace(/^[^/]+/, "docker.io"))],
      ["a look-alike registry host", (pod: MutableObject) => (pod.spec.containers[0].image = pod.spec.containers[0].image.replace(/^([^/]+)/, "$1.evil.example"))],
      ["an init container from elsewhere", (pod: MutableObject) => pod.spec.initContainers.push({ ...pod.spec.initContainers[0], name: "setup", image: "busybox@sha256:" + "0".repeat(64) })],
    ] as const)("trusted images: %s", (_, edit) => {
      expect(admit(policy("mcp-trusted-images"), weakenedPod("github-tools", edit))).toEqual({ applies: true, denials: [message("mcp-trusted-images")] });
    });

    test("resource limits: a container without a CPU limit, or without limits", () => {
      expect(admit(policy("mcp-resource-limits"), weakenedPod("docs-search", (pod) => delete pod.spec.containers[0].resources.limits.cpu))).toEqual({ applies: true, denials: [message("mcp-resource-limits")] });
      expect(admit(policy("mcp-resource-limits"), weakenedPod("docs-search", (pod) => delete pod.spec.containers[1].resources))).toEqual({ applies: true, denials: [message("mcp-resource-limits")] });
    });

    test("service account: the namespace's default account, or none named", () => {
      expect(admit(policy("mcp-dedicated-service-account"), weakenedPod("docs-search", (pod) => (pod.spec.serviceAccountName = "default")))).toEqual({ applies: true, denials: [message("mcp-dedicated-service-account")] });
      expect(admit(policy("mcp-dedicated-service-account"), weakenedPod("docs-search", (pod) => delete pod.spec.serviceAccountName))).toEqual({ applies: true, denials: [message("mcp-dedicated-service-account")] });
    });

    test("namespace labels: an MCP namespace cannot be relabelled out of its zone, image verification or Pod Security; other edits pass; other namespaces are not checked", () => {
      const labels = policy("mcp-namespace-labels");
      const namespace = yamlObject(synthesizedPlans(), "prod", "Namespace/github-tools");
      const edited = (edit: (labels: Record<string, string>) => void) => {
        const copy = structuredClone(namespace);
        edit(copy.metadata.labels!);
        return copy;
      };
      expect(admit(labels, edited((found) => delete found["mcp.security/zone"]), namespace)).toEqual({ applies: true, denials: [message("mcp-namespace-labels")] });
      expect(admit(labels, edited((found) => (found["policy.sigstore.dev/include"] = "false")), namespace)).toEqual({ applies: true, denials: [message("mcp-namespace-labels")] });
      expect(admit(labels, edited((found) => (found["pod-security.kubernetes.io/enforce"] = "privileged")), namespace)).toEqual({ applies: true, denials: [message("mcp-namespace-labels")] });
      expect(admit(labels, { ...namespace, metadata: { ...namespace.metadata, labels: undefined } }, namespace)).toEqual({ applies: true, denials: [message("mcp-namespace-labels")] });
      expect(admit(labels, edited((found) => (found["team"] = "devtools")), namespace)).toEqual({ applies: true, denials: [] });
      const plain = { apiVersion: "v1", kind: "Namespace", metadata: { name: "other", labels: { team: "a" } } };
      expect(admit(labels, { ...plain, metadata: { name: "other" } }, plain)).toEqual({ applies: false, denials: [] });
    });
  });

  describe("check reports CTR-00 when the real manifests are weakened", () => {
    test("a binding is removed, or only warns", () => {
      expect(weakened("CTR-00", (plans) => removeYamlObjects(plans, "prod", (object) => object.kind === "ValidatingAdmissionPolicyBinding" && object.metadata.name === "mcp-trusted-images"))).toEqual([
        `${rule} ${ADMISSION} ValidatingAdmissionPolicy/mcp-trusted-images: is not bound: no ValidatingAdmissionPolicyBinding names it, so it enforces nothing`,
      ]);
      expect(weakened("CTR-00", (plans) => (yamlObject(plans, "prod", "ValidatingAdmissionPolicyBinding/mcp-restricted-pods").spec.validationActions = ["Warn", "Audit"]))).toEqual([
        `${rule} ${ADMISSION} ValidatingAdmissionPolicy/mcp-restricted-pods: no binding of it denies (validationActions lacks Deny): violations are only warned about or audited`,
      ]);
    });

    test("a policy fails open, and a check is dropped from it", () => {
      expect(
        weakened("CTR-00", (plans) => {
          const restricted = yamlObject(plans, "prod", "ValidatingAdmissionPolicy/mcp-restricted-pods").spec;
          restricted.failurePolicy = "Ignore";
          restricted.validations = restricted.validations.filter((validation: { expression: string }) => !validation.expression.includes("seccompProfile"));
        })
      ).toEqual([
        `${rule} ${ADMISSION} ValidatingAdmissionPolicy/mcp-restricted-pods: failurePolicy is "Ignore": it fails open`,
        `${rule} ${ADMISSION} ValidatingAdmissionPolicy/mcp-restricted-pods: no validation checks seccompProfile`,
      ]);
    });

    test("the image policy trusts another registry, and the policy is deleted outright", () => {
      expect(
        weakened("CTR-00", (plans) => {
          const images = yamlObject(plans, "prod", "ValidatingAdmissionPolicy/mcp-trusted-images").spec.validations[0];
          images.expression = images.expression.replace(/startsWith\('[^']+'\)/, "startsWith('docker.io/')");
          removeYamlObjects(plans, "prod", (object) => object.kind === "ValidatingAdmissionPolicy" && object.metadata.name === "mcp-dedicated-service-account");
        })
      ).toEqual([
        `${rule} ${ADMISSION} ValidatingAdmissionPolicy/mcp-trusted-images: no validation checks '333333333333.dkr.ecr.eu-central-1.amazonaws.com/'`,
        `${rule} prod/gateway.yaml Namespace/mcp-gateway: no ValidatingAdmissionPolicy "mcp-dedicated-service-account" (no default service account) is deployed with it`,
      ]);
    });

    test("a binding selects the server zone only, leaving the gateway unchecked", () => {
      expect(weakened("CTR-00", (plans) => (yamlObject(plans, "prod", "ValidatingAdmissionPolicyBinding/mcp-resource-limits").spec.matchResources.namespaceSelector.matchExpressions[0].values = ["mcp"]))).toEqual([
        `${rule} ${ADMISSION} ValidatingAdmissionPolicyBinding/mcp-resource-limits: does not select the namespaces mcp-gateway`,
      ]);
    });
  });
});

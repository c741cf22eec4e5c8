import { ApiObject } from "cdk8s";
import { Construct } from "constructs";
import { standardLabels, ZONE_LABEL } from "./labels";

/** Names of the admission policies (and of their bindings). */
export const ADMISSION_POLICY_NAMES = {
  /** Restricted pod security, read-only root filesystem and writable paths only as size-limited emptyDirs. */
  restrictedPods: "mcp-restricted-pods",
  /** Images from the environment's registry, pinned by digest. */
  trustedImages: "mcp-trusted-images",
  /** CPU and memory limits on every container. */
  resourceLimits: "mcp-resource-limits",
  /** Never the namespace's `default` service account. */
  serviceAccounts: "mcp-dedicated-service-account",
  /** The labels that put a namespace under these policies cannot be changed or removed. */
  namespaceLabels: "mcp-namespace-labels",
} as const;

/**
 * The emptyDir volumes the Istio sidecar injector adds to every meshed pod, without a size limit: the SDS and
 * workload-identity sockets, the workload certificates, the Envoy bootstrap (memory-backed) and Envoy's scratch data.
 * The injection template hard-codes them, so they are the only emptyDirs admitted without `sizeLimit`.
 */
export const ISTIO_SIDECAR_VOLUMES: readonly string[] = ["workload-socket", "credential-socket", "workload-certs", "istio-envoy", "istio-data"];

/** Labels of a namespace that, once set, admission keeps: changing them would take the namespace out of its policies. */
export const LOCKED_NAMESPACE_LABELS: readonly string[] = [ZONE_LABEL, "pod-security.kubernetes.io/enforce", "istio-injection", "policy.sigstore.dev/include"];

/** The CSI driver whose volumes MCP pods may mount: the Secrets Store CSI driver. */
const SECRETS_STORE_DRIVER = "secrets-store.csi.k8s.io";

const REGISTRY = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]+)?$/;
const LABEL_KEY = /^([a-z0-9.-]+\/)?[A-Za-z0-9._-]+$/;
const VOLUME_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** One CEL check of an admission policy. */
export interface AdmissionValidation {
  readonly expression: string;
  /** Why a refused object is refused, and what to do. */
  readonly message: string;
}

/** Properties of {@link McpAdmissionPolicies}. */
export interface McpAdmissionPoliciesProps {
  /** The only registry images may come from, e.g. `111111111111.dkr.ecr.eu-central-1.amazonaws.com`. */
  readonly registry: string;
  /** Values of the `mcp.security/zone` namespace label the pod policies apply to. @default ["mcp", "gateway"] */
  readonly zones?: readonly string[];
  /** emptyDir volumes admitted without sizeLimit: the mesh's own. @default {@link ISTIO_SIDECAR_VOLUMES} */
  readonly meshVolumes?: readonly string[];
  /** Namespace labels kept once set. @default {@link LOCKED_NAMESPACE_LABELS} */
  readonly lockedNamespaceLabels?: readonly string[];
}

/** A CEL list literal of strings. */
function celList(values: readonly string[]): string {
  return `[${values.map((value) => `'${value}'`).join(", ")}]`;
}

/** Every container and init container of the admitted pod (one type, so the list concatenates). */
const CONTAINERS = { name: "containers", expression: "object.spec.containers + (has(object.spec.initContainers) ? object.spec.initContainers : [])" };

/** `has(c.securityContext) && has(c.securityContext.<field>)`. */
function hasContainerField(field: string): string {
  return `has(c.securityContext) && has(c.securityContext.${field})`;
}

/** `has(object.spec.securityContext) && has(object.spec.securityContext.<field>)`. */
function hasPodField(field: string): string {
  return `has(object.spec.securityContext) && has(object.spec.securityContext.${field})`;
}

/** The checks of the restricted-pods policy: Pod Security "restricted", read-only root, no debug containers, bounded volumes. */
function restrictedPodValidations(meshVolumes: readonly string[]): AdmissionValidation[] {
  const seccompTypes = "['RuntimeDefault', 'Localhost']";
  return [
    {
      expression: `variables.containers.all(c, ${hasContainerField("runAsNonRoot")} ? c.securityContext.runAsNonRoot == true : (${hasPodField("runAsNonRoot")} && object.spec.securityContext.runAsNonRoot == true))`,
      message: "every container must run with runAsNonRoot: true (set it on the pod or the container)",
    },
    {
      expression: `(!(${hasPodField("runAsUser")}) || object.spec.securityContext.runAsUser != 0) && variables.containers.all(c, !(${hasContainerField("runAsUser")}) || c.securityContext.runAsUser != 0)`,
      message: "no pod or container may run as UID 0",
    },
    {
      expression: `variables.containers.all(c, ${hasContainerField("allowPrivilegeEscalation")} && c.securityContext.allowPrivilegeEscalation == false && (!has(c.securityContext.privileged) || c.securityContext.privileged == false))`,
      message: "every container must set allowPrivilegeEscalation: false and must not be privileged",
    },
    {
      expression: `variables.containers.all(c, ${hasContainerField("capabilities")} && has(c.securityContext.capabilities.drop) && 'ALL' in c.securityContext.capabilities.drop && (!has(c.securityContext.capabilities.add) || c.securityContext.capabilities.add.all(a, a == 'NET_BIND_SERVICE')))`,
      message: "every container must drop ALL capabilities and add none but NET_BIND_SERVICE",
    },
    {
      expression: `variables.containers.all(c, ${hasContainerField("seccompProfile")} ? c.securityContext.seccompProfile.type in ${seccompTypes} : (${hasPodField("seccompProfile")} && object.spec.securityContext.seccompProfile.type in ${seccompTypes}))`,
      message: "every container must run with the RuntimeDefault or a Localhost seccomp profile (set it on the pod or the container), never Unconfined",
    },
    {
      expression: `variables.containers.all(c, ${hasContainerField("readOnlyRootFilesystem")} && c.securityContext.readOnlyRootFilesystem == true)`,
      message: "every container must set readOnlyRootFilesystem: true; mount writable paths as emptyDir volumes with a sizeLimit",
    },
    {
      expression:
        "!(has(object.spec.hostNetwork) && object.spec.hostNetwork) && !(has(object.spec.hostPID) && object.spec.hostPID) && !(has(object.spec.hostIPC) && object.spec.hostIPC) && variables.containers.all(c, !has(c.ports) || c.ports.all(p, !has(p.hostPort) || p.hostPort == 0))",
      message: "MCP pods may not use the node's network, PID or IPC namespace, or host ports",
    },
    {
      expression: `!has(object.spec.volumes) || object.spec.volumes.all(v, has(v.configMap) || has(v.downwardAPI) || has(v.projected) || (has(v.csi) && v.csi.driver == '${SECRETS_STORE_DRIVER}') || (has(v.emptyDir) && (has(v.emptyDir.sizeLimit) || v.name in ${celList(meshVolumes)})))`,
      message: `volumes may only be configMap, downwardAPI, projected, ${SECRETS_STORE_DRIVER} CSI, or emptyDir with a sizeLimit (the mesh's own ${meshVolumes.join(", ")} excepted): no hostPath, no PersistentVolumeClaim, no Kubernetes Secret`,
    },
    {
      expression: "!has(object.spec.ephemeralContainers) || size(object.spec.ephemeralContainers) == 0",
      message: "MCP pods take no ephemeral (debug) containers: they would run with the pod's mesh identity; debug a copy outside the MCP zone",
    },
  ];
}

/** The check of the trusted-images policy: the environment's registry, by digest. */
function trustedImageValidations(registry: string): AdmissionValidation[] {
  return [
    {
      expression: `variables.containers.all(c, c.image.startsWith('${registry}/') && c.image.matches('@sha256:[a-f0-9]{64}$'))`,
      message: `every image must come from ${registry} and be pinned by digest (<repository>@sha256:<digest>), never a tag`,
    },
  ];
}

/**
 * The cluster's admission policies for MCP namespaces (CTR-00..CTR-04, MSH-01, PROV-01, ISO-02): native
 * ValidatingAdmissionPolicies in CEL, each with a binding that denies (never only warns) in every namespace labelled
 * `mcp.security/zone` in the given zones, failing closed. They enforce, for anything deployed later by any means, what
 * the blueprint's own constructs generate:
 * - `mcp-restricted-pods`: runAsNonRoot and no UID 0, no privilege escalation or privileged containers, ALL capabilities
 *   dropped, seccomp RuntimeDefault/Localhost, read-only root filesystem, no host namespaces or ports, only bounded or
 *   read-only volumes (the sidecar's own emptyDirs by name), no ephemeral containers;
 * - `mcp-trusted-images`: every image from the environment's registry, pinned by digest;
 * - `mcp-resource-limits`: CPU and memory limits on every container (the namespace's ResourceQuota caps ephemeral
 *   storage: the injected sidecar declares none);
 * - `mcp-dedicated-service-account`: never the namespace's `default` service account;
 * - `mcp-namespace-labels`: once a namespace carries the zone label, its zone, Pod Security level, mesh injection and
 *   image-verification labels can no longer be changed or removed, so nobody relabels a namespace out of these policies.
 * Pods are checked after mutation, so injected sidecars are checked too.
 */
export class McpAdmissionPolicies extends Construct {
  /** Each policy, by name. */
  readonly policies: ReadonlyMap<string, ApiObject>;
  /** Each binding, by the name of its policy. */
  readonly bindings: ReadonlyMap<string, ApiObject>;

  constructor(scope: Construct, id: string, props: McpAdmissionPoliciesProps) {
    super(scope, id);
    if (!REGISTRY.test(props.registry)) throw new Error(`McpAdmissionPolicies: registry "${props.registry}" is not a registry host name such as 111111111111.dkr.ecr.eu-central-1.amazonaws.com`);
    const zones = props.zones ?? ["mcp", "gateway"];
    if (zones.length === 0) throw new Error("McpAdmissionPolicies: zones is empty; name the mcp.security/zone values the policies apply to");
    const meshVolumes = props.meshVolumes ?? ISTIO_SIDECAR_VOLUMES;
    const bad = meshVolumes.find((name) => !VOLUME_NAME.test(name));
    if (bad !== undefined) throw new Error(`McpAdmissionPolicies: meshVolumes entry "${bad}" is not a volume name`);
    const locked = props.lockedNamespaceLabels ?? LOCKED_NAMESPACE_LABELS;
    const badKey = locked.find((key) => !LABEL_KEY.test(key));
    if (badKey !== undefined) throw new Error(`McpAdmissionPolicies: lockedNamespaceLabels entry "${badKey}" is not a label key`);

    const labels = standardLabels("mcp-admission");
    const namespaceSelector = { matchExpressions: [{ key: ZONE_LABEL, operator: "In", values: [...zones] }] };
    const pods = { apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["pods", "pods/ephemeralcontainers"] };
    const policies = new Map<string, ApiObject>();
    const bindings = new Map<string, ApiObject>();
    const add = (name: string, spec: Record<string, unknown>, matchResources: Record<string, unknown> | undefined) => {
      policies.set(name, new ApiObject(this, `${name}-policy`, { apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingAdmissionPolicy", metadata: { name, labels }, spec: { failurePolicy: "Fail", ...spec } }));
      bindings.set(
        name,
        new ApiObject(this, `${name}-binding`, {
          apiVersion: "admissionregistration.k8s.io/v1",
          kind: "ValidatingAdmissionPolicyBinding",
          metadata: { name, labels },
          spec: { policyName: name, validationActions: ["Deny"], ...(matchResources ? { matchResources } : {}) },
        })
      );
    };
    const podPolicy = (validations: AdmissionValidation[]) => ({
      matchConstraints: { namespaceSelector, resourceRules: [pods] },
      variables: [CONTAINERS],
      validations: validations.map((validation) => ({ ...validation, reason: "Forbidden" })),
    });
    add(ADMISSION_POLICY_NAMES.restrictedPods, podPolicy(restrictedPodValidations(meshVolumes)), { namespaceSelector });
    add(ADMISSION_POLICY_NAMES.trustedImages, podPolicy(trustedImageValidations(props.registry)), { namespaceSelector });
    add(
      ADMISSION_POLICY_NAMES.resourceLimits,
      podPolicy([
        {
          expression: "variables.containers.all(c, has(c.resources) && has(c.resources.limits) && 'cpu' in c.resources.limits && 'memory' in c.resources.limits)",
          message: "every container must declare CPU and memory limits",
        },
      ]),
      { namespaceSelector }
    );
    add(
      ADMISSION_POLICY_NAMES.serviceAccounts,
      {
        matchConstraints: { namespaceSelector, resourceRules: [pods] },
        validations: [
          {
            expression: "has(object.spec.serviceAccountName) && object.spec.serviceAccountName != 'default'",
            message: "MCP pods must run as their workload's own service account, never the namespace's default one",
            reason: "Forbidden",
          },
        ],
      },
      { namespaceSelector }
    );
    add(
      ADMISSION_POLICY_NAMES.namespaceLabels,
      {
        matchConstraints: { resourceRules: [{ apiGroups: [""], apiVersions: ["v1"], operations: ["UPDATE"], resources: ["namespaces"] }] },
        matchConditions: [{ name: "was-mcp-namespace", expression: `has(oldObject.metadata.labels) && '${ZONE_LABEL}' in oldObject.metadata.labels` }],
        variables: [{ name: "locked", expression: celList(locked) }],
        validations: [
          {
            expression: "variables.locked.all(k, !(k in oldObject.metadata.labels) || (has(object.metadata.labels) && k in object.metadata.labels && object.metadata.labels[k] == oldObject.metadata.labels[k]))",
            message: `the labels ${locked.join(", ")} of an MCP namespace cannot be changed or removed: they put it under the MCP admission, Pod Security, mesh and image-signature policies`,
            reason: "Forbidden",
          },
        ],
      },
      undefined
    );
    this.policies = policies;
    this.bindings = bindings;
  }
}

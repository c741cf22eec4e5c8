/**
 * The Terraform stack `mcp-<env>-workloads`: applies an environment's Kubernetes objects (the same objects as
 * `dist/k8s/<env>/`) to its EKS cluster, `cdktf deploy mcp-<env>-workloads`, after `mcp-<env>` created the cluster.
 */
import { Construct } from "constructs";
import { Fn, TerraformResource, TerraformStack } from "cdktf";
import { DataAwsEksCluster } from "@cdktf/provider-aws/lib/data-aws-eks-cluster";
import { DataAwsEksClusterAuth } from "@cdktf/provider-aws/lib/data-aws-eks-cluster-auth";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesManifest } from "../constructs/kubernetes-manifest";
import { addPolicyException } from "../constructs/policy-exception";
import { EnvironmentConfig } from "../environments/schema";
import { EXCEPTIONS_ANNOTATION } from "../policies/engine";
import { kubernetesAddress } from "../policies/kubernetes";
import { KubernetesObject } from "../policies/types";
import { ingressTls } from "./ingress-tls";
import { INGRESS_GATEWAY } from "./mesh";
import { installMesh } from "./mesh-install";
import { addStackFoundation } from "./stack-foundation";

/** The name of an environment's workloads stack: `mcp-<env>-workloads`. */
export function workloadsStackName(environment: EnvironmentConfig): string {
  return `mcp-${environment.name}-workloads`;
}

/** The field manager the stack applies objects as (server-side apply). */
export const FIELD_MANAGER = "mcp-hardening";

/** Kinds whose objects run pods: created last, once the namespace's policies, quota and accounts exist. */
const WORKLOAD_KINDS: readonly string[] = ["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob"];

/** Properties of an {@link McpWorkloadsStack}. */
export interface McpWorkloadsStackProps {
  /** The environment's infrastructure stack, which creates the cluster: deployed first. */
  readonly environmentStack: TerraformStack;
  /** The objects to apply, in order. */
  readonly objects: readonly KubernetesObject[];
}

/**
 * A string as Terraform JSON carries it literally: `${` and `%{` would otherwise start an interpolation or a
 * template directive.
 */
function literal(value: unknown): unknown {
  if (typeof value === "string") return value.includes("{") ? value.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{") : value;
  if (Array.isArray(value)) return value.map(literal);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([key, entry]) => [literal(key) as string, literal(entry)]));
  return value;
}

/** The Terraform resource name of an object: `<kind>_<namespace>_<name>`, Terraform-safe. */
function resourceId(object: KubernetesObject): string {
  const { namespace, name } = object.metadata;
  return [object.kind, ...(namespace ? [namespace] : []), name].join("_").replace(/[^A-Za-z0-9_-]/g, "_");
}

/** The ordering tier of an object: other cluster-scoped objects, then Namespaces, then namespaced configuration, then workloads. */
function tier(object: KubernetesObject): number {
  if (!object.metadata.namespace) return object.kind === "Namespace" ? 1 : 0;
  return WORKLOAD_KINDS.includes(object.kind) ? 3 : 2;
}

/**
 * Applies an environment's Kubernetes objects with the Terraform kubernetes provider, one `kubernetes_manifest`
 * per object (server-side apply), in its own account and state like every stack of the environment. The provider
 * reaches the cluster `mcp-<env>` through its private endpoint with a short-lived token from `aws_eks_cluster_auth`
 * (a data source: never written to state as an output). Order: first the ingress namespace and the SecretProviderClass
 * of the ingress gateway's TLS files (its pods mount it when they start); then, with Helm, the mesh (Istio with its CNI
 * node agent and ingress gateway) and the image policy controller (see stacks/mesh-install.ts); then cluster-scoped objects (admission
 * policies first, then Namespaces); then each namespace's configuration (NetworkPolicies, quota, accounts, secret
 * classes); then its workloads. So no pod is created before the sidecar injector, the signature check and the
 * admission policies exist and its namespace is isolated and limited (see {@link prerequisites}).
 *
 * `kubernetes_manifest` reads the cluster's API schema at plan time: plan and deploy run where the private
 * endpoint is reachable (the bastion, or CI in the VPC), and custom resources (SecretProviderClass, Istio's and
 * sigstore's kinds) need their CRDs installed first: the Secrets Store CSI driver and its AWS provider, and on a new
 * cluster a first apply limited to the Helm releases (`terraform apply -target=helm_release.<name>` in the stack's directory).
 */
export class McpWorkloadsStack extends TerraformStack {
  /** Each object's `kubernetes_manifest`, by `Kind/namespace/name`. */
  readonly manifests: ReadonlyMap<string, KubernetesManifest>;

  constructor(scope: Construct, readonly environment: EnvironmentConfig, props: McpWorkloadsStackProps) {
    const name = workloadsStackName(environment);
    super(scope, name);
    addStackFoundation(this, environment, name);
    this.addDependency(props.environmentStack);

    const clusterName = `mcp-${environment.name}`;
    const cluster = new DataAwsEksCluster(this, "cluster", { name: clusterName });
    const auth = new DataAwsEksClusterAuth(this, "cluster-auth", { name: clusterName });
    new KubernetesProvider(this, "kubernetes", {
      host: cluster.endpoint,
      clusterCaCertificate: Fn.base64decode(cluster.certificateAuthority.get(0).data),
      token: auth.token,
    });
    new HelmProvider(this, "helm", {
      kubernetes: { host: cluster.endpoint, clusterCaCertificate: Fn.base64decode(cluster.certificateAuthority.get(0).data), token: auth.token },
    });
    const manifests = new Map<string, KubernetesManifest>();
    const apply = (object: KubernetesObject): KubernetesManifest => {
      const address = kubernetesAddress(object);
      if (manifests.has(address)) throw new Error(`${name}: two objects are ${address}; every Kubernetes object needs its own kind, namespace and name`);
      const manifest = new KubernetesManifest(this, resourceId(object), { manifest: literal(object) as Record<string, unknown>, fieldManager: { name: FIELD_MANAGER, forceConflicts: false } });
      for (const exception of recordedExceptions(object)) addPolicyException(manifest, exception);
      manifests.set(address, manifest);
      return manifest;
    };
    const tls = ingressTls(environment);
    const secretClass = props.objects.find((object) => kubernetesAddress(object) === `SecretProviderClass/${INGRESS_GATEWAY.namespace}/${tls.secretProviderClass}`);
    const ingressNamespace = secretClass && props.objects.find((object) => kubernetesAddress(object) === `Namespace/${INGRESS_GATEWAY.namespace}`);
    const beforeMesh = ingressNamespace === undefined || secretClass === undefined ? [] : [ingressNamespace, secretClass];
    const ingressObjects = beforeMesh.map(apply);
    ingressObjects.slice(1).forEach((manifest) => (manifest.dependsOn = ingressObjects.slice(0, 1).map(terraformAddress)));
    const platform = installMesh(this, environment, ingressObjects.length > 0 ? { secretProviderClass: tls.secretProviderClass, mountPath: tls.mountPath, dependsOn: ingressObjects } : undefined);

    const clusterWide: KubernetesManifest[] = [];
    const namespaces = new Map<string, KubernetesManifest>();
    const configuration = new Map<string, KubernetesManifest[]>();
    const rest = props.objects.filter((object) => !beforeMesh.includes(object));
    const ordered = rest.map((object, index) => ({ object, index })).sort((a, b) => tier(a.object) - tier(b.object) || a.index - b.index);
    for (const { object } of ordered) {
      const namespace = object.metadata.namespace;
      const own = namespace === undefined ? undefined : namespaces.get(namespace);
      const manifest = apply(object);
      manifest.dependsOn = prerequisites(tier(object), { platform, clusterWide, namespace: own, configuration: namespace === undefined ? [] : (configuration.get(namespace) ?? []) }).map(terraformAddress);
      if (tier(object) === 0) clusterWide.push(manifest);
      else if (tier(object) === 1) namespaces.set(object.metadata.name, manifest);
      else if (tier(object) === 2 && namespace !== undefined) configuration.set(namespace, [...(configuration.get(namespace) ?? []), manifest]);
    }
    this.manifests = manifests;
  }
}

/**
 * The `depends_on` entry of a resource of this stack: its address, `<type>.<logical ID>`, written as text. A
 * `dependable()` token would resolve to the same text, but each of the thousands of entries would build a reference
 * (with a captured stack trace) when the stack is synthesized.
 */
function terraformAddress(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}

/** What an object of a tier waits for, before it is applied. */
interface Earlier {
  /** The Helm releases of the mesh and the image policy controller. */
  readonly platform: readonly TerraformResource[];
  /** The cluster-scoped objects other than Namespaces (admission policies, priority classes, ...). */
  readonly clusterWide: readonly KubernetesManifest[];
  /** The object's own Namespace, when the blueprint creates it. */
  readonly namespace: KubernetesManifest | undefined;
  /** The configuration objects of the object's namespace. */
  readonly configuration: readonly KubernetesManifest[];
}

/**
 * The direct prerequisites of an object; the rest follow through them. Cluster-wide objects wait for the platform;
 * a Namespace for the cluster-wide objects (so admission policies exist before anything can run in it); namespaced
 * configuration for its Namespace; workloads for their namespace's configuration. Each object names a handful of
 * others, so the plan grows linearly with the number of servers. A namespace the blueprint does not create (one a
 * Helm release owns) counts as part of the platform.
 */
function prerequisites(objectTier: number, earlier: Earlier): TerraformResource[] {
  const namespace = earlier.namespace === undefined ? [...earlier.platform, ...earlier.clusterWide] : [earlier.namespace];
  if (objectTier === 0) return [...earlier.platform];
  if (objectTier === 1) return [...earlier.platform, ...earlier.clusterWide];
  if (objectTier === 2) return namespace;
  return earlier.configuration.length > 0 ? [...earlier.configuration] : namespace;
}

/** The exceptions an object's annotation records, mirrored on its Terraform resource so both artifacts agree. */
function recordedExceptions(object: KubernetesObject): { rule: string; justification: string }[] {
  const annotation = object.metadata.annotations?.[EXCEPTIONS_ANNOTATION];
  return annotation === undefined ? [] : (JSON.parse(annotation) as { rule: string; justification: string }[]);
}

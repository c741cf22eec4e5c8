/**
 * The Terraform stack `mcp-<env>-workloads`: applies an environment's Kubernetes objects (the same objects as
 * `dist/k8s/<env>/`) to its EKS cluster, `cdktf deploy mcp-<env>-workloads`, after `mcp-<env>` created the cluster.
 */
import { Construct } from "constructs";
import { Fn, TerraformStack } from "cdktf";
import { DataAwsEksCluster } from "@cdktf/provider-aws/lib/data-aws-eks-cluster";
import { DataAwsEksClusterAuth } from "@cdktf/provider-aws/lib/data-aws-eks-cluster-auth";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { addPolicyException } from "../constructs/policy-exception";
import { EnvironmentConfig } from "../environments/schema";
import { EXCEPTIONS_ANNOTATION, kubernetesAddress } from "../policies/engine";
import { KubernetesObject } from "../policies/types";
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
  if (typeof value === "string") return value.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
  if (Array.isArray(value)) return value.map(literal);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([key, entry]) => [literal(key) as string, literal(entry)]));
  return value;
}

/** The Terraform resource name of an object: `<kind>_<namespace>_<name>`, Terraform-safe. */
function resourceId(object: KubernetesObject): string {
  const { namespace, name } = object.metadata;
  return [object.kind, ...(namespace ? [namespace] : []), name].join("_").replace(/[^A-Za-z0-9_-]/g, "_");
}

/** The ordering tier of an object: cluster-scoped first, then namespaced configuration, then workloads. */
function tier(object: KubernetesObject): number {
  if (!object.metadata.namespace) return 0;
  return WORKLOAD_KINDS.includes(object.kind) ? 2 : 1;
}

/**
 * Applies an environment's Kubernetes objects with the Terraform kubernetes provider, one `kubernetes_manifest`
 * per object (server-side apply), in its own account and state like every stack of the environment. The provider
 * reaches the cluster `mcp-<env>` through its private endpoint with a short-lived token from `aws_eks_cluster_auth`
 * (a data source: never written to state as an output). Order: cluster-scoped objects, then each namespace's
 * configuration (NetworkPolicies, quota, accounts, secret classes) once its Namespace and the cluster-wide objects
 * exist, then its workloads, so no pod ever starts before its namespace is isolated and limited. An object depends
 * only on its own namespace and the cluster-wide objects, so the plan grows linearly with the number of servers.
 *
 * `kubernetes_manifest` reads the cluster's API schema at plan time: plan and deploy run where the private
 * endpoint is reachable (the bastion, or CI in the VPC), and custom resources (SecretProviderClass) need their
 * CRDs installed first (the Secrets Store CSI driver and its AWS provider).
 */
export class McpWorkloadsStack extends TerraformStack {
  /** Each object's `kubernetes_manifest`, by `Kind/namespace/name`. */
  readonly manifests: ReadonlyMap<string, Manifest>;

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

    const manifests = new Map<string, Manifest>();
    const clusterWide: Manifest[] = [];
    const namespaces = new Map<string, Manifest>();
    const configuration = new Map<string, Manifest[]>();
    const ordered = [...props.objects].map((object, index) => ({ object, index })).sort((a, b) => tier(a.object) - tier(b.object) || a.index - b.index);
    for (const { object } of ordered) {
      const address = kubernetesAddress(object);
      if (manifests.has(address)) throw new Error(`${name}: two objects are ${address}; every Kubernetes object needs its own kind, namespace and name`);
      const namespace = object.metadata.namespace;
      const before = namespace === undefined ? [] : [...clusterWide, ...optional(namespaces.get(namespace)), ...(tier(object) === 2 ? (configuration.get(namespace) ?? []) : [])];
      const manifest = new Manifest(this, resourceId(object), {
        manifest: literal(object) as Record<string, unknown>,
        fieldManager: { name: FIELD_MANAGER, forceConflicts: false },
        dependsOn: before,
      });
      for (const exception of recordedExceptions(object)) addPolicyException(manifest, exception);
      manifests.set(address, manifest);
      if (namespace !== undefined) {
        if (tier(object) === 1) configuration.set(namespace, [...(configuration.get(namespace) ?? []), manifest]);
      } else if (object.kind === "Namespace") namespaces.set(object.metadata.name, manifest);
      else clusterWide.push(manifest);
    }
    this.manifests = manifests;
  }
}

/** A list of the value, or an empty list when there is none. */
function optional<T>(value: T | undefined): T[] {
  return value === undefined ? [] : [value];
}

/** The exceptions an object's annotation records, mirrored on its Terraform resource so both artifacts agree. */
function recordedExceptions(object: KubernetesObject): { rule: string; justification: string }[] {
  const annotation = object.metadata.annotations?.[EXCEPTIONS_ANNOTATION];
  return annotation === undefined ? [] : (JSON.parse(annotation) as { rule: string; justification: string }[]);
}

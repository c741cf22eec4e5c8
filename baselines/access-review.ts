/**
 * The scheduled access review baseline (OPS-04): the names the CronJob, its RBAC, its Keycloak client and its log
 * lines share with the rule that proves them (ops-04-scheduled-access-review), and the contract between the synthesis
 * and the job (review/access-review-job.ts): its settings and what the synthesized output approves.
 */

/** Namespace, service account, CronJob, ClusterRole and ClusterRoleBinding of the scheduled access review. */
export const ACCESS_REVIEW_NAME = "mcp-access-review";

/** The Keycloak client the review reads the live realm as, in the generated realm. */
export const ACCESS_REVIEW_CLIENT_ID = "mcp-access-review";

/** The API server the review reads: the cluster's own, from inside it. */
export const ACCESS_REVIEW_KUBERNETES_URL = "https://kubernetes.default.svc";

/** What the review's service account may do: get and list RBAC objects, nothing else. */
export const ACCESS_REVIEW_RBAC_RULE = { apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "clusterroles", "rolebindings", "clusterrolebindings"], verbs: ["get", "list"] } as const;

/** The `realm-management` roles of the review client's service account: read the realm, its clients and users. */
export const ACCESS_REVIEW_REALM_ROLES: readonly string[] = ["view-clients", "view-realm", "view-users"];

/**
 * The admin API paths the review reads, as Istio path templates (`{*}`: one path segment), which the mesh admits with
 * GET and nothing else: the realm, its clients, the default role's composites, its users, each service account user,
 * each user's role mappings and effective `realm-management` roles. Never a client's secret
 * (`/clients/{id}/client-secret`) or any other admin endpoint.
 */
export function accessReviewAdminPaths(realm: string): string[] {
  const base = `/admin/realms/${realm}`;
  return [base, `${base}/clients`, `${base}/roles-by-id/{*}/composites`, `${base}/users`, `${base}/clients/{*}/service-account-user`, `${base}/users/{*}/role-mappings`, `${base}/users/{*}/role-mappings/clients/{*}/composite`];
}

/** The field of the review's JSON log lines: `finding`, `error` or `summary`. */
export const ACCESS_REVIEW_LOG_FIELD = "accessReview";

/** The log lines that page: a finding, or a run that could not review (the job's JSON lines, merged by the log shipper). */
export const ACCESS_REVIEW_ALARM_PATTERN = `{ ($.kubernetes.namespace_name = "${ACCESS_REVIEW_NAME}") && (($.${ACCESS_REVIEW_LOG_FIELD} = "finding") || ($.${ACCESS_REVIEW_LOG_FIELD} = "error")) }`;

/** The review's heartbeat: the summary line a run that completed writes. */
export const ACCESS_REVIEW_HEARTBEAT_PATTERN = `{ ($.kubernetes.namespace_name = "${ACCESS_REVIEW_NAME}") && ($.${ACCESS_REVIEW_LOG_FIELD} = "summary") }`;

/** Hours without a summary line that page: the daily schedule and an hour's margin. */
export const ACCESS_REVIEW_HEARTBEAT_HOURS = 25;

/** The RBAC kinds the review reads. */
export const RBAC_KINDS = ["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"] as const;

/** A Kubernetes object as synthesized or as the API lists it (policies/types.ts's KubernetesObject, structurally). */
export interface ReviewedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
  readonly [key: string]: unknown;
}

/** A binding the platform owns, exactly: its address, the role it binds and its subjects (policies/rbac-grants.ts's forms). */
export interface PlatformBinding {
  /** `ClusterRoleBinding/<name>` or `RoleBinding/<namespace>/<name>`. */
  readonly binding: string;
  /** `ClusterRole/<name>` or `Role/<namespace>/<name>`. */
  readonly role: string;
  /** `Group/<name>`, `User/<name>`, `ServiceAccount/<namespace>/<name>`, in any order. */
  readonly subjects: readonly string[];
}

/**
 * RBAC the platform (Kubernetes, EKS, its add-ons, the Helm releases the blueprint installs, the README's
 * prerequisites) owns, which the review skips. Helm's release annotations are not proof of ownership (anyone who may
 * create a binding may set them): the platform's bindings are matched by name prefix and namespace for Kubernetes' and
 * EKS's own, granting only to the platform's own narrow subjects, and exactly (name, role and subjects) for the rest.
 */
export interface PlatformRbac {
  /** Binding name prefixes of Kubernetes' and EKS's own RBAC: `system:`, `eks:`. */
  readonly namePrefixes: readonly string[];
  /** Namespaces whose RBAC is the platform's, e.g. `kube-system`. */
  readonly namespaces: readonly string[];
  /**
   * Namespaces whose service accounts are the platform's too (e.g. `istio-system`): a platform-named binding is skipped
   * only when every subject is the platform's: a service account of these or the platform's namespaces (also as the
   * `system:serviceaccount:<ns>:<name>` user or the `system:serviceaccounts:<ns>` group), or a `system:`/`eks:` user or
   * group that is not one of {@link BROAD_SYSTEM_SUBJECTS}; so naming a binding `system:…` hides no grant to anyone else.
   */
  readonly subjectNamespaces: readonly string[];
  /**
   * The platform's bindings matched exactly (address, role, subjects): Kubernetes' bootstrap bindings of broad groups
   * (skipped only while their role has no problem), `cluster-admin`, the VPC CNI's, the Helm releases' and the Secrets
   * Store CSI driver's and its AWS provider's.
   */
  readonly bindings: readonly PlatformBinding[];
}

/** Subjects that are everyone (or every service account): never the platform's own, except in an exact platform binding. */
export const BROAD_SYSTEM_SUBJECTS: readonly string[] = ["Group/system:authenticated", "Group/system:unauthenticated", "Group/system:serviceaccounts", "Group/system:anonymous", "User/system:anonymous"];

const clusterBinding = (name: string, role: string, subjects: readonly string[]): PlatformBinding => ({ binding: `ClusterRoleBinding/${name}`, role: `ClusterRole/${role}`, subjects });
const serviceAccount = (namespace: string, name: string) => `ServiceAccount/${namespace}/${name}`;

/**
 * The platform RBAC of every environment: Kubernetes' and EKS's own (`system:*`, `eks:*`, the kube-* namespaces),
 * Kubernetes' bootstrap bindings of broad groups and of `system:masters`, EKS's add-on manager's, the VPC CNI add-on's,
 * the Helm releases the workloads stack installs (Istio 1.29 base, cni, istiod and the ingress gateway in
 * `istio-system`/`istio-ingress`, the sigstore policy-controller in `cosign-system`) and the README's prerequisites,
 * the Secrets Store CSI driver (chart `secrets-store-csi-driver`) and its AWS provider (chart
 * `secrets-store-csi-driver-provider-aws`), both in `kube-system`.
 */
export const PLATFORM_RBAC: PlatformRbac = {
  namePrefixes: ["system:", "eks:"],
  namespaces: ["kube-system", "kube-public", "kube-node-lease"],
  subjectNamespaces: ["istio-system", "istio-ingress", "cosign-system"],
  bindings: [
    clusterBinding("cluster-admin", "cluster-admin", ["Group/system:masters"]),
    clusterBinding("eks:addon-cluster-admin", "cluster-admin", ["User/eks:addon-manager"]),
    clusterBinding("system:basic-user", "system:basic-user", ["Group/system:authenticated"]),
    clusterBinding("system:discovery", "system:discovery", ["Group/system:authenticated"]),
    clusterBinding("system:public-info-viewer", "system:public-info-viewer", ["Group/system:authenticated", "Group/system:unauthenticated"]),
    clusterBinding("system:service-account-issuer-discovery", "system:service-account-issuer-discovery", ["Group/system:serviceaccounts"]),
    clusterBinding("aws-node", "aws-node", [serviceAccount("kube-system", "aws-node")]),
    clusterBinding("istio-reader-clusterrole-istio-system", "istio-reader-clusterrole-istio-system", [serviceAccount("istio-system", "istio-reader-service-account")]),
    clusterBinding("istiod-clusterrole-istio-system", "istiod-clusterrole-istio-system", [serviceAccount("istio-system", "istiod")]),
    clusterBinding("istiod-gateway-controller-istio-system", "istiod-gateway-controller-istio-system", [serviceAccount("istio-system", "istiod")]),
    clusterBinding("istio-cni", "istio-cni", [serviceAccount("istio-system", "istio-cni")]),
    clusterBinding("istio-cni-repair-rolebinding", "istio-cni-repair-role", [serviceAccount("istio-system", "istio-cni")]),
    clusterBinding("policy-controller-webhook", "policy-controller-webhook", [serviceAccount("cosign-system", "policy-controller-webhook")]),
    clusterBinding("secretproviderclasses-rolebinding", "secretproviderclasses-role", [serviceAccount("kube-system", "secrets-store-csi-driver")]),
    clusterBinding("secretprovidersyncing-rolebinding", "secretprovidersyncing-role", [serviceAccount("kube-system", "secrets-store-csi-driver")]),
    clusterBinding("secretproviderrotation-rolebinding", "secretproviderrotation-role", [serviceAccount("kube-system", "secrets-store-csi-driver")]),
    clusterBinding("secretprovidertokenrequest-rolebinding", "secretprovidertokenrequest-role", [serviceAccount("kube-system", "secrets-store-csi-driver")]),
    clusterBinding("csi-secrets-store-provider-aws-cluster-rolebinding", "csi-secrets-store-provider-aws-cluster-role", [serviceAccount("kube-system", "csi-secrets-store-provider-aws")]),
  ],
};

/** What the synthesized output approves: written at synthesis into the job's ConfigMap (`approved.json`). */
export interface ApprovedAccess {
  readonly environment: string;
  /** The Roles, ClusterRoles, RoleBindings and ClusterRoleBindings of the environment's manifests. */
  readonly rbac: readonly ReviewedObject[];
  readonly platform: PlatformRbac;
  /** The generated realm (a RealmRepresentation), when the environment deploys Keycloak. */
  readonly realm?: Record<string, unknown>;
}

/** The job's settings (`settings.json` in its ConfigMap); file paths point into the job's mounts. */
export interface AccessReviewJobSettings {
  /** The approved access (ApprovedAccess as JSON). */
  readonly approvedFile: string;
  /** The Kubernetes API's base URL, e.g. `https://kubernetes.default.svc`. */
  readonly kubernetesUrl: string;
  /** The service account token file. */
  readonly kubernetesTokenFile: string;
  /** The cluster's CA bundle. @default none: plain HTTP (a test server) */
  readonly kubernetesCaFile?: string;
  /** Keycloak, when the environment deploys it. @default none: RBAC only */
  readonly keycloak?: {
    /** Keycloak's base URL inside the cluster, e.g. `http://keycloak.keycloak.svc.cluster.local:8080`. */
    readonly url: string;
    /** The realm's public issuer: the audience of the client assertion, and the origin of DPoP's `htu`. */
    readonly issuer: string;
    readonly clientId: string;
    /** The client's private key, a JWK (EC P-256), mounted from Secrets Manager. */
    readonly keyFile: string;
  };
  /** How long one request may take, milliseconds. @default 10000 */
  readonly timeoutMs?: number;
}

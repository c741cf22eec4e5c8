/**
 * The scheduled access review baseline (OPS-04): the names the CronJob, its RBAC, its Keycloak client and its log
 * lines share with the rule that proves them (ops-04-scheduled-access-review), and the contract between the synthesis
 * and the job (review/access-review-job.ts): its settings and what the synthesized output approves.
 */

/** Namespace, service account, CronJob, ClusterRole and ClusterRoleBinding of the scheduled access review. */
export const ACCESS_REVIEW_NAME = "mcp-access-review";

/** The Keycloak client the review reads the live realm as, in the generated realm. */
export const ACCESS_REVIEW_CLIENT_ID = "mcp-access-review";

/** What the review's service account may do: get and list RBAC objects, nothing else. */
export const ACCESS_REVIEW_RBAC_RULE = { apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "clusterroles", "rolebindings", "clusterrolebindings"], verbs: ["get", "list"] } as const;

/** The `realm-management` roles of the review client's service account: read the realm, its clients and users. */
export const ACCESS_REVIEW_REALM_ROLES: readonly string[] = ["view-clients", "view-realm", "view-users"];

/** The field of the review's JSON log lines: `finding`, `error` or `summary`. */
export const ACCESS_REVIEW_LOG_FIELD = "accessReview";

/** The RBAC kinds the review reads. */
export const RBAC_KINDS = ["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"] as const;

/** A Kubernetes object as synthesized or as the API lists it (policies/types.ts's KubernetesObject, structurally). */
export interface ReviewedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
  readonly [key: string]: unknown;
}

/** RBAC the platform (Kubernetes, EKS, its add-ons, the Helm releases the blueprint installs) owns, which the review skips. */
export interface PlatformRbac {
  /** Object name prefixes of Kubernetes' and EKS's own RBAC, e.g. `system:`, `eks:`. */
  readonly namePrefixes: readonly string[];
  /** Namespaces whose RBAC is the platform's, e.g. `kube-system`. */
  readonly namespaces: readonly string[];
  /** Further platform objects by address, e.g. `ClusterRoleBinding/aws-node` (the VPC CNI add-on). */
  readonly objects: readonly string[];
  /** Helm releases the blueprint installs: their objects carry Helm's `meta.helm.sh/release-name` annotation. */
  readonly helmReleases: readonly string[];
  /**
   * Namespaces whose service accounts are the platform's (e.g. `istio-system`): a platform-named binding is skipped
   * only when every subject is the platform's (a User or Group named with a platform prefix, or a service account of
   * these or the platform's namespaces), so naming a binding `system:…` does not hide a grant to anyone else.
   */
  readonly subjectNamespaces: readonly string[];
}

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

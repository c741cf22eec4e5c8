/**
 * The scheduled access review baseline (OPS-04): the names the CronJob, its RBAC, its Keycloak client and its log
 * lines share with the rule that proves them (ops-04-scheduled-access-review).
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

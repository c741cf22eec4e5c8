/** The automated containment baseline (OPS-03): the only Kubernetes group the containment function acts as. */

/**
 * The Kubernetes group of the automated containment function (OPS-03): its EKS access entry maps its IAM role to this
 * group, and only ContainmentAccess bindings give the group anything (rules ops-03-containment-rbac and
 * ops-03-containment-wired).
 */
export const CONTAINMENT_GROUP = "mcp:containment";

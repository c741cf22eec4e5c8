/** The EKS cluster baseline (LOG-01, MSH-02): shared by the EksCluster construct and the rules that judge clusters. */

/** Every EKS control-plane log type: baseline of LOG-01, each one enabled on every cluster. */
export const EKS_CONTROL_PLANE_LOG_TYPES: readonly string[] = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

/**
 * The EKS access policy that makes a principal cluster administrator: MSH-02 allows it only for the administrator
 * roles (rule msh-02-eks-access-via-admin-role).
 */
export const EKS_CLUSTER_ADMIN_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

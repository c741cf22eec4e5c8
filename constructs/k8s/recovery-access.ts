import { Construct } from "constructs";
import * as k8s from "cdk8s-plus-33/lib/imports/k8s";
import { standardLabels } from "./labels";

/**
 * The Kubernetes group of the incident recovery function (IR-02b, IR-02c): its EKS access entry maps its IAM role to
 * this group, and only {@link RecoveryAccess} bindings give the group anything.
 */
export const RECOVERY_GROUP = "mcp:recovery";

/** The name of the Role and RoleBinding {@link RecoveryAccess} creates in a namespace. */
export const RECOVERY_ACCESS_NAME = "mcp-recovery";

/** Properties of a {@link RecoveryAccess}. */
export interface RecoveryAccessProps {
  /** The namespace of the Deployment. */
  readonly namespace: string;
  /** The Deployment the group may read and patch, and nothing else. */
  readonly deployment: string;
  /** The application the objects belong to (`app.kubernetes.io/name`). */
  readonly application: string;
  /** The Kubernetes group granted the access. @default {@link RECOVERY_GROUP} */
  readonly group?: string;
}

/**
 * Lets the recovery automation redeploy one Deployment (IR-02b, IR-02c): a Role that may only `get` and `patch` that
 * Deployment, by name, bound to the recovery group. The group reads no pod, secret or log and reaches no other
 * namespace; which image it may set is decided by the function (the approved digest only) and by admission (signed
 * images only).
 */
export class RecoveryAccess extends Construct {
  readonly role: k8s.KubeRole;
  readonly binding: k8s.KubeRoleBinding;

  constructor(scope: Construct, id: string, props: RecoveryAccessProps) {
    super(scope, id);
    const metadata = { name: RECOVERY_ACCESS_NAME, namespace: props.namespace, labels: standardLabels(props.application) };
    this.role = new k8s.KubeRole(this, "role", {
      metadata,
      rules: [{ apiGroups: ["apps"], resources: ["deployments"], resourceNames: [props.deployment], verbs: ["get", "patch"] }],
    });
    this.binding = new k8s.KubeRoleBinding(this, "binding", {
      metadata,
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: RECOVERY_ACCESS_NAME },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: props.group ?? RECOVERY_GROUP }],
    });
  }
}

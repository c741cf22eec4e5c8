import { Construct } from "constructs";
import * as k8s from "cdk8s-plus-33/lib/imports/k8s";
import { CONTAINMENT_GROUP } from "../../baselines/containment";
import { standardLabels } from "./labels";

/** The name of the Role and RoleBinding {@link ContainmentAccess} creates in a namespace. */
export const CONTAINMENT_ACCESS_NAME = "mcp-containment";

/** Properties of a {@link ContainmentAccess}. */
export interface ContainmentAccessProps {
  /** The namespace of the Deployment. */
  readonly namespace: string;
  /** The Deployment the group may scale, and nothing else. */
  readonly deployment: string;
  /** The application the objects belong to (`app.kubernetes.io/name`). */
  readonly application: string;
  /** The Kubernetes group granted the access. @default {@link CONTAINMENT_GROUP} */
  readonly group?: string;
}

/**
 * Lets automated containment stop one Deployment (OPS-03, IR-02a, JIT-04): a Role that may only `get` and `patch` the
 * `scale` subresource of that Deployment, by name, bound to the containment group. The group can read no pod, secret
 * or log, change no spec, and reaches no other namespace.
 */
export class ContainmentAccess extends Construct {
  readonly role: k8s.KubeRole;
  readonly binding: k8s.KubeRoleBinding;

  constructor(scope: Construct, id: string, props: ContainmentAccessProps) {
    super(scope, id);
    const metadata = { name: CONTAINMENT_ACCESS_NAME, namespace: props.namespace, labels: standardLabels(props.application) };
    this.role = new k8s.KubeRole(this, "role", {
      metadata,
      rules: [{ apiGroups: ["apps"], resources: ["deployments/scale"], resourceNames: [props.deployment], verbs: ["get", "patch"] }],
    });
    this.binding = new k8s.KubeRoleBinding(this, "binding", {
      metadata,
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: CONTAINMENT_ACCESS_NAME },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: props.group ?? CONTAINMENT_GROUP }],
    });
  }
}

import { Construct } from "constructs";
import * as k8s from "cdk8s-plus-33/lib/imports/k8s";
import { KUBERNETES_API_ACCESS_ANNOTATION, standardLabels } from "./labels";

/** Properties of a {@link WorkloadServiceAccount}. */
export interface WorkloadServiceAccountProps {
  /** Namespace of the account. */
  readonly namespace: string;
  /** Account name; the EKS Pod Identity association binds this namespace and name to the workload's IAM role. */
  readonly name: string;
  /** The application the account belongs to (`app.kubernetes.io/name`). @default `name` */
  readonly application?: string;
  /**
   * Let pods of this account mount a Kubernetes API token. Only for a workload that calls the Kubernetes API; the
   * account is annotated `mcp.security/kubernetes-api-access: "true"` so the exception is visible. @default false
   */
  readonly kubernetesApiAccess?: boolean;
}

/**
 * A workload's own service account (MSH-02, ISO-02): no API token mounted by default, so a compromised pod holds
 * no Kubernetes credential; its AWS identity comes from EKS Pod Identity, bound to this account alone.
 */
export class WorkloadServiceAccount extends Construct {
  /** The account's name. */
  readonly name: string;
  /** The ServiceAccount object. */
  readonly serviceAccount: k8s.KubeServiceAccount;

  constructor(scope: Construct, id: string, props: WorkloadServiceAccountProps) {
    super(scope, id);
    this.name = props.name;
    const apiAccess = props.kubernetesApiAccess ?? false;
    this.serviceAccount = new k8s.KubeServiceAccount(this, "service-account", {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels: standardLabels(props.application ?? props.name),
        ...(apiAccess ? { annotations: { [KUBERNETES_API_ACCESS_ANNOTATION]: "true" } } : {}),
      },
      automountServiceAccountToken: apiAccess,
    });
  }
}

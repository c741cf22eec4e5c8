import { Construct } from "constructs";
import { Release } from "@cdktf/provider-helm/lib/release";

/** The sigstore policy-controller chart version the blueprint installs. */
export const POLICY_CONTROLLER_CHART_VERSION = "0.10.7";

/** The sigstore Helm chart repository. */
export const SIGSTORE_CHART_REPOSITORY = "https://sigstore.github.io/helm-charts";

/** The controller's namespace when none is given. */
export const POLICY_CONTROLLER_NAMESPACE = "cosign-system";

/** The controller's service account when none is given: the one its AWS Pod Identity is bound to. */
export const POLICY_CONTROLLER_SERVICE_ACCOUNT = "policy-controller-webhook";

/** Properties of {@link ImagePolicyController}. */
export interface ImagePolicyControllerProps {
  /**
   * Where the nodes pull the controller's image: a mirror of `ghcr.io/sigstore/policy-controller/policy-controller` in a
   * registry they reach, e.g. `111111111111.dkr.ecr.eu-central-1.amazonaws.com/sigstore/policy-controller`; the chart's
   * pinned digest is kept.
   */
  readonly imageRepository: string;
  /** Chart version. @default {@link POLICY_CONTROLLER_CHART_VERSION} */
  readonly version?: string;
  /** Namespace of the controller. @default {@link POLICY_CONTROLLER_NAMESPACE} */
  readonly namespace?: string;
  /** The controller's service account, for its AWS Pod Identity (KMS public key, ECR signatures). @default {@link POLICY_CONTROLLER_SERVICE_ACCOUNT} */
  readonly serviceAccountName?: string;
}

/** The values of the policy-controller chart: see {@link ImagePolicyController}. */
export function policyControllerValues(props: ImagePolicyControllerProps): Record<string, unknown> {
  return {
    webhook: {
      image: { repository: props.imageRepository },
      failurePolicy: "Fail",
      configData: { "no-match-policy": "deny" },
      namespaceSelector: { matchExpressions: [{ key: "policy.sigstore.dev/include", operator: "In", values: ["true"] }] },
      serviceAccount: { create: true, name: props.serviceAccountName ?? POLICY_CONTROLLER_SERVICE_ACCOUNT },
    },
  };
}

/**
 * The sigstore policy-controller (PROV-01), which enforces ClusterImagePolicies in namespaces labelled
 * `policy.sigstore.dev/include: "true"`: a pinned Helm release whose webhooks fail closed (`failurePolicy: Fail`) and
 * refuse images that no policy matches (`no-match-policy: deny`), so an opted-in namespace runs only images whose
 * signature a policy verified.
 */
export class ImagePolicyController extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: ImagePolicyControllerProps) {
    super(scope, id);
    const version = props.version ?? POLICY_CONTROLLER_CHART_VERSION;
    if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`ImagePolicyController: version "${version}" is not a pinned chart version such as "${POLICY_CONTROLLER_CHART_VERSION}"`);
    this.release = new Release(this, "release", {
      name: "policy-controller",
      repository: SIGSTORE_CHART_REPOSITORY,
      chart: "policy-controller",
      version,
      namespace: props.namespace ?? POLICY_CONTROLLER_NAMESPACE,
      createNamespace: true,
      atomic: true,
      cleanupOnFail: true,
      maxHistory: 5,
      timeout: 600,
      values: [JSON.stringify(policyControllerValues(props))],
    });
  }
}

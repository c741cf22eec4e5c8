import { Construct } from "constructs";
import { ACCESS_REVIEW_NAME, ACCESS_REVIEW_RBAC_RULE } from "../../baselines/access-review";
import { k8s } from "cdk8s-plus-33";
import { AwsSecretProviderClass } from "./aws-secret-provider-class";
import { nonRootSecurityContext, requireDigestPinnedImage, resourceQuantities } from "./container-hardening";
import { ContainerResources, SECRETS_STORE_CSI_DRIVER } from "./hardened-deployment";
import { CONFIG_CHECKSUM_ANNOTATION, configChecksum, KUBERNETES_API_ACCESS_ANNOTATION, standardLabels } from "./labels";
import { McpNamespace } from "./mcp-namespace";
import { NamespaceIsolation } from "./namespace-isolation";
import { NamespaceResourceLimits } from "./namespace-resource-limits";
import { ISTIO_CONTROL_PLANE_PODS, peer, PeerPods } from "./server-network-policies";
import { WorkloadServiceAccount } from "./workload-service-account";

/** The access review job's fixed names. */
export const ACCESS_REVIEW_NAMES = {
  /** Namespace, service account, CronJob, ClusterRole, ClusterRoleBinding and ConfigMap. */
  name: ACCESS_REVIEW_NAME,
  /** The bundled job (review/access-review-job.ts and what it imports), in the ConfigMap. */
  bundleFile: "access-review.js",
  /** The job's settings (AccessReviewJobSettings), in the ConfigMap. */
  settingsFile: "settings.json",
  /** What the synthesized output approves (ApprovedAccess), in the ConfigMap. */
  approvedFile: "approved.json",
  /** The Keycloak client's private key file, mounted from Secrets Manager. */
  keyFile: "client-key",
  /** Where the ConfigMap is mounted. */
  configDir: "/opt/mcp-access-review",
  /** Where the key is mounted. */
  secretsDir: "/var/run/secrets/mcp-access-review",
} as const;

/** The access review's pods, which Keycloak's network and mesh policies admit. */
export const ACCESS_REVIEW_PODS: PeerPods = { namespaceLabels: { "kubernetes.io/metadata.name": ACCESS_REVIEW_NAMES.name }, podLabels: { "app.kubernetes.io/name": ACCESS_REVIEW_NAMES.name } };

/** The daily default schedule: 03:17 UTC, off the hour so it does not run with every other job. */
export const DEFAULT_ACCESS_REVIEW_SCHEDULE = "17 3 * * *";

/** Keycloak as the job reaches it. */
export interface AccessReviewKeycloak {
  /** Keycloak's pods (for the NetworkPolicy egress). */
  readonly pods: PeerPods;
  /** Keycloak's HTTP port. */
  readonly port: number;
  /** The Secrets Manager secret holding the review client's private JWK, and its region. */
  readonly keySecret: { readonly name: string; readonly region: string };
}

/** Properties of {@link AccessReviewJob}. */
export interface AccessReviewJobProps {
  /** The image that runs the bundle with Node.js 22 at `/nodejs/bin/node` (the guard's distroless image), pinned by digest. */
  readonly image: string;
  /** The bundled job's JavaScript (one file). */
  readonly bundle: string;
  /** The job's settings (AccessReviewJobSettings as JSON); its file paths point into the mounts this construct makes. */
  readonly settings: string;
  /**
   * What the synthesized output approves (ApprovedAccess as JSON), asked for once the job's own ClusterRole and
   * ClusterRoleBinding exist, so that they are among the objects it approves.
   */
  readonly approved: () => string;
  /** Pod Security Standards version enforced in the namespace, e.g. `v1.33`. */
  readonly podSecurityVersion: string;
  /** The subnets the cluster API's network interfaces are in: the job's only egress on 443. At least one. */
  readonly apiServerCidrs: readonly string[];
  /** Keycloak, when the environment deploys it. @default none: the job reviews RBAC only */
  readonly keycloak?: AccessReviewKeycloak;
  /** When the review runs (cron, UTC). @default {@link DEFAULT_ACCESS_REVIEW_SCHEDULE}, daily */
  readonly schedule?: string;
  /** Resources of the job's container (requests equal limits). @default 200m CPU, 256Mi memory, 64Mi ephemeral storage */
  readonly resources?: ContainerResources;
  /** Node labels the pod must land on. @default any node */
  readonly nodeSelector?: Record<string, string>;
}

const UID = 65532;
const CRON = /^(\S+\s+){4}\S+$/;

/**
 * The scheduled access review of the live cluster and realm (OPS-04): a CronJob in its own namespace (restricted Pod
 * Security, mesh sidecar as a native sidecar so the Job completes, signed images only) that runs the bundled review
 * (review/access-review-job.ts) on the guard's digest-pinned image, non-root, read-only root, no capability, seccomp,
 * requests equal limits (a quota and limit range in the namespace), one run at a time (`concurrencyPolicy: Forbid`), no retry, ten minutes at most, the last
 * three runs kept. Its service account may only get and list RBAC objects cluster-wide (nothing else: no secret, no
 * wildcard, no write); the Keycloak client's key arrives from Secrets Manager through the CSI driver. Network: deny
 * all, then DNS, istiod, the cluster API's subnets on 443 and Keycloak's pods on its port.
 */
export class AccessReviewJob extends Construct {
  readonly namespace: McpNamespace;
  readonly serviceAccount: WorkloadServiceAccount;
  readonly clusterRole: k8s.KubeClusterRole;
  readonly clusterRoleBinding: k8s.KubeClusterRoleBinding;
  readonly configMap: k8s.KubeConfigMap;
  readonly secretProviderClass: AwsSecretProviderClass | undefined;
  readonly cronJob: k8s.KubeCronJob;
  readonly resourceLimits: NamespaceResourceLimits;
  readonly networkPolicies: readonly k8s.KubeNetworkPolicy[];
  /** The job's pods' labels. */
  readonly podLabels: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: AccessReviewJobProps) {
    super(scope, id);
    const { name, configDir, secretsDir } = ACCESS_REVIEW_NAMES;
    requireDigestPinnedImage(`AccessReviewJob ${name}`, props.image);
    const schedule = props.schedule ?? DEFAULT_ACCESS_REVIEW_SCHEDULE;
    if (!CRON.test(schedule.trim())) throw new Error(`AccessReviewJob: schedule "${schedule}" is not a five-field cron expression such as "${DEFAULT_ACCESS_REVIEW_SCHEDULE}"`);
    if (props.apiServerCidrs.length === 0) throw new Error("AccessReviewJob: apiServerCidrs is empty; name the subnets of the cluster API's network interfaces");
    const resources = props.resources ?? { cpu: "200m", memory: "256Mi", ephemeralStorage: "64Mi" };
    const labels = standardLabels(name);
    this.podLabels = { ...ACCESS_REVIEW_PODS.podLabels };
    this.namespace = new McpNamespace(this, "namespace", { name, podSecurityVersion: props.podSecurityVersion, zone: "operations" });
    const namespace = this.namespace.name;
    this.serviceAccount = new WorkloadServiceAccount(this, "service-account", { namespace, name, kubernetesApiAccess: true });
    this.clusterRole = new k8s.KubeClusterRole(this, "cluster-role", {
      metadata: { name, labels },
      rules: [{ apiGroups: [...ACCESS_REVIEW_RBAC_RULE.apiGroups], resources: [...ACCESS_REVIEW_RBAC_RULE.resources], verbs: [...ACCESS_REVIEW_RBAC_RULE.verbs] }],
    });
    this.clusterRoleBinding = new k8s.KubeClusterRoleBinding(this, "cluster-role-binding", {
      metadata: { name, labels },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name },
      subjects: [{ kind: "ServiceAccount", name, namespace }],
    });
    const approved = props.approved();
    const data = { [ACCESS_REVIEW_NAMES.bundleFile]: props.bundle, [ACCESS_REVIEW_NAMES.settingsFile]: props.settings, [ACCESS_REVIEW_NAMES.approvedFile]: approved };
    this.configMap = new k8s.KubeConfigMap(this, "config", { metadata: { name, namespace, labels }, data });
    this.secretProviderClass =
      props.keycloak === undefined
        ? undefined
        : new AwsSecretProviderClass(this, "secrets", {
            namespace,
            name: `${name}-secrets`,
            application: name,
            region: props.keycloak.keySecret.region,
            secrets: [{ secretName: props.keycloak.keySecret.name, fileName: ACCESS_REVIEW_NAMES.keyFile }],
          });
    this.resourceLimits = new NamespaceResourceLimits(this, "resource-limits", { namespace, application: name, container: resources, maxPods: 2 });
    const quantities = resourceQuantities(resources);
    this.cronJob = new k8s.KubeCronJob(this, "cron-job", {
      metadata: { name, namespace, labels },
      spec: {
        schedule,
        timeZone: "Etc/UTC",
        concurrencyPolicy: "Forbid",
        startingDeadlineSeconds: 3600,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          metadata: { labels },
          spec: {
            backoffLimit: 0,
            activeDeadlineSeconds: 600,
            template: {
              metadata: {
                labels: { ...labels, ...this.podLabels },
                annotations: {
                  "kubectl.kubernetes.io/default-container": name,
                  "sidecar.istio.io/nativeSidecar": "true",
                  [KUBERNETES_API_ACCESS_ANNOTATION]: "true",
                  [CONFIG_CHECKSUM_ANNOTATION]: configChecksum(JSON.stringify(data)),
                },
              },
              spec: {
                serviceAccountName: this.serviceAccount.name,
                automountServiceAccountToken: true,
                enableServiceLinks: false,
                restartPolicy: "Never",
                ...(props.nodeSelector !== undefined ? { nodeSelector: { ...props.nodeSelector } } : {}),
                securityContext: { runAsNonRoot: true, runAsUser: UID, runAsGroup: UID, fsGroup: UID, seccompProfile: { type: "RuntimeDefault" } },
                containers: [
                  {
                    name,
                    image: props.image,
                    imagePullPolicy: "IfNotPresent",
                    command: ["/nodejs/bin/node", `${configDir}/${ACCESS_REVIEW_NAMES.bundleFile}`, `${configDir}/${ACCESS_REVIEW_NAMES.settingsFile}`],
                    resources: { requests: { ...quantities }, limits: { ...quantities } },
                    securityContext: nonRootSecurityContext(UID),
                    volumeMounts: [
                      { name: "config", mountPath: configDir, readOnly: true },
                      ...(this.secretProviderClass !== undefined ? [{ name: "secrets", mountPath: secretsDir, readOnly: true }] : []),
                    ],
                  },
                ],
                volumes: [
                  { name: "config", configMap: { name, defaultMode: 0o444 } },
                  ...(this.secretProviderClass !== undefined
                    ? [{ name: "secrets", csi: { driver: SECRETS_STORE_CSI_DRIVER, readOnly: true, volumeAttributes: { secretProviderClass: this.secretProviderClass.name } } }]
                    : []),
                ],
              },
            },
          },
        },
      },
    });
    const tcp = (port: number): k8s.NetworkPolicyPort => ({ protocol: "TCP", port: k8s.IntOrString.fromNumber(port) });
    const policy = (policyId: string, policyName: string, egress: k8s.NetworkPolicyEgressRule) =>
      new k8s.KubeNetworkPolicy(this, policyId, { metadata: { name: policyName, namespace, labels }, spec: { podSelector: {}, policyTypes: ["Egress"], egress: [egress] } });
    this.networkPolicies = [
      ...new NamespaceIsolation(this, "isolation", { namespace, application: name }).policies,
      policy("to-istiod", "allow-egress-to-istio-control-plane", { to: [peer(ISTIO_CONTROL_PLANE_PODS)], ports: [tcp(15012)] }),
      policy("to-api-server", "allow-egress-to-kubernetes-api", { to: props.apiServerCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [tcp(443)] }),
      ...(props.keycloak !== undefined ? [policy("to-keycloak", "allow-egress-to-keycloak", { to: [peer(props.keycloak.pods)], ports: [tcp(props.keycloak.port)] })] : []),
    ];
  }
}

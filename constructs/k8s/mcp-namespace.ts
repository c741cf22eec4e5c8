import { Construct } from "constructs";
import * as k8s from "cdk8s-plus-33/lib/imports/k8s";
import { standardLabels, ZONE_LABEL } from "./labels";
import { IMAGE_VERIFICATION_LABEL } from "./signed-images-policy";

/** The Pod Security Standards level a namespace enforces. */
export type PodSecurityLevel = "restricted" | "baseline" | "privileged";

/** Properties of an {@link McpNamespace}. */
export interface McpNamespaceProps {
  /** Namespace name: one per MCP server, named after it. */
  readonly name: string;
  /**
   * The Pod Security Standards version enforced, e.g. `v1.33` (the cluster's minor version): pinned so that a
   * cluster upgrade does not silently change what is admitted.
   */
  readonly podSecurityVersion: string;
  /** Security zone label (`mcp.security/zone`) that NetworkPolicies select on. @default "mcp" */
  readonly zone?: string;
  /**
   * Pod Security level enforced, audited and warned about. Anything below `restricted` weakens CTR-00..04.
   * @default "restricted"
   */
  readonly podSecurityLevel?: PodSecurityLevel;
  /**
   * Pod Security level audited and warned about, when it differs from the enforced one: a namespace whose agents
   * need host access can enforce `privileged` yet audit and warn at `restricted`, so every pod that needs the
   * exception is recorded in the API server's audit log and warned about on admission. @default `podSecurityLevel`
   */
  readonly podSecurityAuditLevel?: PodSecurityLevel;
  /**
   * Istio sidecar injection (`istio-injection: enabled`), with the Istio CNI node agent so no pod needs the
   * NET_ADMIN init container. Turning it off removes the pod from the mesh's mTLS and authorization policies.
   * @default true
   */
  readonly istioInjection?: boolean;
  /**
   * Opt the namespace into the sigstore policy-controller (`policy.sigstore.dev/include: "true"`), which admits only
   * images signed with the environment's key (PROV-01). Turning it off admits unsigned images.
   * @default true
   */
  readonly imageVerification?: boolean;
  /** Annotations of the namespace, e.g. what the workload in it declares. @default none */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Further labels of the namespace, e.g. its stage (`mcp.security/stage: sandbox`); never the ones it sets itself. @default none */
  readonly labels?: Readonly<Record<string, string>>;
}

/** The Pod Security Admission labels of a namespace: `enforce` at `level`, `audit` and `warn` at `auditLevel`, each pinned to `version` (`v1.<minor>`). */
export function podSecurityLabels(level: PodSecurityLevel, auditLevel: PodSecurityLevel, version: string): Record<string, string> {
  return Object.fromEntries(
    ["enforce", "audit", "warn"].flatMap((mode) => [
      [`pod-security.kubernetes.io/${mode}`, mode === "enforce" ? level : auditLevel],
      [`pod-security.kubernetes.io/${mode}-version`, version],
    ])
  );
}

/**
 * The namespace of one MCP server (CTR-00, MSH-02): Pod Security Admission enforces, audits and warns at the
 * `restricted` level of a pinned version; Istio injects its sidecar; the sigstore policy-controller verifies image
 * signatures (PROV-01); the zone label lets NetworkPolicies of other namespaces tell MCP servers from the gateway, and
 * binds the MCP admission policies.
 */
export class McpNamespace extends Construct {
  /** The namespace's name. */
  readonly name: string;
  /** The Namespace object. */
  readonly namespace: k8s.KubeNamespace;

  constructor(scope: Construct, id: string, props: McpNamespaceProps) {
    super(scope, id);
    if (!/^v1\.\d+$/.test(props.podSecurityVersion)) {
      throw new Error(`McpNamespace ${props.name}: podSecurityVersion "${props.podSecurityVersion}" is not a Kubernetes minor version such as "v1.33"`);
    }
    this.name = props.name;
    const level = props.podSecurityLevel ?? "restricted";
    const podSecurity = podSecurityLabels(level, props.podSecurityAuditLevel ?? level, props.podSecurityVersion);
    this.namespace = new k8s.KubeNamespace(this, "namespace", {
      metadata: {
        name: props.name,
        labels: {
          ...props.labels,
          ...standardLabels(props.name),
          ...podSecurity,
          ...((props.istioInjection ?? true) ? { "istio-injection": "enabled" } : { "istio-injection": "disabled" }),
          [IMAGE_VERIFICATION_LABEL]: String(props.imageVerification ?? true),
          [ZONE_LABEL]: props.zone ?? "mcp",
        },
        ...(props.annotations !== undefined ? { annotations: { ...props.annotations } } : {}),
      },
    });
  }
}

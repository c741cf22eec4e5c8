import { ApiObject } from "cdk8s";
import { Construct } from "constructs";
import { standardLabels } from "./labels";

/** Callers one workload of a namespace accepts, by mesh identity, and on which ports. */
export interface AllowedCaller {
  /** Name of the ALLOW policy, `allow-<name>`, e.g. `gateway`; unique in the namespace. */
  readonly name: string;
  /** Mesh identities (`<trust domain>/ns/<namespace>/sa/<service account>`) allowed to call; at least one, no wildcard. */
  readonly principals: readonly string[];
  /** Labels of the workload's pods that the policy applies to. */
  readonly workloadSelector: Readonly<Record<string, string>>;
  /** Ports of the workload the callers may reach; at least one. */
  readonly ports: readonly number[];
  /**
   * HTTP paths the callers may request (Istio path syntax: exact, `prefix*`, `*suffix`, or a template with `{*}` for
   * one segment and a last `{**}` for the rest), e.g. only a service's public endpoints and not its admin console.
   * @default every path
   */
  readonly paths?: readonly string[];
  /** HTTP methods the callers may use, e.g. `GET` only for a reader. @default every method */
  readonly methods?: readonly string[];
}

/** Properties of {@link NamespaceAuthorization}. */
export interface NamespaceAuthorizationProps {
  /** The namespace protected. */
  readonly namespace: string;
  /** The application of the namespace (`app.kubernetes.io/name`). */
  readonly application: string;
  /** Who may call which workload of the namespace, on which ports: one ALLOW policy each; at least one. */
  readonly allow: readonly AllowedCaller[];
}

const PRINCIPAL = /^[a-z0-9.-]+\/ns\/[a-z0-9-]+\/sa\/[a-z0-9.-]+$/;

/**
 * Identity-based access to one namespace (NET-02, ISO-01, TS-02): an `allow-nothing` AuthorizationPolicy (empty spec:
 * every request to every workload of the namespace is denied unless another policy allows it) and, per allowed
 * caller, one ALLOW policy on the selected workload whose only sources are the given mesh identities, on the given ports. Identities are proven by mutual TLS, so STRICT
 * mTLS must be on (see {@link MeshMtls}); a NetworkPolicy still filters the same path by pod labels underneath.
 */
export class NamespaceAuthorization extends Construct {
  /** The deny-by-default policy. */
  readonly allowNothing: ApiObject;
  /** The policies that admit the allowed callers, by caller name. */
  readonly allowCallers: ReadonlyMap<string, ApiObject>;

  constructor(scope: Construct, id: string, props: NamespaceAuthorizationProps) {
    super(scope, id);
    const { namespace } = props;
    const where = `NamespaceAuthorization ${namespace}`;
    if (props.allow.length === 0) throw new Error(`${where}: allow is empty; name who may call the namespace's workload`);
    const labels = standardLabels(props.application);
    this.allowNothing = new ApiObject(this, "allow-nothing", {
      apiVersion: "security.istio.io/v1",
      kind: "AuthorizationPolicy",
      metadata: { name: "allow-nothing", namespace, labels },
      spec: {},
    });
    const allowCallers = new Map<string, ApiObject>();
    for (const allow of props.allow) {
      if (allowCallers.has(allow.name)) throw new Error(`${where}: two allowed callers are named "${allow.name}"`);
      if (allow.principals.length === 0) throw new Error(`${where}: allow ${allow.name} has no principals; name the service accounts that may call, e.g. cluster.local/ns/mcp-gateway/sa/agentgateway`);
      for (const principal of allow.principals) {
        if (!PRINCIPAL.test(principal)) throw new Error(`${where}: principal "${principal}" is not <trust domain>/ns/<namespace>/sa/<service account> (no wildcards)`);
      }
      if (allow.ports.length === 0 || allow.ports.some((port) => !Number.isInteger(port) || port < 1 || port > 65535)) {
        throw new Error(`${where}: allow ${allow.name} must list the workload's ports (1 to 65535), got [${allow.ports.join(", ")}]`);
      }
      if (allow.paths !== undefined && (allow.paths.length === 0 || allow.paths.some((path) => !path.startsWith("/") && !path.startsWith("*")))) {
        throw new Error(`${where}: allow ${allow.name} paths must be non-empty and each start with / (or * for a suffix match), got [${allow.paths.join(", ")}]`);
      }
      if (Object.keys(allow.workloadSelector).length === 0) throw new Error(`${where}: allow ${allow.name} has an empty workloadSelector; select the workload's pods by label`);
      allowCallers.set(
        allow.name,
        new ApiObject(this, `allow-${allow.name}`, {
          apiVersion: "security.istio.io/v1",
          kind: "AuthorizationPolicy",
          metadata: { name: `allow-${allow.name}`, namespace, labels },
          spec: {
            selector: { matchLabels: { ...allow.workloadSelector } },
            action: "ALLOW",
            rules: [{ from: [{ source: { principals: [...allow.principals] } }], to: [{ operation: { ports: allow.ports.map(String), ...(allow.paths !== undefined ? { paths: [...allow.paths] } : {}), ...(allow.methods !== undefined ? { methods: [...allow.methods] } : {}) } }] }],
          },
        })
      );
    }
    this.allowCallers = allowCallers;
  }
}

import { ApiObject } from "cdk8s";
import { Construct } from "constructs";
import { standardLabels } from "./labels";

/** The namespace Istio is installed in: its configuration there applies to the whole mesh. */
export const ISTIO_ROOT_NAMESPACE = "istio-system";

/** The mesh's trust domain: SPIFFE identities are `<trust domain>/ns/<namespace>/sa/<service account>`. */
export const TRUST_DOMAIN = "cluster.local";

/** The mesh identity (mTLS principal) of a service account. */
export function meshPrincipal(namespace: string, serviceAccount: string, trustDomain: string = TRUST_DOMAIN): string {
  return `${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

/** Properties of {@link MeshMtls}. */
export interface MeshMtlsProps {
  /** The mesh's root namespace, where a PeerAuthentication applies mesh-wide. @default {@link ISTIO_ROOT_NAMESPACE} */
  readonly rootNamespace?: string;
}

/**
 * Mutual TLS everywhere in the mesh (NET-02, NET-04, TS-02): the PeerAuthentication `default` in the root namespace
 * with mode STRICT, so every sidecar refuses plaintext and every caller proves its SPIFFE identity. Istio's own
 * default is PERMISSIVE; without this, identity-based AuthorizationPolicies could be bypassed by plaintext.
 */
export class MeshMtls extends Construct {
  /** The PeerAuthentication object. */
  readonly peerAuthentication: ApiObject;

  constructor(scope: Construct, id: string, props: MeshMtlsProps = {}) {
    super(scope, id);
    this.peerAuthentication = new ApiObject(this, "peer-authentication", {
      apiVersion: "security.istio.io/v1",
      kind: "PeerAuthentication",
      metadata: { name: "default", namespace: props.rootNamespace ?? ISTIO_ROOT_NAMESPACE, labels: standardLabels("mcp-mesh") },
      spec: { mtls: { mode: "STRICT" } },
    });
  }
}

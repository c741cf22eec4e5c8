import { ApiObject } from "cdk8s";
import { Construct } from "constructs";
import { standardLabels } from "./labels";

/** Connections each calling proxy may hold open to a server when none is given. */
export const DEFAULT_MAX_CONNECTIONS = 64;
/** Requests each calling proxy may have in flight, and queued, to a server when none is given. */
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 128;
/** Requests sent over one connection before it is recycled, when none is given. */
export const DEFAULT_MAX_REQUESTS_PER_CONNECTION = 100;

/** Properties of {@link ServerTrafficPolicy}. */
export interface ServerTrafficPolicyProps {
  /** The server's namespace. */
  readonly namespace: string;
  /** The server's Service, also the DestinationRule's name. */
  readonly service: string;
  /** The application (`app.kubernetes.io/name`). */
  readonly application: string;
  /** The cluster's DNS domain. @default "cluster.local" */
  readonly clusterDomain?: string;
  /** Most TCP connections each calling proxy holds open to the server. @default {@link DEFAULT_MAX_CONNECTIONS} */
  readonly maxConnections?: number;
  /**
   * Most requests each calling proxy has in flight to the server, and most it queues waiting for a connection; beyond
   * that the caller's proxy answers 503 at once instead of piling load on the server. @default {@link DEFAULT_MAX_CONCURRENT_REQUESTS}
   */
  readonly maxConcurrentRequests?: number;
  /** Requests over one connection before it is closed and reopened. @default {@link DEFAULT_MAX_REQUESTS_PER_CONNECTION} */
  readonly maxRequestsPerConnection?: number;
  /** Time a caller's proxy waits for a TCP connection to the server. @default "5s" */
  readonly connectTimeout?: string;
}

function positive(value: number, field: string, where: string): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${where}: ${field} must be a positive whole number, got ${value}`);
  return value;
}

/**
 * How the mesh calls one MCP server (CTR-03, MSH-04, NET-02, TS-02): a DestinationRule for the server's Service with
 * ISTIO_MUTUAL TLS (callers verify the server's mesh certificate) and connection-pool limits, the network I/O quota
 * Kubernetes has no object for. The limits apply per calling proxy (each gateway replica); the gateway's rate limits
 * bound requests per user and tool on top.
 */
export class ServerTrafficPolicy extends Construct {
  /** The DestinationRule object. */
  readonly destinationRule: ApiObject;

  constructor(scope: Construct, id: string, props: ServerTrafficPolicyProps) {
    super(scope, id);
    const { namespace, service } = props;
    const where = `ServerTrafficPolicy ${namespace}/${service}`;
    const maxConcurrentRequests = positive(props.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS, "maxConcurrentRequests", where);
    this.destinationRule = new ApiObject(this, "destination-rule", {
      apiVersion: "networking.istio.io/v1",
      kind: "DestinationRule",
      metadata: { name: service, namespace, labels: standardLabels(props.application) },
      spec: {
        host: `${service}.${namespace}.svc.${props.clusterDomain ?? "cluster.local"}`,
        trafficPolicy: {
          tls: { mode: "ISTIO_MUTUAL" },
          connectionPool: {
            tcp: { maxConnections: positive(props.maxConnections ?? DEFAULT_MAX_CONNECTIONS, "maxConnections", where), connectTimeout: props.connectTimeout ?? "5s" },
            http: {
              http2MaxRequests: maxConcurrentRequests,
              http1MaxPendingRequests: maxConcurrentRequests,
              maxRequestsPerConnection: positive(props.maxRequestsPerConnection ?? DEFAULT_MAX_REQUESTS_PER_CONNECTION, "maxRequestsPerConnection", where),
            },
          },
        },
      },
    });
  }
}

/** Types of the containment function's cluster access (kubernetes.js), for its tests. */

/** AWS credentials that sign a request. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** A request to presign with Signature Version 4. */
export interface PresignRequest {
  readonly method: string;
  readonly host: string;
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  /** Further signed headers, lower-case names; `host` is always signed. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly service: string;
  readonly region: string;
  readonly credentials: Credentials;
  readonly now: Date;
  readonly expiresSeconds: number;
  /** Hex SHA-256 of the payload, or `UNSIGNED-PAYLOAD`. */
  readonly payloadHash: string;
}

export declare const TOKEN_LIFETIME_SECONDS: number;
export declare function presignUrl(request: PresignRequest): string;
export declare function eksToken(options: { readonly clusterName: string; readonly region: string; readonly credentials: Credentials; readonly now: Date }): string;

/** One HTTPS call as the operations make it. */
export interface ApiRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string | number>>;
  readonly body?: string;
  /** The cluster CA, PEM. */
  readonly ca: string;
}

export type ApiCall = (request: ApiRequest) => Promise<{ readonly status: number; readonly body: Record<string, unknown> }>;

export declare const httpsRequest: ApiCall;

/** An error of the Kubernetes API naming what was attempted, with the HTTP status on `status`. */
export declare function apiError(status: number, body: Record<string, unknown>, what: string): Error & { status: number };

/** The Kubernetes operations of scale-to-zero. */
export interface KubernetesOperations {
  /** A Deployment's replicas, or undefined when it does not exist; rejects with `status` on other refusals. */
  getReplicas(namespace: string, name: string): Promise<number | undefined>;
  scaleToZero(namespace: string, name: string): Promise<void>;
}

export declare function kubernetesOperations(options: {
  readonly endpoint: string;
  readonly caData: string;
  readonly token: () => string;
  readonly request?: ApiCall;
}): KubernetesOperations;

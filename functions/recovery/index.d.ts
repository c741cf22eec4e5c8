/** Types of the recovery function (index.js), for its tests and for the construct that deploys it. */
import type { ApiCall } from "../containment/kubernetes";

/** The steps, in the order the runbook runs them. */
export declare const ACTIONS: readonly ["revoke-sessions", "redeploy", "verify", "restore-replicas"];
export type RecoveryAction = (typeof ACTIONS)[number];
/** The pod-template annotation recording the execution that redeployed a server. */
export declare const EXECUTION_ANNOTATION: string;
/** The names of the environment variables the function reads (besides the cluster's). */
export declare const SETTINGS: { readonly environment: string; readonly approvedServers: string; readonly revocationEndpoint: string };

/** A server's last approved image and healthy replica count. */
export interface ApprovedServer {
  readonly image: string;
  readonly replicas: number;
}

export interface RecoverySettings {
  readonly environment: string;
  readonly approvedServers: Readonly<Record<string, ApprovedServer>>;
  /** Absent until the guard's revocation store is deployed. */
  readonly revocationEndpoint?: string;
  readonly cluster: { readonly name: string; readonly endpoint: string; readonly certificateAuthority: string };
}

/** A Deployment as the Kubernetes API returns it (the fields recovery reads). */
export type Deployment = Record<string, unknown>;

/** Reading and patching one Deployment. */
export interface DeploymentOperations {
  get(namespace: string, name: string): Promise<Deployment | undefined>;
  patch(namespace: string, name: string, patch: Record<string, unknown>): Promise<void>;
}

/** One JSON log record. */
export type LogRecord = Record<string, unknown>;

export declare function readSettings(env: Readonly<Record<string, string | undefined>>): RecoverySettings;
export declare function stepOf(event: unknown, settings: RecoverySettings): { action: RecoveryAction; server: string; execution: string; approved: ApprovedServer };
export declare function rolloutProblem(deployment: Deployment | undefined, approved: ApprovedServer, server: string): string | undefined;
export declare function createHandler(dependencies: {
  readonly deployments: DeploymentOperations;
  readonly revoke: (endpoint: string, revocation: Record<string, unknown>) => Promise<number>;
  readonly settings: RecoverySettings;
  readonly log: (record: LogRecord) => void;
}): (event: unknown) => Promise<Record<string, unknown>>;
export declare function deploymentOperations(options: { readonly endpoint: string; readonly caData: string; readonly token: () => string; readonly request?: ApiCall }): DeploymentOperations;
export declare function handler(event: unknown): Promise<Record<string, unknown>>;

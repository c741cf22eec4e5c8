/** Types of the recovery function (index.js), for its tests and for the construct that deploys it. */
import type { ApiCall } from "../containment/kubernetes";
import type { RedisAuthStore } from "../../guard/src/auth/redis-store";
import type { revocationKey } from "../../guard/src/auth/revocation";

/** The guard's modules the revoke step writes with. */
export interface GuardStoreModules {
  readonly RedisAuthStore: typeof RedisAuthStore;
  readonly revocationKey: typeof revocationKey;
}

/** The steps, in the order the runbook runs them. */
export declare const ACTIONS: readonly ["revoke-sessions", "redeploy", "verify", "restore-replicas"];
export type RecoveryAction = (typeof ACTIONS)[number];
/** The pod-template annotation recording the execution that redeployed a server. */
export declare const EXECUTION_ANNOTATION: string;
/** The names of the environment variables the function reads (besides the cluster's). */
export declare const SETTINGS: { readonly environment: string; readonly approvedServers: string };
/** The names of the environment variables that locate the guard's shared store. */
export declare const STORE_SETTINGS: { readonly host: string; readonly port: string; readonly tokenSecret: string; readonly keyPrefix: string; readonly ttlSeconds: string };

/** A server's last approved image and healthy replica count. */
export interface ApprovedServer {
  readonly image: string;
  readonly replicas: number;
  /** Every OAuth client its tokens are issued to (their `azp`): what the revoke step revokes. */
  readonly clients: readonly string[];
}

/** Where the revoke step writes: the guard's shared store (TLS, AUTH token from Secrets Manager). */
export interface RevocationStoreSettings {
  readonly host: string;
  readonly port: number;
  /** ARN of the secret holding the store's AUTH token. */
  readonly tokenSecret: string;
  /** The guard's key prefix (`auth.store.keyPrefix`). */
  readonly keyPrefix: string;
  /** How long the entry lasts: at least the longest access token lifetime. */
  readonly ttlSeconds: number;
}

export interface RecoverySettings {
  readonly environment: string;
  readonly approvedServers: Readonly<Record<string, ApprovedServer>>;
  readonly store: RevocationStoreSettings;
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
  readonly guard: GuardStoreModules;
  /** The secret string of a Secrets Manager secret, by ARN. */
  readonly readSecret: (secretId: string) => Promise<string>;
  readonly settings: RecoverySettings;
  readonly log: (record: LogRecord) => void;
  /** PEM CA of the store, instead of the system's. @default the system's CAs */
  readonly storeCa?: string;
  /** @default the clock */
  readonly now?: () => Date;
}): (event: unknown) => Promise<Record<string, unknown>>;
export declare function deploymentOperations(options: { readonly endpoint: string; readonly caData: string; readonly token: () => string; readonly request?: ApiCall }): DeploymentOperations;
/** The Lambda entry point, given the guard's store modules (the bundle's entry does). */
export declare function lambdaHandler(guard: GuardStoreModules): (event: unknown) => Promise<Record<string, unknown>>;

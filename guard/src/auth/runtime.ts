/**
 * What the token checks share in one guard process: the issuer's keys, the shared store, the resolved settings, and
 * per request the verified access token, so that the checks registered by control (CV-01, AUTH-04, CV-04, PUB-01,
 * CV-03, JIT-01) verify the token once and each decide their part.
 */
import * as fs from "node:fs";
import { createRemoteJWKSet, type JWTVerifyGetKey } from "jose";
import type { DpopSettings, SenderConstraint } from "../checks/AUTH-04";
import type { GuardAuthConfig, GuardConfig } from "../config/types";
import { ConfigError, PASS, type CheckContext, type CheckFunction, type CheckOutcome, type Deny } from "../pipeline/check";
import { verifyAccessToken, type AccessTokenClaims, type AccessTokenPolicy } from "./access-token";
import { deny, denialError, AuthDenial, type AuthScheme } from "./denial";
import { singleHeader } from "./headers";
import { principalKey, sessionKey } from "./principal";
import { DEFAULT_CLOCK_TOLERANCE_SECONDS, DEFAULT_KEY_PREFIX, DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, revocationKeysFor } from "./revocation";
import { MemoryAuthStore, type AuthStore } from "./store";

/** What the token checks run with besides their configuration (tests and benchmarks inject their own). */
export interface AuthDependencies {
  /** The issuer's keys. @default jose's remote key set of `jwksUri` */
  readonly keys?: JWTVerifyGetKey;
  /** @default Redis when `store.redisUrl` is set (password from `MCP_GUARD_REDIS_PASSWORD`), else memory */
  readonly store?: AuthStore;
  /** Milliseconds since the epoch. @default Date.now */
  readonly clock?: () => number;
}

/** The token checks' shared state in one process. */
export interface AuthRuntime {
  readonly config: GuardAuthConfig;
  readonly keys: JWTVerifyGetKey;
  readonly store: AuthStore;
  readonly clock: () => number;
  readonly tokenPolicy: Omit<AccessTokenPolicy, "audiences">;
  readonly dpop: DpopSettings;
  readonly constraint: SenderConstraint;
  /** Prefix of every store key. */
  readonly prefix: string;
  readonly sessionTtlSeconds: number;
}

/** A request's access token, verified (signature, issuer, expiry, audiences, lifetime). */
export interface VerifiedToken {
  readonly scheme: AuthScheme;
  readonly token: string;
  readonly claims: AccessTokenClaims;
  /** The audience of each targeted server, in `servers` order. */
  readonly audiences: readonly string[];
}

const DEFAULT_TOKEN_ALGORITHMS = ["ES256", "PS256", "RS256", "EdDSA"];
const DEFAULT_DPOP_ALGORITHMS = ["ES256", "EdDSA", "PS256", "RS256"];
/** jose's remote key set: refetch on an unknown `kid` at most every 30 s, keep keys 10 min, give up on a fetch after 5 s. */
const JWKS_OPTIONS = { cooldownDuration: 30_000, cacheMaxAge: 600_000, timeoutDuration: 5_000 };

/** The trimmed text of a mounted secret file, or undefined when none is named; the error names the field, never the value. */
function storeFile(file: string | undefined, field: string): string | undefined {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8").trim();
  } catch (error) {
    throw new ConfigError(field, `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? "error"}; mount the store's secret there or remove the field`);
  }
  if (text === "") throw new ConfigError(field, `${file} is empty; put the value in its Secrets Manager secret`);
  return text;
}

/** The URL of a store named by `hostFile`, `port` and `tls`, or undefined when none is. */
function storeUrl(store: GuardAuthConfig["store"]): string | undefined {
  const host = storeFile(store?.hostFile, "auth.store.hostFile");
  if (host === undefined) return undefined;
  if (!/^[A-Za-z0-9.-]+$/.test(host)) throw new ConfigError("auth.store.hostFile", `${store?.hostFile} does not hold a host name; put only the store's endpoint name in its secret`);
  return `${store?.tls === false ? "redis" : "rediss"}://${host}:${store?.port ?? 6379}`;
}

/** The store `auth.store` names (its files read now, so a missing mount refuses the config at start), else memory. */
function configuredStore(store: GuardAuthConfig["store"], env: NodeJS.ProcessEnv): AuthStore {
  const url = store?.redisUrl ?? storeUrl(store);
  if (url === undefined) return new MemoryAuthStore();
  const password = storeFile(store?.passwordFile, "auth.store.passwordFile") ?? env.MCP_GUARD_REDIS_PASSWORD;
  // Loaded only when a store is configured: ioredis costs a guard without one about 3 MiB.
  const { RedisAuthStore } = require("./redis-store") as typeof import("./redis-store");
  return new RedisAuthStore({ url, ...(password ? { password } : {}) });
}

const runtimes = new WeakMap<GuardAuthConfig, AuthRuntime>();

/** Creates (and remembers for `auth`) the runtime of the token checks. */
export function createAuthRuntime(auth: GuardAuthConfig, dependencies: AuthDependencies = {}, env: NodeJS.ProcessEnv = process.env): AuthRuntime {
  const clockToleranceSeconds = auth.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
  const runtime: AuthRuntime = {
    config: auth,
    keys: dependencies.keys ?? createRemoteJWKSet(new URL(auth.jwksUri), JWKS_OPTIONS),
    store: dependencies.store ?? configuredStore(auth.store, env),
    clock: dependencies.clock ?? Date.now,
    tokenPolicy: {
      issuer: auth.issuer,
      algorithms: auth.algorithms ?? DEFAULT_TOKEN_ALGORITHMS,
      clockToleranceSeconds,
      maxLifetimeSeconds: auth.maxTokenLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
    },
    dpop: { algorithms: auth.dpop?.algorithms ?? DEFAULT_DPOP_ALGORITHMS, maxAgeSeconds: auth.dpop?.maxAgeSeconds ?? 60, clockToleranceSeconds },
    constraint: auth.senderConstraint ?? "dpop",
    prefix: auth.store?.keyPrefix ?? DEFAULT_KEY_PREFIX,
    sessionTtlSeconds: auth.sessionTtlSeconds ?? 86_400,
  };
  runtimes.set(auth, runtime);
  return runtime;
}

/** The runtime of a config's token checks (created on first use), or undefined when the config checks no token. */
export function authRuntime(config: GuardConfig): AuthRuntime | undefined {
  if (config.auth === undefined) return undefined;
  return runtimes.get(config.auth) ?? createAuthRuntime(config.auth);
}

function parseAuthorization(value: string | undefined | null): { scheme: AuthScheme; token: string } | AuthDenial {
  if (value === undefined) return deny("CV-01-token-missing", 401, "invalid_request", "the request carries no access token: send Authorization: DPoP <token>");
  if (value === null) return deny("CV-01-token-multiple", 400, "invalid_request", "the request carries more than one Authorization header");
  const match = /^(Bearer|DPoP) +([A-Za-z0-9\-._~+/]+=*)$/i.exec(value);
  if (!match) return deny("CV-01-token-malformed", 400, "invalid_request", `the Authorization header is not "DPoP <token>" or "Bearer <token>"`);
  return { scheme: match[1].toLowerCase() === "dpop" ? "DPoP" : "Bearer", token: match[2] };
}

async function verify(runtime: AuthRuntime, ctx: CheckContext): Promise<VerifiedToken | AuthDenial> {
  const authorization = parseAuthorization(singleHeader(ctx.headers, "authorization"));
  if (authorization instanceof AuthDenial) return authorization;
  const audiences: string[] = [];
  for (const server of ctx.servers) {
    const audience = Object.prototype.hasOwnProperty.call(runtime.config.audiences, server) ? runtime.config.audiences[server] : undefined;
    if (audience === undefined) return deny("CV-01-audience-unconfigured", 403, "invalid_token", `the guard has no token audience for server ${server}: add it to auth.audiences`);
    audiences.push(audience);
  }
  const claims = await verifyAccessToken(authorization.token, runtime.keys, { ...runtime.tokenPolicy, audiences }, new Date(runtime.clock()));
  return claims instanceof AuthDenial ? claims : { ...authorization, claims, audiences };
}

const verified = new WeakMap<object, Promise<VerifiedToken | AuthDenial>>();

/** The request's verified token, or why not; verified once per request (keyed by the request's headers). */
export function verifiedToken(runtime: AuthRuntime, ctx: CheckContext): Promise<VerifiedToken | AuthDenial> {
  let result = verified.get(ctx.headers);
  if (result === undefined) {
    result = verify(runtime, ctx);
    verified.set(ctx.headers, result);
  }
  return result;
}

/**
 * Compiles a check on the caller's token: none (every call passes) when the config checks no token; otherwise `body`
 * runs with the request's verified token (verified once per request), and a token that does not verify is refused.
 */
export function compileTokenCheck(config: GuardConfig, body: (runtime: AuthRuntime, token: VerifiedToken, ctx: CheckContext) => CheckOutcome | Promise<CheckOutcome>): CheckFunction {
  const runtime = authRuntime(config);
  if (runtime === undefined) return () => PASS;
  return async (ctx) => {
    const token = await verifiedToken(runtime, ctx);
    return token instanceof AuthDenial ? refuse(runtime, token) : body(runtime, token, ctx);
  };
}

/** The pipeline's refusal of a denial: its ExtMcp code, its description, and status and challenge as error `data` (challenge scheme `DPoP` unless only certificates bind tokens). */
export function refuse(runtime: AuthRuntime, denial: AuthDenial): Deny {
  const { code, payload } = denialError(denial, runtime.constraint === "certificate" ? "Bearer" : "DPoP", runtime.dpop.algorithms);
  return { kind: "deny", code, rule: denial.rule, reason: denial.description, data: { ...payload } };
}

/** The refusal when the shared store does not answer (fail closed). */
export const STORE_UNAVAILABLE = deny("ZT-01-store-unavailable", 503, "temporarily_unavailable", "the guard's shared store did not answer; retry later");

/** What the shared store answers for one request: its proof replay (AUTH-04), revocations (CV-04), session owner (PUB-01). */
export interface StoreAnswers {
  /** False when the DPoP proof id was already recorded (a replay); true when it is new or none was recorded. */
  readonly fresh: boolean;
  /** The first revocation key set for the token, most specific first. */
  readonly revoked: string | undefined;
  /** The principal the request's `Mcp-Session-Id` is bound to (bound now if it was not); undefined without one session id. */
  readonly owner: string | undefined;
}

const answered = new WeakMap<object, { readonly replayKey: string | undefined; readonly answers: Promise<StoreAnswers | AuthDenial> }>();

async function askStore(runtime: AuthRuntime, ctx: CheckContext, verified: VerifiedToken, replayKey: string | undefined): Promise<StoreAnswers | AuthDenial> {
  const { store } = runtime;
  const sessionId = singleHeader(ctx.headers, "mcp-session-id");
  try {
    const [fresh, revoked, owner] = await Promise.all([
      replayKey === undefined ? true : store.claimOnce(replayKey, runtime.dpop.maxAgeSeconds + runtime.dpop.clockToleranceSeconds),
      store.firstSet(revocationKeysFor(runtime.prefix, verified.claims)),
      typeof sessionId === "string" ? store.bindOnce(sessionKey(runtime.prefix, sessionId), principalKey(verified.claims), runtime.sessionTtlSeconds) : undefined,
    ]);
    return { fresh, revoked, owner };
  } catch {
    return STORE_UNAVAILABLE;
  }
}

/**
 * The shared store's answers for a request, asked once and together (a Redis store sends the commands issued in one
 * tick as one pipeline: one round trip per request). AUTH-04 runs before CV-04 and PUB-01 and passes the key of the
 * proof it verified (`replayKey`), so it is recorded in that round trip; should a check with a proof key ask after
 * another, the key is claimed in a second round trip rather than dropped. A store that does not answer is
 * {@link STORE_UNAVAILABLE} for each of them (fail closed).
 */
export function storeAnswers(runtime: AuthRuntime, ctx: CheckContext, verified: VerifiedToken, replayKey?: string): Promise<StoreAnswers | AuthDenial> {
  const asked = answered.get(ctx.headers);
  if (asked === undefined) {
    const answers = askStore(runtime, ctx, verified, replayKey);
    answered.set(ctx.headers, { replayKey, answers });
    return answers;
  }
  if (replayKey === undefined || replayKey === asked.replayKey) return asked.answers;
  return claimLate(runtime, asked.answers, replayKey);
}

/** A proof key to record after the store was first asked without it (checks run in another order): claimed now, never dropped. */
async function claimLate(runtime: AuthRuntime, answers: Promise<StoreAnswers | AuthDenial>, replayKey: string): Promise<StoreAnswers | AuthDenial> {
  const first = await answers;
  if (first instanceof AuthDenial) return first;
  try {
    return { ...first, fresh: await runtime.store.claimOnce(replayKey, runtime.dpop.maxAgeSeconds + runtime.dpop.clockToleranceSeconds) };
  } catch {
    return STORE_UNAVAILABLE;
  }
}

/**
 * The token checks the guard runs on every MCP request (CV-01, ZT-01), in order: the access token (signature,
 * issuer, expiry, audience of every targeted server, lifetime), its sender constraint (AUTH-04), the called tool's
 * scopes (CV-01), step-up for sensitive tools (CV-03, JIT-02), the grant of just-in-time tools (JIT-01, JIT-03, JIT-05),
 * then one round trip to the shared store for the proof's replay (AUTH-04), revocations (CV-04, JIT-04) and the
 * session's owner (PUB-01). The first failure is the answer; a store or key fetch that fails is a refusal.
 */
import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from "jose";
import { checkSenderConstraint, type DpopSettings, type SenderConstraint } from "../checks/AUTH-04";
import { checkToolScopes } from "../checks/CV-01";
import { checkStepUp } from "../checks/CV-03";
import { revocationKeysFor, revokedDenial } from "../checks/CV-04";
import { checkJitGrant } from "../checks/JIT-01";
import { checkSessionOwner, sessionKey } from "../checks/PUB-01";
import type { GuardAuthConfig, GuardToolConfig } from "../config/types";
import { verifyAccessToken, type AccessTokenClaims, type AccessTokenPolicy } from "./access-token";
import { deny, denialError, AuthDenial, type AuthScheme, type DenialCode, type DenialPayload } from "./denial";
import { singleHeader, type ForwardedHeaders } from "./headers";
import { principalKey, tokenClient } from "./principal";
import { RedisAuthStore } from "./redis-store";
import { DEFAULT_KEY_PREFIX, revocationKindOf } from "./revocation";
import { MemoryAuthStore, type AuthStore } from "./store";

/** One MCP request as the token checks see it. */
export interface TokenCheckRequest {
  /** The servers the call targets (`McpRequest.service_names`). */
  readonly servers: readonly string[];
  /** The called tool's name and configuration, for `tools/call`. */
  readonly tool?: { readonly name: string; readonly config: GuardToolConfig };
  /** The forwarded HTTP headers, pseudo-headers included. */
  readonly headers: ForwardedHeaders;
  /** The gateway's CEL-evaluated metadata (`McpRequest.metadata_context`); `clientCertificate` is read from it. */
  readonly metadata: { readonly [key: string]: unknown };
}

/** An admitted request: who made it, and the purpose of a just-in-time grant, for the audit line. */
export interface TokenCheckPass {
  readonly ok: true;
  readonly subject: string;
  readonly client?: string;
  readonly purpose?: string;
}

/** A refused request, with the ExtMcp error to answer. */
export interface TokenCheckDenial {
  readonly ok: false;
  readonly rule: string;
  readonly code: DenialCode;
  readonly reason: string;
  /** The JSON-RPC error `data` (`AuthorizationError.mcp_error`). */
  readonly payload: DenialPayload;
}

export type TokenCheckResult = TokenCheckPass | TokenCheckDenial;

/** What a {@link TokenGuard} runs with besides its configuration. */
export interface TokenGuardDependencies {
  /** The issuer's keys. */
  readonly keys: JWTVerifyGetKey;
  readonly store: AuthStore;
  /** Milliseconds since the epoch. @default Date.now */
  readonly clock?: () => number;
}

const DEFAULT_TOKEN_ALGORITHMS = ["ES256", "PS256", "RS256", "EdDSA"];
const DEFAULT_DPOP_ALGORITHMS = ["ES256", "EdDSA", "PS256", "RS256"];
/** jose's remote key set: refetch on an unknown `kid` at most every 30 s, keep keys 10 min, give up on a fetch after 5 s. */
const JWKS_OPTIONS = { cooldownDuration: 30_000, cacheMaxAge: 600_000, timeoutDuration: 5_000 };

function parseAuthorization(value: string | undefined | null): { scheme: AuthScheme; token: string } | AuthDenial {
  if (value === undefined) return deny("CV-01-token-missing", 401, "invalid_request", "the request carries no access token: send Authorization: DPoP <token>");
  if (value === null) return deny("CV-01-token-multiple", 400, "invalid_request", "the request carries more than one Authorization header");
  const match = /^(Bearer|DPoP) +([A-Za-z0-9\-._~+/]+=*)$/i.exec(value);
  if (!match) return deny("CV-01-token-malformed", 400, "invalid_request", "the Authorization header is not \"DPoP <token>\" or \"Bearer <token>\"");
  return { scheme: match[1].toLowerCase() === "dpop" ? "DPoP" : "Bearer", token: match[2] };
}

function requestUrl(headers: ForwardedHeaders, origin: string | undefined): string | undefined {
  const path = singleHeader(headers, ":path");
  if (typeof path !== "string") return undefined;
  if (origin !== undefined) return `${origin}${path}`;
  const scheme = singleHeader(headers, ":scheme");
  const authority = singleHeader(headers, ":authority") ?? singleHeader(headers, "host");
  return typeof scheme === "string" && typeof authority === "string" ? `${scheme}://${authority}${path}` : undefined;
}

/** The token checks of one guard process. */
export class TokenGuard {
  private readonly policy: Omit<AccessTokenPolicy, "audiences">;
  private readonly dpop: DpopSettings;
  private readonly constraint: SenderConstraint;
  private readonly prefix: string;
  private readonly sessionTtlSeconds: number;
  private readonly clock: () => number;

  constructor(
    private readonly config: GuardAuthConfig,
    private readonly dependencies: TokenGuardDependencies,
  ) {
    const clockToleranceSeconds = config.clockToleranceSeconds ?? 5;
    this.policy = {
      issuer: config.issuer,
      algorithms: config.algorithms ?? DEFAULT_TOKEN_ALGORITHMS,
      clockToleranceSeconds,
      maxLifetimeSeconds: config.maxTokenLifetimeSeconds ?? 300,
    };
    this.dpop = { algorithms: config.dpop?.algorithms ?? DEFAULT_DPOP_ALGORITHMS, maxAgeSeconds: config.dpop?.maxAgeSeconds ?? 60, clockToleranceSeconds };
    this.constraint = config.senderConstraint ?? "dpop";
    this.prefix = config.store?.keyPrefix ?? DEFAULT_KEY_PREFIX;
    this.sessionTtlSeconds = config.sessionTtlSeconds ?? 86_400;
    this.clock = dependencies.clock ?? Date.now;
  }

  /**
   * A guard for a configuration: the issuer's remote key set, and Redis when `store.redisUrl` is set (password from
   * `MCP_GUARD_REDIS_PASSWORD`), else memory. `jwks` replaces the remote key set (a pinned local set).
   */
  static fromConfig(config: GuardAuthConfig, options: { readonly jwks?: JSONWebKeySet; readonly env?: NodeJS.ProcessEnv } = {}): TokenGuard {
    const env = options.env ?? process.env;
    const keys = options.jwks ? createLocalJWKSet(options.jwks) : createRemoteJWKSet(new URL(config.jwksUri), JWKS_OPTIONS);
    const redisUrl = config.store?.redisUrl;
    const password = env.MCP_GUARD_REDIS_PASSWORD;
    const store = redisUrl !== undefined ? new RedisAuthStore({ url: redisUrl, ...(password ? { password } : {}) }) : new MemoryAuthStore();
    return new TokenGuard(config, { keys, store });
  }

  /** Checks one request's token; never throws for anything the client sent. */
  async check(request: TokenCheckRequest): Promise<TokenCheckResult> {
    const authorization = parseAuthorization(singleHeader(request.headers, "authorization"));
    const scheme: AuthScheme = authorization instanceof AuthDenial ? (this.constraint === "certificate" ? "Bearer" : "DPoP") : authorization.scheme;
    const outcome = authorization instanceof AuthDenial ? authorization : await this.checkToken(request, authorization.scheme, authorization.token);
    if (outcome instanceof AuthDenial) {
      const error = denialError(outcome, scheme, this.dpop.algorithms);
      return { ok: false, rule: outcome.rule, code: error.code, reason: error.reason, payload: error.payload };
    }
    return outcome;
  }

  private async checkToken(request: TokenCheckRequest, scheme: AuthScheme, token: string): Promise<TokenCheckPass | AuthDenial> {
    const now = new Date(this.clock());
    const audiences: string[] = [];
    for (const server of request.servers) {
      const audience = this.config.audiences[server];
      if (audience === undefined) return deny("CV-01-audience-unconfigured", 403, "invalid_token", `the guard has no audience for server ${server}: add it to auth.audiences`);
      audiences.push(audience);
    }
    const claims = await verifyAccessToken(token, this.dependencies.keys, { ...this.policy, audiences }, now);
    if (claims instanceof AuthDenial) return claims;
    const binding = await checkSenderConstraint(
      claims,
      {
        scheme,
        accessToken: token,
        proof: singleHeader(request.headers, "dpop"),
        method: singleHeader(request.headers, ":method") ?? undefined,
        url: requestUrl(request.headers, this.config.dpop?.origin),
        certificate: typeof request.metadata.clientCertificate === "string" ? request.metadata.clientCertificate : undefined,
      },
      this.constraint,
      this.dpop,
      now,
    );
    if (binding instanceof AuthDenial) return binding;
    let purpose: string | undefined;
    if (request.tool !== undefined) {
      const { name, config } = request.tool;
      const denial = checkToolScopes(claims, name, config.scopes) ?? (config.sensitive ? checkStepUp(claims, name, config.sensitive, now.getTime() / 1000) : undefined);
      if (denial) return denial;
      if (config.jit) {
        const grant = checkJitGrant(claims, name, audiences[0], config.jit);
        if (grant instanceof AuthDenial) return grant;
        purpose = grant.purpose;
      }
    }
    const sessionId = singleHeader(request.headers, "mcp-session-id");
    if (sessionId === null) return deny("PUB-01-session-multiple", 400, "invalid_request", "the request carries more than one Mcp-Session-Id header");
    const stored = await this.checkStore(claims, binding.kind === "dpop" ? `${binding.jkt}:${binding.jti}` : undefined, sessionId);
    if (stored) return stored;
    const client = tokenClient(claims);
    return { ok: true, subject: claims.sub as string, ...(client !== undefined ? { client } : {}), ...(purpose !== undefined ? { purpose } : {}) };
  }

  /** One round trip (auto-pipelined): proof replay, revocations, session owner. */
  private async checkStore(claims: AccessTokenClaims, proofId: string | undefined, sessionId: string | undefined): Promise<AuthDenial | undefined> {
    const { store } = this.dependencies;
    const principal = principalKey(claims);
    try {
      const [fresh, revoked, owner] = await Promise.all([
        proofId === undefined ? true : store.claimOnce(`${this.prefix}dpop:${proofId}`, this.dpop.maxAgeSeconds + this.dpop.clockToleranceSeconds),
        store.firstSet(revocationKeysFor(this.prefix, claims)),
        sessionId === undefined ? principal : store.bindOnce(sessionKey(this.prefix, sessionId), principal, this.sessionTtlSeconds),
      ]);
      if (revoked !== undefined) return revokedDenial(revocationKindOf(this.prefix, revoked));
      if (!fresh) return deny("AUTH-04-dpop-replayed", 401, "invalid_dpop_proof", "this DPoP proof was already used: create a fresh proof (new jti) for each request");
      return checkSessionOwner(owner, principal);
    } catch {
      return deny("ZT-01-store-unavailable", 503, "temporarily_unavailable", "the guard's shared store did not answer; retry later");
    }
  }

  /** Releases the store's connections. */
  async close(): Promise<void> {
    await this.dependencies.store.close();
  }
}

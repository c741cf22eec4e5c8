/**
 * The Keycloak realm of an environment, as a pure function of typed props, typed against Keycloak's own representation
 * (`RealmRepresentation` of `@keycloak/keycloak-admin-client`): one public client per MCP server whose tokens carry
 * exactly that server's audience, bound to the caller's DPoP key, living at most five minutes, obtained only by the
 * authorization code flow with PKCE S256; every user signs in with a second factor
 * (WebAuthn or OTP), and sensitive tools' step-up level (`mfa-webauthn`) is a higher level of authentication (ACR/LoA);
 * one client scope per tool permission, and per just-in-time tool and purpose an optional scope whose token carries the
 * RFC 9396 grant the guard checks. A server with just-in-time tools also gets a token-exchange client (JIT-05): its
 * tokens are exchanged (RFC 8693, Keycloak's standard token exchange) for a token carrying one tool's grant, per call.
 * Keys, clients and scopes are emitted in name order, so the same props give the same bytes.
 */
import { ACCESS_REVIEW_REALM_ROLES } from "../../baselines/access-review";
import type ClientRepresentation from "@keycloak/keycloak-admin-client/lib/defs/clientRepresentation";
import type ClientScopeRepresentation from "@keycloak/keycloak-admin-client/lib/defs/clientScopeRepresentation";
import type ProtocolMapperRepresentation from "@keycloak/keycloak-admin-client/lib/defs/protocolMapperRepresentation";
import type RealmRepresentation from "@keycloak/keycloak-admin-client/lib/defs/realmRepresentation";

/** The authentication context classes (`acr`) the realm issues, by level of authentication (`acr.loa.map`). */
export const REALM_ACR_LEVELS: Readonly<Record<string, number>> = { mfa: 1, "mfa-webauthn": 2 };

/** The `authorization_details` type of a just-in-time grant: the guard's `JIT_GRANT_TYPE`. */
export const JIT_GRANT_TYPE = "mcp_tool";

/** The longest access token the realm issues, seconds (AUTH-02). */
export const MAX_ACCESS_TOKEN_SECONDS = 300;

/** Keycloak's client attribute that requires DPoP-bound access tokens (RFC 9449; Keycloak 26 `OIDCConfigAttributes.DPOP_BOUND_ACCESS_TOKENS`). */
export const DPOP_ATTRIBUTE = "dpop.bound.access.tokens";

/** Keycloak's client attribute for the PKCE method (`OIDCConfigAttributes.PKCE_CODE_CHALLENGE_METHOD`). */
export const PKCE_ATTRIBUTE = "pkce.code.challenge.method";

/** Keycloak's client attribute for the client's access token lifespan, seconds (`OIDCConfigAttributes.ACCESS_TOKEN_LIFESPAN`). */
export const TOKEN_LIFESPAN_ATTRIBUTE = "access.token.lifespan";

/** Keycloak's client attribute that lets a confidential client exchange tokens (standard token exchange, Keycloak 26.2+). */
export const TOKEN_EXCHANGE_ATTRIBUTE = "standard.token.exchange.enabled";

/** One tool of a server, as the realm grants it. */
export interface RealmToolProps {
  readonly name: string;
  /** The OAuth scopes a caller needs: one client scope each. */
  readonly scopes: readonly string[];
  /** A sensitive tool's accepted `acr` values, each a key of {@link REALM_ACR_LEVELS}. @default not sensitive */
  readonly acrValues?: readonly string[];
  /** A just-in-time tool's purposes and its grant's longest lifetime. @default not just-in-time */
  readonly jit?: { readonly purposes: readonly string[]; readonly maxGrantSeconds: number };
}

/** One MCP server: one client, one audience. */
export interface RealmServerProps {
  readonly name: string;
  /** The audience (RFC 8707 resource) its tokens carry, the only one. */
  readonly audience: string;
  readonly tools: readonly RealmToolProps[];
}

/** Properties of {@link keycloakRealm}. */
export interface KeycloakRealmProps {
  /** The realm's name, the last segment of the issuer, e.g. `mcp-prod`. */
  readonly realm: string;
  readonly servers: readonly RealmServerProps[];
  /** Where MCP clients receive the authorization code (RFC 8252 loopback). @default ["http://127.0.0.1/callback", "http://[::1]/callback"] */
  readonly redirectUris?: readonly string[];
  /** Access token lifetime, seconds, at most {@link MAX_ACCESS_TOKEN_SECONDS}. @default 300 */
  readonly accessTokenSeconds?: number;
  /** Longest single sign-on session, seconds. @default 36000 (10 h) */
  readonly ssoSessionMaxSeconds?: number;
  /**
   * The client ID of the scheduled access review (OPS-04): a confidential client whose service account holds only the
   * realm's read-only admin roles {@link ACCESS_REVIEW_REALM_ROLES}, so the review job reads the live realm. @default none
   */
  readonly accessReviewClient?: string;
}

/**
 * The access review's client (OPS-04): confidential, client credentials only, authenticated with a signed JWT
 * (`private_key_jwt`, ES256, key registered by the operator, the private key in Secrets Manager), DPoP-bound tokens
 * without refresh, no browser flow; its service account holds {@link ACCESS_REVIEW_REALM_ROLES} and, as its scope is not
 * full, its tokens carry exactly those roles (client scope mappings).
 */
function accessReviewClient(clientId: string, lifespan: number): { client: ClientRepresentation; user: Record<string, unknown> } {
  return {
    client: {
      clientId,
      name: "Scheduled access review",
      description: "Reads the realm, its clients and users for the scheduled access review (OPS-04); nothing else.",
      enabled: true,
      protocol: "openid-connect",
      publicClient: false,
      bearerOnly: false,
      consentRequired: false,
      standardFlowEnabled: false,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
      serviceAccountsEnabled: true,
      authorizationServicesEnabled: false,
      frontchannelLogout: false,
      fullScopeAllowed: false,
      clientAuthenticatorType: "client-jwt",
      redirectUris: [],
      webOrigins: [],
      attributes: {
        [DPOP_ATTRIBUTE]: "true",
        [PKCE_ATTRIBUTE]: "S256",
        [TOKEN_LIFESPAN_ATTRIBUTE]: String(Math.min(lifespan, 120)),
        "oauth2.device.authorization.grant.enabled": "false",
        "oidc.ciba.grant.enabled": "false",
        [TOKEN_EXCHANGE_ATTRIBUTE]: "false",
        "access.token.signed.response.alg": "ES256",
        "token.endpoint.auth.signing.alg": "ES256",
        "use.refresh.tokens": "false",
        "client_credentials.use_refresh_token": "false",
      },
      protocolMappers: [],
      defaultClientScopes: ["basic"],
      optionalClientScopes: [],
    },
    user: { username: `service-account-${clientId}`, enabled: true, serviceAccountClientId: clientId, clientRoles: { "realm-management": [...ACCESS_REVIEW_REALM_ROLES] } },
  };
}

/** The client ID of an MCP server's client. */
export function serverClientId(server: string): string {
  return `mcp-${server}`;
}

/**
 * The client ID of a server's token-exchange client: the server's audience itself, because Keycloak exchanges only a
 * subject token whose audience names the requesting client, and a server's tokens carry its audience alone.
 */
export function exchangeClientId(server: RealmServerProps): string {
  return server.audience;
}

/**
 * Every client the realm issues a server's tokens to (their `azp`), which revoking the server must name: its own
 * client and, with just-in-time tools, its token-exchange client.
 */
export function serverClientIds(server: RealmServerProps): string[] {
  return [serverClientId(server.name), ...(serverJitScopes(server).length > 0 ? [exchangeClientId(server)] : [])];
}

/** The client scope of a just-in-time tool's grant for one purpose. */
export function jitScopeName(server: string, tool: string, purpose: string): string {
  return `jit:${server}:${tool}:${purpose}`;
}

/** The browser flow every client signs in with. */
export const BROWSER_FLOW = "mcp-browser";

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function mapper(name: string, protocolMapper: string, config: Record<string, string>): ProtocolMapperRepresentation {
  return { name, protocol: "openid-connect", protocolMapper, config: { "access.token.claim": "true", "id.token.claim": "false", "userinfo.token.claim": "false", "introspection.token.claim": "true", ...config } };
}

function scope(name: string, description: string, mappers: ProtocolMapperRepresentation[], inTokenScope = true): ClientScopeRepresentation {
  return {
    name,
    description,
    protocol: "openid-connect",
    attributes: { "include.in.token.scope": String(inTokenScope), "display.on.consent.screen": "true" },
    protocolMappers: mappers,
  };
}

/** The scopes every token carries: subject and sign-in time, and the sign-in level. */
function baseScopes(): ClientScopeRepresentation[] {
  return [
    scope("acr", "The level of authentication of the sign-in (acr), for step-up.", [mapper("acr loa level", "oidc-acr-mapper", {})], false),
    scope(
      "basic",
      "Subject and sign-in time of the token.",
      [
        mapper("sub", "oidc-sub-mapper", {}),
        mapper("auth_time", "oidc-usersessionmodel-note-mapper", { "user.session.note": "AUTH_TIME", "claim.name": "auth_time", "jsonType.label": "long" }),
      ],
      false
    ),
  ];
}

function execution(authenticator: string, requirement: string, priority: number, authenticatorConfig?: string): Record<string, unknown> {
  return { authenticator, authenticatorFlow: false, requirement, priority, userSetupAllowed: false, ...(authenticatorConfig ? { authenticatorConfig } : {}) };
}

function subflow(flowAlias: string, requirement: string, priority: number): Record<string, unknown> {
  return { flowAlias, authenticatorFlow: true, requirement, priority, userSetupAllowed: false };
}

function flow(alias: string, description: string, topLevel: boolean, executions: Record<string, unknown>[]): Record<string, unknown> {
  return { alias, description, providerId: "basic-flow", topLevel, builtIn: false, authenticationExecutions: executions };
}

/**
 * The browser flow (AUTH-01, CV-03): a session cookie, or a sign-in whose level is the level asked for. Level 1
 * (`mfa`) is password and a second factor (WebAuthn preferred, OTP allowed): no user signs in with a password alone.
 * Level 2 (`mfa-webauthn`) adds a WebAuthn assertion, asked again when the level-2 sign-in is older than the
 * session's longest life allows (Keycloak's `loa-max-age`).
 */
function browserFlows(ssoSessionMaxSeconds: number): { flows: Record<string, unknown>[]; configs: Record<string, unknown>[] } {
  const level = (n: number, maxAge: number) => ({ alias: `${BROWSER_FLOW}-loa-${n}`, config: { "loa-condition-level": String(n), "loa-max-age": String(maxAge) } });
  const configs = [level(1, ssoSessionMaxSeconds), level(2, 0)];
  return {
    configs,
    flows: [
      flow(BROWSER_FLOW, "Cookie, or a sign-in at the level asked for: every level has a second factor.", true, [execution("auth-cookie", "ALTERNATIVE", 10), subflow(`${BROWSER_FLOW}-forms`, "ALTERNATIVE", 20)]),
      flow(`${BROWSER_FLOW}-forms`, "Sign-in by level of authentication.", false, [subflow(`${BROWSER_FLOW}-level-1`, "CONDITIONAL", 10), subflow(`${BROWSER_FLOW}-level-2`, "CONDITIONAL", 20)]),
      flow(`${BROWSER_FLOW}-level-1`, "Level 1 (mfa): password and a second factor.", false, [
        execution("conditional-level-of-authentication", "REQUIRED", 10, configs[0].alias),
        execution("auth-username-password-form", "REQUIRED", 20),
        subflow(`${BROWSER_FLOW}-second-factor`, "REQUIRED", 30),
      ]),
      flow(`${BROWSER_FLOW}-second-factor`, "WebAuthn, or a one-time password.", false, [execution("webauthn-authenticator", "ALTERNATIVE", 10), execution("auth-otp-form", "ALTERNATIVE", 20)]),
      flow(`${BROWSER_FLOW}-level-2`, "Level 2 (mfa-webauthn): a WebAuthn assertion.", false, [
        execution("conditional-level-of-authentication", "REQUIRED", 10, configs[1].alias),
        execution("webauthn-authenticator", "REQUIRED", 20),
      ]),
    ],
  };
}

/** The optional scope of a just-in-time tool's grant for one purpose: its token carries the RFC 9396 entry the guard checks. */
function jitScope(server: RealmServerProps, tool: RealmToolProps, purpose: string): ClientScopeRepresentation {
  const detail = [{ type: JIT_GRANT_TYPE, locations: [server.audience], actions: [tool.name], purpose }];
  return scope(jitScopeName(server.name, tool.name, purpose), `Just-in-time grant: ${tool.name} of ${server.name} for ${purpose}.`, [
    mapper("authorization_details", "oidc-hardcoded-claim-mapper", { "claim.name": "authorization_details", "claim.value": JSON.stringify(detail), "jsonType.label": "JSON" }),
  ]);
}

/** How a client of one server's audience differs from the others. */
interface AudienceClientShape {
  readonly clientId: string;
  readonly name: string;
  readonly description: string;
  readonly publicClient: boolean;
  readonly standardFlowEnabled: boolean;
  readonly redirectUris: readonly string[];
  readonly tokenExchange: boolean;
  readonly attributes: Readonly<Record<string, string>>;
  readonly optionalClientScopes: readonly string[];
  readonly more?: ClientRepresentation;
}

/**
 * A client whose tokens are for one server's audience and no other (AUTH-02, AUTH-03, AUTH-04): no implicit flow, no
 * password grant, no service account, no device or CIBA grant, PKCE S256 wherever a code is used, DPoP-bound tokens,
 * `fullScopeAllowed: false`, a lifespan no longer than the realm's and than any of the server's just-in-time tools allows.
 */
function audienceClient(server: RealmServerProps, lifespan: number, shape: AudienceClientShape): ClientRepresentation {
  const grantBounds = server.tools.flatMap((tool) => (tool.jit ? [tool.jit.maxGrantSeconds] : []));
  return {
    clientId: shape.clientId,
    name: shape.name,
    description: shape.description,
    enabled: true,
    protocol: "openid-connect",
    publicClient: shape.publicClient,
    bearerOnly: false,
    consentRequired: false,
    standardFlowEnabled: shape.standardFlowEnabled,
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: false,
    serviceAccountsEnabled: false,
    authorizationServicesEnabled: false,
    frontchannelLogout: false,
    fullScopeAllowed: false,
    redirectUris: [...shape.redirectUris],
    webOrigins: [],
    attributes: {
      [DPOP_ATTRIBUTE]: "true",
      [PKCE_ATTRIBUTE]: "S256",
      [TOKEN_LIFESPAN_ATTRIBUTE]: String(Math.min(lifespan, ...grantBounds)),
      "oauth2.device.authorization.grant.enabled": "false",
      "oidc.ciba.grant.enabled": "false",
      [TOKEN_EXCHANGE_ATTRIBUTE]: String(shape.tokenExchange),
      "access.token.signed.response.alg": "ES256",
      ...shape.attributes,
      "client_credentials.use_refresh_token": "false",
    },
    protocolMappers: [mapper("audience", "oidc-audience-mapper", { "included.custom.audience": server.audience })],
    defaultClientScopes: ["acr", "basic"],
    optionalClientScopes: [...shape.optionalClientScopes],
    ...shape.more,
  };
}

/**
 * The client of one MCP server: public, authorization code with PKCE S256 only, no token exchange; the tools' scopes
 * and grants are optional: asked for when needed. Pushed authorization requests are not required: the MCP SDKs'
 * clients do not send them.
 */
function serverClient(server: RealmServerProps, lifespan: number, redirectUris: readonly string[], scopes: readonly string[]): ClientRepresentation {
  return audienceClient(server, lifespan, {
    clientId: serverClientId(server.name),
    name: `MCP server ${server.name}`,
    description: `Tokens for ${server.audience} only.`,
    publicClient: true,
    standardFlowEnabled: true,
    redirectUris,
    tokenExchange: false,
    attributes: { "default.acr.values": "mfa", "use.refresh.tokens": "true" },
    optionalClientScopes: scopes,
  });
}

/** The just-in-time grant scopes of a server, in name order. */
function serverJitScopes(server: RealmServerProps): string[] {
  return server.tools.flatMap((tool) => (tool.jit?.purposes ?? []).map((purpose) => jitScopeName(server.name, tool.name, purpose))).sort(compare);
}

/**
 * The token-exchange client of a server with just-in-time tools (JIT-05): confidential, authenticated with a signed
 * JWT (`private_key_jwt`, key registered by the operator), no browser flow; it may only exchange (RFC 8693) a token of
 * its server for a DPoP-bound token of the same single audience that carries the one just-in-time grant asked for by
 * scope (`jit:<server>:<tool>:<purpose>`), living no longer than the tool allows, and gets no refresh token.
 */
function exchangeClient(server: RealmServerProps, lifespan: number, jitScopeNames: readonly string[]): ClientRepresentation {
  return audienceClient(server, lifespan, {
    clientId: exchangeClientId(server),
    name: `Just-in-time token exchange for ${server.name}`,
    description: `Exchanges tokens for ${server.audience} for a token carrying one just-in-time tool grant.`,
    publicClient: false,
    standardFlowEnabled: false,
    redirectUris: [],
    tokenExchange: true,
    attributes: { "standard.token.exchange.enableRefreshRequestedTokenType": "NO", "token.endpoint.auth.signing.alg": "ES256", "use.refresh.tokens": "false" },
    optionalClientScopes: jitScopeNames,
    more: { clientAuthenticatorType: "client-jwt" },
  });
}

/** The realm (AUTH-01, AUTH-02, AUTH-04, CV-03, JIT-01..05, LOG-01): see the module comment. Throws naming the field on bad props. */
export function keycloakRealm(props: KeycloakRealmProps): RealmRepresentation {
  const lifespan = props.accessTokenSeconds ?? MAX_ACCESS_TOKEN_SECONDS;
  if (!Number.isInteger(lifespan) || lifespan < 30 || lifespan > MAX_ACCESS_TOKEN_SECONDS) throw new Error(`keycloakRealm: accessTokenSeconds must be 30 to ${MAX_ACCESS_TOKEN_SECONDS}, got ${lifespan}`);
  const ssoSessionMaxSeconds = props.ssoSessionMaxSeconds ?? 36_000;
  const redirectUris = props.redirectUris ?? ["http://127.0.0.1/callback", "http://[::1]/callback"];
  const servers = [...props.servers].sort((a, b) => compare(a.name, b.name));
  const audiences = new Set<string>();
  const permissions = new Set<string>();
  const jitScopes: ClientScopeRepresentation[] = [];
  for (const server of servers) {
    if (audiences.has(server.audience)) throw new Error(`keycloakRealm: servers share the audience ${server.audience}; give each server its own`);
    audiences.add(server.audience);
    for (const tool of server.tools) {
      tool.scopes.forEach((permission) => permissions.add(permission));
      for (const acr of tool.acrValues ?? []) {
        if (REALM_ACR_LEVELS[acr] === undefined) throw new Error(`keycloakRealm: tool ${tool.name} of ${server.name} accepts acr "${acr}", which the realm does not issue; use one of ${Object.keys(REALM_ACR_LEVELS).join(", ")}`);
      }
      for (const purpose of tool.jit?.purposes ?? []) jitScopes.push(jitScope(server, tool, purpose));
    }
  }
  const permissionScopes = [...permissions].sort(compare).map((permission) => scope(permission, `Tool permission ${permission}.`, []));
  const { flows, configs } = browserFlows(ssoSessionMaxSeconds);
  const review = props.accessReviewClient === undefined ? undefined : accessReviewClient(props.accessReviewClient, lifespan);
  return {
    realm: props.realm,
    enabled: true,
    displayName: props.realm,
    sslRequired: "all",
    registrationAllowed: false,
    resetPasswordAllowed: false,
    rememberMe: false,
    verifyEmail: true,
    loginWithEmailAllowed: true,
    duplicateEmailsAllowed: false,
    editUsernameAllowed: false,
    passwordPolicy: "length(14) and notUsername and notEmail and passwordHistory(5)",
    bruteForceProtected: true,
    bruteForceStrategy: "MULTIPLE",
    permanentLockout: false,
    failureFactor: 5,
    waitIncrementSeconds: 60,
    maxFailureWaitSeconds: 900,
    maxDeltaTimeSeconds: 43_200,
    minimumQuickLoginWaitSeconds: 60,
    quickLoginCheckMilliSeconds: 1000,
    maxSecondaryAuthFailures: 5,
    accessTokenLifespan: lifespan,
    accessTokenLifespanForImplicitFlow: lifespan,
    accessCodeLifespan: 60,
    ssoSessionIdleTimeout: 1800,
    ssoSessionMaxLifespan: ssoSessionMaxSeconds,
    offlineSessionMaxLifespanEnabled: true,
    offlineSessionMaxLifespan: ssoSessionMaxSeconds,
    revokeRefreshToken: true,
    refreshTokenMaxReuse: 0,
    defaultSignatureAlgorithm: "ES256",
    otpPolicyType: "totp",
    otpPolicyAlgorithm: "HmacSHA1",
    otpPolicyDigits: 6,
    otpPolicyPeriod: 30,
    otpPolicyCodeReusable: false,
    eventsEnabled: true,
    eventsListeners: ["jboss-logging"],
    adminEventsEnabled: true,
    adminEventsDetailsEnabled: false,
    attributes: { "acr.loa.map": JSON.stringify(REALM_ACR_LEVELS) },
    browserFlow: BROWSER_FLOW,
    authenticationFlows: flows,
    authenticatorConfig: configs,
    requiredActions: [
      { alias: "CONFIGURE_TOTP", name: "Configure OTP", providerId: "CONFIGURE_TOTP", enabled: true, defaultAction: true, priority: 10, config: {} },
      { alias: "webauthn-register", name: "Webauthn Register", providerId: "webauthn-register", enabled: true, defaultAction: false, priority: 20, config: {} },
      { alias: "VERIFY_EMAIL", name: "Verify Email", providerId: "VERIFY_EMAIL", enabled: true, defaultAction: false, priority: 30, config: {} },
    ],
    // The default role every user gets at first sign-in grants nothing (Keycloak's built-in one grants offline_access,
    // offline tokens that outlive the session): OPS-04.
    roles: { realm: [{ name: `default-roles-${props.realm}`, description: "Every user's default role: grants nothing.", composite: false }] },
    defaultRole: { name: `default-roles-${props.realm}` },
    defaultDefaultClientScopes: ["acr", "basic"],
    defaultOptionalClientScopes: [],
    clientScopes: [...baseScopes(), ...permissionScopes, ...jitScopes.sort((a, b) => compare(a.name ?? "", b.name ?? ""))],
    clients: [
      ...servers.map((server) => serverClient(server, lifespan, redirectUris, [...new Set([...server.tools.flatMap((tool) => tool.scopes), ...serverJitScopes(server)])].sort(compare))),
      ...servers.filter((server) => serverJitScopes(server).length > 0).map((server) => exchangeClient(server, lifespan, serverJitScopes(server))),
      ...(review !== undefined ? [review.client] : []),
    ],
    ...(review !== undefined
      ? { users: [review.user], clientScopeMappings: { "realm-management": [{ client: props.accessReviewClient, roles: [...ACCESS_REVIEW_REALM_ROLES] }] } }
      : {}),
  };
}

/** The realm file's text: indented JSON with a final newline. */
export function keycloakRealmText(realm: RealmRepresentation): string {
  return `${JSON.stringify(realm, null, 2)}\n`;
}

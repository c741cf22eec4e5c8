/**
 * A real OAuth 2.0 authorization server for the guard's token tests: panva's oidc-provider (OpenID-certified) on
 * 127.0.0.1, in memory, configured like the realm the blueprint generates: DPoP-bound tokens (RFC 9449), resource
 * indicators with one audience per MCP server (RFC 8707) and short-lived JWT access tokens, private_key_jwt for service
 * clients, public clients with PKCE, ACR levels, and Rich Authorization Requests (RFC 9396) for just-in-time tool grants,
 * which get a shorter lifetime. Access tokens carry `acr`, `auth_time` and `sid` as Keycloak's do. Token exchange
 * (RFC 8693) as Keycloak's standard token exchange does it (JIT-05): a confidential client named in the subject
 * token's audience exchanges that token, with a DPoP proof, for a DPoP-bound token of the same subject and audience
 * carrying the `authorization_details` it asks for.
 *
 * Input (argv[2], JSON): { resources: { <uri>: { scope, ttl, jitTtl } }, clients: [client metadata], acrValues: [..] }.
 * Sign-in is automatic (a test stands in for the user): the account is `login_hint` (default `alice`) and the achieved
 * acr is the first requested `acr_values` (default the first configured level). Prints `listening <issuer>` when ready.
 */
import * as http from "node:http";
import Provider, { errors } from "oidc-provider";
import validateDpop, { checkDpopReplay } from "oidc-provider/lib/helpers/validate_dpop.js";
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify } from "jose";

const input = JSON.parse(process.argv[2]);
const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
const signingKey = { ...(await exportJWK(privateKey)), kid: "signing-1", alg: "ES256", use: "sig" };

const server = http.createServer();
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

function resourceServerInfo(ctx, resource) {
  const server = input.resources[resource];
  if (!server) throw new errors.InvalidTarget();
  const jit = ctx.oidc.params?.authorization_details !== undefined;
  return { scope: server.scope, audience: resource, accessTokenTTL: jit ? server.jitTtl : server.ttl, accessTokenFormat: "jwt", jwt: { sign: { alg: "ES256" } } };
}

const provider = new Provider(issuer, {
  clients: input.clients,
  jwks: { keys: [signingKey] },
  acrValues: input.acrValues,
  scopes: ["openid", ...new Set(Object.values(input.resources).flatMap((server) => server.scope.split(" ")))],
  pkce: { required: () => true },
  findAccount: (ctx, accountId) => ({ accountId, claims: () => ({ sub: accountId }) }),
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  extraTokenClaims: (ctx, token) => {
    if (token.kind !== "AccessToken") return undefined;
    const source = ctx.oidc.entities.AuthorizationCode ?? ctx.oidc.entities.RefreshToken;
    return { acr: source?.acr, auth_time: source?.authTime, sid: token.sessionUid, azp: token.clientId };
  },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    dPoP: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => undefined,
      useGrantedResource: () => true,
      getResourceServerInfo: resourceServerInfo,
    },
    richAuthorizationRequests: {
      enabled: true,
      types: {
        mcp_tool: {
          validate(ctx, detail) {
            if (!Array.isArray(detail.actions) || typeof detail.purpose !== "string") throw new errors.InvalidAuthorizationDetails("mcp_tool needs actions and a purpose");
          },
        },
      },
      authorizationDetailsForGrantSource: (ctx, source) => source.rar,
      authorizationDetailsForAccessToken: (ctx) => JSON.parse(ctx.oidc.params.authorization_details),
      authorizationDetailsForIntrospection: (ctx, token) => token.rar,
    },
  },
});

// The stand-in user: signs in at once (account from login_hint, acr from acr_values) and consents to what was asked.
provider.use(async (ctx, next) => {
  const match = /^\/interaction\/([^/]+)$/.exec(ctx.path);
  if (!match) return next();
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  const { prompt, params } = details;
  let result;
  if (prompt.name === "login") {
    const acr = typeof params.acr_values === "string" ? params.acr_values.split(" ")[0] : input.acrValues[0];
    result = { login: { accountId: typeof params.login_hint === "string" ? params.login_hint : "alice", acr, amr: acr === input.acrValues[0] ? ["pwd"] : ["pwd", "hwk"] } };
  } else {
    const grant = new provider.Grant({ accountId: details.session.accountId, clientId: params.client_id });
    grant.addOIDCScope(params.scope);
    if (typeof params.resource === "string") grant.addResourceScope(params.resource, params.scope.split(" ").filter((scope) => scope !== "openid").join(" "));
    result = { consent: { grantId: await grant.save() } };
  }
  ctx.redirect(await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false }));
});

const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
const ownKeys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: signingKey.kid, alg: "ES256" }] });

// RFC 8693 token exchange, with Keycloak's standard token exchange rules: the requester is authenticated (the token
// endpoint does that), is an audience of the subject token, and gets a token for that audience only.
provider.registerGrantType(
  TOKEN_EXCHANGE,
  async (ctx) => {
    const { params, client } = ctx.oidc;
    if (params.subject_token_type !== ACCESS_TOKEN_TYPE) throw new errors.InvalidRequest(`subject_token_type must be ${ACCESS_TOKEN_TYPE}`);
    let subject;
    try {
      ({ payload: subject } = await jwtVerify(params.subject_token, ownKeys, { issuer }));
    } catch {
      throw new errors.InvalidGrant("subject_token is not a valid access token of this issuer");
    }
    if (![subject.aud].flat().includes(client.clientId)) throw new errors.InvalidGrant("the requesting client is not an audience of the subject token");
    if (params.resource !== client.clientId) throw new errors.InvalidTarget("the exchanged token is for the subject token's audience only");
    const details = JSON.parse(params.authorization_details ?? "[]");
    if (!Array.isArray(details) || details.some((detail) => detail?.type !== "mcp_tool" || !Array.isArray(detail.actions) || typeof detail.purpose !== "string")) {
      throw new errors.InvalidAuthorizationDetails("mcp_tool needs actions and a purpose");
    }
    const dPoP = await validateDpop(provider, ctx);
    if (!dPoP) throw new errors.InvalidRequest("a DPoP proof is required");
    await checkDpopReplay(provider, ctx, dPoP, client.clientId, errors.InvalidGrant);
    const token = new provider.AccessToken({ accountId: subject.sub, client, gty: "token-exchange", scope: subject.scope, rar: details });
    token.resourceServer = new provider.ResourceServer(params.resource, resourceServerInfo(ctx, params.resource));
    token.setThumbprint("jkt", dPoP.thumbprint);
    ctx.body = { access_token: await token.save(), issued_token_type: ACCESS_TOKEN_TYPE, token_type: token.tokenType, expires_in: token.expiration, authorization_details: details };
  },
  ["subject_token", "subject_token_type", "requested_token_type", "resource", "scope", "authorization_details"],
);

server.on("request", provider.callback());
process.stdout.write(`listening ${issuer}\n`);
process.on("SIGTERM", () => server.close(() => process.exit(0)));

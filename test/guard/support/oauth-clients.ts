/**
 * Real OAuth clients for the guard's token tests, built on panva's oauth4webapi and dpop: a service client that gets
 * DPoP-bound tokens with client credentials and private_key_jwt, and a user-facing public client that runs the
 * authorization code flow with PKCE and DPoP (the authorization server signs the stand-in user in, see oidc-server.mjs).
 */
import { generateProof } from "dpop";
import type { webcrypto } from "crypto";
import * as oauth from "oauth4webapi";

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const INSECURE = { [oauth.allowInsecureRequests]: true } as const;

/** The authorization server's metadata, from discovery. */
export async function discover(issuer: string): Promise<oauth.AuthorizationServer> {
  const url = new URL(issuer);
  return oauth.processDiscoveryResponse(url, await oauth.discoveryRequest(url, { ...INSECURE, algorithm: "oidc" }));
}

/** A DPoP key pair (ES256), as a client keeps it. */
export function dpopKeys(): Promise<CryptoKeyPair> {
  return oauth.generateKeyPair("ES256", { extractable: true });
}

/** A DPoP proof for one request to the guarded MCP endpoint. */
export function proof(keys: CryptoKeyPair, url: string, method: string, accessToken: string): Promise<string> {
  return generateProof(keys, url, method, undefined, accessToken);
}

/** Client credentials with private_key_jwt, DPoP-bound unless `dpop` is undefined. */
export async function serviceToken(
  as: oauth.AuthorizationServer,
  client: { readonly clientId: string; readonly key: CryptoKey },
  dpop: CryptoKeyPair | undefined,
  parameters: Record<string, string>,
): Promise<string> {
  const oauthClient: oauth.Client = { client_id: client.clientId, token_endpoint_auth_method: "private_key_jwt" };
  const options = { ...INSECURE, ...(dpop ? { DPoP: oauth.DPoP(oauthClient, dpop) } : {}) };
  const response = await oauth.clientCredentialsGrantRequest(as, oauthClient, oauth.PrivateKeyJwt(client.key), parameters, options);
  if (!response.ok) throw new Error(`token endpoint: ${response.status} ${await response.clone().text()}`);
  return (await oauth.processClientCredentialsResponse(as, oauthClient, response)).access_token;
}

function cookiesOf(response: Response, jar: Map<string, string>): void {
  for (const cookie of response.headers.getSetCookie()) {
    const [pair] = cookie.split(";");
    const equals = pair.indexOf("=");
    jar.set(pair.slice(0, equals).trim(), pair.slice(equals + 1));
  }
}

/** Authorization code + PKCE + DPoP for a user (login_hint) at an acr level; returns the DPoP-bound access token. */
export async function userToken(
  as: oauth.AuthorizationServer,
  clientId: string,
  redirectUri: string,
  dpop: CryptoKeyPair,
  parameters: { readonly user: string; readonly acr: string; readonly resource: string; readonly scope: string },
): Promise<string> {
  const client: oauth.Client = { client_id: clientId, token_endpoint_auth_method: "none", id_token_signed_response_alg: "ES256" };
  const verifier = oauth.generateRandomCodeVerifier();
  const nonce = oauth.generateRandomNonce();
  const url = new URL(as.authorization_endpoint as string);
  url.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: "code",
    scope: `openid ${parameters.scope}`,
    resource: parameters.resource,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    login_hint: parameters.user,
    acr_values: parameters.acr,
    nonce,
  }).toString();
  const jar = new Map<string, string>();
  let next = url.toString();
  for (let hop = 0; hop < 10 && !next.startsWith(redirectUri); hop++) {
    const response = await fetch(next, { redirect: "manual", headers: { cookie: [...jar].map(([name, value]) => `${name}=${value}`).join("; ") } });
    cookiesOf(response, jar);
    const location = response.headers.get("location");
    if (location === null) throw new Error(`the authorization server answered ${response.status} without a redirect: ${await response.text()}`);
    next = new URL(location, next).toString();
  }
  const callback = oauth.validateAuthResponse(as, client, new URL(next), oauth.expectNoState);
  const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), callback, redirectUri, verifier, { ...INSECURE, DPoP: oauth.DPoP(client, dpop) });
  return (await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: nonce })).access_token;
}

/**
 * RFC 8693 token exchange by a confidential client (private_key_jwt) with a DPoP proof: the subject token for a
 * token of the same audience carrying `authorization_details` (one just-in-time grant), bound to `dpop`.
 */
export async function exchangeToken(
  as: oauth.AuthorizationServer,
  client: { readonly clientId: string; readonly key: CryptoKey },
  dpop: CryptoKeyPair,
  subjectToken: string,
  parameters: Record<string, string>,
): Promise<string> {
  const oauthClient: oauth.Client = { client_id: client.clientId, token_endpoint_auth_method: "private_key_jwt" };
  const response = await oauth.genericTokenEndpointRequest(
    as,
    oauthClient,
    oauth.PrivateKeyJwt(client.key),
    "urn:ietf:params:oauth:grant-type:token-exchange",
    { subject_token: subjectToken, subject_token_type: "urn:ietf:params:oauth:token-type:access_token", ...parameters },
    { ...INSECURE, DPoP: oauth.DPoP(oauthClient, dpop) },
  );
  if (!response.ok) throw new Error(`token endpoint: ${response.status} ${await response.clone().text()}`);
  return (await oauth.processGenericTokenEndpointResponse(as, oauthClient, response)).access_token;
}

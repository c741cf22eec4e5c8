/**
 * A token check's refusal, and how it reaches the client: the HTTP semantics of RFC 6750 / RFC 9449 / RFC 9470
 * (status and `WWW-Authenticate` challenge) carried inside the ExtMcp `AuthorizationError`. agentgateway turns that
 * error into a JSON-RPC error whose `data` is the `mcp_error` payload (`client.rs` `translate_error`), so the client
 * finds the status, the OAuth error code and the challenge there. Nothing in a denial echoes a token or proof.
 */

/** OAuth error codes a denial carries (RFC 6750 §3.1, RFC 9449 §7.1, RFC 9470 §3). */
export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_token"
  | "invalid_dpop_proof"
  | "insufficient_scope"
  | "insufficient_user_authentication"
  | "temporarily_unavailable";

/** Optional challenge parameters of a denial. */
export interface ChallengeParameters {
  /** RFC 9470 step-up: the accepted `acr` values. */
  readonly acrValues?: readonly string[];
  /** RFC 9470 step-up: the longest accepted time since sign-in, seconds. */
  readonly maxAge?: number;
  /** Scopes the call needs (RFC 6750 `insufficient_scope`). */
  readonly scope?: string;
}

/** Why a request was refused (a class, so a check's result is told apart from claims by `instanceof`). */
export class AuthDenial implements ChallengeParameters {
  readonly acrValues?: readonly string[];
  readonly maxAge?: number;
  readonly scope?: string;

  constructor(
    /** Rule ID, starting with its control ID, e.g. `AUTH-04-dpop-replayed`. */
    readonly rule: string,
    /** 400 for a malformed request, 401 when new credentials can fix it, 403 when they cannot, 503 when the guard could not decide (fail closed). */
    readonly status: 400 | 401 | 403 | 503,
    readonly error: OAuthErrorCode,
    /** What is wrong and what to do, without any token, proof or claim value the client sent. */
    readonly description: string,
    challenge: ChallengeParameters = {},
  ) {
    if (challenge.acrValues !== undefined) this.acrValues = challenge.acrValues;
    if (challenge.maxAge !== undefined) this.maxAge = challenge.maxAge;
    if (challenge.scope !== undefined) this.scope = challenge.scope;
  }
}

/** The ExtMcp error codes a denial maps to (`AuthorizationError.Code`). */
export type DenialCode = "PERMISSION_DENIED" | "UNKNOWN";

/** The JSON-RPC error `data` (the `mcp_error` bytes) a denial sends. */
export interface DenialPayload {
  readonly status: number;
  readonly error: OAuthErrorCode;
  readonly rule: string;
  /** The `WWW-Authenticate` value an HTTP resource server would have answered with. */
  readonly wwwAuthenticate: string;
}

/** How the client presented its token, which names the challenge's scheme. */
export type AuthScheme = "Bearer" | "DPoP";

/** Builds a denial. */
export function deny(rule: string, status: AuthDenial["status"], error: OAuthErrorCode, description: string, challenge: ChallengeParameters = {}): AuthDenial {
  return new AuthDenial(rule, status, error, description, challenge);
}

function quoted(value: string): string {
  return `"${value.replace(/[\\"]/g, (character) => `\\${character}`)}"`;
}

/** The `WWW-Authenticate` challenge of a denial, for the scheme the client used (DPoP challenges list `algs`). */
export function wwwAuthenticate(denial: AuthDenial, scheme: AuthScheme, dpopAlgorithms: readonly string[]): string {
  const parameters: string[] = [];
  if (denial.status !== 503) parameters.push(`error=${quoted(denial.error)}`, `error_description=${quoted(denial.description)}`);
  if (denial.scope !== undefined) parameters.push(`scope=${quoted(denial.scope)}`);
  if (denial.acrValues !== undefined) parameters.push(`acr_values=${quoted(denial.acrValues.join(" "))}`);
  if (denial.maxAge !== undefined) parameters.push(`max_age=${denial.maxAge}`);
  if (scheme === "DPoP") parameters.push(`algs=${quoted(dpopAlgorithms.join(" "))}`);
  return parameters.length > 0 ? `${scheme} ${parameters.join(", ")}` : scheme;
}

/** The ExtMcp error of a denial: its code and the JSON-RPC error `data` (`mcp_error`) with status and challenge. */
export function denialError(denial: AuthDenial, scheme: AuthScheme, dpopAlgorithms: readonly string[]): { readonly code: DenialCode; readonly payload: DenialPayload } {
  return {
    code: denial.status === 503 ? "UNKNOWN" : "PERMISSION_DENIED",
    payload: { status: denial.status, error: denial.error, rule: denial.rule, wwwAuthenticate: wwwAuthenticate(denial, scheme, dpopAlgorithms) },
  };
}

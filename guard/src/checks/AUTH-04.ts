/**
 * AUTH-04 sender-constrained tokens: a token bound to a DPoP key (`cnf.jkt`, RFC 9449) needs a valid proof made with
 * that key for this request; a token bound to a certificate (`cnf.x5t#S256`, RFC 8705) needs that client certificate
 * on the connection the edge terminated; a token bound to neither is refused. Proof replay is checked afterwards
 * against the shared store with the returned key.
 */
import type { AccessTokenClaims } from "../auth/access-token";
import { certificateThumbprint } from "../auth/certificate";
import { deny, AuthDenial, type AuthScheme } from "../auth/denial";
import { verifyDpopProof } from "../auth/dpop";

/** Which binding the environment accepts. */
export type SenderConstraint = "dpop" | "certificate" | "dpop-or-certificate";

/** The request facts the binding is checked against. */
export interface SenderEvidence {
  readonly scheme: AuthScheme;
  readonly accessToken: string;
  /** The `DPoP` header: undefined when absent, null when given more than once. */
  readonly proof: string | undefined | null;
  readonly method: string | undefined;
  readonly url: string | undefined;
  /** The client certificate (PEM) the gateway forwarded, when the edge runs mutual TLS. */
  readonly certificate: string | undefined;
}

/** The DPoP checks' settings. */
export interface DpopSettings {
  readonly algorithms: readonly string[];
  readonly maxAgeSeconds: number;
  readonly clockToleranceSeconds: number;
}

/** A verified binding: for DPoP, the proof's replay key parts. */
export type Binding = { readonly kind: "dpop"; readonly jkt: string; readonly jti: string } | { readonly kind: "certificate" };

function unbound(rule: string, description: string): AuthDenial {
  return deny(rule, 401, "invalid_token", description);
}

async function checkDpop(claims: AccessTokenClaims, evidence: SenderEvidence, settings: DpopSettings, now: Date): Promise<Binding | AuthDenial> {
  if (evidence.scheme !== "DPoP") return unbound("AUTH-04-dpop-scheme", `a DPoP-bound access token must be sent as "Authorization: DPoP <token>" with a DPoP proof`);
  if (evidence.proof === undefined) return deny("AUTH-04-dpop-missing", 401, "invalid_dpop_proof", "the request carries no DPoP proof: send a fresh proof in the DPoP header");
  if (evidence.proof === null) return deny("AUTH-04-dpop-multiple", 401, "invalid_dpop_proof", "the request carries more than one DPoP header: send exactly one proof");
  if (evidence.method === undefined || evidence.url === undefined) {
    return deny("AUTH-04-dpop-request-unknown", 503, "temporarily_unavailable", "the gateway did not forward the request's method and URL (:method, :scheme, :authority, :path), so the proof cannot be checked");
  }
  const proof = await verifyDpopProof(evidence.proof, { ...settings, method: evidence.method, url: evidence.url, accessToken: evidence.accessToken }, now);
  if (proof instanceof AuthDenial) return proof;
  if (proof.jkt !== claims.cnf?.jkt) return deny("AUTH-04-dpop-key", 401, "invalid_token", "the DPoP proof is not made with the key the access token is bound to (cnf.jkt)");
  return { kind: "dpop", jkt: proof.jkt, jti: proof.jti };
}

function checkCertificate(claims: AccessTokenClaims, evidence: SenderEvidence): Binding | AuthDenial {
  if (evidence.certificate === undefined) return unbound("AUTH-04-certificate-missing", "the access token is bound to a client certificate, but the connection presented none");
  if (certificateThumbprint(evidence.certificate) !== claims.cnf?.["x5t#S256"]) {
    return unbound("AUTH-04-certificate-mismatch", "the access token is bound to another client certificate (cnf.x5t#S256)");
  }
  return { kind: "certificate" };
}

/** Checks that the token is bound as the environment requires and that the request proves possession of the binding. */
export async function checkSenderConstraint(
  claims: AccessTokenClaims,
  evidence: SenderEvidence,
  constraint: SenderConstraint,
  settings: DpopSettings,
  now: Date,
): Promise<Binding | AuthDenial> {
  const dpopAllowed = constraint !== "certificate";
  const certificateAllowed = constraint !== "dpop";
  if (dpopAllowed && claims.cnf?.jkt !== undefined) return checkDpop(claims, evidence, settings, now);
  if (certificateAllowed && claims.cnf?.["x5t#S256"] !== undefined) return checkCertificate(claims, evidence);
  const required = constraint === "dpop" ? "DPoP (RFC 9449)" : constraint === "certificate" ? "a client certificate (RFC 8705)" : "DPoP or a client certificate";
  return unbound("AUTH-04-unbound", `the access token is not bound to ${required}: request it with a DPoP proof${certificateAllowed ? " or over mutual TLS" : ""}`);
}

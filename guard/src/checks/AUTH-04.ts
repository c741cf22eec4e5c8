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
import { singleHeader, type ForwardedHeaders } from "../auth/headers";
import { authRuntime, refuse, storeAnswers, verifiedToken, type AuthRuntime } from "../auth/runtime";
import { Check, CheckContext, CheckOutcome, PASS } from "../pipeline/check";

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

/** The DPoP proof's replay: each proof id (per key) is accepted once, across all replicas. */
export const REPLAYED = deny("AUTH-04-dpop-replayed", 401, "invalid_dpop_proof", "this DPoP proof was already used: create a fresh proof (new jti) for each request");

/** The URL the client called: the configured public origin (or the forwarded `:scheme://:authority`) and `:path`. */
export function requestUrl(headers: ForwardedHeaders, origin: string | undefined): string | undefined {
  const path = singleHeader(headers, ":path");
  if (typeof path !== "string") return undefined;
  if (origin !== undefined) return `${origin}${path}`;
  const scheme = singleHeader(headers, ":scheme");
  const authority = singleHeader(headers, ":authority") ?? singleHeader(headers, "host");
  return typeof scheme === "string" && typeof authority === "string" ? `${scheme}://${authority}${path}` : undefined;
}

async function run(runtime: AuthRuntime, ctx: CheckContext): Promise<CheckOutcome> {
  const verified = await verifiedToken(runtime, ctx);
  if (verified instanceof AuthDenial) return refuse(runtime, verified);
  const certificate = ctx.metadataContext.clientCertificate;
  const binding = await checkSenderConstraint(
    verified.claims,
    {
      scheme: verified.scheme,
      accessToken: verified.token,
      proof: singleHeader(ctx.headers, "dpop"),
      method: singleHeader(ctx.headers, ":method") ?? undefined,
      url: requestUrl(ctx.headers, runtime.config.dpop?.origin),
      certificate: typeof certificate === "string" ? certificate : undefined,
    },
    runtime.constraint,
    runtime.dpop,
    new Date(runtime.clock()),
  );
  if (binding instanceof AuthDenial) return refuse(runtime, binding);
  if (binding.kind === "certificate") return PASS;
  const answers = await storeAnswers(runtime, ctx, verified, `${runtime.prefix}dpop:${binding.jkt}:${binding.jti}`);
  if (answers instanceof AuthDenial) return refuse(runtime, answers);
  return answers.fresh ? PASS : refuse(runtime, REPLAYED);
}

export const AUTH04: Check = {
  id: "AUTH-04-sender-constraint",
  control: "AUTH-04",
  description: "Every request's access token is bound to the caller's DPoP key (a fresh, unreplayed proof for this request) or client certificate.",
  phase: "request",
  methods: ["*"],
  compile: (config) => {
    const runtime = authRuntime(config);
    return runtime === undefined ? () => PASS : (ctx) => run(runtime, ctx);
  },
};

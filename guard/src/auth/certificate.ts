/**
 * Certificate-bound access tokens (RFC 8705 §3), the mTLS half of AUTH-04: the token's `cnf.x5t#S256` must equal the
 * SHA-256 thumbprint of the client certificate the edge terminated mutual TLS with, which the gateway forwards to the
 * guard as metadata (CEL `source.certificate`, PEM).
 */
import { createHash, X509Certificate } from "crypto";

/** base64url SHA-256 of a PEM certificate's DER bytes (`x5t#S256`), or undefined when it is not a certificate. */
export function certificateThumbprint(pem: string): string | undefined {
  try {
    return createHash("sha256").update(new X509Certificate(pem).raw).digest("base64url");
  } catch {
    return undefined;
  }
}

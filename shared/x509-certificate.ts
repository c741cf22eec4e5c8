import { X509Certificate } from "crypto";

const parsed = new Map<string, X509Certificate>();

/**
 * The X.509 certificate of a PEM text, parsed once per process: every MCP server that reaches the same domain pins the
 * same CA, so validation and synthesis would otherwise parse it once per server. Throws what `X509Certificate` throws.
 */
export function x509Certificate(pem: string): X509Certificate {
  let certificate = parsed.get(pem);
  if (certificate === undefined) {
    certificate = new X509Certificate(pem);
    parsed.set(pem, certificate);
  }
  return certificate;
}

/**
 * Checks of the CA certificates an MCP server's egress is pinned to (NET-04, TS-02): each declared egress domain names
 * the CA its certificate chain must end at, as PEM certificates that are CAs and in their validity period; never a
 * private key, never a leaf certificate (which rotates), and no CA for a domain the server does not declare.
 */
import { X509Certificate } from "crypto";
import { MAX_ALLOWED_DOMAINS } from "../constructs/service-limits";
import { x509Certificate } from "../shared/x509-certificate";
import { closestMatch, didYouMean } from "./did-you-mean";
import { Check, Cursor, issue, list, mapping, Reader, text } from "./readers";
import { McpServerConfig } from "./schema";
import { quote } from "./quote";

const PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/;
const PEM_CERTIFICATE = /^-----BEGIN CERTIFICATE-----\r?\n(?:[A-Za-z0-9+/=]+\r?\n)+-----END CERTIFICATE-----$/;
const PASTE_CA = "paste the CA certificate as PEM, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----, e.g. a root from /etc/ssl/certs";

/** The common name of a certificate's subject, or its whole subject on one line. */
function subjectName(certificate: X509Certificate): string {
  const lines = certificate.subject.split("\n");
  return lines.find((line) => line.startsWith("CN="))?.slice("CN=".length) ?? lines.join(", ");
}

/**
 * One CA certificate in PEM: exactly one `CERTIFICATE` block that parses as X.509, with basicConstraints CA:TRUE,
 * valid now. A private key is refused without repeating any of it.
 */
export const checkCaCertificate: Check<string> = (value) => {
  if (PRIVATE_KEY.test(value)) {
    return issue("is a private key, which must never be in the configuration", `${PASTE_CA}; treat this private key as exposed and have it replaced`);
  }
  const blocks = value.match(/-----BEGIN CERTIFICATE-----/g)?.length ?? 0;
  if (blocks > 1) return issue(`holds ${blocks} certificates, not one`, "give each CA certificate its own list item");
  if (!PEM_CERTIFICATE.test(value.trim())) return issue("is not a PEM certificate", PASTE_CA);
  let certificate: X509Certificate;
  try {
    certificate = x509Certificate(value);
  } catch {
    return issue("is not a valid X.509 certificate", "copy the whole PEM block again, without changes");
  }
  if (!certificate.ca) {
    return issue(
      `${quote(subjectName(certificate))} is not a CA certificate (basicConstraints CA:FALSE)`,
      "pin the CA the destination's chain ends at (its root: the issuer of the last certificate `openssl s_client -showcerts` prints), never the server's own certificate, which rotates"
    );
  }
  const expires = new Date(certificate.validTo);
  if (expires.getTime() < Date.now()) {
    return issue(`${quote(subjectName(certificate))} expired on ${expires.toISOString().slice(0, 10)}`, "pin the CA certificate the destination's chain ends at today: an expired CA verifies nothing");
  }
  return undefined;
};

/** The reader of `mcpServers[].egressCertificateAuthorities`: domains to one or more CA certificates each. */
export const egressCertificateAuthoritiesReader: Reader<Readonly<Record<string, readonly string[]>>> = mapping(
  [],
  list(text(checkCaCertificate), {
    minItems: 1,
    tooShortHint: "list the PEM certificate of the CA the domain's certificate chain ends at",
    unique: { identity: "certificate" },
  }),
  MAX_ALLOWED_DOMAINS
);

/**
 * Reports, on a well-formed server, every declared egress domain without a pinned CA and every CA entry for a domain
 * the server does not declare.
 */
export function checkEgressCertificateAuthorities(server: McpServerConfig, at: Cursor): void {
  const field = at.key("egressCertificateAuthorities");
  const pinned = server.egressCertificateAuthorities ?? {};
  server.egressDomains.forEach((domain, index) => {
    if (Object.hasOwn(pinned, domain)) return;
    field.report(
      issue(
        `pins no CA for the egress domain ${quote(domain)} (egressDomains[${index}])`,
        `add ${quote(domain)}: [<PEM certificate of the CA its certificate chain ends at>]: the sidecar verifies the domain against the pinned CAs only, never the system bundle`
      )
    );
  });
  for (const domain of Object.keys(pinned)) {
    if (server.egressDomains.includes(domain)) continue;
    const near = closestMatch(domain, server.egressDomains);
    field.key(domain).report(
      issue(`${quote(domain)} is not one of the server's egressDomains`, near ? didYouMean(near) : "remove it, or declare the domain in egressDomains: a CA is pinned for a declared domain only")
    );
  }
}

/** DNS names as egress allowlists and edge domains use them: lower-case, fully qualified, no IP addresses. */

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Whether `label` is one DNS label: 1 to 63 lower-case letters, digits or inner hyphens. */
export function isDnsLabel(label: string): boolean {
  return LABEL.test(label);
}

/** The longest DNS name (RFC 1035). */
export const MAX_DNS_NAME_LENGTH = 253;

/**
 * Whether `name` is a lower-case DNS name of at least two labels (`api.github.com`), each label 1 to 63 letters,
 * digits or inner hyphens, 253 characters at most, with a top-level label that starts with a letter (so no IPv4
 * address, in any notation, passes: `0x8c.0x52.0x70.0x3` ends in a number).
 */
export function isDnsName(name: string): boolean {
  if (name.length > MAX_DNS_NAME_LENGTH) return false;
  const labels = name.split(".");
  return labels.length >= 2 && labels.every(isDnsLabel) && /^[a-z]/.test(labels[labels.length - 1]);
}

/**
 * Whether `pattern` is a DNS name or a wildcard `*.` followed by a DNS name of at least two labels
 * (`*.example.com`; `*.com` is too broad).
 */
export function isDomainPattern(pattern: string): boolean {
  return isDnsName(pattern.startsWith("*.") ? pattern.slice(2) : pattern);
}

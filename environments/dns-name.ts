/** DNS names as egress allowlists use them: lower-case, fully qualified, no IP addresses. */

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Whether `name` is a lower-case DNS name of at least two labels (`api.github.com`), each label 1 to 63
 * letters, digits or inner hyphens, 253 characters at most, with a top-level label that is not all digits
 * (so no IPv4 address passes).
 */
export function isDnsName(name: string): boolean {
  const labels = name.split(".");
  return (
    name.length <= 253 &&
    labels.length >= 2 &&
    labels.every((label) => LABEL.test(label)) &&
    !/^\d+$/.test(labels[labels.length - 1])
  );
}

/**
 * Whether `pattern` is a DNS name or a wildcard `*.` followed by a DNS name of at least two labels
 * (`*.example.com`; `*.com` is too broad).
 */
export function isDomainPattern(pattern: string): boolean {
  return isDnsName(pattern.startsWith("*.") ? pattern.slice(2) : pattern);
}

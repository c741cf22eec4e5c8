/**
 * IPv4 CIDR arithmetic, done at synthesis time so the plan shows literal subnet ranges reviewers can read.
 */

/** A parsed IPv4 CIDR block. */
export interface Ipv4Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly network: number;
  /** Prefix length, 0 to 32. */
  readonly prefix: number;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function formatAddress(address: number): string {
  return [24, 16, 8, 0].map((shift) => (address >>> shift) & 255).join(".");
}

/** Parses `a.b.c.d/n`; returns undefined when the text is not an IPv4 CIDR. Host bits are kept. */
export function parseIpv4Cidr(text: string): { readonly address: number; readonly prefix: number } | undefined {
  const match = CIDR.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((octet) => octet > 255) || prefix > 32) return undefined;
  return { address: octets.reduce((sum, octet) => sum * 256 + octet, 0), prefix };
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** The canonical form of a CIDR (host bits cleared), e.g. `10.0.0.1/16` → `10.0.0.0/16`. */
export function canonicalIpv4Cidr(address: number, prefix: number): string {
  return `${formatAddress((address & mask(prefix)) >>> 0)}/${prefix}`;
}

/** Parses a canonical CIDR (no host bits set), or throws naming the canonical form. */
export function ipv4Cidr(text: string): Ipv4Cidr {
  const parsed = parseIpv4Cidr(text);
  if (!parsed) throw new Error(`"${text}" is not an IPv4 CIDR block like "10.0.0.0/16".`);
  const canonical = canonicalIpv4Cidr(parsed.address, parsed.prefix);
  if (canonical !== text) throw new Error(`"${text}" has host bits set. Did you mean "${canonical}"?`);
  return { network: parsed.address, prefix: parsed.prefix };
}

/** Formats a parsed CIDR. */
export function formatIpv4Cidr(cidr: Ipv4Cidr): string {
  return `${formatAddress(cidr.network)}/${cidr.prefix}`;
}

/** Like Terraform's `cidrsubnet(base, newbits, netnum)` for IPv4. */
export function cidrSubnet(base: string, newbits: number, netnum: number): string {
  const parent = ipv4Cidr(base);
  const prefix = parent.prefix + newbits;
  if (prefix > 32) throw new Error(`Cannot add ${newbits} bits to ${base}: the prefix would exceed /32.`);
  if (!Number.isInteger(netnum) || netnum < 0 || netnum >= 2 ** newbits) {
    throw new Error(`Network number ${netnum} does not fit in ${newbits} new bits of ${base}.`);
  }
  return formatIpv4Cidr({ network: (parent.network + netnum * 2 ** (32 - prefix)) >>> 0, prefix });
}

/** Whether two CIDR blocks share any address. */
export function ipv4CidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  const shorter = Math.min(a.prefix, b.prefix);
  return (a.network & mask(shorter)) >>> 0 === (b.network & mask(shorter)) >>> 0;
}

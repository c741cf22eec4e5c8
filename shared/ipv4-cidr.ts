/**
 * IPv4 CIDR arithmetic: parsing, canonical form, overlap, containment and Terraform's `cidrsubnet`.
 * Addresses are plain numbers from 0 to 2^32 - 1, so no 32-bit shift pitfalls.
 */

/** An IPv4 block: its first address as a number and its prefix length. */
export interface Ipv4Cidr {
  /** The address as written, as a number (host bits may be set). */
  readonly address: number;
  /** Prefix length, 0 to 32. */
  readonly prefix: number;
}

/** The RFC 1918 private ranges. */
export const PRIVATE_IPV4_RANGES: readonly string[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

const OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const CIDR = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}/(3[0-2]|[12]?\\d)$`);

/** Parses `a.b.c.d/prefix` strictly (no leading zeros, no spaces); undefined when malformed. */
export function parseCidr(text: string): Ipv4Cidr | undefined {
  const match = CIDR.exec(text);
  if (!match) return undefined;
  const [a, b, c, d, prefix] = match.slice(1).map(Number);
  return { address: ((a * 256 + b) * 256 + c) * 256 + d, prefix };
}

/** Formats a block as `a.b.c.d/prefix`, keeping its address as is. */
export function formatCidr(cidr: Ipv4Cidr): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(cidr.address / 2 ** shift) % 256);
  return `${octets.join(".")}/${cidr.prefix}`;
}

/** The number of addresses in a block of this prefix length. */
function sizeOf(prefix: number): number {
  return 2 ** (32 - prefix);
}

/** The block with its host bits cleared. */
function networkOf(cidr: Ipv4Cidr): Ipv4Cidr {
  return { address: cidr.address - (cidr.address % sizeOf(cidr.prefix)), prefix: cidr.prefix };
}

function requireCidr(text: string): Ipv4Cidr {
  const cidr = parseCidr(text);
  if (!cidr) throw new RangeError(`"${text}" is not an IPv4 CIDR: write a.b.c.d/prefix, e.g. "10.0.0.0/16".`);
  return cidr;
}

/** The canonical form of a CIDR, host bits cleared: `10.0.0.1/16` → `10.0.0.0/16`. Throws RangeError if malformed. */
export function canonicalCidr(text: string): string {
  return formatCidr(networkOf(requireCidr(text)));
}

/** Whether a CIDR is already in canonical form (no host bits set). Throws RangeError if malformed. */
export function isCanonicalCidr(text: string): boolean {
  return canonicalCidr(text) === text;
}

/** Whether two CIDRs share at least one address. Throws RangeError if either is malformed. */
export function cidrsOverlap(a: string, b: string): boolean {
  const x = networkOf(requireCidr(a));
  const y = networkOf(requireCidr(b));
  return x.address < y.address + sizeOf(y.prefix) && y.address < x.address + sizeOf(x.prefix);
}

/** Whether every address of `inner` is in `outer`. Throws RangeError if either is malformed. */
export function cidrContains(outer: string, inner: string): boolean {
  const o = networkOf(requireCidr(outer));
  const i = networkOf(requireCidr(inner));
  return o.prefix <= i.prefix && o.address <= i.address && i.address + sizeOf(i.prefix) <= o.address + sizeOf(o.prefix);
}

/** Whether the block lies entirely inside an RFC 1918 private range. Throws RangeError if malformed. */
export function isPrivateCidr(text: string): boolean {
  return PRIVATE_IPV4_RANGES.some((range) => cidrContains(range, text));
}

/**
 * Terraform's `cidrsubnet(base, newbits, netnum)` for IPv4: the `netnum`-th block of prefix
 * `base prefix + newbits` inside `base` (whose host bits are ignored, as Terraform does).
 * `cidrSubnet("10.0.0.0/16", 8, 2)` is `"10.0.2.0/24"`. Throws RangeError with Terraform's wording when the
 * extension does not fit.
 */
export function cidrSubnet(base: string, newbits: number, netnum: number): string {
  const network = networkOf(requireCidr(base));
  if (!Number.isInteger(newbits) || newbits < 0)
    throw new RangeError(`newbits must be a non-negative integer, got ${newbits}.`);
  const prefix = network.prefix + newbits;
  if (prefix > 32) {
    throw new RangeError(`insufficient address space to extend prefix of ${network.prefix} by ${newbits}`);
  }
  if (!Number.isInteger(netnum) || netnum < 0 || netnum >= 2 ** newbits) {
    throw new RangeError(`prefix extension of ${newbits} does not accommodate a subnet numbered ${netnum}`);
  }
  return formatCidr({ address: network.address + netnum * sizeOf(prefix), prefix });
}

/**
 * The first block of length `prefix` inside `within` that overlaps none of `taken`, or undefined when every
 * block is taken. Throws RangeError if a CIDR is malformed or `prefix` is shorter than `within`'s.
 */
export function findFreeSubnet(within: string, prefix: number, taken: readonly string[]): string | undefined {
  const newbits = prefix - requireCidr(within).prefix;
  for (let netnum = 0; netnum < 2 ** newbits; netnum++) {
    const candidate = cidrSubnet(within, newbits, netnum);
    if (!taken.some((cidr) => cidrsOverlap(candidate, cidr))) return candidate;
  }
  return undefined;
}

/** The address of a VPC's Amazon-provided DNS resolver: the VPC range's base plus two. Throws RangeError if malformed. */
export function vpcResolverAddress(vpcCidr: string): string {
  const prefix = parseCidr(vpcCidr)?.prefix ?? 0;
  return cidrSubnet(vpcCidr, 32 - prefix, 2).replace(/\/32$/, "");
}

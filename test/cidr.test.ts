import {
  canonicalCidr,
  cidrContains,
  cidrsOverlap,
  cidrSubnet,
  findFreeSubnet,
  formatCidr,
  isCanonicalCidr,
  isPrivateCidr,
  parseCidr,
} from "../shared/ipv4-cidr";

describe("IPv4 CIDR arithmetic", () => {
  test("parses strictly and formats back", () => {
    expect(parseCidr("10.1.2.3/16")).toEqual({ address: 167838211, prefix: 16 });
    expect(formatCidr({ address: 4294967295, prefix: 32 })).toBe("255.255.255.255/32");
    for (const bad of [
      "10.0.0.0",
      "10.0.0/16",
      "256.0.0.0/8",
      "010.0.0.0/8",
      "10.0.0.0/33",
      " 10.0.0.0/8",
      "10.0.0.0/016",
    ]) {
      expect(parseCidr(bad)).toBeUndefined();
    }
  });

  test("canonical form clears host bits", () => {
    expect(canonicalCidr("10.0.0.1/16")).toBe("10.0.0.0/16");
    expect(canonicalCidr("192.168.7.77/0")).toBe("0.0.0.0/0");
    expect(isCanonicalCidr("10.0.0.0/16")).toBe(true);
    expect(isCanonicalCidr("10.0.0.1/32")).toBe(true);
    expect(() => canonicalCidr("nope")).toThrow(RangeError);
  });

  test("overlap and containment", () => {
    expect(cidrsOverlap("10.0.0.0/16", "10.0.255.0/24")).toBe(true);
    expect(cidrsOverlap("10.0.0.0/16", "10.1.0.0/16")).toBe(false);
    expect(cidrsOverlap("0.0.0.0/0", "255.255.255.255/32")).toBe(true);
    expect(cidrContains("10.0.0.0/8", "10.200.0.0/16")).toBe(true);
    expect(cidrContains("10.200.0.0/16", "10.0.0.0/8")).toBe(false);
    expect(isPrivateCidr("172.31.0.0/16")).toBe(true);
    expect(isPrivateCidr("172.32.0.0/16")).toBe(false);
  });

  test("cidrSubnet behaves like Terraform's cidrsubnet", () => {
    expect(cidrSubnet("172.16.0.0/12", 4, 2)).toBe("172.18.0.0/16");
    expect(cidrSubnet("10.1.2.0/24", 4, 15)).toBe("10.1.2.240/28");
    expect(cidrSubnet("10.0.0.0/8", 8, 2)).toBe("10.2.0.0/16");
    expect(cidrSubnet("10.0.0.1/16", 8, 255)).toBe("10.0.255.0/24");
    expect(cidrSubnet("0.0.0.0/0", 1, 1)).toBe("128.0.0.0/1");
    expect(cidrSubnet("10.0.0.0/16", 0, 0)).toBe("10.0.0.0/16");
    expect(cidrSubnet("10.0.0.0/24", 8, 255)).toBe("10.0.0.255/32");
    expect(() => cidrSubnet("10.0.0.0/24", 9, 0)).toThrow("insufficient address space to extend prefix of 24 by 9");
    expect(() => cidrSubnet("10.0.0.0/16", 4, 16)).toThrow(
      "prefix extension of 4 does not accommodate a subnet numbered 16"
    );
    expect(() => cidrSubnet("10.0.0.0/16", 4, -1)).toThrow(RangeError);
  });

  test("findFreeSubnet finds the first block that overlaps nothing taken", () => {
    expect(findFreeSubnet("10.0.0.0/8", 16, ["10.0.0.0/15", "10.3.0.0/16"])).toBe("10.2.0.0/16");
    expect(findFreeSubnet("10.0.0.0/15", 16, ["10.0.0.0/15"])).toBeUndefined();
  });
});

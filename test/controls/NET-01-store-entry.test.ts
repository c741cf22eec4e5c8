import { Artifacts } from "../../policies/types";
import { findingsFor, synthesizedPlans } from "../support/plans";
import { yamlObject } from "../support/kubernetes";

const ENTRY = "ServiceEntry/mcp-gateway/mcp-guard-store";
const ours = (plans: Artifacts) =>
  findingsFor(plans, "NET-01")
    .filter((finding) => finding.rule === "net-01-mesh-egress-service-entries" && finding.resource === ENTRY)
    .map((finding) => finding.message)
    .sort();

describe("NET-01: the guard store's mesh entry registers private data-tier addresses only, never internet egress", () => {
  test("as synthesized: no finding", () => {
    expect(ours(synthesizedPlans())).toEqual([]);
  });

  test.each([
    ["a public address", { addresses: ["0.0.0.0/0"] }],
    ["name resolution instead of addresses", { resolution: "DNS" }],
  ])("check reports the entry as internet egress when it names %s", (_name, change) => {
    const plans = synthesizedPlans();
    Object.assign(yamlObject(plans, "prod", ENTRY).spec, change);
    expect(ours(plans)).toEqual([
      "declares ports 6379: egress is on 443 only",
      "host mcp-guard-store.mcp-gateway.store.internal has no DestinationRule in mcp-gateway originating TLS with CA and name checks",
      "host mcp-guard-store.mcp-gateway.store.internal is not on the environment's Network Firewall domain allowlist: the mesh and the firewall must declare the same egress",
    ]);
  });
});

import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { tierSubnetCidrs } from "../../constructs/mcp-network";
import { Artifacts } from "../../policies/types";
import { findingsFor, stackResources, synthesizedPlans } from "../support/plans";
import { removeYamlObjects, yamlObject } from "../support/kubernetes";

const RULE = "net-01-data-store-mesh-entries";
const prod = BUILT_IN_ENVIRONMENTS.find((environment) => environment.name === "prod")!;
const DATA = tierSubnetCidrs(prod.vpcCidr, "data", prod.azCount);
const ENTRY = "ServiceEntry/keycloak/keycloak-database";
const POLICY = "NetworkPolicy/keycloak/allow-egress-to-database";

/** `resource: message` of the rule's findings on prod's YAML, sorted. */
const ours = (plans: Artifacts) =>
  findingsFor(plans, "NET-01")
    .filter((finding) => finding.rule === RULE && finding.location.startsWith("prod/"))
    .map((finding) => `${finding.resource}: ${finding.message}`)
    .sort();

describe("NET-01, NET-04: every path from the cluster to a data store is registered in the REGISTRY_ONLY mesh and no wider than the store", () => {
  test.each(BUILT_IN_ENVIRONMENTS.map((environment) => [environment.name, environment] as const))("%s as synthesized: Keycloak's database and the guard's store are registered on their ports for their data-tier subnets; no finding", (name, environment) => {
    const plans = synthesizedPlans();
    const cidrs = tierSubnetCidrs(environment.vpcCidr, "data", environment.azCount);
    const entry = yamlObject(plans, name, ENTRY);
    expect(entry.spec).toEqual({ hosts: ["keycloak-database.keycloak.store.internal"], addresses: cidrs, exportTo: ["."], location: "MESH_EXTERNAL", ports: [{ number: 5432, name: "tcp-store", protocol: "TCP" }], resolution: "NONE" });
    expect(yamlObject(plans, name, POLICY).spec.egress).toEqual([{ to: cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ protocol: "TCP", port: 5432 }] }]);
    const [database] = stackResources(plans, name, "aws_db_instance");
    expect(database.values["port"]).toBe(5432);
    expect(findingsFor(plans, "NET-01").filter((finding) => finding.rule === RULE)).toEqual([]);
  });

  test("check reports Keycloak's namespace when nothing registers its database: the sidecar would drop every connection", () => {
    const plans = synthesizedPlans();
    expect(removeYamlObjects(plans, "prod", (object) => object.kind === "ServiceEntry" && object.metadata.name === "keycloak-database")).toBe(1);
    const [database] = stackResources(plans, "prod", "aws_db_instance");
    expect(ours(plans)).toEqual([
      `${POLICY}: lets keycloak's pods reach ${database.address} on 5432, but no ServiceEntry in the namespace registers its subnets on 5432: the mesh forwards only to registered destinations (REGISTRY_ONLY), so the sidecar drops the connection; add a StoreMeshEgress for ${DATA.join(", ")}`,
    ]);
  });

  test("check reports an entry that leaves out a subnet the database may fail over to", () => {
    const plans = synthesizedPlans();
    yamlObject(plans, "prod", ENTRY).spec.addresses = DATA.slice(0, 1);
    expect(ours(plans)).toEqual([expect.stringContaining(`${POLICY}: lets keycloak's pods reach aws_db_instance.`)]);
    expect(ours(plans)[0]).toContain(`no ServiceEntry in the namespace registers its subnets ${DATA.slice(1).join(", ")} on 5432`);
  });

  test("check reports an entry widened to the whole VPC or to another port", () => {
    const plans = synthesizedPlans();
    const entry = yamlObject(plans, "prod", ENTRY);
    entry.spec.addresses = [...DATA, prod.vpcCidr];
    entry.spec.ports.push({ number: 22, name: "tcp-ssh", protocol: "TCP" });
    expect(ours(plans)).toEqual([
      `${ENTRY}: registers ${prod.vpcCidr}, not one of the data stores' subnets (${[...DATA].sort().join(", ")})`,
      `${ENTRY}: registers port 22 on the data stores' subnets, where no data store listens`,
    ]);
  });

  test("check reports Keycloak's NetworkPolicy widened to the VPC, to every port (which reaches the guard's store, unregistered here) or to a port range", () => {
    const plans = synthesizedPlans();
    const [store] = stackResources(plans, "prod", "aws_elasticache_replication_group");
    const policy = yamlObject(plans, "prod", POLICY);
    policy.spec.egress[0].to.push({ ipBlock: { cidr: prod.vpcCidr } });
    policy.spec.egress.push({ to: [{ ipBlock: { cidr: DATA[0] } }] }, { to: [{ ipBlock: { cidr: DATA[0] } }], ports: [{ protocol: "TCP", port: 5000, endPort: 6000 }] });
    expect(ours(plans)).toEqual([
      `${POLICY}: egress rule 0 reaches ${prod.vpcCidr} on a data store's port, wider than the data stores' subnets (${[...DATA].sort().join(", ")}): name each subnet`,
      `${POLICY}: egress rule 1 opens every port to the data stores' subnets`,
      `${POLICY}: egress rule 2 opens ports 5000-6000 to the data stores' subnets`,
      `${POLICY}: lets keycloak's pods reach ${store.address} on 6379, but no ServiceEntry in the namespace registers its subnets on 6379: the mesh forwards only to registered destinations (REGISTRY_ONLY), so the sidecar drops the connection; add a StoreMeshEgress for ${DATA.join(", ")}`,
    ]);
  });

  test("check reports the guard's namespace too when its store's entry is gone", () => {
    const plans = synthesizedPlans();
    expect(removeYamlObjects(plans, "prod", (object) => object.kind === "ServiceEntry" && object.metadata.name === "mcp-guard-store")).toBe(1);
    expect(ours(plans)).toEqual([expect.stringMatching(/^NetworkPolicy\/mcp-gateway\/allow-egress-from-mcp-guard-to-shared-store: lets mcp-gateway's pods reach aws_elasticache_replication_group\.\S+ on 6379, but no ServiceEntry/)]);
  });
});

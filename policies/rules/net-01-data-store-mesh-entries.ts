import { cidrContains, cidrsOverlap } from "../../shared/ipv4-cidr";
import { DataStore, dataStores } from "../data-stores";
import { kubernetesViolation, LocatedObject, objects, objectsInNamespaceOfGroup, record, records } from "../kubernetes";
import { environmentOfGroup, objectsInGroup } from "../mesh";
import { Artifacts, Rule, Violation } from "../types";

/** Whether two CIDRs overlap; a CIDR the check cannot parse (IPv6) overlaps nothing here. */
function overlaps(a: string, b: string): boolean {
  try {
    return cidrsOverlap(a, b);
  } catch {
    return false;
  }
}

/** A ServiceEntry's addresses and port numbers. */
function entryTargets(entry: LocatedObject): { addresses: string[]; ports: number[] } {
  const spec = record(entry.object["spec"]) ?? {};
  return { addresses: Array.isArray(spec["addresses"]) ? spec["addresses"].map(String) : [], ports: records(spec["ports"]).map((port) => Number(port["number"])) };
}

/** What is wrong with the mesh entries of a namespace whose NetworkPolicy lets its pods reach a store. */
function registryProblems(artifacts: Artifacts, policy: LocatedObject, store: DataStore): string[] {
  const namespace = policy.object.metadata.namespace ?? "";
  const registered = objectsInNamespaceOfGroup(artifacts, policy.group, namespace, "ServiceEntry")
    .map(entryTargets)
    .filter((entry) => entry.ports.includes(store.port))
    .flatMap((entry) => entry.addresses);
  const missing = store.cidrs.filter((cidr) => !registered.includes(cidr));
  if (missing.length === 0) return [];
  const what = missing.length === store.cidrs.length ? "no ServiceEntry in the namespace registers its subnets" : `no ServiceEntry in the namespace registers its subnets ${missing.join(", ")}`;
  return [
    `lets ${namespace}'s pods reach ${store.resource.address} on ${store.port}, but ${what} on ${store.port}: the mesh forwards only to registered destinations (REGISTRY_ONLY), so the sidecar drops the connection; add a StoreMeshEgress for ${store.cidrs.join(", ")}`,
  ];
}

/** Whether an ipBlock peer reaches into a store subnet: it overlaps it and does not except all of it. */
function reaches(block: Record<string, unknown>, cidr: string): boolean {
  const except = Array.isArray(block["except"]) ? block["except"].map(String) : [];
  return overlaps(String(block["cidr"]), cidr) && !except.some((excepted) => excepted === cidr || (overlaps(excepted, cidr) && cidrContains(excepted, cidr)));
}

/**
 * What a NetworkPolicy's egress to a data store opens beyond the store's subnets and port, and the registry problems of
 * its namespace. An egress rule reaches a store when one of its ipBlocks reaches the store's subnets on the store's
 * port (or on every port); egress on other ports (TLS to AWS APIs, say) is not a path to a store.
 */
function policyProblems(artifacts: Artifacts, policy: LocatedObject, stores: readonly DataStore[], storeCidrs: readonly string[]): string[] {
  const problems: string[] = [];
  records(record(policy.object["spec"])?.["egress"]).forEach((rule, index) => {
    const blocks = records(rule["to"]).flatMap((peer) => (record(peer["ipBlock"]) === undefined ? [] : [record(peer["ipBlock"])!]));
    const ports = records(rule["ports"]);
    const opens = (store: DataStore) => ports.length === 0 || ports.some((port) => Number(port["port"]) <= store.port && store.port <= Number(port["endPort"] ?? port["port"]));
    const served = stores.filter((store) => opens(store) && blocks.some((block) => store.cidrs.some((cidr) => reaches(block, cidr))));
    if (served.length === 0) return;
    for (const block of blocks.filter((candidate) => !storeCidrs.includes(String(candidate["cidr"])))) {
      problems.push(`egress rule ${index} reaches ${String(block["cidr"])} on a data store's port, wider than the data stores' subnets (${storeCidrs.join(", ")}): name each subnet`);
    }
    if (ports.length === 0) problems.push(`egress rule ${index} opens every port to the data stores' subnets`);
    for (const port of ports.filter((candidate) => candidate["endPort"] !== undefined && Number(candidate["endPort"]) !== Number(candidate["port"]))) {
      problems.push(`egress rule ${index} opens ports ${String(port["port"])}-${String(port["endPort"])} to the data stores' subnets`);
    }
    for (const store of served) problems.push(...registryProblems(artifacts, policy, store));
  });
  return problems;
}

/** What a ServiceEntry registering data-tier addresses registers beyond the stores' subnets and ports. */
function entryProblems(entry: LocatedObject, stores: readonly DataStore[], storeCidrs: readonly string[]): string[] {
  const { addresses, ports } = entryTargets(entry);
  const inDataTier = addresses.filter((address) => storeCidrs.some((cidr) => overlaps(address, cidr)));
  if (inDataTier.length === 0) return [];
  const problems = addresses.filter((address) => !storeCidrs.includes(address)).map((address) => `registers ${address}, not one of the data stores' subnets (${storeCidrs.join(", ")})`);
  for (const port of ports) {
    if (!stores.some((store) => store.port === port && store.cidrs.some((cidr) => inDataTier.includes(cidr)))) problems.push(`registers port ${port} on the data stores' subnets, where no data store listens`);
  }
  return problems;
}

/**
 * Every path from the cluster to a data store is registered in the mesh and no wider than the store (NET-01, NET-04):
 * for each RDS instance and ElastiCache replication group of the environment, a NetworkPolicy egress rule that reaches
 * its subnets names exactly those subnets (never a wider block, never every port) on ports a store there listens on,
 * and its namespace has a ServiceEntry registering every one of the store's subnets on the store's port (the mesh's
 * outbound policy is REGISTRY_ONLY: without the entry the sidecar drops the connection, a store the workload cannot
 * reach); a ServiceEntry registering data-tier addresses names only the stores' subnets and ports.
 */
const rule: Rule = {
  id: "net-01-data-store-mesh-entries",
  controls: ["NET-01", "NET-04"],
  severity: "high",
  description:
    "NetworkPolicy egress to a data store's subnets names exactly them on a store's port, and its namespace has a ServiceEntry registering those subnets on that port; data-tier ServiceEntries register nothing wider.",
  remediation:
    "Give the store's clients a NetworkPolicy egress to the data-tier subnet CIDRs (tierSubnetCidrs) on the store's port and a StoreMeshEgress in their namespace with the same CIDRs and port, as stacks/identity.ts does for Keycloak's database.",
  check: (artifacts) => {
    const findings: Violation[] = [];
    const groups = new Set([...objects(artifacts, "NetworkPolicy"), ...objects(artifacts, "ServiceEntry")].map((item) => item.group));
    for (const group of groups) {
      const environment = environmentOfGroup(artifacts, group);
      const stores = environment === undefined ? [] : dataStores(artifacts, environment).filter((store) => store.cidrs.length > 0);
      if (stores.length === 0) continue;
      const storeCidrs = [...new Set(stores.flatMap((store) => store.cidrs))].sort();
      for (const policy of objectsInGroup(artifacts, group, "NetworkPolicy")) findings.push(...policyProblems(artifacts, policy, stores, storeCidrs).map((problem) => kubernetesViolation(policy, problem)));
      for (const entry of objectsInGroup(artifacts, group, "ServiceEntry")) findings.push(...entryProblems(entry, stores, storeCidrs).map((problem) => kubernetesViolation(entry, problem)));
    }
    return findings;
  },
};

export default rule;

/**
 * Draws an environment's architecture from its synthesized plan: nothing here knows the blueprint's stacks, only
 * resource types and the references between resources. Boxes are VPCs (from `aws_vpc`), their tiers (subnets by
 * their `mcp:tier` tag), EKS clusters and the account's regional services; components are placed in the tier of
 * the subnets they reference; flows come from security group ingress rules, default routes, Kubernetes
 * NetworkPolicies and references to log destinations and alert topics.
 */
import { labels, LocatedObject, objects, record, records } from "../../policies/kubernetes";
import { allStackResources, Attributes, block, blocks, isInternet, TerraformResource, tierOf } from "../../policies/terraform";
import { Artifacts } from "../../policies/types";
import { ArchitectureDiagram, DiagramEdge, DiagramGroup, DiagramNode, EdgeKind, GroupStyle, NodeStyle } from "./model";

/** How one Terraform resource type is drawn. */
interface Component {
  /** The component's label, from its attributes. */
  readonly label: (values: Attributes) => string;
  readonly style: NodeStyle;
  /** The name shown under the label of a single resource. */
  readonly name?: (values: Attributes) => string | undefined;
  /** Resources of the type in one box are drawn as one node counting them, in this unit (singular). */
  readonly aggregate?: string;
  /** A destination of logs, audit records, findings or alerts. */
  readonly sink?: boolean;
  /** Drawn only when a flow connects it. */
  readonly onlyConnected?: boolean;
  /** Drawn on its VPC, not in a tier (it serves the whole VPC). */
  readonly vpcWide?: boolean;
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" && !value.includes("${") ? value : undefined);
const named = (key: string) => (values: Attributes) => text(values[key]);
const nameTag = (values: Attributes) => text((values["tags"] as Record<string, unknown> | undefined)?.["Name"]);
const fixed = (label: string) => () => label;

/** The resource types the diagram draws; every other type only contributes references. */
const COMPONENTS: Readonly<Record<string, Component>> = {
  aws_internet_gateway: { label: fixed("Internet gateway"), style: "network", vpcWide: true, name: nameTag },
  aws_lb: {
    label: (values) => (values["load_balancer_type"] === "network" ? "Network Load Balancer" : "Application Load Balancer"),
    style: "network",
    name: (values) => [text(values["name"]), values["internal"] === true ? "internal" : "internet-facing"].filter(Boolean).join(", "),
  },
  aws_wafv2_web_acl: { label: fixed("AWS WAF web ACL"), style: "network", name: named("name") },
  aws_nat_gateway: { label: fixed("NAT gateways"), style: "network", aggregate: "gateway" },
  aws_networkfirewall_firewall: { label: fixed("Network Firewall"), style: "network", name: named("name") },
  aws_route53_resolver_firewall_rule_group_association: { label: fixed("Route 53 DNS Firewall"), style: "network", vpcWide: true, name: named("name") },
  aws_ec2_client_vpn_endpoint: { label: fixed("Client VPN endpoint"), style: "network", name: nameTag },
  aws_vpc_endpoint: { label: fixed("VPC endpoints"), style: "network", aggregate: "endpoint" },
  aws_autoscaling_group: { label: fixed("Auto Scaling group"), style: "compute", name: named("name") },
  aws_instance: { label: fixed("EC2 instance"), style: "compute", name: nameTag },
  aws_eks_node_group: { label: fixed("EKS node group"), style: "compute", name: (values) => text(values["node_group_name"]) ?? text(values["ami_type"]) },
  aws_cloudwatch_log_group: { label: fixed("CloudWatch Logs"), style: "logging", aggregate: "log group", sink: true },
  aws_kinesis_firehose_delivery_stream: { label: fixed("Data Firehose"), style: "logging", sink: true, name: named("name") },
  aws_s3_bucket: {
    label: (values) => (values["object_lock_enabled"] === true ? "S3 bucket (Object Lock)" : "S3 bucket"),
    style: "logging",
    sink: true,
    onlyConnected: true,
    name: (values) => text(values["bucket"]) ?? text(values["bucket_prefix"]),
  },
  aws_sns_topic: { label: fixed("SNS alert topic"), style: "detection", sink: true, name: named("name") },
  aws_cloudtrail: { label: fixed("CloudTrail"), style: "detection", name: named("name") },
  aws_guardduty_detector: { label: fixed("GuardDuty"), style: "detection" },
  aws_securityhub_account: { label: fixed("Security Hub"), style: "detection" },
  aws_config_delivery_channel: { label: fixed("AWS Config"), style: "detection", name: named("name") },
  aws_inspector2_enabler: { label: fixed("Inspector"), style: "detection" },
  aws_cloudwatch_metric_alarm: { label: fixed("CloudWatch alarms"), style: "detection", aggregate: "alarm" },
  aws_cloudwatch_composite_alarm: { label: fixed("CloudWatch alarms"), style: "detection", aggregate: "alarm" },
  aws_cloudwatch_event_rule: { label: fixed("EventBridge rules"), style: "detection", aggregate: "rule" },
};

/** Tiers in drawing order, top to bottom: traffic enters at the edge; the firewall sits between the edge and the servers. */
const TIER_ORDER: readonly string[] = ["edge", "firewall", "mcp", "admin", "data"];

/** Kubernetes kinds whose objects are shown under their namespace. */
const WORKLOAD_KINDS: readonly string[] = ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod"];

/** Top-level boxes in drawing order, top to bottom. */
const TOP_LEVEL_ORDER: readonly GroupStyle[] = ["external", "vpc", "cluster", "tier", "services"];

const INTERNET = "n_internet";
const EXTERNAL = "g_external";
const SERVICES = "g_services";

/** A diagram ID from any text: letters, digits and `_` only. */
function idOf(prefix: string, ...parts: string[]): string {
  return [prefix, ...parts].join("_").replace(/[^A-Za-z0-9_]/g, "_");
}

function keyOf(resource: TerraformResource): string {
  return `${resource.stack}\u0000${resource.address}`;
}

function tierRank(tier: string): number {
  const index = TIER_ORDER.indexOf(tier);
  return index < 0 ? TIER_ORDER.length : index;
}

function compareTiers(a: string, b: string): number {
  return tierRank(a) - tierRank(b) || a.localeCompare(b);
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}

/** `tcp/443`, `tcp/1025-65535`, `all traffic`. */
function portLabel(protocol: unknown, from: unknown, to: unknown): string {
  const name = String(protocol ?? "-1").toLowerCase();
  if (name === "-1" || name === "all") return "all traffic";
  if (from === undefined || from === null) return name;
  return from === to || to === undefined ? `${name}/${String(from)}` : `${name}/${String(from)}-${String(to)}`;
}

/** The resources of a plan and the references between them (`${type.name...}` in any attribute, `depends_on`). */
class PlanGraph {
  readonly resources: readonly TerraformResource[];
  private readonly byKey = new Map<string, TerraformResource>();
  private readonly outgoing = new Map<string, string[]>();
  private readonly incoming = new Map<string, string[]>();

  constructor(artifacts: Artifacts) {
    this.resources = artifacts.stacks.flatMap((stack) => allStackResources(stack));
    for (const resource of this.resources) this.byKey.set(keyOf(resource), resource);
    for (const resource of this.resources) {
      const { ["//"]: _metadata, ...values } = resource.values;
      const found = new Set<string>();
      for (const match of JSON.stringify(values).matchAll(/(?<![A-Za-z0-9_.-])([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z0-9_-]+)/g)) {
        const key = `${resource.stack}\u0000${match[1]}.${match[2]}`;
        if (key !== keyOf(resource) && this.byKey.has(key)) found.add(key);
      }
      const keys = [...found].sort();
      this.outgoing.set(keyOf(resource), keys);
      for (const key of keys) this.incoming.set(key, [...(this.incoming.get(key) ?? []), keyOf(resource)]);
    }
  }

  get(key: string): TerraformResource | undefined {
    return this.byKey.get(key);
  }

  /** The resources this one references. */
  references(resource: TerraformResource): TerraformResource[] {
    return (this.outgoing.get(keyOf(resource)) ?? []).map((key) => this.byKey.get(key)!);
  }

  /** The resources that reference this one. */
  referrers(resource: TerraformResource): TerraformResource[] {
    return (this.incoming.get(keyOf(resource)) ?? []).map((key) => this.byKey.get(key)!);
  }

  /** The resources one attribute references (the attribute's value may be a list or an expression). */
  referencedBy(resource: TerraformResource, attribute: string): TerraformResource[] {
    const value = resource.values[attribute];
    if (value === undefined) return [];
    const serialized = JSON.stringify(value);
    return this.references(resource).filter((target) => serialized.includes(`${target.address}.`) || serialized.includes(`"${target.address}"`));
  }

  ofType(type: string): TerraformResource[] {
    return this.resources.filter((resource) => resource.type === type);
  }
}

/** Collects groups, nodes and edges, keeping the first of each ID and merging edge labels. */
class DiagramBuilder {
  readonly groups = new Map<string, DiagramGroup>();
  readonly nodes = new Map<string, DiagramNode>();
  private readonly edges = new Map<string, { edge: DiagramEdge; labels: Set<string> }>();
  /** Which diagram element draws each Terraform resource. */
  readonly elementOf = new Map<string, string>();
  /** Diagram elements that are log or alert destinations. */
  readonly sinks = new Set<string>();
  readonly onlyConnected = new Set<string>();

  group(group: DiagramGroup): string {
    if (!this.groups.has(group.id)) this.groups.set(group.id, group);
    return group.id;
  }

  node(node: DiagramNode): string {
    if (!this.nodes.has(node.id)) this.nodes.set(node.id, node);
    return node.id;
  }

  external(id: string, label: string, detail?: string): string {
    this.group({ id: EXTERNAL, label: "Outside the VPC", layout: "row", style: "external" });
    return this.node({ id, label, ...(detail ? { detail } : {}), group: EXTERNAL, style: "external" });
  }

  edge(from: string, to: string, kind: EdgeKind, label?: string): void {
    if (from === to) return;
    const key = `${from}\u0000${to}\u0000${kind}`;
    const entry = this.edges.get(key) ?? { edge: { from, to, kind }, labels: new Set<string>() };
    if (label) entry.labels.add(label);
    this.edges.set(key, entry);
  }

  private ancestors(id: string): string[] {
    const chain: string[] = [];
    let parent = this.nodes.get(id)?.group ?? this.groups.get(id)?.parent;
    while (parent !== undefined) {
      chain.push(parent);
      parent = this.groups.get(parent)?.parent;
    }
    return chain;
  }

  /** Every group, parents before children: top-level boxes outside first, then VPCs, clusters and account services. */
  private ordered(): DiagramGroup[] {
    const all = [...this.groups.values()];
    const visit = (group: DiagramGroup): DiagramGroup[] => [group, ...all.filter((child) => child.parent === group.id).flatMap(visit)];
    return all
      .filter((group) => group.parent === undefined)
      .sort((a, b) => TOP_LEVEL_ORDER.indexOf(a.style) - TOP_LEVEL_ORDER.indexOf(b.style))
      .flatMap(visit);
  }

  /** The diagram: edges between a box and something inside it are dropped, and so are unconnected optional nodes and empty boxes other than VPCs and tiers. */
  build(title: string): ArchitectureDiagram {
    const edges = [...this.edges.values()]
      .filter(({ edge }) => !this.ancestors(edge.from).includes(edge.to) && !this.ancestors(edge.to).includes(edge.from))
      .map(({ edge, labels: edgeLabels }) => (edgeLabels.size > 0 ? { ...edge, label: [...edgeLabels].sort(compareLabels).join(", ") } : edge));
    const connected = new Set(edges.flatMap((edge) => [edge.from, edge.to]));
    const nodes = [...this.nodes.values()].filter((node) => !this.onlyConnected.has(node.id) || connected.has(node.id));
    const kept = [...nodes.map((node) => node.group), ...[...this.groups.values()].filter((group) => group.style === "vpc" || group.style === "tier").map((group) => group.id)];
    const used = new Set<string>(kept.flatMap((id) => [id, ...this.ancestors(id)]));
    const groups = this.ordered().filter((group) => used.has(group.id));
    const present = new Set([...nodes.map((node) => node.id), ...groups.map((group) => group.id)]);
    const order = new Map(groups.map((group, index) => [group.id, index]));
    return {
      title,
      groups,
      nodes: nodes.sort((a, b) => order.get(a.group)! - order.get(b.group)! || a.label.localeCompare(b.label) || a.id.localeCompare(b.id)),
      edges: edges
        .filter((edge) => present.has(edge.from) && present.has(edge.to))
        .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || a.kind.localeCompare(b.kind)),
    };
  }
}

/** Orders `tcp/80` before `tcp/443` (numbers compared as numbers). */
function compareLabels(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

/** The tier boxes of the subnets. */
class Network {
  private readonly subnetTier = new Map<string, { readonly box: string; readonly tier: string }>();

  add(subnet: TerraformResource, box: string, tier: string): void {
    this.subnetTier.set(keyOf(subnet), { box, tier });
  }

  /** The tier boxes of the subnets among the resources, in drawing order. */
  tiersOf(resources: readonly TerraformResource[]): string[] {
    const found = resources.flatMap((resource) => this.subnetTier.get(keyOf(resource)) ?? []);
    return [...new Set(found.sort((a, b) => compareTiers(a.tier, b.tier)).map((entry) => entry.box))];
  }
}

/** Draws the VPCs and their tiers. */
function drawNetwork(plan: PlanGraph, diagram: DiagramBuilder): Network {
  const network = new Network();
  for (const vpc of plan.ofType("aws_vpc")) {
    const cidr = text(vpc.values["cidr_block"]);
    const vpcId = diagram.group({ id: idOf("g", vpc.stack, vpc.address), label: `VPC ${nameTag(vpc.values) ?? vpc.name}`, ...(cidr ? { detail: cidr } : {}), layout: "column", style: "vpc" });
    diagram.elementOf.set(keyOf(vpc), vpcId);
    const subnets = plan.referrers(vpc).filter((resource) => resource.type === "aws_subnet");
    const tiers = [...new Set(subnets.map((subnet) => tierOf(subnet) ?? "untiered"))].sort(compareTiers);
    for (const tier of tiers) {
      const members = subnets.filter((subnet) => (tierOf(subnet) ?? "untiered") === tier);
      const zones = new Set(members.map((subnet) => String(subnet.values["availability_zone"] ?? "")));
      const box = diagram.group({
        id: tierBoxId(vpc, tier),
        label: tier === "untiered" ? "subnets without a tier" : `${tier} tier`,
        detail: `${plural(members.length, "subnet")} in ${plural(zones.size, "zone")}`,
        parent: vpcId,
        layout: "row",
        style: "tier",
      });
      for (const subnet of members) network.add(subnet, box, tier);
    }
  }
  return network;
}

function tierBoxId(vpc: TerraformResource, tier: string): string {
  return idOf("g", vpc.stack, vpc.address, "tier", tier);
}

/** The box a resource is drawn in: its cluster, the tier of the subnets it (or an association of it) references, its VPC. */
function placement(plan: PlanGraph, diagram: DiagramBuilder, network: Network, resource: TerraformResource, component?: Component): string | undefined {
  const boxesOf = (candidates: readonly TerraformResource[], style: string) =>
    candidates.flatMap((target) => diagram.elementOf.get(keyOf(target)) ?? []).filter((id) => diagram.groups.get(id)?.style === style);
  const vpc = boxesOf(plan.references(resource), "vpc")[0];
  if (component?.vpcWide) return vpc;
  const cluster = boxesOf(plan.references(resource), "cluster")[0];
  if (cluster) return cluster;
  const tiers = (candidates: readonly TerraformResource[]) => network.tiersOf(candidates)[0];
  const own = tiers(plan.references(resource)) ?? plan.referrers(resource).map((referrer) => tiers(plan.references(referrer))).find((tier) => tier !== undefined);
  if (own ?? vpc) return own ?? vpc;
  for (const referrer of plan.referrers(resource)) {
    for (const target of plan.references(referrer)) {
      const node = target === resource ? undefined : diagram.nodes.get(diagram.elementOf.get(keyOf(target)) ?? "");
      if (node && node.style !== "logging" && node.style !== "detection") return node.group;
    }
  }
  return undefined;
}

/** Draws EKS clusters as boxes in their tier. */
function drawClusters(plan: PlanGraph, diagram: DiagramBuilder, network: Network): void {
  for (const cluster of plan.ofType("aws_eks_cluster")) {
    const vpcConfig = block(cluster.values["vpc_config"]);
    const parent = placement(plan, diagram, network, cluster);
    const id = diagram.group({
      id: idOf("g", cluster.stack, cluster.address),
      label: `EKS cluster ${text(cluster.values["name"]) ?? cluster.name}`,
      detail: vpcConfig?.["endpoint_public_access"] === false ? "private API endpoint" : "public API endpoint",
      ...(parent ? { parent } : {}),
      layout: "row",
      style: "cluster",
    });
    diagram.elementOf.set(keyOf(cluster), id);
  }
}

function servicesBox(diagram: DiagramBuilder): string {
  return diagram.group({ id: SERVICES, label: "Account services: logging, detection, alerting", layout: "row", style: "services" });
}

/** Draws every resource of a component type; components outside any subnet are placed beside what they attach to. */
function drawComponents(plan: PlanGraph, diagram: DiagramBuilder, network: Network): void {
  const counts = new Map<string, { count: number; unit: string }>();
  const draw = (resource: TerraformResource, box: string) => {
    const component = COMPONENTS[resource.type];
    const label = component.label(resource.values);
    const id = component.aggregate ? idOf("n", box, label) : idOf("n", resource.stack, resource.address);
    const name = component.aggregate ? undefined : component.name?.(resource.values);
    diagram.node({ id, label, ...(name ? { detail: name } : {}), group: box, style: component.style });
    diagram.elementOf.set(keyOf(resource), id);
    if (component.sink) diagram.sinks.add(id);
    if (component.onlyConnected) diagram.onlyConnected.add(id);
    if (component.aggregate) counts.set(id, { count: (counts.get(id)?.count ?? 0) + 1, unit: component.aggregate });
  };
  const inAccount = (resource: TerraformResource) => ["logging", "detection"].includes(COMPONENTS[resource.type].style);
  const candidates = Object.keys(COMPONENTS)
    .sort()
    .flatMap((type) => plan.ofType(type));
  const deferred: TerraformResource[] = [];
  for (const resource of candidates) {
    const box = inAccount(resource) ? undefined : placement(plan, diagram, network, resource, COMPONENTS[resource.type]);
    if (box) draw(resource, box);
    else deferred.push(resource);
  }
  for (const resource of deferred) {
    const box = inAccount(resource) ? undefined : placement(plan, diagram, network, resource, COMPONENTS[resource.type]);
    draw(resource, box ?? servicesBox(diagram));
  }
  for (const [id, { count, unit }] of counts) diagram.nodes.set(id, { ...diagram.nodes.get(id)!, detail: plural(count, unit) });
}

/** The element a security group stands for: the component that uses it (or launches instances with it), else its tier, else its VPC. */
function securityGroupElement(plan: PlanGraph, diagram: DiagramBuilder, network: Network, group: TerraformResource): string | undefined {
  const users = (resources: readonly TerraformResource[]) => resources.map((resource) => diagram.elementOf.get(keyOf(resource))).find((id) => id !== undefined && !diagram.sinks.has(id));
  const launchers = plan.referrers(group).filter((referrer) => referrer.type === "aws_launch_template");
  const user = users(plan.referrers(group)) ?? users(launchers.flatMap((template) => plan.referrers(template)));
  if (user) return user;
  const vpc = plan.references(group).find((target) => target.type === "aws_vpc");
  const tier = tierOf(group);
  if (vpc && tier && diagram.groups.has(tierBoxId(vpc, tier))) return tierBoxId(vpc, tier);
  return vpc ? diagram.elementOf.get(keyOf(vpc)) : placement(plan, diagram, network, group);
}

/** The element traffic from a CIDR block comes from: the internet, or a named network outside. */
function cidrElement(diagram: DiagramBuilder, cidr: string): string {
  return isInternet(cidr) ? diagram.external(INTERNET, "Internet") : diagram.external(idOf("n_network", cidr), "Network", cidr);
}

/** Allowed inbound traffic from security group ingress rules (standalone rules, legacy rules and inline blocks). */
function drawSecurityGroupFlows(plan: PlanGraph, diagram: DiagramBuilder, network: Network): void {
  const element = (group: TerraformResource | undefined) => (group ? securityGroupElement(plan, diagram, network, group) : undefined);
  const flow = (to: string | undefined, sources: readonly (string | undefined)[], label: string) => {
    if (to === undefined) return;
    for (const from of sources) if (from !== undefined) diagram.edge(from, to, "traffic", label);
  };
  for (const rule of plan.ofType("aws_vpc_security_group_ingress_rule")) {
    const target = element(plan.referencedBy(rule, "security_group_id")[0]);
    const source = plan.referencedBy(rule, "referenced_security_group_id")[0];
    const cidrs = [text(rule.values["cidr_ipv4"]), text(rule.values["cidr_ipv6"])].filter((cidr): cidr is string => cidr !== undefined);
    flow(target, [...(source ? [element(source)] : []), ...cidrs.map((cidr) => cidrElement(diagram, cidr))], portLabel(rule.values["ip_protocol"], rule.values["from_port"], rule.values["to_port"]));
  }
  for (const rule of plan.ofType("aws_security_group_rule").filter((candidate) => candidate.values["type"] === "ingress")) {
    const target = element(plan.referencedBy(rule, "security_group_id")[0]);
    const source = plan.referencedBy(rule, "source_security_group_id")[0];
    const cidrs = [...(Array.isArray(rule.values["cidr_blocks"]) ? rule.values["cidr_blocks"] : []), ...(Array.isArray(rule.values["ipv6_cidr_blocks"]) ? rule.values["ipv6_cidr_blocks"] : [])].flatMap((cidr) => text(cidr) ?? []);
    flow(target, [...(source ? [element(source)] : []), ...cidrs.map((cidr) => cidrElement(diagram, cidr))], portLabel(rule.values["protocol"], rule.values["from_port"], rule.values["to_port"]));
  }
  for (const group of plan.ofType("aws_security_group")) {
    for (const ingress of blocks(group.values["ingress"])) {
      const serialized = JSON.stringify(ingress["security_groups"] ?? []);
      const sources = plan.references(group).filter((target) => target.type === "aws_security_group" && serialized.includes(`${target.address}.`));
      const cidrs = [...(Array.isArray(ingress["cidr_blocks"]) ? ingress["cidr_blocks"] : []), ...(Array.isArray(ingress["ipv6_cidr_blocks"]) ? ingress["ipv6_cidr_blocks"] : [])].flatMap((cidr) => text(cidr) ?? []);
      flow(element(group), [...sources.map(element), ...cidrs.map((cidr) => cidrElement(diagram, cidr))], portLabel(ingress["protocol"], ingress["from_port"], ingress["to_port"]));
    }
  }
}

/** Default routes (to the internet) out of each tier, to whatever they target: firewall, NAT, internet gateway. */
function drawDefaultRoutes(plan: PlanGraph, diagram: DiagramBuilder, network: Network): void {
  const tiersOf = (table: TerraformResource): string[] => {
    const vpc = plan.references(table).find((target) => target.type === "aws_vpc");
    const tagged = tierOf(table);
    if (vpc && tagged && diagram.groups.has(tierBoxId(vpc, tagged))) return [tierBoxId(vpc, tagged)];
    const associations = plan.referrers(table).filter((referrer) => referrer.type === "aws_route_table_association");
    return network.tiersOf(associations.flatMap((association) => plan.references(association)));
  };
  const route = (table: TerraformResource | undefined, routeValues: Attributes, targets: readonly TerraformResource[]) => {
    const destination = [routeValues["destination_cidr_block"], routeValues["cidr_block"], routeValues["destination_ipv6_cidr_block"], routeValues["ipv6_cidr_block"]].find(isInternet);
    if (!table || destination === undefined) return;
    const target = targets.map((candidate) => diagram.elementOf.get(keyOf(candidate))).find((id) => id !== undefined);
    if (target === undefined) return;
    for (const tier of new Set(tiersOf(table))) diagram.edge(tier, target, "egress", String(destination));
    if (targets.some((candidate) => candidate.type === "aws_internet_gateway")) diagram.edge(target, diagram.external(INTERNET, "Internet"), "egress");
  };
  for (const resource of plan.ofType("aws_route")) {
    const table = plan.referencedBy(resource, "route_table_id")[0];
    route(table, resource.values, plan.references(resource).filter((target) => target !== table));
  }
  for (const table of plan.ofType("aws_route_table")) {
    for (const inline of blocks(table.values["route"])) {
      const serialized = JSON.stringify(inline);
      route(table, inline, plan.references(table).filter((target) => serialized.includes(`${target.address}.`)));
    }
  }
}

/** WAF web ACLs drawn onto the resource they protect. */
function drawAttachments(plan: PlanGraph, diagram: DiagramBuilder): void {
  for (const association of plan.ofType("aws_wafv2_web_acl_association")) {
    const acl = diagram.elementOf.get(keyOf(plan.referencedBy(association, "web_acl_arn")[0] ?? association));
    const protectedResource = diagram.elementOf.get(keyOf(plan.referencedBy(association, "resource_arn")[0] ?? association));
    if (acl && protectedResource) diagram.edge(acl, protectedResource, "attachment", "filters requests");
  }
}

/**
 * Logs, records and alerts: a component that references a destination (log group, delivery stream, bucket, topic)
 * directly or through a helper resource (a logging configuration, a subscription filter) sends to it. Between two
 * destinations, the one referenced by a `destination...`/`target...` attribute receives.
 */
function drawDeliveries(plan: PlanGraph, diagram: DiagramBuilder): void {
  const element = (resource: TerraformResource) => diagram.elementOf.get(keyOf(resource));
  const isSink = (id: string | undefined): id is string => id !== undefined && diagram.sinks.has(id);
  const kindOf = (sink: string): EdgeKind => (diagram.nodes.get(sink)?.style === "detection" ? "alerts" : "logs");
  for (const resource of plan.resources) {
    const own = element(resource);
    const direct = plan.references(resource);
    const helpers = direct.filter((target) => element(target) === undefined);
    const sinks = new Set([...direct, ...helpers.flatMap((helper) => plan.references(helper))].map(element).filter(isSink));
    const sources = own !== undefined ? [own] : direct.map(element).filter((id): id is string => id !== undefined && !isSink(id));
    if (sources.length > 0) {
      for (const source of sources) for (const sink of sinks) if (sink !== source) diagram.edge(source, sink, kindOf(sink));
      continue;
    }
    const receiving = new Set(
      Object.keys(resource.values)
        .filter((attribute) => /^(destination|target)/.test(attribute))
        .flatMap((attribute) => plan.referencedBy(resource, attribute).map(element).filter(isSink))
    );
    for (const to of receiving) for (const from of sinks) if (!receiving.has(from)) diagram.edge(from, to, kindOf(to));
  }
  for (const stream of plan.ofType("aws_kinesis_firehose_delivery_stream")) {
    const endpoint = block(stream.values["http_endpoint_configuration"]);
    const url = text(endpoint?.["url"]);
    const from = element(stream);
    if (!url || !from) continue;
    const host = /^https?:\/\/([^/:?#]+)/.exec(url)?.[1] ?? url;
    diagram.edge(from, diagram.external(idOf("n_endpoint", host), text(endpoint?.["name"]) ?? "HTTP endpoint", host), "logs");
  }
}

/** Whether a label selector (`matchLabels`, `matchExpressions`) selects an object with these labels. */
function selects(selector: Record<string, unknown>, objectLabels: Readonly<Record<string, string>>): boolean {
  const matchLabels = (record(selector["matchLabels"]) ?? {}) as Record<string, unknown>;
  if (!Object.entries(matchLabels).every(([key, value]) => objectLabels[key] === value)) return false;
  return records(selector["matchExpressions"]).every((expression) => {
    const key = String(expression["key"]);
    const values = Array.isArray(expression["values"]) ? expression["values"].map(String) : [];
    switch (expression["operator"]) {
      case "In":
        return values.includes(objectLabels[key]);
      case "NotIn":
        return !values.includes(objectLabels[key]);
      case "Exists":
        return key in objectLabels;
      case "DoesNotExist":
        return !(key in objectLabels);
      default:
        return false;
    }
  });
}

/** Namespaces as components of the cluster, and the traffic their NetworkPolicies admit from other namespaces. */
function drawKubernetes(artifacts: Artifacts, diagram: DiagramBuilder): void {
  const unique = new Map<string, LocatedObject>();
  for (const item of objects(artifacts)) if (!unique.has(item.address)) unique.set(item.address, item);
  const all = [...unique.values()];
  const namespaces = all.filter((item) => item.object.kind === "Namespace").sort((a, b) => a.object.metadata.name.localeCompare(b.object.metadata.name));
  if (namespaces.length === 0) return;
  const cluster = [...diagram.groups.values()].find((group) => group.style === "cluster")?.id ?? diagram.group({ id: "g_kubernetes", label: "Kubernetes", layout: "row", style: "cluster" });
  const nodeOf = new Map<string, string>();
  const namespaceLabels = new Map<string, Readonly<Record<string, string>>>();
  for (const namespace of namespaces) {
    const name = namespace.object.metadata.name;
    const workloads = all
      .filter((item) => item.object.metadata.namespace === name && WORKLOAD_KINDS.includes(item.object.kind))
      .map((item) => `${item.object.kind} ${item.object.metadata.name}`)
      .sort();
    nodeOf.set(name, diagram.node({ id: idOf("n_namespace", name), label: `namespace ${name}`, ...(workloads.length > 0 ? { detail: workloads.join(", ") } : {}), group: cluster, style: "namespace" }));
    namespaceLabels.set(name, { ...labels(namespace.object), "kubernetes.io/metadata.name": name });
  }
  for (const policy of all.filter((item) => item.object.kind === "NetworkPolicy")) {
    const to = nodeOf.get(policy.object.metadata.namespace ?? "");
    if (to === undefined) continue;
    for (const rule of records(record(policy.object["spec"])?.["ingress"])) {
      const ports = records(rule["ports"]).map((port) => `${String(port["protocol"] ?? "TCP").toLowerCase()}/${String(port["port"] ?? "any")}`);
      const label = ports.length > 0 ? ports.join(", ") : "all ports";
      for (const peer of records(rule["from"])) {
        const selector = record(peer["namespaceSelector"]);
        if (!selector) continue;
        for (const [name, namespaceLabelSet] of namespaceLabels) if (selects(selector, namespaceLabelSet)) diagram.edge(nodeOf.get(name)!, to, "traffic", label);
      }
    }
  }
}

/** Administrators reach a Client VPN endpoint with the authentication it requires. */
function drawAdministrators(plan: PlanGraph, diagram: DiagramBuilder): void {
  for (const endpoint of plan.ofType("aws_ec2_client_vpn_endpoint")) {
    const to = diagram.elementOf.get(keyOf(endpoint));
    if (!to) continue;
    const methods = blocks(endpoint.values["authentication_options"]).flatMap((option) => text(option["type"]) ?? []).sort();
    diagram.edge(diagram.external("n_administrators", "Administrators"), to, "traffic", methods.length > 0 ? methods.join(" + ") : undefined);
  }
}

/** The architecture of the environment whose artifacts these are (its stacks and Kubernetes files only). */
export function architectureOf(artifacts: Artifacts, title: string): ArchitectureDiagram {
  const plan = new PlanGraph(artifacts);
  const diagram = new DiagramBuilder();
  const network = drawNetwork(plan, diagram);
  drawClusters(plan, diagram, network);
  drawComponents(plan, diagram, network);
  drawKubernetes(artifacts, diagram);
  drawAdministrators(plan, diagram);
  drawSecurityGroupFlows(plan, diagram, network);
  drawDefaultRoutes(plan, diagram, network);
  drawAttachments(plan, diagram);
  drawDeliveries(plan, diagram);
  return diagram.build(title);
}

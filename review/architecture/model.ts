/**
 * The architecture diagram of one environment as data: boxes (groups) holding components (nodes), and the flows
 * between them (edges). Built from the synthesized plan by `build.ts`, drawn as Mermaid by `mermaid.ts` and as SVG
 * by `svg.ts`. Every list is in a deterministic order, so the same plan always gives the same drawing.
 */

/** How a group's members are arranged when drawn. */
export type GroupLayout = "row" | "column";

/** What a group stands for, which decides how it is styled. */
export type GroupStyle = "external" | "vpc" | "tier" | "cluster" | "services";

/** A box that holds components and other boxes: the internet, a VPC, a tier, a cluster, the regional services. */
export interface DiagramGroup {
  /** Unique among groups and nodes; letters, digits and `_` only. */
  readonly id: string;
  readonly label: string;
  /** A second line, e.g. a CIDR block. */
  readonly detail?: string;
  /** The group it is drawn in; none for a top-level group. */
  readonly parent?: string;
  readonly layout: GroupLayout;
  readonly style: GroupStyle;
}

/** What a component stands for, which decides how it is styled. */
export type NodeStyle = "external" | "network" | "compute" | "namespace" | "logging" | "detection";

/** One component: a resource, several resources of one type drawn together, a namespace, or an outside party. */
export interface DiagramNode {
  /** Unique among groups and nodes; letters, digits and `_` only. */
  readonly id: string;
  readonly label: string;
  /** A second line, e.g. a count or a name. */
  readonly detail?: string;
  /** The group it is drawn in. */
  readonly group: string;
  readonly style: NodeStyle;
}

/**
 * What an edge stands for:
 * - `traffic`: allowed inbound traffic (security group ingress rules, Kubernetes NetworkPolicies);
 * - `egress`: default routes out of a tier;
 * - `attachment`: a component attached to another (a WAF web ACL to its load balancer);
 * - `logs`: logs, audit records and findings delivered to a destination;
 * - `alerts`: notifications to an alert topic.
 */
export type EdgeKind = "traffic" | "egress" | "attachment" | "logs" | "alerts";

/** A flow between two groups or nodes. */
export interface DiagramEdge {
  /** ID of a group or a node. */
  readonly from: string;
  /** ID of a group or a node. */
  readonly to: string;
  readonly kind: EdgeKind;
  /** E.g. the ports, `0.0.0.0/0`. */
  readonly label?: string;
}

/** An environment's architecture. */
export interface ArchitectureDiagram {
  readonly title: string;
  /** Parents before their children. */
  readonly groups: readonly DiagramGroup[];
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
}

/**
 * The data model of a security diff between two synthesized outputs (base and head): the structural diff of
 * one resource, its classification into security-relevant changes, unmapped changes and noise, and the report
 * grouped by control ID.
 */

/** How a change moves a control: weaker, stronger, or changed in a way the table cannot rank. */
export type Effect = "weaker" | "stronger" | "changed";

/** One step of a path into a value: an object key, or an array element named by its identity or position. */
export type Segment = { readonly key: string } | { readonly element: string };

/**
 * A node of the structural diff of two values. `added` / `removed` / `changed` leaves carry the two values;
 * a `changed` node with children changed inside; `reordered` (same elements, other order) and `reformatted`
 * (a JSON string whose parsed value is the same) are leaves whose meaning did not change.
 */
export interface DiffNode {
  readonly path: readonly Segment[];
  readonly kind: "added" | "removed" | "changed" | "reordered" | "reformatted";
  /** The value in base; undefined when absent. */
  readonly before: unknown;
  /** The value in head; undefined when absent. */
  readonly after: unknown;
  readonly children: readonly DiffNode[];
}

/** Something the diff compares as a unit: a Terraform resource, data source, provider, backend, or a Kubernetes object. */
export interface Entity {
  readonly kind: "terraform" | "kubernetes";
  /** Stack name (Terraform) or YAML file relative to the Kubernetes directory, as in policy findings. */
  readonly location: string;
  /** Terraform address (`aws_vpc.x`, `data.t.x`, `provider.aws`, `terraform.backend`) or `Kind/namespace/name`. */
  readonly address: string;
  /** Resource type (`aws_vpc`, `data.t`, `provider.aws`, `terraform.backend`) or Kubernetes kind. */
  readonly type: string;
  readonly values: Readonly<Record<string, unknown>>;
}

/** One changed value, at its display path (`ingress[rule_no=100].cidr_block`; "" for the whole resource). */
export interface ValueChange {
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** A change that does not affect security: tags, descriptions, metadata, ordering, formatting, a moved file. */
export interface NoiseChange {
  readonly path: string;
  /** Why it is noise, e.g. `tags`, `description`, `ordering`. */
  readonly reason: string;
}

/** A security-relevant change, grouped at the attribute the control table maps. */
export interface SecurityChange {
  /** Display path of the mapped attribute; "" when the resource itself was added or removed. */
  readonly path: string;
  /** What the attribute is, from the table (e.g. `CIDR`, `automatic key rotation`). */
  readonly phrase: string;
  readonly controls: readonly string[];
  readonly effect: Effect;
  readonly before?: unknown;
  readonly after?: unknown;
  /** The leaf changes underneath, when the attribute is a block. */
  readonly details: readonly ValueChange[];
}

/** Everything that changed on one entity. */
export interface EntityDiff {
  readonly kind: Entity["kind"];
  readonly location: string;
  readonly address: string;
  readonly type: string;
  readonly status: "added" | "removed" | "changed";
  readonly security: readonly SecurityChange[];
  /** Changes neither noise nor mapped to a control by the table. */
  readonly other: readonly ValueChange[];
  readonly noise: readonly NoiseChange[];
}

/** A rule finding that appeared or disappeared between base and head. */
export interface FindingChange {
  readonly rule: string;
  readonly severity: string;
  readonly controls: readonly string[];
  readonly location: string;
  readonly resource: string;
  readonly message: string;
}

/** A finding accepted by a recorded exception, that appeared or disappeared between base and head. */
export interface ExceptionChange extends FindingChange {
  readonly justification: string;
}

/** One entity's part in a control's section: its changes mapped to the control, and the findings it caused. */
export interface ControlResource {
  readonly kind: Entity["kind"];
  readonly location: string;
  readonly address: string;
  readonly type: string;
  readonly status: EntityDiff["status"];
  readonly changes: readonly SecurityChange[];
  /** Rules of this control that newly fail on or because of this entity. */
  readonly findingsAdded: readonly string[];
  /** Rules of this control that no longer fail on or because of this entity. */
  readonly findingsResolved: readonly string[];
}

/** Everything that moved one control. */
export interface ControlSection {
  readonly id: string;
  /** Title from the catalog; "" for an ID the catalog does not know. */
  readonly title: string;
  /** Weaker when anything in the section is weaker; else changed when anything is unranked; else stronger. */
  readonly effect: Effect;
  readonly findingsAdded: readonly FindingChange[];
  readonly findingsResolved: readonly FindingChange[];
  readonly exceptionsAdded: readonly ExceptionChange[];
  readonly exceptionsRemoved: readonly ExceptionChange[];
  readonly resources: readonly ControlResource[];
}

/** The result of comparing two synthesized outputs. */
export interface SecurityDiff {
  /** Whether any control got weaker: a new finding, a new exception, or a change the table ranks weaker. */
  readonly weaker: boolean;
  /** Whether anything but noise changed. */
  readonly securityChanged: boolean;
  readonly findingsAdded: readonly FindingChange[];
  readonly findingsResolved: readonly FindingChange[];
  readonly exceptionsAdded: readonly ExceptionChange[];
  readonly exceptionsRemoved: readonly ExceptionChange[];
  /** Sections in catalog order, one per control something moved. */
  readonly controls: readonly ControlSection[];
  /** Every entity with any change, by kind, location and address. */
  readonly entities: readonly EntityDiff[];
}

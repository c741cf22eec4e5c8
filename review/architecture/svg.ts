/**
 * The architecture diagram as a standalone SVG element, laid out here without a browser: boxes nest, a box's
 * members are placed in rows (a `row` box wraps after a few members; a `column` box puts each sub-box on its own
 * row), and edges are curves between box borders with their label at the middle. Text widths are estimated from
 * character counts, so the same diagram always gives byte-identical SVG. Every text is escaped.
 */
import { ArchitectureDiagram, DiagramGroup, DiagramNode, EdgeKind, GroupStyle, NodeStyle } from "./model";

/** Escapes text for SVG/HTML content and attribute values. */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

const NODE_MIN_WIDTH = 150;
const NODE_MAX_WIDTH = 250;
const NODE_PADDING = 10;
const LABEL_CHAR = 7;
const DETAIL_CHAR = 6;
const GROUP_PADDING = 14;
const GROUP_HEADER = 20;
const GROUP_DETAIL = 14;
const GAP_X = 22;
const GAP_Y = 46;
const MAX_PER_ROW = 5;
const MARGIN = 16;
const LEGEND_HEIGHT = 40;

interface Size {
  readonly width: number;
  readonly height: number;
}

interface Box extends Size {
  readonly x: number;
  readonly y: number;
}

/** Cuts text that would overflow a box, with an ellipsis. */
function fit(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, Math.max(1, maxChars - 1))}…`;
}

const round = (value: number) => Math.round(value * 10) / 10;

const NODE_FILL: Readonly<Record<NodeStyle, readonly [string, string]>> = {
  external: ["#f4f4f4", "#666666"],
  network: ["#e8f1fb", "#2f6db5"],
  compute: ["#eaf6ec", "#2e7d32"],
  namespace: ["#f3ecfa", "#6a3fa0"],
  logging: ["#fff6e5", "#b26a00"],
  detection: ["#fdecec", "#b3261e"],
};

const GROUP_FILL: Readonly<Record<GroupStyle, readonly [string, string, string]>> = {
  external: ["#fafafa", "#9e9e9e", "none"],
  vpc: ["#f7fbff", "#2f6db5", "none"],
  tier: ["#ffffff", "#7a9cc6", "6 4"],
  cluster: ["#fbf8fe", "#6a3fa0", "none"],
  services: ["#fffcf5", "#b26a00", "none"],
};

const EDGE_STYLE: Readonly<Record<EdgeKind, { readonly color: string; readonly width: number; readonly dash: string; readonly arrow: boolean; readonly legend: string }>> = {
  traffic: { color: "#2f6db5", width: 1.5, dash: "none", arrow: true, legend: "allowed inbound traffic" },
  egress: { color: "#b3261e", width: 2.5, dash: "none", arrow: true, legend: "default route out" },
  attachment: { color: "#555555", width: 1.5, dash: "2 3", arrow: false, legend: "attached to" },
  logs: { color: "#b26a00", width: 1.5, dash: "6 4", arrow: true, legend: "logs and records" },
  alerts: { color: "#b3261e", width: 1.5, dash: "6 4", arrow: true, legend: "alerts" },
};

/** Lays the diagram out: the size and position of every box and node. */
class Layout {
  readonly boxes = new Map<string, Box>();
  private readonly sizes = new Map<string, Size>();
  private readonly nodes: ReadonlyMap<string, DiagramNode>;
  private readonly groups: ReadonlyMap<string, DiagramGroup>;

  constructor(private readonly diagram: ArchitectureDiagram) {
    this.nodes = new Map(diagram.nodes.map((node) => [node.id, node]));
    this.groups = new Map(diagram.groups.map((group) => [group.id, group]));
  }

  /** The members of a box in drawing order: its nodes, then its sub-boxes. */
  members(parent: string | undefined): string[] {
    const nodes = parent === undefined ? [] : this.diagram.nodes.filter((node) => node.group === parent).map((node) => node.id);
    return [...nodes, ...this.diagram.groups.filter((group) => group.parent === parent).map((group) => group.id)];
  }

  /** Members split into rows: nodes wrap after {@link MAX_PER_ROW}; in a column box each sub-box has its own row. */
  private rows(parent: string | undefined): string[][] {
    const column = parent === undefined || this.groups.get(parent)?.layout === "column";
    const rows: string[][] = [];
    for (const member of this.members(parent)) {
      const last = rows[rows.length - 1];
      const isGroup = this.groups.has(member);
      const fits = last !== undefined && last.length < MAX_PER_ROW && !(column && (isGroup || last.some((id) => this.groups.has(id))));
      if (fits) last.push(member);
      else rows.push([member]);
    }
    return rows;
  }

  private header(group: DiagramGroup): number {
    return GROUP_HEADER + (group.detail ? GROUP_DETAIL : 0);
  }

  size(id: string): Size {
    const cached = this.sizes.get(id);
    if (cached) return cached;
    let size: Size;
    const node = this.nodes.get(id);
    if (node) {
      const chars = Math.max(node.label.length * LABEL_CHAR, (node.detail?.length ?? 0) * DETAIL_CHAR);
      size = { width: Math.min(NODE_MAX_WIDTH, Math.max(NODE_MIN_WIDTH, chars + 2 * NODE_PADDING)), height: node.detail ? 46 : 32 };
    } else {
      const group = this.groups.get(id)!;
      const content = this.contentSize(id);
      const title = Math.max(group.label.length * LABEL_CHAR, (group.detail?.length ?? 0) * DETAIL_CHAR) + 2 * GROUP_PADDING;
      size = { width: Math.max(content.width + 2 * GROUP_PADDING, title), height: content.height + this.header(group) + 2 * GROUP_PADDING };
    }
    this.sizes.set(id, size);
    return size;
  }

  private contentSize(parent: string | undefined): Size {
    const rows = this.rows(parent).map((row) => ({
      width: row.reduce((sum, id) => sum + this.size(id).width, 0) + GAP_X * (row.length - 1),
      height: Math.max(...row.map((id) => this.size(id).height)),
    }));
    return { width: Math.max(0, ...rows.map((row) => row.width)), height: rows.reduce((sum, row) => sum + row.height, 0) + GAP_Y * Math.max(0, rows.length - 1) };
  }

  /** Places the members of a box whose content area starts at (x, y) and is `width` wide; rows are centred. */
  place(parent: string | undefined, x: number, y: number, width: number): void {
    let top = y;
    for (const row of this.rows(parent)) {
      const rowWidth = row.reduce((sum, id) => sum + this.size(id).width, 0) + GAP_X * (row.length - 1);
      let left = x + (width - rowWidth) / 2;
      for (const id of row) {
        const size = this.size(id);
        this.boxes.set(id, { x: left, y: top, ...size });
        const group = this.groups.get(id);
        if (group) this.place(id, left + GROUP_PADDING, top + GROUP_PADDING + this.header(group), size.width - 2 * GROUP_PADDING);
        left += size.width + GAP_X;
      }
      top += Math.max(...row.map((id) => this.size(id).height)) + GAP_Y;
    }
  }

  /** Lays everything out; returns the drawing's size. */
  run(): Size {
    const content = this.contentSize(undefined);
    this.place(undefined, MARGIN, MARGIN, content.width);
    return { width: content.width + 2 * MARGIN, height: content.height + 2 * MARGIN + LEGEND_HEIGHT };
  }
}

type Side = "top" | "bottom" | "left" | "right";

interface Anchor {
  readonly x: number;
  readonly y: number;
  readonly side: Side;
}

/** The sides an edge leaves and enters by: vertical when one box is wholly above the other, else horizontal. */
function sides(from: Box, to: Box): readonly [Side, Side] {
  if (to.y >= from.y + from.height) return ["bottom", "top"];
  if (from.y >= to.y + to.height) return ["top", "bottom"];
  return to.x >= from.x ? ["right", "left"] : ["left", "right"];
}

/** Spreads the anchors of the edges sharing one side of one box along that side, ordered by the far end. */
function anchors(diagram: ArchitectureDiagram, boxes: ReadonlyMap<string, Box>): Map<number, readonly [Anchor, Anchor]> {
  const slots = new Map<string, { edge: number; end: 0 | 1; order: number }[]>();
  const chosen = diagram.edges.map((edge) => sides(boxes.get(edge.from)!, boxes.get(edge.to)!));
  diagram.edges.forEach((edge, index) => {
    const ends = [edge.from, edge.to] as const;
    ends.forEach((id, end) => {
      const other = boxes.get(ends[1 - end])!;
      const side = chosen[index][end];
      const key = `${id}\u0000${side}`;
      const order = side === "top" || side === "bottom" ? other.x + other.width / 2 : other.y + other.height / 2;
      slots.set(key, [...(slots.get(key) ?? []), { edge: index, end: end as 0 | 1, order }]);
    });
  });
  const result = new Map<number, [Anchor, Anchor]>();
  for (const [key, entries] of slots) {
    const [id, side] = key.split("\u0000") as [string, Side];
    const box = boxes.get(id)!;
    entries.sort((a, b) => a.order - b.order || a.edge - b.edge || a.end - b.end);
    entries.forEach((entry, position) => {
      const fraction = (position + 1) / (entries.length + 1);
      const anchor: Anchor =
        side === "top" || side === "bottom"
          ? { x: box.x + box.width * fraction, y: side === "top" ? box.y : box.y + box.height, side }
          : { x: side === "left" ? box.x : box.x + box.width, y: box.y + box.height * fraction, side };
      const pair = result.get(entry.edge) ?? ([undefined, undefined] as unknown as [Anchor, Anchor]);
      pair[entry.end] = anchor;
      result.set(entry.edge, pair);
    });
  }
  return result;
}

function control(anchor: Anchor, distance: number): readonly [number, number] {
  switch (anchor.side) {
    case "top":
      return [anchor.x, anchor.y - distance];
    case "bottom":
      return [anchor.x, anchor.y + distance];
    case "left":
      return [anchor.x - distance, anchor.y];
    case "right":
      return [anchor.x + distance, anchor.y];
  }
}

function textLines(x: number, y: number, label: string, detail: string | undefined, maxWidth: number, cls: string): string {
  const main = `<text class="${cls}-label" x="${round(x)}" y="${round(y)}">${escapeXml(fit(label, Math.floor(maxWidth / LABEL_CHAR)))}</text>`;
  if (!detail) return main;
  return `${main}<text class="${cls}-detail" x="${round(x)}" y="${round(y + 14)}">${escapeXml(fit(detail, Math.floor(maxWidth / DETAIL_CHAR)))}</text>`;
}

/** The diagram as an `<svg>` element (no XML declaration), for inlining in HTML. */
export function toSvg(diagram: ArchitectureDiagram): string {
  const layout = new Layout(diagram);
  const size = layout.run();
  const boxes = layout.boxes;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="architecture" viewBox="0 0 ${round(size.width)} ${round(size.height)}" width="${round(size.width)}" height="${round(size.height)}" role="img" aria-labelledby="architecture-title">`,
    `<title id="architecture-title">${escapeXml(diagram.title)}</title>`,
    "<defs>",
    ...Object.entries(EDGE_STYLE)
      .filter(([, style]) => style.arrow)
      .map(([kind, style]) => `<marker id="arrow-${kind}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${style.color}"/></marker>`),
    "</defs>",
    "<style>text{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;fill:#1f1f1f}.group-label,.node-label{font-size:12px;font-weight:600}.group-detail,.node-detail{font-size:11px;fill:#555}.edge-label{font-size:10px;fill:#333}</style>"
  );
  for (const group of diagram.groups) {
    const box = boxes.get(group.id)!;
    const [fill, stroke, dash] = GROUP_FILL[group.style];
    parts.push(
      `<g class="group group-${group.style}" data-id="${escapeXml(group.id)}">`,
      `<rect x="${round(box.x)}" y="${round(box.y)}" width="${round(box.width)}" height="${round(box.height)}" rx="8" fill="${fill}" stroke="${stroke}" stroke-dasharray="${dash}"/>`,
      textLines(box.x + GROUP_PADDING, box.y + 18, group.label, group.detail, box.width - 2 * GROUP_PADDING, "group"),
      "</g>"
    );
  }
  const ends = anchors(diagram, boxes);
  const labels: string[] = [];
  diagram.edges.forEach((edge, index) => {
    const [from, to] = ends.get(index)!;
    const style = EDGE_STYLE[edge.kind];
    const distance = Math.max(24, Math.min(80, Math.hypot(to.x - from.x, to.y - from.y) / 3));
    const [c1x, c1y] = control(from, distance);
    const [c2x, c2y] = control(to, distance);
    const d = `M${round(from.x)},${round(from.y)} C${round(c1x)},${round(c1y)} ${round(c2x)},${round(c2y)} ${round(to.x)},${round(to.y)}`;
    parts.push(
      `<path class="edge edge-${edge.kind}" data-from="${escapeXml(edge.from)}" data-to="${escapeXml(edge.to)}" d="${d}" fill="none" stroke="${style.color}" stroke-width="${style.width}" stroke-dasharray="${style.dash}"${style.arrow ? ` marker-end="url(#arrow-${edge.kind})"` : ""}/>`
    );
    if (edge.label) {
      const midX = (from.x + 3 * c1x + 3 * c2x + to.x) / 8;
      const midY = (from.y + 3 * c1y + 3 * c2y + to.y) / 8;
      const text = fit(edge.label, 40);
      const width = text.length * 5.6 + 8;
      labels.push(
        `<g class="edge-label-box"><rect x="${round(midX - width / 2)}" y="${round(midY - 8)}" width="${round(width)}" height="14" rx="3" fill="#ffffff" fill-opacity="0.9"/><text class="edge-label" x="${round(midX)}" y="${round(midY + 3)}" text-anchor="middle">${escapeXml(text)}</text></g>`
      );
    }
  });
  for (const node of diagram.nodes) {
    const box = boxes.get(node.id)!;
    const [fill, stroke] = NODE_FILL[node.style];
    parts.push(
      `<g class="node node-${node.style}" data-id="${escapeXml(node.id)}">`,
      `<rect x="${round(box.x)}" y="${round(box.y)}" width="${round(box.width)}" height="${round(box.height)}" rx="${node.style === "external" ? 16 : 4}" fill="${fill}" stroke="${stroke}"/>`,
      textLines(box.x + NODE_PADDING, box.y + 20, node.label, node.detail, box.width - 2 * NODE_PADDING, "node"),
      "</g>"
    );
  }
  parts.push(...labels);
  let legendX = MARGIN;
  const legendY = size.height - LEGEND_HEIGHT / 2;
  parts.push('<g class="legend">');
  for (const [kind, style] of Object.entries(EDGE_STYLE)) {
    parts.push(
      `<line x1="${round(legendX)}" y1="${round(legendY)}" x2="${round(legendX + 30)}" y2="${round(legendY)}" stroke="${style.color}" stroke-width="${style.width}" stroke-dasharray="${style.dash}"${style.arrow ? ` marker-end="url(#arrow-${kind})"` : ""}/>`,
      `<text class="edge-label" x="${round(legendX + 36)}" y="${round(legendY + 4)}">${escapeXml(style.legend)}</text>`
    );
    legendX += 36 + style.legend.length * 5.6 + 24;
  }
  parts.push("</g>", "</svg>");
  return parts.join("\n") + "\n";
}

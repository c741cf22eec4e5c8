/**
 * The architecture diagram as a standalone SVG element, laid out by ELK (Eclipse Layout Kernel, elkjs) without a
 * browser: boxes nest as compound nodes, edges are routed orthogonally around them, and ELK places every edge label
 * where it overlaps no box or other label. Text widths are estimated (generously) from character counts, so the same
 * diagram always gives byte-identical SVG. Every text is escaped.
 */
import type { ElkNode, ElkPoint } from "elkjs/lib/elk-api";
import { ArchitectureDiagram, DiagramEdge, DiagramGroup, DiagramNode, EdgeKind, GroupStyle, NodeStyle } from "./model";

/** Escapes text for SVG/HTML content and attribute values. */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

const NODE_MIN_WIDTH = 150;
const NODE_MAX_WIDTH = 250;
const NODE_PADDING = 10;
/** Widths of one character of a label (12px, semibold), a detail (11px) and an edge label (10px), estimated wide. */
const LABEL_CHAR = 8;
const DETAIL_CHAR = 6.8;
const EDGE_CHAR = 6.2;
const EDGE_LABEL_MAX = 40;
const GROUP_PADDING = 14;
const GROUP_HEADER = 22;
const GROUP_DETAIL = 14;
const MARGIN = 16;
const LEGEND_HEIGHT = 40;

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
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

/** The part of elkjs's worker build the layout uses: its dispatcher, called in-process. */
interface ElkWorker {
  onmessage: (message: { readonly data: { readonly data?: ElkNode; readonly error?: unknown } }) => void;
  readonly dispatcher: { saveDispatch(event: { readonly data: Record<string, unknown> }): void };
}

let elk: ElkWorker | undefined;

/**
 * Runs ELK's layered algorithm on a graph, synchronously: elkjs's worker build exposes the dispatcher its message
 * handler calls, so the layout runs in this thread without a Worker and without a promise, and the same graph always
 * gives the same layout.
 */
function elkLayout(graph: ElkNode): ElkNode {
  if (!elk) {
    // The worker build has no type declarations; its module exports the worker class as `Worker`.
    const { Worker } = require("elkjs/lib/elk-worker.min.js") as { Worker: new () => ElkWorker };
    elk = new Worker();
    elk.onmessage = () => undefined;
    elk.dispatcher.saveDispatch({ data: { id: 0, cmd: "register", algorithms: ["layered"] } });
  }
  let answer: { readonly data?: ElkNode; readonly error?: unknown } | undefined;
  elk.onmessage = (message) => {
    answer = message.data;
  };
  elk.dispatcher.saveDispatch({ data: { id: 1, cmd: "layout", graph, layoutOptions: {}, options: {} } });
  if (!answer?.data) throw new Error(`ELK could not lay out the architecture diagram: ${String(answer?.error ?? "no answer")}`);
  return answer.data;
}

/** Suffix of the invisible node that makes a group as wide as its title. */
const TITLE_STRUT = "__title";

const padding = (top: number, side: number) => `[top=${top},left=${side},bottom=${side},right=${side}]`;

function nodeSize(node: DiagramNode): { width: number; height: number } {
  const chars = Math.max(node.label.length * LABEL_CHAR, (node.detail?.length ?? 0) * DETAIL_CHAR);
  return { width: Math.round(Math.min(NODE_MAX_WIDTH, Math.max(NODE_MIN_WIDTH, chars + 2 * NODE_PADDING))), height: node.detail ? 46 : 32 };
}

function header(group: DiagramGroup): number {
  return GROUP_HEADER + (group.detail ? GROUP_DETAIL : 0);
}

function edgeLabel(edge: DiagramEdge): string | undefined {
  return edge.label ? fit(edge.label, EDGE_LABEL_MAX) : undefined;
}

/** The diagram as an ELK graph: groups are compound nodes whose top padding holds their title, edges carry their label's size. */
function elkGraph(diagram: ArchitectureDiagram): ElkNode {
  const children = (parent: string | undefined): ElkNode[] => [
    ...(parent === undefined ? [] : diagram.nodes.filter((node) => node.group === parent).map((node) => ({ id: node.id, ...nodeSize(node) }))),
    ...diagram.groups
      .filter((group) => group.parent === parent)
      .map((group) => {
        const title = Math.ceil(Math.max(group.label.length * LABEL_CHAR, (group.detail?.length ?? 0) * DETAIL_CHAR) + 2 * GROUP_PADDING);
        // ELK sizes a nested compound node by its content only, so an invisible strut as wide as the title keeps it readable.
        return {
          id: group.id,
          layoutOptions: { "elk.padding": padding(header(group) + GROUP_PADDING, GROUP_PADDING) },
          children: [{ id: `${group.id}${TITLE_STRUT}`, width: title - 2 * GROUP_PADDING, height: 1 }, ...children(group.id)],
        };
      }),
  ];
  return {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "DOWN",
      "elk.hierarchyHandling": "INCLUDE_CHILDREN",
      "elk.edgeRouting": "ORTHOGONAL",
      "elk.padding": padding(MARGIN, MARGIN),
      "elk.spacing.nodeNode": "28",
      "elk.layered.spacing.nodeNodeBetweenLayers": "44",
      "elk.spacing.edgeNode": "16",
      "elk.spacing.edgeEdge": "10",
      "elk.spacing.edgeLabel": "4",
      "elk.edgeLabels.placement": "CENTER",
      "elk.json.shapeCoords": "ROOT",
      "elk.json.edgeCoords": "ROOT",
    },
    children: children(undefined),
    edges: diagram.edges.map((edge, index) => {
      const text = edgeLabel(edge);
      return {
        id: `e${index}`,
        sources: [edge.from],
        targets: [edge.to],
        labels: text === undefined ? [] : [{ id: `e${index}_label`, text, width: Math.ceil(text.length * EDGE_CHAR + 8), height: 14 }],
      };
    }),
  };
}

/** Where ELK put every group and node (absolute), and every edge's route and label. */
interface Layout {
  readonly width: number;
  readonly height: number;
  readonly boxes: ReadonlyMap<string, Box>;
  readonly edges: readonly { readonly points: readonly ElkPoint[]; readonly label?: Box }[];
}

function layoutOf(diagram: ArchitectureDiagram): Layout {
  const laid = elkLayout(elkGraph(diagram));
  const boxes = new Map<string, Box>();
  const visit = (node: ElkNode) => {
    for (const child of node.children ?? []) {
      boxes.set(child.id, { x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? 0, height: child.height ?? 0 });
      visit(child);
    }
  };
  visit(laid);
  const edges = (laid.edges ?? []).map((edge) => {
    const section = edge.sections?.[0];
    const points = section ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint] : [];
    const label = edge.labels?.[0];
    return { points, ...(label ? { label: { x: label.x ?? 0, y: label.y ?? 0, width: label.width ?? 0, height: label.height ?? 0 } } : {}) };
  });
  return { width: laid.width ?? 0, height: laid.height ?? 0, boxes, edges };
}

function textLines(x: number, y: number, label: string, detail: string | undefined, maxWidth: number, cls: string): string {
  const main = `<text class="${cls}-label" x="${round(x)}" y="${round(y)}">${escapeXml(fit(label, Math.floor(maxWidth / LABEL_CHAR)))}</text>`;
  if (!detail) return main;
  return `${main}<text class="${cls}-detail" x="${round(x)}" y="${round(y + 14)}">${escapeXml(fit(detail, Math.floor(maxWidth / DETAIL_CHAR)))}</text>`;
}

/** The diagram as an `<svg>` element (no XML declaration), for inlining in HTML. */
export function toSvg(diagram: ArchitectureDiagram): string {
  const layout = layoutOf(diagram);
  const legendWidth = Object.values(EDGE_STYLE).reduce((sum, style) => sum + 36 + style.legend.length * 5.6 + 24, MARGIN);
  const size = { width: Math.max(layout.width, legendWidth), height: layout.height + LEGEND_HEIGHT };
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
  const labels: string[] = [];
  diagram.edges.forEach((edge, index) => {
    const { points, label } = layout.edges[index];
    const style = EDGE_STYLE[edge.kind];
    const d = points.map((point, position) => `${position === 0 ? "M" : "L"}${round(point.x)},${round(point.y)}`).join(" ");
    parts.push(
      `<path class="edge edge-${edge.kind}" data-from="${escapeXml(edge.from)}" data-to="${escapeXml(edge.to)}" d="${d}" fill="none" stroke="${style.color}" stroke-width="${style.width}" stroke-dasharray="${style.dash}"${style.arrow ? ` marker-end="url(#arrow-${edge.kind})"` : ""}/>`
    );
    const text = edgeLabel(edge);
    if (text !== undefined && label) {
      labels.push(
        `<g class="edge-label-box"><rect x="${round(label.x)}" y="${round(label.y)}" width="${round(label.width)}" height="${round(label.height)}" rx="3" fill="#ffffff" fill-opacity="0.9"/><text class="edge-label" x="${round(label.x + label.width / 2)}" y="${round(label.y + 11)}" text-anchor="middle">${escapeXml(text)}</text></g>`
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

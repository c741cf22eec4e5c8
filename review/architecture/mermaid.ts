/**
 * The architecture diagram as a Mermaid flowchart, for Markdown viewers that render ```mermaid blocks (GitHub,
 * GitLab). Boxes become nested subgraphs; every label is quoted and entity-escaped, so no plan value can break the
 * syntax or inject markup.
 */
import { ArchitectureDiagram, DiagramGroup, EdgeKind } from "./model";

/** Escapes text for a quoted Mermaid label: quotes, markup and entity starts become Mermaid entity codes. */
export function mermaidText(value: string): string {
  return value.replace(/[#"<>&]/g, (character) => `#${character.charCodeAt(0)};`).replace(/[\r\n]+/g, " ");
}

function label(text: string, detail?: string): string {
  return `"${mermaidText(text)}${detail ? `<br/>${mermaidText(detail)}` : ""}"`;
}

/** The arrow of each edge kind: solid for traffic, thick for default routes, dotted for logs and alerts. */
const ARROWS: Readonly<Record<EdgeKind, string>> = { traffic: "-->", egress: "==>", attachment: "---", logs: "-.->", alerts: "-.->" };

/** Node shapes: outside parties as stadiums, destinations of logs as cylinders, everything else as rectangles. */
function shape(style: string, text: string): string {
  if (style === "external") return `([${text}])`;
  if (style === "logging") return `[(${text})]`;
  return `[${text}]`;
}

/** The diagram as Mermaid flowchart source (top to bottom), ending with a newline. */
export function toMermaid(diagram: ArchitectureDiagram): string {
  const lines = ["flowchart TB"];
  const children = (parent: string | undefined) => diagram.groups.filter((group) => group.parent === parent);
  const emit = (group: DiagramGroup, depth: number) => {
    const indent = "  ".repeat(depth);
    lines.push(`${indent}subgraph ${group.id}[${label(group.label, group.detail)}]`);
    lines.push(`${indent}  direction ${group.layout === "row" ? "LR" : "TB"}`);
    for (const node of diagram.nodes.filter((candidate) => candidate.group === group.id)) {
      lines.push(`${indent}  ${node.id}${shape(node.style, label(node.label, node.detail))}`);
    }
    for (const child of children(group.id)) emit(child, depth + 1);
    lines.push(`${indent}end`);
  };
  for (const group of children(undefined)) emit(group, 1);
  for (const edge of diagram.edges) {
    const arrow = ARROWS[edge.kind];
    const text = edge.label ?? (edge.kind === "logs" || edge.kind === "alerts" ? edge.kind : undefined);
    lines.push(`  ${edge.from} ${arrow}${text ? `|"${mermaidText(text)}"|` : ""} ${edge.to}`);
  }
  const classes: Readonly<Record<string, string>> = {
    external: "fill:#f4f4f4,stroke:#666",
    network: "fill:#e8f1fb,stroke:#2f6db5",
    compute: "fill:#eaf6ec,stroke:#2e7d32",
    namespace: "fill:#f3ecfa,stroke:#6a3fa0",
    logging: "fill:#fff6e5,stroke:#b26a00",
    detection: "fill:#fdecec,stroke:#b3261e",
  };
  for (const [style, css] of Object.entries(classes)) {
    const members = diagram.nodes.filter((node) => node.style === style).map((node) => node.id);
    if (members.length > 0) lines.push(`  classDef ${style} ${css}`, `  class ${members.join(",")} ${style}`);
  }
  return lines.join("\n") + "\n";
}

/**
 * Renders an environment's control report as Markdown (architecture as a Mermaid block) or as a standalone HTML
 * page (architecture as inline SVG; no script, no external resource, a restrictive Content-Security-Policy). Both
 * are deterministic: the same report gives byte-identical output. Every plan-derived text is escaped.
 */
import { toMermaid } from "./architecture/mermaid";
import { escapeXml, toSvg } from "./architecture/svg";
import { ControlEntry, CONTROL_STATUSES, ControlStatus, EnvironmentReport, EvidenceResource, RESOURCES_DEFINITION, STATUS_DEFINITIONS } from "./control-report";
import { ServerOnboarding } from "../policies/onboarding";

/** The output formats of a control report. */
export type ControlReportFormat = "md" | "html";

/** Every control report format, for argument validation and help text. */
export const CONTROL_REPORT_FORMATS: readonly ControlReportFormat[] = ["md", "html"];

/** Formats a report; the result ends with a newline. */
export function formatControlReport(report: EnvironmentReport, format: ControlReportFormat): string {
  return format === "md" ? toMarkdown(report) : toHtml(report);
}

/** `aws_subnet ×18, Deployment ×2`: how many resources of each type. */
function typeSummary(resources: readonly EvidenceResource[]): string {
  const counts = new Map<string, number>();
  for (const resource of resources) counts.set(resource.type, (counts.get(resource.type) ?? 0) + 1);
  return [...counts].map(([type, count]) => `${type} ×${count}`).join(", ");
}

function summaryLine(report: EnvironmentReport): string {
  const parts = CONTROL_STATUSES.filter((status) => report.counts[status] > 0).map((status) => `${report.counts[status]} ${status}`);
  return `${report.controls.length} controls: ${parts.join(", ")}. ${report.rulesRun} rules run.`;
}

/** Text for a Markdown table cell: pipes escaped, line breaks and HTML-significant characters neutralized. */
export function cell(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/[\r\n]+/g, " ").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Inline code in Markdown, with a fence longer than any backtick run inside. */
function code(value: string): string {
  const longest = Math.max(0, ...Array.from(value.matchAll(/`+/g), (match) => match[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${longest > 0 ? ` ${value} ` : value}${fence}`;
}

function toMarkdown(report: EnvironmentReport): string {
  const lines: string[] = [
    `# Control report: ${report.environment}`,
    "",
    `Stacks: ${report.stacks.map(code).join(", ") || "none"}. Kubernetes files: ${report.kubernetesFiles.map(code).join(", ") || "none"}.`,
    "",
    summaryLine(report),
    "",
    "## Status legend",
    "",
    ...CONTROL_STATUSES.map((status) => `- **${status}**: ${STATUS_DEFINITIONS[status]}`),
    `- **Resources**: ${RESOURCES_DEFINITION}`,
    "",
    "## Architecture",
    "",
    `${report.diagram.title}.`,
    "",
    "```mermaid",
    toMermaid(report.diagram).trimEnd(),
    "```",
    "",
    "## Controls",
    "",
    "| Control | Title | Class | Status | Resources | Rules | Tests | Accepted exceptions |",
    "|---|---|---|---|---|---|---|---|",
    ...report.controls.map(
      (entry) =>
        `| ${[
          entry.control.id,
        cell(entry.control.title),
        entry.control.class,
        `**${entry.status}**`,
        cell(typeSummary(entry.resources)),
        entry.rules.map(code).join("<br>"),
        entry.tests.map(code).join("<br>"),
          entry.exceptions.length > 0 ? String(entry.exceptions.length) : "",
        ].join(" | ")} |`
    ),
    "",
  ];
  const exceptions = report.controls.flatMap((entry) => entry.exceptions.map((exception) => ({ entry, exception })));
  lines.push("## Accepted exceptions", "");
  if (exceptions.length === 0) lines.push("None.", "");
  else {
    lines.push("| Control | Rule | Resource | Justification |", "|---|---|---|---|");
    for (const { entry, exception } of exceptions) {
      lines.push(`| ${entry.control.id} | ${code(exception.rule)} | ${code(`${exception.location}: ${exception.resource}`)} | ${cell(exception.justification)} |`);
    }
    lines.push("");
  }
  const failing = report.controls.filter((entry) => entry.findings.length > 0);
  if (failing.length > 0) {
    lines.push("## Failing findings", "");
    for (const entry of failing) {
      for (const finding of entry.findings) lines.push(`- ${entry.control.id} ${code(finding.rule)} at ${code(`${finding.location}: ${finding.resource}`)}: ${cell(finding.message)}`);
    }
    lines.push("");
  }
  lines.push("## MCP server onboarding records", "", ONBOARDING_LEGEND, "");
  if (report.onboarding.length === 0) lines.push("No MCP server.", "");
  else {
    lines.push(`| ${ONBOARDING_COLUMNS.join(" | ")} |`, `|${ONBOARDING_COLUMNS.map(() => "---").join("|")}|`);
    for (const entry of report.onboarding) lines.push(`| ${onboardingCells(entry).map((value, index) => (index === 0 ? code(value) : cell(value))).join(" | ")} |`);
    lines.push("");
  }
  lines.push("## Resources per control", "");
  for (const entry of report.controls.filter((candidate) => candidate.resources.length > 0)) {
    lines.push(
      `<details><summary>${entry.control.id} ${escapeXml(entry.control.title)}: ${entry.resources.length} resource${entry.resources.length === 1 ? "" : "s"}</summary>`,
      "",
      ...entry.resources.map((resource) => `- ${code(`${resource.location}: ${resource.address}`)}`),
      "",
      "</details>",
      ""
    );
  }
  return lines.join("\n").trimEnd() + "\n";
}

/** What the onboarding section says about its dates. */
const ONBOARDING_LEGEND =
  "Each MCP server's onboarding record (TOOL-02, TOOL-03, TOOL-04, TS-03) as synthesized onto its namespace. The next review is the approval day plus the review interval: validate and synth refuse a production server past it, and warn about any other.";

const ONBOARDING_COLUMNS = ["Server", "Owner", "Purpose", "Data classification", "Permissions rationale", "Approver", "Approved on", "Review every", "Next review"] as const;

/** The cells of a server's onboarding row; an incomplete record says what is missing. */
function onboardingCells(entry: ServerOnboarding): string[] {
  const found = entry.record;
  if (found === undefined) return [entry.server, `record incomplete: ${entry.problems.join("; ")}`, "", "", "", "", "", "", ""];
  return [entry.server, found.owner, found.purpose, found.dataClassification, found.permissionsRationale, found.approver, found.approvedOn, `${found.reviewIntervalDays} days`, found.nextReview];
}

const STATUS_CLASS: Readonly<Record<ControlStatus, string>> = {
  proven: "proven",
  "mechanism deployed": "mechanism",
  "process support": "process",
  "not covered": "uncovered",
  failing: "failing",
};

const CSS = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1f1f1f;line-height:1.4}
h1{font-size:24px}h2{font-size:19px;margin-top:32px}
table{border-collapse:collapse;width:100%;font-size:13px;table-layout:fixed}
th,td{border:1px solid #d0d7de;padding:4px 6px;vertical-align:top;text-align:left;overflow-wrap:anywhere}
th{background:#f6f8fa}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px;overflow-wrap:anywhere}
.status{display:inline-block;padding:1px 6px;border-radius:10px;font-weight:600}
.status-proven{background:#dafbe1;color:#116329}
.status-mechanism{background:#ddf4ff;color:#0a3069}
.status-process{background:#fff8c5;color:#4d2d00}
.status-uncovered{background:#eaeef2;color:#424a53}
.status-failing{background:#ffebe9;color:#82071e}
.diagram{overflow-x:auto;border:1px solid #d0d7de;padding:8px;background:#fff}
ul.plain{margin:0;padding-left:16px}
dt{font-weight:600}dd{margin:0 0 8px 16px}
`;

function status(statusName: ControlStatus): string {
  return `<span class="status status-${STATUS_CLASS[statusName]}">${escapeXml(statusName)}</span>`;
}

function list(items: readonly string[]): string {
  return items.length === 0 ? "" : `<ul class="plain">${items.map((item) => `<li><code>${escapeXml(item)}</code></li>`).join("")}</ul>`;
}

function resourcesCell(entry: ControlEntry): string {
  if (entry.resources.length === 0) return "";
  return `<details><summary>${escapeXml(typeSummary(entry.resources))}</summary>${list(entry.resources.map((resource) => `${resource.location}: ${resource.address}`))}</details>`;
}

function controlRow(entry: ControlEntry): string {
  const exceptions = entry.exceptions.map((exception) => `<li><code>${escapeXml(exception.rule)}</code> on <code>${escapeXml(exception.resource)}</code>: ${escapeXml(exception.justification)}</li>`);
  return [
    `<tr id="control-${escapeXml(entry.control.id)}" data-control="${escapeXml(entry.control.id)}" data-status="${escapeXml(entry.status)}">`,
    `<td><strong>${escapeXml(entry.control.id)}</strong></td>`,
    `<td>${escapeXml(entry.control.title)}</td>`,
    `<td>${escapeXml(entry.control.class)}</td>`,
    `<td>${status(entry.status)}</td>`,
    `<td>${resourcesCell(entry)}</td>`,
    `<td>${list(entry.rules)}</td>`,
    `<td>${list(entry.tests)}</td>`,
    `<td>${exceptions.length > 0 ? `<ul class="plain">${exceptions.join("")}</ul>` : ""}</td>`,
    "</tr>",
  ].join("");
}

function toHtml(report: EnvironmentReport): string {
  const title = `Control report: ${report.environment}`;
  const failing = report.controls.flatMap((entry) => entry.findings.map((finding) => ({ entry, finding })));
  const exceptions = report.controls.flatMap((entry) => entry.exceptions.map((exception) => ({ entry, exception })));
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<link rel="icon" href="data:,">',
    `<title>${escapeXml(title)}</title>`,
    `<style>${CSS}</style>`,
    "</head>",
    "<body>",
    `<h1>${escapeXml(title)}</h1>`,
    `<p>Stacks: ${report.stacks.map((stack) => `<code>${escapeXml(stack)}</code>`).join(", ") || "none"}. Kubernetes files: ${report.kubernetesFiles.map((file) => `<code>${escapeXml(file)}</code>`).join(", ") || "none"}.</p>`,
    `<p id="summary">${escapeXml(summaryLine(report))}</p>`,
    '<h2 id="legend">Status legend</h2>',
    "<dl>",
    ...CONTROL_STATUSES.map((statusName) => `<dt>${status(statusName)}</dt><dd>${escapeXml(STATUS_DEFINITIONS[statusName])}</dd>`),
    `<dt>Resources</dt><dd>${escapeXml(RESOURCES_DEFINITION)}</dd>`,
    "</dl>",
    '<h2 id="architecture">Architecture</h2>',
    `<div class="diagram">${toSvg(report.diagram).trimEnd()}</div>`,
    '<h2 id="controls">Controls</h2>',
    '<table id="control-table">',
    '<colgroup><col style="width:6%"><col style="width:12%"><col style="width:7%"><col style="width:9%"><col style="width:24%"><col style="width:20%"><col style="width:14%"><col style="width:8%"></colgroup>',
    "<thead><tr><th>Control</th><th>Title</th><th>Class</th><th>Status</th><th>Resources</th><th>Rules</th><th>Tests</th><th>Accepted exceptions</th></tr></thead>",
    "<tbody>",
    ...report.controls.map(controlRow),
    "</tbody>",
    "</table>",
    '<h2 id="exceptions">Accepted exceptions</h2>',
    exceptions.length === 0
      ? "<p>None.</p>"
      : `<table><thead><tr><th>Control</th><th>Rule</th><th>Resource</th><th>Justification</th></tr></thead><tbody>${exceptions
          .map(({ entry, exception }) => `<tr><td>${escapeXml(entry.control.id)}</td><td><code>${escapeXml(exception.rule)}</code></td><td><code>${escapeXml(`${exception.location}: ${exception.resource}`)}</code></td><td>${escapeXml(exception.justification)}</td></tr>`)
          .join("")}</tbody></table>`,
    '<h2 id="onboarding">MCP server onboarding records</h2>',
    `<p>${escapeXml(ONBOARDING_LEGEND)}</p>`,
    report.onboarding.length === 0
      ? "<p>No MCP server.</p>"
      : `<table id="onboarding-table"><thead><tr>${ONBOARDING_COLUMNS.map((column) => `<th>${escapeXml(column)}</th>`).join("")}</tr></thead><tbody>${report.onboarding
          .map((entry) => `<tr>${onboardingCells(entry).map((value, index) => `<td>${index === 0 ? `<code>${escapeXml(value)}</code>` : escapeXml(value)}</td>`).join("")}</tr>`)
          .join("")}</tbody></table>`,
    ...(failing.length === 0
      ? []
      : [
          '<h2 id="findings">Failing findings</h2>',
          `<ul>${failing.map(({ entry, finding }) => `<li>${escapeXml(entry.control.id)} <code>${escapeXml(finding.rule)}</code> at <code>${escapeXml(`${finding.location}: ${finding.resource}`)}</code>: ${escapeXml(finding.message)}</li>`).join("")}</ul>`,
        ]),
    "</body>",
    "</html>",
  ].join("\n") + "\n";
}

/**
 * Formats a policy report for people (text), for scripts (JSON) and for code-scanning tools (SARIF 2.1.0).
 * Every format is deterministic: the same report gives byte-identical output.
 */
import * as path from "path";
import { CONTROLS } from "./catalog";
import { SarifSource, sourcePoint } from "./sarif-locations";
import { AcceptedFinding, Finding, Report, Rule, Severity } from "./types";

/** The output formats of a report. */
export type ReportFormat = "text" | "json" | "sarif";

/** Every report format, for argument validation and help text. */
export const REPORT_FORMATS: readonly ReportFormat[] = ["text", "json", "sarif"];

/** Where the checked artifacts were read from, so SARIF locations can point at the files. */
export interface ArtifactDirs {
  /**
   * The cdktf output directory holding `stacks/<stack>/cdk.tf.json`.
   * @default "cdktf.out"
   */
  readonly out?: string;
  /**
   * The directory holding the generated Kubernetes YAML files.
   * @default "dist/k8s"
   */
  readonly k8s?: string;
}

/** Formats a report in the given format (`options` serve SARIF); the result ends with a newline. */
export function formatReport(report: Report, format: ReportFormat, options: SarifOptions): string {
  switch (format) {
    case "text":
      return formatText(report);
    case "json":
      return formatJson(report);
    case "sarif":
      return formatSarif(report, options);
  }
}

function byId(rules: readonly Rule[]): Rule[] {
  return [...rules].sort((a, b) => a.id.localeCompare(b.id));
}

function findingBlock(finding: Finding): string[] {
  return [
    `${finding.severity.toUpperCase()}  ${finding.rule}  [${finding.controls.join(", ")}]`,
    `  at ${finding.location}: ${finding.resource}`,
    `  ${finding.message}`,
    `  Fix: ${finding.remediation}`,
  ];
}

function severityCounts(findings: readonly Finding[]): string {
  const severities: Severity[] = ["critical", "high", "medium", "low"];
  return severities
    .map((severity) => [severity, findings.filter((finding) => finding.severity === severity).length] as const)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}`)
    .join(", ");
}

/** Human-readable text: one block per finding, then accepted exceptions, then a summary line. */
export function formatText(report: Report): string {
  const lines: string[] = [];
  for (const finding of report.findings) lines.push(...findingBlock(finding), "");
  if (report.accepted.length > 0) {
    lines.push(`Accepted exceptions (${report.accepted.length}), listed but not failing the check:`, "");
    for (const accepted of report.accepted) lines.push(...findingBlock(accepted), `  Accepted because: ${accepted.justification}`, "");
  }
  const findings = report.findings.length;
  const counts = findings > 0 ? ` (${severityCounts(report.findings)})` : "";
  const verdict = findings > 0 ? "FAIL" : "PASS";
  const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;
  lines.push(`${verdict}: ${plural(findings, "finding")}${counts}, ${report.accepted.length} accepted, ${plural(report.rules.length, "rule")} run.`);
  return lines.join("\n") + "\n";
}

function findingJson(finding: Finding): Record<string, unknown> {
  return {
    rule: finding.rule,
    severity: finding.severity,
    controls: [...finding.controls],
    location: finding.location,
    resource: finding.resource,
    message: finding.message,
    remediation: finding.remediation,
  };
}

function acceptedJson(accepted: AcceptedFinding): Record<string, unknown> {
  return { ...findingJson(accepted), justification: accepted.justification };
}

/** JSON with a fixed key order: verdict, findings, accepted exceptions, and the rules run with their controls. */
export function formatJson(report: Report): string {
  const json = {
    passed: report.findings.length === 0,
    findings: report.findings.map(findingJson),
    accepted: report.accepted.map(acceptedJson),
    rules: byId(report.rules).map((rule) => ({
      id: rule.id,
      severity: rule.severity,
      controls: [...rule.controls],
      description: rule.description,
      remediation: rule.remediation,
    })),
  };
  return JSON.stringify(json, null, 2) + "\n";
}

/** SARIF `level` of each severity. */
export const SARIF_LEVEL: Record<Severity, "error" | "warning" | "note"> = { critical: "error", high: "error", medium: "warning", low: "note" };

/** GitHub code scanning's numeric `security-severity` (critical > 9, high 7–8.9, medium 4–6.9, low < 4). */
export const SECURITY_SEVERITY: Record<Severity, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "2.0" };

/** How each result's physical location is found: the environment files the plans came from, else the plan files. */
export interface SarifOptions extends ArtifactDirs {
  /** mcp-harden's version, for `tool.driver.version` (the package's `version`). */
  readonly toolVersion: string;
  /**
   * The environment files the plans were synthesized from: a finding of one of their environments points at the key
   * its resource comes from. @default none: results point at the plan files
   */
  readonly sources?: readonly SarifSource[];
  /** The repository root, which every `artifactLocation.uri` is relative to (and relative `out` and `k8s` too). @default the working directory */
  readonly root?: string;
  /** `automationDetails.id`'s category: one per kind of analysis in a repository, kept across runs. @default "mcp-harden/check" */
  readonly category?: string;
}

/** The SARIF `uriBaseId` of paths relative to the repository root. */
const SOURCE_ROOT = "%SRCROOT%";

/** `file` (when relative, relative to `root`) as a URI reference relative to `root`, `/`-separated (`%20` for a space). */
function relativeUri(root: string, file: string): string {
  return encodeURI(path.relative(path.resolve(root), path.resolve(root, file)).split(path.sep).join("/"));
}

/** The plan file a finding was found in: a Kubernetes YAML file, or else a stack's `cdk.tf.json`. */
function planFile(finding: Finding, dirs: ArtifactDirs): string {
  return /\.ya?ml$/.test(finding.location) ? path.join(dirs.k8s ?? "dist/k8s", finding.location) : path.join(dirs.out ?? "cdktf.out", "stacks", finding.location, "cdk.tf.json");
}

function sarifResult(finding: Finding, ruleIndex: number, accepted: boolean, options: SarifOptions): Record<string, unknown> {
  const root = options.root ?? process.cwd();
  const source = sourcePoint(finding, accepted, options.sources ?? []);
  const where = source?.key !== undefined ? `; from ${source.key} of ${source.uri}` : "";
  return {
    ruleId: finding.rule,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: SARIF_LEVEL[finding.severity],
    message: { text: `${finding.message} (${finding.resource} in ${finding.location}${where})` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: source?.uri ?? relativeUri(root, planFile(finding, options)), uriBaseId: SOURCE_ROOT },
          region: { startLine: source?.line ?? 1 },
        },
        logicalLocations: [{ name: finding.resource, fullyQualifiedName: `${finding.location}/${finding.resource}`, kind: "resource" }],
      },
    ],
    partialFingerprints: { "mcpHardenFinding/v1": `${finding.rule}|${finding.location}|${finding.resource}` },
    properties: { severity: finding.severity, controls: [...finding.controls], ...(source?.key !== undefined ? { environmentKey: source.key } : {}) },
  };
}

/** A rule's controls with their titles from the catalog: `NET-01 Dedicated MCP security zone`. */
function controlTitles(rule: Rule): string[] {
  return rule.controls.map((id) => {
    const control = CONTROLS.find((candidate) => candidate.id === id);
    return control ? `${id} ${control.title}` : id;
  });
}

function sarifRule(rule: Rule): Record<string, unknown> {
  const controls = controlTitles(rule);
  return {
    id: rule.id,
    shortDescription: { text: rule.description },
    fullDescription: { text: `${rule.description} Controls: ${controls.join("; ")}.` },
    help: {
      text: `${rule.remediation}\n\nControls: ${controls.join("; ")}.`,
      markdown: `${rule.remediation}\n\n**Controls:**\n${controls.map((control) => `- ${control}`).join("\n")}`,
    },
    defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
    properties: { tags: ["security", ...rule.controls], precision: "very-high", controls: [...rule.controls], "security-severity": SECURITY_SEVERITY[rule.severity] },
  };
}

/**
 * SARIF 2.1.0 for code-scanning upload (GitHub's subset): one run of the `mcp-harden` tool at its version with every
 * rule that ran and the controls it proves, one result per finding, and accepted exceptions as results carrying an
 * external, accepted suppression with its justification. Each result points, relative to the repository root, at the
 * key of the environment file its resource comes from (`options.sources`), or at line 1 of that file when no key is
 * known, or at the plan file when no environment file is given; its logical location names the stack (or Kubernetes
 * file) and the resource, and its fingerprint (rule, stack, resource) stays the same across runs and edits.
 */
export function formatSarif(report: Report, options: SarifOptions): string {
  const rules = byId(report.rules);
  const index = (finding: Finding) => rules.findIndex((rule) => rule.id === finding.rule);
  const sarif = {
    $schema: "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "mcp-harden", version: options.toolVersion, semanticVersion: options.toolVersion, rules: rules.map(sarifRule) } },
        automationDetails: { id: `${options.category ?? "mcp-harden/check"}/` },
        results: [
          ...report.findings.map((finding) => sarifResult(finding, index(finding), false, options)),
          ...report.accepted.map((accepted) => ({
            ...sarifResult(accepted, index(accepted), true, options),
            suppressions: [{ kind: "external", status: "accepted", justification: accepted.justification }],
          })),
        ],
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + "\n";
}

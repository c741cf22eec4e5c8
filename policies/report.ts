/**
 * Formats a policy report for people (text), for scripts (JSON) and for code-scanning tools (SARIF 2.1.0).
 * Every format is deterministic: the same report gives byte-identical output.
 */
import * as path from "path";
import { pathToFileURL } from "url";
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

/** Formats a report in the given format; the result ends with a newline. */
export function formatReport(report: Report, format: ReportFormat, dirs: ArtifactDirs = {}): string {
  switch (format) {
    case "text":
      return formatText(report);
    case "json":
      return formatJson(report);
    case "sarif":
      return formatSarif(report, dirs);
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

/** The `uriBaseId` of files under the cdktf output directory. */
const CDKTF_OUT = "CDKTF_OUT";

/** The `uriBaseId` of files under the Kubernetes output directory. */
const K8S_OUT = "K8S_OUT";

/** A directory as a SARIF base location: a file URI when absolute, else relative to the source root. */
function baseLocation(dir: string): Record<string, string> {
  if (path.isAbsolute(dir)) return { uri: pathToFileURL(dir).href.replace(/\/?$/, "/") };
  const relative = path.normalize(dir).split(path.sep).join("/").replace(/\/?$/, "/");
  return { uri: encodeURI(relative), uriBaseId: "%SRCROOT%" };
}

/** The file a finding's location names: a Kubernetes YAML file, or else a stack's `cdk.tf.json`. */
function artifactLocation(location: string): Record<string, string> {
  return /\.ya?ml$/.test(location)
    ? { uri: encodeURI(location.split(path.sep).join("/")), uriBaseId: K8S_OUT }
    : { uri: `stacks/${encodeURIComponent(location)}/cdk.tf.json`, uriBaseId: CDKTF_OUT };
}

function sarifResult(finding: Finding, ruleIndex: number): Record<string, unknown> {
  return {
    ruleId: finding.rule,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: SARIF_LEVEL[finding.severity],
    message: { text: `${finding.message} (${finding.resource} in ${finding.location})` },
    locations: [
      {
        physicalLocation: { artifactLocation: artifactLocation(finding.location) },
        logicalLocations: [{ name: finding.resource, fullyQualifiedName: `${finding.location}/${finding.resource}`, kind: "resource" }],
      },
    ],
    partialFingerprints: { "mcpHardenFinding/v1": `${finding.rule}|${finding.location}|${finding.resource}` },
    properties: { severity: finding.severity, controls: [...finding.controls] },
  };
}

/**
 * SARIF 2.1.0 for code-scanning upload: one run of the `mcp-harden` tool with every rule that ran, one result per
 * finding, and accepted exceptions as results carrying an external, accepted suppression with its justification.
 */
export function formatSarif(report: Report, dirs: ArtifactDirs = {}): string {
  const rules = byId(report.rules);
  const index = (finding: Finding) => rules.findIndex((rule) => rule.id === finding.rule);
  const sarif = {
    $schema: "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "mcp-harden",
            rules: rules.map((rule) => ({
              id: rule.id,
              shortDescription: { text: rule.description },
              help: { text: rule.remediation },
              defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
              properties: { tags: ["security"], controls: [...rule.controls], "security-severity": SECURITY_SEVERITY[rule.severity] },
            })),
          },
        },
        originalUriBaseIds: { [CDKTF_OUT]: baseLocation(dirs.out ?? "cdktf.out"), [K8S_OUT]: baseLocation(dirs.k8s ?? "dist/k8s") },
        results: [
          ...report.findings.map((finding) => sarifResult(finding, index(finding))),
          ...report.accepted.map((accepted) => ({
            ...sarifResult(accepted, index(accepted)),
            suppressions: [{ kind: "external", status: "accepted", justification: accepted.justification }],
          })),
        ],
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + "\n";
}

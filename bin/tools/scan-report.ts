/**
 * `tools scan` output: the detector's findings over tools files, as text for people, JSON for scripts and SARIF 2.1.0
 * for code scanning (one result per finding, located at the file and the tool).
 */
import { DETECTOR_RULES, DETECTOR_RULES_VERSION } from "../../guard/src/detector";
import { SARIF_LEVEL, SECURITY_SEVERITY } from "../../policies/report";
import { Severity } from "../../policies/types";

/** One finding of `tools scan`: the JSON output's shape. */
export interface ScanFinding {
  /** The file as given on the command line. */
  readonly file: string;
  readonly tool: string;
  readonly control: string;
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
}

export const SCAN_FORMATS = ["text", "json", "sarif"] as const;
export type ScanFormat = (typeof SCAN_FORMATS)[number];

function formatText(findings: readonly ScanFinding[], tools: number): string {
  const lines = findings.map((finding) => `${finding.file}: ${finding.tool}: [${finding.severity}] ${finding.rule}: ${finding.message}`);
  const files = new Set(findings.map((finding) => `${finding.file}\u0000${finding.tool}`)).size;
  lines.push(findings.length === 0 ? `${tools} tool${tools === 1 ? "" : "s"} scanned: no findings.` : `${tools} tools scanned: ${findings.length} finding${findings.length === 1 ? "" : "s"} in ${files} tool${files === 1 ? "" : "s"}.`);
  return lines.join("\n") + "\n";
}

function formatSarif(findings: readonly ScanFinding[]): string {
  const index = new Map(DETECTOR_RULES.map((rule, position) => [rule.id, position]));
  const sarif = {
    $schema: "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "mcp-harden-tools-scan",
            version: DETECTOR_RULES_VERSION,
            rules: DETECTOR_RULES.map((rule) => ({
              id: rule.id,
              shortDescription: { text: rule.description },
              help: { text: rule.remediation },
              defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
              properties: { tags: ["security", "mcp-tool-poisoning"], controls: [rule.control], "security-severity": SECURITY_SEVERITY[rule.severity] },
            })),
          },
        },
        results: findings.map((finding) => ({
          ruleId: finding.rule,
          ruleIndex: index.get(finding.rule),
          level: SARIF_LEVEL[finding.severity],
          message: { text: `${finding.tool}: ${finding.message}` },
          locations: [
            {
              physicalLocation: { artifactLocation: { uri: encodeURI(finding.file.split("\\").join("/")) } },
              logicalLocations: [{ name: finding.tool, fullyQualifiedName: `${finding.file}#${finding.tool}`, kind: "function" }],
            },
          ],
          partialFingerprints: { "mcpHardenToolFinding/v1": `${finding.rule}|${finding.file}|${finding.tool}` },
          properties: { severity: finding.severity, controls: [finding.control] },
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + "\n";
}

/** The report in the given format. */
export function formatScan(findings: readonly ScanFinding[], tools: number, format: ScanFormat): string {
  if (format === "json") return JSON.stringify({ findings }, null, 2) + "\n";
  if (format === "sarif") return formatSarif(findings);
  return formatText(findings, tools);
}

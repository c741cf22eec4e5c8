import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import { CONTROLS } from "../policies/catalog";
import { runPolicies } from "../policies/engine";
import { formatJson, formatReport, formatSarif, formatText } from "../policies/report";
import { AcceptedFinding, Artifacts, Finding, Report, Rule } from "../policies/types";

/** A rule that flags every Terraform resource of type `aws_instance`. */
const rule: Rule = {
  id: "no-instance",
  controls: ["NET-01", "PUB-06"],
  severity: "high",
  description: "No stack declares an EC2 instance.",
  remediation: "Run the workload on EKS instead of a bare instance.",
  check: (artifacts) =>
    artifacts.stacks.flatMap((stack) =>
      Object.keys((stack.json.resource as Record<string, Record<string, unknown>>)?.aws_instance ?? {}).map((name) => ({
        location: stack.name,
        resource: `aws_instance.${name}`,
        message: `aws_instance.${name} is a bare EC2 instance.`,
      })),
    ),
};

const finding: Finding = {
  rule: "no-instance",
  controls: ["NET-01", "PUB-06"],
  severity: "high",
  remediation: rule.remediation,
  location: "mcp-prod",
  resource: "aws_instance.web",
  message: "aws_instance.web is a bare EC2 instance.",
};

const kubernetesFinding: Finding = {
  rule: "no-instance",
  controls: ["NET-01", "PUB-06"],
  severity: "high",
  remediation: rule.remediation,
  location: "mcp-prod/gateway.k8s.yaml",
  resource: "Deployment/mcp/gateway",
  message: "Deployment/mcp/gateway runs privileged.",
};

const accepted: AcceptedFinding = {
  ...finding,
  location: "mcp-dev",
  resource: "aws_instance.debug",
  message: "aws_instance.debug is a bare EC2 instance.",
  justification: "Debug host in dev only, removed by INC-42.",
};

const failing: Report = { findings: [finding, kubernetesFinding], accepted: [accepted], rules: [rule] };
const clean: Report = { findings: [], accepted: [accepted], rules: [rule] };

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "schemas", "sarif-2.1.0.schema.json"), "utf8")) as Record<string, unknown>;

/**
 * The published SARIF schema declares draft-04, which Ajv 8 does not ship; it uses no keyword whose meaning changed
 * after draft-04 (no boolean exclusiveMinimum/Maximum), so it is validated as draft-07 without its `$schema`/`id`.
 * Formats are not checked (Ajv 8 has none built in).
 */
function validateSarif(sarif: unknown): string[] {
  const { $schema: _draft, id: _id, ...draft07 } = schema;
  const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(draft07);
  return validate(sarif) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

describe("SARIF report", () => {
  const options = { toolVersion: "0.1.0", root: "/repo" };
  const sarif = JSON.parse(formatSarif(failing, options));
  const run = sarif.runs[0];

  test("validates against the SARIF 2.1.0 schema", () => {
    expect(validateSarif(sarif)).toEqual([]);
    expect(validateSarif(JSON.parse(formatSarif(clean, { ...options, out: "/repo/out dir", k8s: "build/k8s" })))).toEqual([]);
  });

  test("the schema check rejects an invalid log", () => {
    expect(validateSarif({ version: "2.1.0", runs: [{ tool: { driver: {} } }] })).not.toEqual([]);
  });

  test("describes each rule with its controls, remediation and security severity", () => {
    expect(run.tool.driver).toMatchObject({ name: "mcp-harden", version: "0.1.0" });
    expect(run.tool.driver.rules).toEqual([
      {
        id: "no-instance",
        shortDescription: { text: rule.description },
        fullDescription: { text: `${rule.description} Controls: NET-01 Dedicated MCP security zone; PUB-06 ${CONTROLS.find((control) => control.id === "PUB-06")!.title}.` },
        help: { text: expect.stringMatching(/^Run the workload on EKS instead of a bare instance\.\n\nControls: NET-01 /), markdown: expect.stringContaining("- NET-01 Dedicated MCP security zone") },
        defaultConfiguration: { level: "error" },
        properties: { tags: ["security", "NET-01", "PUB-06"], precision: "very-high", controls: ["NET-01", "PUB-06"], "security-severity": "8.0" },
      },
    ]);
  });

  test("without environment files, points each result at the plan file it was found in, relative to the repository, and at the resource", () => {
    expect(run.results[0]).toMatchObject({
      ruleId: "no-instance",
      ruleIndex: 0,
      level: "error",
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: "cdktf.out/stacks/mcp-prod/cdk.tf.json", uriBaseId: "%SRCROOT%" }, region: { startLine: 1 } },
          logicalLocations: [{ name: "aws_instance.web", fullyQualifiedName: "mcp-prod/aws_instance.web", kind: "resource" }],
        },
      ],
    });
    expect(run.results[1].locations[0].physicalLocation.artifactLocation).toEqual({ uri: "dist/k8s/mcp-prod/gateway.k8s.yaml", uriBaseId: "%SRCROOT%" });
    expect(run.originalUriBaseIds).toBeUndefined();
  });

  test("maps severities to levels", () => {
    const levels = (["critical", "high", "medium", "low"] as const).map((severity) => {
      const log = JSON.parse(formatSarif({ findings: [{ ...finding, severity }], accepted: [], rules: [{ ...rule, severity }] }, options));
      return log.runs[0].results[0].level;
    });
    expect(levels).toEqual(["error", "error", "warning", "note"]);
  });

  test("lists accepted exceptions as suppressed results with their justification", () => {
    const suppressed = run.results.filter((result: { suppressions?: unknown }) => result.suppressions);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0].suppressions).toEqual([{ kind: "external", status: "accepted", justification: accepted.justification }]);
  });

  test("keeps an absolute output directory relative to the repository, never a file URI", () => {
    const log = JSON.parse(formatSarif(failing, { ...options, out: "/repo/out dir" }));
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("out%20dir/stacks/mcp-prod/cdk.tf.json");
  });
});

describe("JSON report", () => {
  test("parses and lists findings, accepted exceptions and the rules run with their controls", () => {
    const json = JSON.parse(formatJson(failing));
    expect(Object.keys(json)).toEqual(["passed", "findings", "accepted", "rules"]);
    expect(json.passed).toBe(false);
    expect(json.findings).toHaveLength(2);
    expect(Object.keys(json.findings[0])).toEqual(["rule", "severity", "controls", "location", "resource", "message", "remediation"]);
    expect(json.accepted[0].justification).toBe(accepted.justification);
    expect(json.rules).toEqual([
      { id: "no-instance", severity: "high", controls: ["NET-01", "PUB-06"], description: rule.description, remediation: rule.remediation },
    ]);
    expect(JSON.parse(formatJson(clean)).passed).toBe(true);
  });
});

describe("text report", () => {
  test("names the rule, controls, resource, message and remediation of each finding", () => {
    const text = formatText(failing);
    expect(text).toContain("HIGH  no-instance  [NET-01, PUB-06]");
    expect(text).toContain("at mcp-prod: aws_instance.web");
    expect(text).toContain(finding.message);
    expect(text).toContain(`Fix: ${rule.remediation}`);
    expect(text).toContain(`Accepted because: ${accepted.justification}`);
    expect(text.trimEnd().split("\n").pop()).toBe("FAIL: 2 findings (2 high), 1 accepted, 1 rule run.");
  });

  test("passes when only accepted exceptions remain", () => {
    const text = formatText(clean);
    expect(text).toContain("Accepted exceptions (1)");
    expect(text.trimEnd().split("\n").pop()).toBe("PASS: 0 findings, 1 accepted, 1 rule run.");
  });
});

describe("report formats", () => {
  const artifacts: Artifacts = {
    stacks: [
      { name: "mcp-prod", file: "stacks/mcp-prod/cdk.tf.json", json: { resource: { aws_instance: { web: {}, batch: {} } } } },
    ],
    kubernetes: [],
  };

  test("are deterministic for a report produced by the engine", () => {
    const report = runPolicies(artifacts, [rule]);
    expect(report.findings.map((f) => f.resource)).toEqual(["aws_instance.batch", "aws_instance.web"]);
    for (const format of ["text", "json", "sarif"] as const) {
      expect(formatReport(report, format, { toolVersion: "0.1.0" })).toBe(formatReport(runPolicies(artifacts, [rule]), format, { toolVersion: "0.1.0" }));
    }
  });
});

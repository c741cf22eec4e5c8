/**
 * The control report of an environment: every control of the catalog with its status on that environment's plan,
 * the plan resources behind it, the rules and tests that prove it, the exceptions accepted against it, and the
 * environment's architecture drawn from the same plan. A pure function of the artifacts, the rules and the test
 * sources; rendering is in `control-report-format.ts`.
 */
import { ArchitectureDiagram } from "./architecture/model";
import { architectureOf } from "./architecture/build";
import { Control, CONTROLS } from "../policies/catalog";
import { computeCoverage, TestSource } from "../policies/coverage";
import { runPolicies } from "../policies/engine";
import { stackEnvironment } from "../policies/environments";
import { Inspected, inspecting } from "../policies/inspection";
import { LocatedObject, objects } from "../policies/kubernetes";
import { ServerOnboarding, serverOnboardings } from "../policies/onboarding";
import { ALL_RULES } from "../policies/rules";
import { duringPolicyRun } from "../policies/run-cache";
import { allStackResources, TerraformResource } from "../policies/terraform";
import { AcceptedFinding, Artifacts, Finding, Rule } from "../policies/types";

/** How far an environment's plan proves a control; see {@link STATUS_DEFINITIONS}. */
export type ControlStatus = "proven" | "mechanism deployed" | "process support" | "not covered" | "failing";

/** Every status, in the order reports count them. */
export const CONTROL_STATUSES: readonly ControlStatus[] = ["proven", "mechanism deployed", "process support", "not covered", "failing"];

/** What each status means, as the report's legend states it. */
export const STATUS_DEFINITIONS: Readonly<Record<ControlStatus, string>> = {
  proven:
    "Every requirement is a property of the plan (class IaC). At least one rule checks the control and found the resources listed here in this environment's plan, with no finding; at least one test names the control (tests assert the properties on the synthesized plans of the built-in environments and weaken them to see the rule fire).",
  "mechanism deployed":
    "At least one rule found the control's mechanism in this environment's plan, with no finding, but the plan cannot show it works: its effect is runtime behaviour (class IaC+runtime), or no test names the control yet.",
  "process support":
    "An organizational control (class process), out of scope for infrastructure; the blueprint supports it with the rules and tests listed.",
  "not covered":
    "No rule checks the control, or its rules found none of the resources they check in this environment's plan (the mechanism is not deployed here); a process control without any support is listed here too.",
  failing: "A rule of the control reports a finding on this environment's plan that no exception accepts; mcp-harden check fails on the same finding.",
};

/** What the resources column lists, as the report's legend states it. */
export const RESOURCES_DEFINITION =
  "The plan resources of the types and Kubernetes kinds the control's rules read, and the single resources they looked up through a reference, in this environment (recorded while the rules run).";

/** One resource or Kubernetes object behind a control. */
export interface EvidenceResource {
  /** The stack, or the Kubernetes YAML file, it is in. */
  readonly location: string;
  /** Terraform address or Kubernetes `Kind/namespace/name`. */
  readonly address: string;
  /** Terraform resource type or Kubernetes kind. */
  readonly type: string;
}

/** One control in one environment. */
export interface ControlEntry {
  readonly control: Control;
  readonly status: ControlStatus;
  /** IDs of the rules that prove it, sorted. */
  readonly rules: readonly string[];
  /** Test files that name it, sorted. */
  readonly tests: readonly string[];
  /** The resources its rules read, by type then address. */
  readonly resources: readonly EvidenceResource[];
  /** Findings of its rules accepted by a recorded exception, with the justification. */
  readonly exceptions: readonly AcceptedFinding[];
  /** Findings of its rules no exception accepts. */
  readonly findings: readonly Finding[];
}

/** The report of one environment. */
export interface EnvironmentReport {
  readonly environment: string;
  /** Its Terraform stacks, sorted. */
  readonly stacks: readonly string[];
  /** Its Kubernetes YAML files (relative to the Kubernetes output directory), sorted. */
  readonly kubernetesFiles: readonly string[];
  /** One entry per control of the catalog, in catalog order. */
  readonly controls: readonly ControlEntry[];
  /** How many controls have each status. */
  readonly counts: Readonly<Record<ControlStatus, number>>;
  readonly rulesRun: number;
  readonly diagram: ArchitectureDiagram;
  /** Every MCP server's onboarding record and next review date (TOOL-02, TOOL-03, TOOL-04, TS-03), in output order. */
  readonly onboarding: readonly ServerOnboarding[];
}

/** The top directory of a Kubernetes file (`prod/workloads.yaml` → `prod`), which names its environment. */
function fileEnvironment(file: string): string | undefined {
  const slash = file.indexOf("/");
  return slash > 0 ? file.slice(0, slash) : undefined;
}

/** The environments of a synthesis: the `mcp:environment` tag of each stack's provider and the Kubernetes directories, sorted. */
export function environmentsOf(artifacts: Artifacts): string[] {
  const names = [
    ...artifacts.stacks.map(stackEnvironment),
    ...artifacts.kubernetes.map((file) => fileEnvironment(file.file)),
  ].filter((name): name is string => name !== undefined);
  return [...new Set(names)].sort();
}

/** The artifacts of one environment: its stacks and its Kubernetes files. */
export function environmentArtifacts(artifacts: Artifacts, environment: string): Artifacts {
  return {
    stacks: artifacts.stacks.filter((stack) => stackEnvironment(stack) === environment),
    kubernetes: artifacts.kubernetes.filter((file) => fileEnvironment(file.file) === environment),
  };
}

/** What each rule reads, recorded while it runs over the artifacts. */
function inspectRules(artifacts: Artifacts, rules: readonly Rule[]): Map<string, Inspected> {
  return duringPolicyRun(artifacts, () => new Map(rules.map((rule) => [rule.id, inspecting(() => rule.check(artifacts)).inspected])));
}

/** Every Terraform resource and every Kubernetes object (once per address, YAML first) of an environment. */
interface EnvironmentResources {
  readonly terraform: readonly TerraformResource[];
  readonly kubernetes: readonly LocatedObject[];
}

function environmentResources(artifacts: Artifacts): EnvironmentResources {
  const unique = new Map<string, LocatedObject>();
  for (const item of objects(artifacts)) if (!unique.has(item.address)) unique.set(item.address, item);
  return { terraform: artifacts.stacks.flatMap((stack) => allStackResources(stack)), kubernetes: [...unique.values()] };
}

/** The resources of an environment that one rule read. */
function evidenceOf(resources: EnvironmentResources, inspected: Inspected): EvidenceResource[] {
  const types = new Set(inspected.terraformTypes);
  const single = new Set(inspected.terraformResources);
  const kinds = new Set(inspected.kubernetesKinds);
  return [
    ...resources.terraform
      .filter((resource) => types.has(resource.type) || single.has(`${resource.stack}\u0000${resource.address}`))
      .map((resource) => ({ location: resource.stack, address: resource.address, type: resource.type })),
    ...resources.kubernetes.filter((item) => kinds.has(item.object.kind)).map((item) => ({ location: item.location, address: item.address, type: item.object.kind })),
  ];
}

function compareEvidence(a: EvidenceResource, b: EvidenceResource): number {
  return a.type.localeCompare(b.type) || a.location.localeCompare(b.location) || a.address.localeCompare(b.address);
}

function statusOf(control: Control, rules: number, tests: number, resources: number, findings: number): ControlStatus {
  if (findings > 0) return "failing";
  if (control.class === "process") return rules + tests > 0 ? "process support" : "not covered";
  if (rules === 0 || resources === 0) return "not covered";
  return control.class === "IaC" && tests > 0 ? "proven" : "mechanism deployed";
}

/** Each server's first onboarding entry: its namespace is in the YAML and again in the workloads stack. */
function onePerServer(entries: readonly ServerOnboarding[]): ServerOnboarding[] {
  const seen = new Set<string>();
  return entries.filter((entry) => !seen.has(entry.server) && seen.add(entry.server) !== undefined);
}

/** Options of {@link controlReports}. */
export interface ControlReportOptions {
  /**
   * The rules to run.
   * @default ALL_RULES
   */
  readonly rules?: readonly Rule[];
  /**
   * Called before each environment's report is built (for progress output).
   * @default no callback
   */
  readonly onEnvironment?: (environment: string, index: number, total: number) => void;
}

/**
 * Builds the report of each named environment from one synthesis. Rules run once over the whole synthesis (so
 * cross-environment rules judge it whole); each environment then gets the findings, exceptions and resources that
 * are in its own stacks and Kubernetes files.
 */
export function controlReports(artifacts: Artifacts, environments: readonly string[], tests: readonly TestSource[], options: ControlReportOptions = {}): EnvironmentReport[] {
  const rules = options.rules ?? ALL_RULES;
  const coverage = computeCoverage(CONTROLS, rules, tests);
  const policy = runPolicies(artifacts, rules);
  const inspected = inspectRules(artifacts, rules);
  return environments.map((environment, index) => {
    options.onEnvironment?.(environment, index, environments.length);
    const own = environmentArtifacts(artifacts, environment);
    const locations = new Set([...own.stacks.map((stack) => stack.name), ...own.kubernetes.map((file) => file.file)]);
    const resources = environmentResources(own);
    const evidence = new Map(rules.map((rule) => [rule.id, evidenceOf(resources, inspected.get(rule.id)!)]));
    const inEnvironment = <F extends Finding>(findings: readonly F[], control: Control) => findings.filter((finding) => locations.has(finding.location) && finding.controls.includes(control.id));
    const controls = coverage.controls.map(({ control, rules: ruleIds, tests: testPaths }): ControlEntry => {
      const unique = new Map<string, EvidenceResource>();
      for (const resource of ruleIds.flatMap((id) => evidence.get(id) ?? [])) unique.set(`${resource.location}\u0000${resource.address}`, resource);
      const behind = [...unique.values()].sort(compareEvidence);
      const findings = inEnvironment(policy.findings, control);
      return {
        control,
        status: statusOf(control, ruleIds.length, testPaths.length, behind.length, findings.length),
        rules: ruleIds,
        tests: testPaths,
        resources: behind,
        exceptions: inEnvironment(policy.accepted, control),
        findings,
      };
    });
    const counts = Object.fromEntries(CONTROL_STATUSES.map((status) => [status, controls.filter((entry) => entry.status === status).length])) as Record<ControlStatus, number>;
    return {
      environment,
      stacks: own.stacks.map((stack) => stack.name).sort(),
      kubernetesFiles: own.kubernetes.map((file) => file.file).sort(),
      controls,
      counts,
      rulesRun: rules.length,
      diagram: architectureOf(own, `Architecture of ${environment}, drawn from its plan`),
      onboarding: onePerServer(serverOnboardings(own)),
    };
  });
}

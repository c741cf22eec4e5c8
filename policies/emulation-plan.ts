/**
 * The adversary-emulation plan of one environment (TI-04, intelligence-driven testing): what a penetration test or
 * red-team exercise against the environment's MCP servers emulates, derived from the intelligence the environment
 * runs on, and read from its synthesized output (never from constructs), so the plan names what was deployed:
 * - the guard's threat rule pack (the version its configuration names): one technique per rule, with the rule's
 *   known-bad strings as payloads for every server, on arguments (`GW-02-<rule>`) and results (`PUB-02-<rule>`);
 * - the tool-poisoning and rug-pull reports the detector is trained and written on: poisoned definitions at pin
 *   time, and a changed definition per server at run time;
 * - the multi-step attacks the guard's correlations encode (credential guessing, a revoked session's reuse, a DLP hit
 *   then a large response, probing across servers);
 * - the threat-intelligence feed: a test indicator through the feed bucket into the DNS Firewall, the egress
 *   firewall and GuardDuty.
 * Each technique names the controls it exercises, what must happen, the detection deployed to observe it (found in
 * the plan or not), and the repository tests that prove that detection, so an exercise is cheap to run and its
 * result checkable. Deterministic: same artifacts, same bytes.
 */
import { escapeUnsafe } from "../guard/src/detector/excerpt";
import { loadThreatPack, ThreatRule } from "../guard/src/patterns/threat-pack";
import { alarmNotifyProblem } from "./alarms";
import { guardConfigs } from "./guard";
import { records } from "./kubernetes";
import { environmentOfGroup } from "./observability";
import { stackResources, TerraformResource, functionVariables } from "./terraform";
import { loadsBlockedDomainList, loadsReferencedRuleGroup, reloadsActiveThreatIntelSet, threatIntelLoaders } from "./threat-intel";
import { Artifacts, StackArtifact } from "./types";

/** A detection the technique relies on, and whether the synthesized output deploys it. */
export interface Detection {
  readonly what: string;
  readonly deployed: boolean;
  /** Where it is read: the Terraform plan, or the Kubernetes manifests (the guard's configuration). */
  readonly in: "plan" | "manifests";
}

/** One technique to emulate. */
export interface EmulationTechnique {
  /** Stable ID, e.g. `threat-pack/command-injection`, `rug-pull/docs-search`. */
  readonly id: string;
  readonly name: string;
  /** The intelligence it comes from. */
  readonly intelligence: string;
  /** MITRE ATT&CK and ATLAS technique IDs it corresponds to, when one does. */
  readonly references: readonly string[];
  /** Control IDs of the catalog it exercises. */
  readonly controls: readonly string[];
  /** What the tester does. */
  readonly steps: readonly string[];
  /** What must happen for the test to pass. */
  readonly expected: readonly string[];
  readonly detections: readonly Detection[];
  /** Repository test files that prove the detection works (paths from the package root). */
  readonly tests: readonly string[];
}

/** The plan of one environment. */
export interface EmulationPlan {
  readonly environment: string;
  readonly stack: string;
  readonly threatRulePack: string;
  readonly servers: readonly string[];
  readonly techniques: readonly EmulationTechnique[];
}

/** ATT&CK / ATLAS IDs of the threat pack's rules, where one corresponds. */
const PACK_REFERENCES: Readonly<Record<string, readonly string[]>> = {
  "command-injection": ["ATT&CK T1059"],
  "ssrf-metadata": ["ATT&CK T1552.005"],
  "exfil-url-data": ["ATT&CK T1567", "ATLAS AML.T0025"],
  "exfil-data-uri": ["ATLAS AML.T0025"],
  "exfil-encoded-blob": ["ATT&CK T1132", "ATLAS AML.T0025"],
  "prompt-injection-override": ["ATLAS AML.T0051"],
  "prompt-injection-template": ["ATLAS AML.T0051"],
  "prompt-injection-concealment": ["ATLAS AML.T0051"],
  "prompt-injection-hidden-text": ["ATLAS AML.T0051"],
};

/** A metric or composite alarm of the stack by name, and whether it notifies an encrypted topic. */
function alarmDetection(stack: StackArtifact, name: string, what: string): Detection {
  const alarm = [...stackResources(stack, "aws_cloudwatch_metric_alarm"), ...stackResources(stack, "aws_cloudwatch_composite_alarm")].find((candidate) => candidate.values["alarm_name"] === name);
  return { what: `${what}: alarm ${name} to the security alerts topic`, deployed: alarm !== undefined && alarmNotifyProblem(stack, alarm) === undefined, in: "plan" };
}

function feedDetections(stack: StackArtifact): { readonly bucket: string; readonly detections: Detection[] } {
  const loader = threatIntelLoaders(stack)[0] as TerraformResource | undefined;
  const bucket = String((loader === undefined ? undefined : functionVariables(loader)["FEED_BUCKET"]) ?? "(none)");
  const wired = (check: (stack: StackArtifact, loader: TerraformResource) => boolean) => loader !== undefined && check(stack, loader);
  return {
    bucket,
    detections: [
      { what: `the loader ${String(loader?.values["function_name"] ?? "(none)")} reads feeds from ${bucket}`, deployed: loader !== undefined, in: "plan" },
      { what: "a DNS Firewall BLOCK rule over the loaded domain list", deployed: wired(loadsBlockedDomainList), in: "plan" },
      { what: "the egress firewall's policy references the loaded rule group", deployed: wired(loadsReferencedRuleGroup), in: "plan" },
      { what: "an active GuardDuty threat intel set the loader reloads", deployed: wired(reloadsActiveThreatIntelSet), in: "plan" },
    ],
  };
}

function quoted(values: readonly string[]): string {
  return values.map((value) => `\`${escapeUnsafe(JSON.stringify(value)).replace(/`/g, "\\u0060")}\``).join(", ");
}

function packTechnique(rule: ThreatRule, environment: string, servers: readonly string[], guard: GuardView): EmulationTechnique {
  const ids = rule.targets.map((target) => `${target === "arguments" ? "GW-02" : "PUB-02"}-${rule.id}`);
  const steps: string[] = [];
  if (rule.targets.includes("arguments")) steps.push(`On each server (${servers.join(", ")}), call a tool with a string argument set, in turn, to each of: ${quoted(rule.positives)}.`);
  if (rule.targets.includes("results")) steps.push(`From a test double of each server (the sandbox), return each of the same strings in a tools/call result: ${quoted(rule.positives)}.`);
  steps.push(`Repeat with the rule's negatives, which must pass: ${quoted(rule.negatives)}.`);
  const overridden = guard.overrides.filter((override) => ids.includes(override.rule));
  return {
    id: `threat-pack/${rule.id}`,
    name: rule.description,
    intelligence: `the guard's threat rule pack ${guard.pack}, rule ${rule.id}`,
    references: PACK_REFERENCES[rule.id] ?? [],
    controls: rule.targets.includes("results") ? ["GW-02", "PUB-02"] : ["GW-02"],
    steps,
    expected: [
      `The guard refuses each message with ${ids.join(" (arguments) / ")}${ids.length > 1 ? " (results)" : ""} and writes one mcp.guard.decision audit line (decision deny) per message; the negatives pass.`,
      `Ten or more denials on one server in five minutes raise mcp-${environment}-guard-denials-<server>; on two servers, mcp-${environment}-denial-burst-across-servers.`,
      ...overridden.map((override) => `Not refused for server ${override.server} tool ${override.tool}: the rule is overridden there (${override.justification}).`),
    ],
    detections: [{ what: `the guard of ${environment} applies threat rule pack ${guard.pack}`, deployed: guard.deployed && guard.pack !== "(none)", in: "manifests" }],
    tests: ["test/guard/checks/GW-02.test.ts", "test/guard/checks/rule-packs.test.ts", "test/controls/GW-02-guard.test.ts"],
  };
}

interface GuardView {
  readonly deployed: boolean;
  /** The threat rule pack every guard configuration of the environment names, or `(none)` when one names none. */
  readonly pack: string;
  readonly servers: readonly string[];
  readonly overrides: readonly { readonly server: string; readonly tool: string; readonly rule: string; readonly justification: string }[];
}

function guardView(artifacts: Artifacts, environment: string): GuardView {
  const views = guardConfigs(artifacts).filter((view) => environmentOfGroup(view.workload.group) === environment && view.config !== undefined);
  const packs = views.map((view) => view.config?.["threatRulePack"]);
  const pack = packs.every((value): value is string => typeof value === "string" && value.trim() !== "") ? (packs[0] as string | undefined) : undefined;
  const servers = [...new Set(views.flatMap((view) => view.servers.map((server) => server.name)))].sort();
  const overrides = views.flatMap((view) =>
    view.servers.flatMap((server) =>
      Object.entries(server.tools).flatMap(([tool, entry]) => records(entry["overrides"]).map((override) => ({ server: server.name, tool, rule: String(override["rule"]), justification: String(override["justification"] ?? "") })))
    )
  );
  return { deployed: views.length > 0, pack: pack ?? "(none)", servers, overrides };
}

/** The adversary-emulation plan of `environment` from its synthesized stack `mcp-<environment>` and manifests. */
export function emulationPlan(artifacts: Artifacts, environment: string): EmulationPlan | undefined {
  const stack = artifacts.stacks.find((candidate) => candidate.name === `mcp-${environment}`);
  if (stack === undefined) return undefined;
  const guard = guardView(artifacts, environment);
  const servers = guard.servers;
  const prefix = `mcp-${environment}`;
  const pack = loadThreatPack();
  const feed = feedDetections(stack);
  const techniques: EmulationTechnique[] = [
    ...pack.rules.map((rule) => packTechnique(rule, environment, servers, guard)),
    {
      id: "tool-poisoning",
      name: "Poisoned tool definition offered for approval (hidden instructions, secrecy, credential reads, exfiltration, shadowing, coercion)",
      intelligence: "published tool-poisoning attacks (the detector's corpus: MSB, MCPSecBench, and the forms public reports describe)",
      references: ["ATLAS AML.T0051", "ATT&CK T1195"],
      controls: ["TOOL-05", "TOOL-06", "TOOL-07", "TOOL-11"],
      steps: ["From a sandbox server, list a tool whose description or schema carries a hidden instruction (one per detector rule: test/detector/cases.ts), capture it and run mcp-harden tools pin on it."],
      expected: ["tools pin refuses every poisoned definition naming the detector rule; validate refuses a lock file holding one; the guard refuses a configuration whose approved definition has an unaccepted finding."],
      detections: [{ what: `the guard of ${environment} enforces pinned approved definitions (scanned by validate, synth's TOOL-05/06/07/11 rules and the guard at load)`, deployed: guard.deployed, in: "manifests" }],
      tests: ["test/detector/detector.test.ts", "test/approved-tools-detector.test.ts", "test/controls/TOOL-06.test.ts"],
    },
    ...servers.map((server) => ({
      id: `rug-pull/${server}`,
      name: `Rug pull: ${server} changes a tool after it was approved`,
      intelligence: "published rug-pull attacks on MCP servers (a tool redefined after approval)",
      references: ["ATT&CK T1195"],
      controls: ["TOOL-08", "TOOL-12"],
      steps: [`In the sandbox, let ${server} list one of its approved tools with a changed description, then call that tool.`],
      expected: [
        `The guard withholds the changed tool from tools/list (TOOL-08-list), refuses calls to it (TOOL-08-call) and writes one mcp.guard.tool_changed audit line.`,
        `Alarm ${prefix}-guard-tool-changed-${server} notifies the security alerts topic; with the calls, ${prefix}-tool-changed-then-called-${server}.`,
      ],
      detections: [alarmDetection(stack, `${prefix}-guard-tool-changed-${server}`, "the change pages"), alarmDetection(stack, `${prefix}-tool-changed-then-called-${server}`, "the change and the calls are correlated")],
      tests: ["test/guard/TOOL-08-runtime.test.ts", "test/controls/TOOL-08.test.ts", "test/controls/TOOL-12.test.ts"],
    })),
    {
      id: "credential-guessing",
      name: "Credential guessing or a stolen token tried until one works",
      intelligence: "the guard's correlation auth-failures-then-success",
      references: ["ATT&CK T1110"],
      controls: ["TOOL-12", "TS-04", "LOG-03"],
      steps: ["Send ten or more MCP requests with invalid or expired tokens within five minutes, then one with a valid token of the same principal."],
      expected: [`Alarm ${prefix}-guard-auth-failure-burst notifies the security alerts topic; the saved query ${prefix}/correlation/auth-failures-then-success names the principal.`],
      detections: [alarmDetection(stack, `${prefix}-guard-auth-failure-burst`, "authentication failure bursts page")],
      tests: ["test/controls/TOOL-12.test.ts", "test/guard/auth-oauth.test.ts"],
    },
    {
      id: "revoked-session-reuse",
      name: "A revoked token or session used again",
      intelligence: "the guard's correlation revoked-session-access",
      references: ["ATT&CK T1550.001"],
      controls: ["TOOL-12", "JIT-04", "LOG-03"],
      steps: ["Revoke a test principal's session (mcp-harden revoke), then send one request with its token."],
      expected: [`The guard refuses it (JIT-04); alarm ${prefix}-guard-revoked-session-use notifies the security alerts topic.`],
      detections: [alarmDetection(stack, `${prefix}-guard-revoked-session-use`, "revoked-session use pages")],
      tests: ["test/guard/revoke.test.ts", "test/controls/TOOL-12.test.ts"],
    },
    ...servers.map((server) => ({
      id: `dlp-then-large-response/${server}`,
      name: `Exfiltration around the output filter of ${server}`,
      intelligence: "the guard's correlation dlp-hit-then-large-response",
      references: ["ATLAS AML.T0057"],
      controls: ["DLP-03", "TOOL-12"],
      steps: [`From a test double of ${server}, return a result holding a test credential (one of the DLP pack's positives), then, to the same principal, a result larger than the environment's large-response threshold.`],
      expected: [`The guard masks or blocks the credential; composite alarm ${prefix}-dlp-then-large-response-${server} notifies the security alerts topic.`],
      detections: [alarmDetection(stack, `${prefix}-dlp-then-large-response-${server}`, "the DLP hit and the large response are correlated")],
      tests: ["test/guard/checks/DLP.test.ts", "test/controls/DLP-03.test.ts", "test/controls/TOOL-12.test.ts"],
    })),
    ...(servers.length >= 2
      ? [
          {
            id: "cross-server-probing",
            name: "One agent probing several MCP servers for a tool or argument that gets through",
            intelligence: "the guard's correlation denial-burst-across-servers",
            references: [],
            controls: ["TS-04", "TOOL-12"],
            steps: [`Send ten or more requests the guard denies to each of two servers (${servers.slice(0, 2).join(", ")}) within the correlation window.`],
            expected: [`Composite alarm ${prefix}-denial-burst-across-servers notifies the security alerts topic.`],
            detections: [alarmDetection(stack, `${prefix}-denial-burst-across-servers`, "denial bursts across servers are correlated")],
            tests: ["test/controls/TOOL-12.test.ts", "test/controls/TS-04.test.ts"],
          },
        ]
      : []),
    {
      id: "known-bad-destination",
      name: "An MCP server contacts a destination the threat-intelligence feed lists",
      intelligence: `the environment's threat-intelligence feed bucket ${feed.bucket}`,
      references: ["ATT&CK T1071", "ATT&CK T1567"],
      controls: ["TI-01", "PUB-06", "PUB-07"],
      steps: [
        `Upload to ${feed.bucket} under feeds/ a feed listing one test indicator: a domain you control that the environment does not declare as egress.`,
        "From an MCP server's pod, resolve that domain and connect to it.",
      ],
      expected: ["The DNS Firewall answers NXDOMAIN, the egress firewall logs an alert for it, and GuardDuty raises a threat-intel finding for the destination once the list reloads; the loader logs the load in its log group."],
      detections: feed.detections,
      tests: ["test/controls/TI-01.test.ts", "test/controls/TI-01-guardduty-decrypt.test.ts"],
    },
  ];
  return { environment, stack: stack.name, threatRulePack: guard.pack, servers, techniques };
}

import { parse, stringify } from "yaml";
import { runPolicies } from "../../policies/engine";
import { Artifacts } from "../../policies/types";
import { config, ENVIRONMENTS } from "../support/compute";
import { editFalcoRules, falcoRulesOf, validateFalcoRules } from "../support/falco";
import { findingLines, removeYamlObjects, weakened, yamlObject } from "../support/kubernetes";
import { stackResources, synthesizedPlans } from "../support/plans";

const FILE = "prod/observability.yaml";
const SENSOR = "DaemonSet/falco/falco";
const rule = "host-01-falco-mcp-rules";

/** The rules every environment's Falco loads from the blueprint, by the names fixed for HOST-01. */
const MCP_RULES = [
  "MCP shell spawned in server container",
  "MCP write outside declared writable mount",
  "MCP outbound connection to undeclared destination",
  "MCP credential file read",
  "MCP unexpected process in gateway",
];

describe("HOST-01 MCP-specific behavioural rules (Falco)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const env = config(environment);

    test("the MCP rules file is a well-formed Falco rules file, self-contained, with every required rule at WARNING or above", () => {
      const entries = falcoRulesOf(plans, environment);
      expect(validateFalcoRules(entries)).toEqual([]);
      expect(validateFalcoRules([{ rule: "no output", desc: "d", condition: "evt.type = open", priority: "LOUD" }, { macro: "m" }, { list: "l", items: "x" }, { rules: "typo" }])).not.toEqual([]);
      const rules = entries.filter((entry) => "rule" in entry);
      expect(rules.map((entry) => entry.rule)).toEqual(expect.arrayContaining(MCP_RULES));
      for (const entry of rules.filter((candidate) => MCP_RULES.includes(candidate.rule))) {
        expect(["CRITICAL", "ERROR", "WARNING"]).toContain(entry.priority);
        expect(entry.tags).toEqual(expect.arrayContaining(["mcp", "HOST-01"]));
        expect(entry.output).toMatch(/%k8s\.ns\.name .*%k8s\.pod\.name/);
      }
      const defined = new Set(entries.flatMap((entry) => [entry.macro, entry.list]).filter((name): name is string => typeof name === "string"));
      const referenced = new Set(entries.flatMap((entry) => (typeof entry.condition === "string" ? [...entry.condition.matchAll(/\bmcp_[a-z_]+\b/g)].map((match) => match[0]) : [])));
      expect([...referenced].filter((name) => !defined.has(name))).toEqual([]);
      expect([...defined].filter((name) => !referenced.has(name))).toEqual([]);
    });

    test("its lists are the environment's own: server and gateway namespaces, the VPC and Service range, each server's declared egress", () => {
      const entries = falcoRulesOf(plans, environment);
      const list = (name: string) => entries.find((entry) => entry.list === name)!.items;
      expect(list("mcp_server_namespaces")).toEqual(env.mcpServers.map((server) => server.name));
      expect(list("mcp_gateway_namespaces")).toEqual(["mcp-gateway"]);
      expect(list("mcp_internal_networks")).toEqual([`"${env.vpcCidr}"`, '"172.20.0.0/16"']);
      const destination = entries.find((entry) => entry.macro === "mcp_declared_destination")!.condition;
      for (const server of env.mcpServers) {
        for (const domain of server.egressDomains) expect(destination).toContain(`(k8s.ns.name = "${server.name}" and (fd.sip.name = "${domain}"))`);
        if (server.egressDomains.length === 0) expect(destination).not.toContain(`"${server.name}"`);
      }
    });

    test("Falco runs on every node with the modern eBPF driver, its four capabilities and read-only host paths, and alerts as JSON on stdout", () => {
      const daemonSet = yamlObject(plans, environment, SENSOR);
      const spec = daemonSet.spec.template.spec;
      const [container] = spec.containers;
      expect(container.image).toBe(env.observability.falcoImage);
      expect(spec.tolerations).toEqual([{ operator: "Exists" }]);
      expect(spec.automountServiceAccountToken).toBe(false);
      expect(spec.securityContext).toEqual({ seccompProfile: { type: "RuntimeDefault" } });
      expect(container.securityContext).toEqual({
        runAsUser: 0,
        runAsGroup: 0,
        runAsNonRoot: false,
        privileged: false,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"], add: ["BPF", "PERFMON", "SYS_PTRACE", "SYS_RESOURCE"] },
        seccompProfile: { type: "RuntimeDefault" },
      });
      expect(container.volumeMounts.filter((mount: Record<string, unknown>) => String(mount.mountPath).startsWith("/host"))).toEqual([
        { name: "host-proc", mountPath: "/host/proc", readOnly: true },
        { name: "host-etc", mountPath: "/host/etc", readOnly: true },
        { name: "host-container-runtime", mountPath: "/host/run/containerd", readOnly: true },
      ]);
      const falcoConfig = parse(yamlObject(plans, environment, "ConfigMap/falco/falco-config").data["mcp.yaml"]);
      expect(falcoConfig).toMatchObject({ engine: { kind: "modern_ebpf" }, rules_files: ["/etc/falco/falco_rules.yaml", "/etc/falco/rules.d"], json_output: true, stdout_output: { enabled: true } });
      const policies = ["default-deny-all"].map((name) => yamlObject(plans, environment, `NetworkPolicy/falco/${name}`).spec);
      expect(policies).toEqual([{ podSelector: {}, policyTypes: ["Ingress", "Egress"] }]);
    });

    test("a Critical Falco event in the container logs raises an alarm to the security alerts topic", () => {
      const filter = stackResources(plans, environment, "aws_cloudwatch_log_metric_filter").find((candidate) => candidate.values["name"] === `mcp-${environment}-falco-critical`)!;
      expect(filter.values).toMatchObject({
        log_group_name: `/mcp/${environment}/containers`,
        pattern: '{ ($.kubernetes.namespace_name = "falco") && (($.priority = "Critical") || ($.priority = "Alert") || ($.priority = "Emergency")) }',
      });
      expect(filter.values["depends_on"]).toEqual([expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.[^.]+\}$/)]);
      const alarm = stackResources(plans, environment, "aws_cloudwatch_metric_alarm").find((candidate) => candidate.values["alarm_name"] === `mcp-${environment}-falco-critical`)!;
      const topic = stackResources(plans, environment, "aws_sns_topic").find((candidate) => candidate.values["name"] === `mcp-${environment}-security-alerts`)!;
      expect(alarm.values).toMatchObject({ threshold: 1, alarm_actions: [`\${${topic.address}.arn}`] });
    });

    test("the agents' exceptions are exactly the declared ones, each with its justification", () => {
      const accepted = runPolicies(plans).accepted.filter((finding) => finding.location === `${environment}/observability.yaml`);
      expect([...new Set(accepted.map((finding) => `${finding.rule} ${finding.resource}`))].sort()).toEqual([
        "ctr-00-pod-security-restricted Namespace/falco",
        "ctr-00-pod-security-restricted Namespace/mcp-observability",
        "ctr-01-read-only-root DaemonSet/falco/falco",
        "ctr-01-read-only-root DaemonSet/mcp-observability/fluent-bit",
        "ctr-02-no-privileges DaemonSet/falco/falco",
        "ctr-02-no-privileges DaemonSet/mcp-observability/fluent-bit",
      ]);
      for (const finding of accepted) expect(finding.justification).toMatch(/issue 6/);
    });

    test("no finding of the Falco MCP rules rule", () => {
      expect(findingLines(plans, "HOST-01").filter((line) => line.startsWith(rule))).toEqual([]);
    });
  });

  describe("check reports HOST-01 when the real output is weakened", () => {
    const lines = (mutate: (plans: Artifacts) => void) => weakened("HOST-01", mutate).filter((line) => line.startsWith(rule));

    test("a Falco rule is deleted", () => {
      expect(lines((plans) => editFalcoRules(plans, (entries) => entries.filter((entry) => entry.rule !== "MCP credential file read")))).toEqual([
        `${rule} ${FILE} ${SENSOR}: Falco rule "MCP credential file read" is not defined in the rules it loads`,
      ]);
    });

    test("a rule is disabled afterwards, another lowered below WARNING, a third rewritten", () => {
      expect(
        lines((plans) =>
          editFalcoRules(plans, (entries) => {
            entries.find((entry) => entry.rule === "MCP write outside declared writable mount")!.priority = "NOTICE";
            return [
              ...entries,
              { rule: "MCP shell spawned in server container", enabled: false },
              { rule: "MCP unexpected process in gateway", condition: "and never_true", append: true },
            ];
          })
        )
      ).toEqual([
        `${rule} ${FILE} ${SENSOR}: Falco rule "MCP shell spawned in server container" is disabled (enabled: false)`,
        `${rule} ${FILE} ${SENSOR}: Falco rule "MCP unexpected process in gateway" has its condition appended to or replaced after its definition`,
        `${rule} ${FILE} ${SENSOR}: Falco rule "MCP write outside declared writable mount" has priority NOTICE, below WARNING`,
      ]);
    });

    test("a server's namespace is left out of the rules, and alerts stop being JSON on stdout", () => {
      expect(
        lines((plans) => {
          editFalcoRules(plans, (entries) => entries.map((entry) => (entry.list === "mcp_server_namespaces" ? { ...entry, items: ["github-tools"] } : entry)));
          const configMap = yamlObject(plans, "prod", "ConfigMap/falco/falco-config");
          configMap.data["mcp.yaml"] = stringify({ ...parse(configMap.data["mcp.yaml"]), json_output: false, stdout_output: { enabled: false } });
        })
      ).toEqual([
        `${rule} ${FILE} ${SENSOR}: Falco does not write alerts as JSON (json_output: true), which the log pipeline and the alarm parse`,
        `${rule} ${FILE} ${SENSOR}: Falco list mcp_server_namespaces misses docs-search, so the MCP rules do not watch that namespace`,
        `${rule} ${FILE} ${SENSOR}: Falco's stdout output is not enabled, so no alert reaches the log shipper`,
      ]);
    });

    test("the rules ConfigMap is no longer mounted where Falco loads rules", () => {
      expect(
        lines((plans) => {
          const container = yamlObject(plans, "prod", SENSOR).spec.template.spec.containers[0];
          container.volumeMounts.find((mount: Record<string, unknown>) => mount.name === "rules").mountPath = "/opt/unused";
        })
      ).toEqual(
        [
          ...MCP_RULES.map((name) => `${rule} ${FILE} ${SENSOR}: Falco rule "${name}" is not defined in the rules it loads`),
          `${rule} ${FILE} ${SENSOR}: Falco list mcp_gateway_namespaces is not defined, so the MCP rules do not watch that namespace`,
          `${rule} ${FILE} ${SENSOR}: Falco list mcp_server_namespaces is not defined, so the MCP rules do not watch those namespaces`,
        ].sort()
      );
    });

    test("Falco is removed from the cluster", () => {
      expect(lines((plans) => removeYamlObjects(plans, "prod", (object) => object.kind === "DaemonSet" && object.metadata.name === "falco"))).toEqual(
        config("prod").mcpServers.map((server) => `${rule} prod/workloads.yaml Namespace/${server.name}: no Falco DaemonSet watches this MCP server at run time`).sort()
      );
    });
  });
});

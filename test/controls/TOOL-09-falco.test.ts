import { falcoMcpRules } from "../../constructs/k8s/falco-mcp-rules";
import { ConfigError } from "../../environments/config-error";
import { parseEnvironment } from "../../environments/parse";
import { Artifacts } from "../../policies/types";
import { config, ENVIRONMENTS } from "../support/compute";
import { editFalcoRules, falcoRulesOf, validateFalcoRules } from "../support/falco";
import { weakened } from "../support/kubernetes";
import { synthesizedPlans } from "../support/plans";
import { falcoServerBaseline } from "../../baselines/falco";

const FILE = "prod/observability.yaml";
const SENSOR = "DaemonSet/falco/falco";
const rule = "tool-09-falco-server-baselines";

type Entry = Record<string, any>;

/** Whether a Falco condition's parentheses balance (Falco refuses a rule whose condition does not parse). */
function balanced(condition: string): boolean {
  let depth = 0;
  for (const character of condition) {
    depth += character === "(" ? 1 : character === ")" ? -1 : 0;
    if (depth < 0) return false;
  }
  return depth === 0;
}

describe("TOOL-09 behavioural baseline (per-server Falco rules: expected processes and egress ports)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const env = config(environment);

    test("each server has its process and egress-port baseline rules, in a file Falco's rules schema accepts", () => {
      const entries = falcoRulesOf(plans, environment);
      expect(validateFalcoRules(entries)).toEqual([]);
      const defined = new Set(entries.flatMap((entry) => [entry.macro, entry.list]).filter((name): name is string => typeof name === "string"));
      for (const server of env.mcpServers) {
        const names = falcoServerBaseline(server.name);
        expect(entries.find((entry) => entry.list === names.processList)).toEqual({ list: names.processList, items: [...(server.processes ?? [])] });
        const process = entries.find((entry) => entry.rule === names.process)!;
        const port = entries.find((entry) => entry.rule === names.port)!;
        expect(process).toMatchObject({ priority: "ERROR", tags: ["mcp", "process", "baseline", "TOOL-09"] });
        expect(process.condition).toBe(
          `mcp_spawned_process and container.id != host and k8s.ns.name = "${server.name}" and not container.name in (mcp_mesh_containers) and proc.vpid != 1 and not proc.name in (${names.processList})`
        );
        expect(port).toMatchObject({ priority: "ERROR", tags: ["mcp", "network", "baseline", "TOOL-09"] });
        expect(port.condition).toBe(
          `mcp_outbound and container.id != host and k8s.ns.name = "${server.name}" and not container.name in (mcp_mesh_containers) and not fd.snet in (mcp_internal_networks) and fd.sport != 443`
        );
        for (const entry of [process, port]) {
          expect(balanced(entry.condition)).toBe(true);
          expect(entry.output).toMatch(/%k8s\.ns\.name .*%k8s\.pod\.name/);
          for (const [name] of entry.condition.matchAll(/\bmcp_[a-z0-9_]+\b/g)) expect(defined).toContain(name);
        }
      }
    });
  });

  test("declared programs become the server's process list; an undeclared one still alerts", () => {
    const entries = falcoMcpRules({
      servers: [{ namespace: "git-tools", egressDomains: ["api.github.com"], kubernetesApiAccess: false, processes: ["git", "ssh"] }, { namespace: "plain", egressDomains: [], kubernetesApiAccess: false }],
      gatewayNamespaces: ["mcp-gateway"],
      internalCidrs: ["10.0.0.0/16"],
    }) as Entry[];
    expect(validateFalcoRules(entries)).toEqual([]);
    expect(entries.filter((entry) => String(entry.list).startsWith("mcp_baseline_"))).toEqual([
      { list: "mcp_baseline_git_tools_processes", items: ["git", "ssh"] },
      { list: "mcp_baseline_plain_processes", items: [] },
    ]);
    expect(entries.find((entry) => entry.rule === "MCP baseline git-tools: unexpected process")!.desc).toContain("(git, ssh)");
    expect(() =>
      falcoMcpRules({ servers: [{ namespace: "x", egressDomains: [], kubernetesApiAccess: false, processes: ["/usr/bin/git"] }], gatewayNamespaces: [], internalCidrs: [] })
    ).toThrow('process "/usr/bin/git" of server x must be a process name');
  });

  test("the environment config reads mcpServers[].processes and names the field and the fix for a path", () => {
    const env = structuredClone(config("dev")) as any;
    env.mcpServers[0].processes = ["git"];
    expect(parseEnvironment(env).mcpServers[0].processes).toEqual(["git"]);
    env.mcpServers[0].processes = ["/usr/bin/git"];
    let problems: readonly { path: string; message: string; hint: string }[] = [];
    try {
      parseEnvironment(env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems = error.problems;
    }
    expect(problems).toEqual([{ path: "mcpServers[0].processes[0]", message: '"/usr/bin/git" is not a process name', hint: 'Did you mean "git"?' }]);
  });

  describe("check reports TOOL-09 when the real output is weakened", () => {
    const lines = (mutate: (plans: Artifacts) => void) => weakened("TOOL-09", mutate).filter((line) => line.startsWith(rule));
    const names = falcoServerBaseline("github-tools");

    test("a server's process baseline rule is deleted", () => {
      expect(lines((plans) => editFalcoRules(plans, (entries) => entries.filter((entry) => entry.rule !== names.process)))).toEqual([
        `${rule} ${FILE} ${SENSOR}: Falco rule "${names.process}" is not defined in the rules it loads`,
      ]);
    });

    test("a server's egress-port rule is disabled afterwards and its process rule stops judging against its list", () => {
      expect(
        lines((plans) =>
          editFalcoRules(plans, (entries) => [
            ...entries.map((entry) => (entry.rule === names.process ? { ...entry, condition: entry.condition.replace(` and not proc.name in (${names.processList})`, "") } : entry)),
            { rule: names.port, enabled: false },
          ])
        )
      ).toEqual([
        `${rule} ${FILE} ${SENSOR}: Falco rule "${names.port}" is disabled (enabled: false)`,
        `${rule} ${FILE} ${SENSOR}: Falco rule "${names.process}" does not judge processes against the list ${names.processList}`,
      ]);
    });

    test("a server's rule watches another namespace, and its process list is gone", () => {
      expect(
        lines((plans) =>
          editFalcoRules(plans, (entries) =>
            entries
              .filter((entry) => entry.list !== names.processList)
              .map((entry) => (entry.rule === names.port ? { ...entry, condition: entry.condition.replace('"github-tools"', '"docs-search"') } : entry))
          )
        )
      ).toEqual([
        `${rule} ${FILE} ${SENSOR}: Falco list ${names.processList} (the programs github-tools may start) is not defined`,
        `${rule} ${FILE} ${SENSOR}: Falco rule "${names.port}" does not watch namespace github-tools (k8s.ns.name = "github-tools")`,
      ]);
    });
  });
});

import { parse, stringify } from "yaml";
import { Artifacts } from "../../policies/types";
import { ENVIRONMENTS } from "../support/compute";
import { findingLines, weakened, yamlObject } from "../support/kubernetes";
import { synthesizedPlans } from "../support/plans";

const FILE = "prod/observability.yaml";
const SENSOR = "DaemonSet/falco/falco";
const rule = "host-03-falco-memory-rules";
const RULES_CONFIG_MAP = "ConfigMap/falco/falco-mcp-rules";

/** Rewrites prod's MCP rules file. */
function editRules(plans: Artifacts, edit: (entries: Record<string, any>[]) => Record<string, any>[]): void {
  const configMap = yamlObject(plans, "prod", RULES_CONFIG_MAP);
  configMap.data["mcp_rules.yaml"] = stringify(edit(parse(configMap.data["mcp_rules.yaml"])));
}

describe("HOST-03 memory analysis (Falco rules for in-memory attacks)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("ptrace injection, memfd execution and /proc/<pid>/mem writes in MCP pods are Critical", () => {
      const entries: Record<string, any>[] = parse(yamlObject(plans, environment, RULES_CONFIG_MAP).data["mcp_rules.yaml"]);
      const byName = (name: string) => entries.find((entry) => entry.rule === name)!;
      expect(byName("MCP ptrace attach to process")).toMatchObject({ priority: "CRITICAL", condition: expect.stringMatching(/^evt\.type = ptrace and mcp_workload_container and .*PTRACE_ATTACH.*PTRACE_POKETEXT/) });
      expect(byName("MCP fileless execution from memory")).toMatchObject({ priority: "CRITICAL", condition: "mcp_spawned_process and mcp_workload_container and proc.is_exe_from_memfd = true" });
      expect(byName("MCP write to process memory")).toMatchObject({ priority: "CRITICAL", condition: "mcp_open_write and mcp_workload_container and fd.name startswith /proc/ and fd.name endswith /mem" });
      expect(entries.find((entry) => entry.macro === "mcp_workload_container")!.condition).toBe("(mcp_server_container or mcp_gateway_container)");
    });

    test("no finding of the Falco memory rules rule", () => {
      expect(findingLines(plans, "HOST-03").filter((line) => line.startsWith(rule))).toEqual([]);
    });
  });

  describe("check reports HOST-03 when the real output is weakened", () => {
    const lines = (mutate: (plans: Artifacts) => void) => weakened("HOST-03", mutate).filter((line) => line.startsWith(rule));

    test("the ptrace rule is deleted and the memfd rule redefined to never fire", () => {
      expect(
        lines((plans) =>
          editRules(plans, (entries) => [
            ...entries.filter((entry) => entry.rule !== "MCP ptrace attach to process"),
            { rule: "MCP fileless execution from memory", desc: "off", condition: "evt.num < 0", output: "never", priority: "CRITICAL" },
          ])
        )
      ).toEqual([
        `${rule} ${FILE} ${SENSOR}: Falco rule "MCP fileless execution from memory" has its condition appended to or replaced after its definition`,
        `${rule} ${FILE} ${SENSOR}: Falco rule "MCP ptrace attach to process" is not defined in the rules it loads`,
      ]);
    });
  });
});

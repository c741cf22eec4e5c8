/**
 * LOG-01 for the MCP guard: its audit lines (one JSON line per decision on stdout; the lines themselves are shown on
 * real gRPC traffic in test/guard/cli.test.ts) reach the environment's container log group through Fluent Bit.
 */
import { parse } from "yaml";
import { parseGuardConfig } from "../../guard/src/config/load";
import { pathGlobsMatch } from "../../policies/fluent-bit";
import { Artifacts } from "../../policies/types";
import { ENVIRONMENTS } from "../support/compute";
import { guardConfigOf } from "../support/guard";
import { findingLines, removeYamlObjects, weakened, yamlObject } from "../support/kubernetes";
import { synthesizedPlans } from "../support/plans";

const rule = "log-01-guard-audit-shipped";
const GUARD = "Deployment/mcp-gateway/mcp-guard";
const SHIPPER = "DaemonSet/mcp-observability/fluent-bit";
const SHIPPER_CONFIG = "ConfigMap/mcp-observability/fluent-bit-config";
const SHIPPED = `${rule} prod/observability.yaml ${SHIPPER}: does not ship the MCP guard's audit lines: it`;

/** Edits prod's Fluent Bit configuration in its ConfigMap. */
function editShipper(plans: Artifacts, edit: (pipeline: Record<string, any>) => void): void {
  const configMap = yamlObject(plans, "prod", SHIPPER_CONFIG);
  const config = parse(configMap.data["fluent-bit.yaml"]);
  edit(config.pipeline);
  configMap.data["fluent-bit.yaml"] = JSON.stringify(config);
}

describe("LOG-01 the MCP guard's audit lines are shipped to the container log group", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("the guard runs its image's entrypoint, and Fluent Bit tails every container log, merging JSON, into /mcp/<env>/containers", () => {
      const [container] = yamlObject(plans, environment, GUARD).spec.template.spec.containers;
      expect(container.command).toBeUndefined();
      expect(container.args.slice(0, 2)).toEqual(["--config", "/etc/mcp-guard/guard-config.json"]);
      const pipeline = parse(yamlObject(plans, environment, SHIPPER_CONFIG).data["fluent-bit.yaml"]).pipeline;
      expect(pipeline.inputs).toEqual([expect.objectContaining({ name: "tail", tag: "kube.*", path: "/var/log/containers/*.log" })]);
      expect(pipeline.inputs[0].exclude_path).toBeUndefined();
      expect(pipeline.filters).toEqual([expect.objectContaining({ name: "kubernetes", match: "kube.*", merge_log: "on" })]);
      expect(pipeline.outputs).toEqual([expect.objectContaining({ name: "cloudwatch_logs", match: "kube.*", log_group_name: `/mcp/${environment}/containers` })]);
      expect(yamlObject(plans, environment, SHIPPER).spec.template.spec.nodeSelector).toBeUndefined();
    });

    test("the guard has no switch that turns its audit off: its configuration refuses an unknown field", () => {
      const config = guardConfigOf(plans, environment);
      expect(() => parseGuardConfig(config)).not.toThrow();
      expect(() => parseGuardConfig({ ...config, audit: false })).toThrow("audit: unknown field");
    });

    test("no finding of the guard audit rule", () => {
      expect(findingLines(plans, "LOG-01").filter((line) => line.startsWith(rule))).toEqual([]);
    });
  });

  test("tail path globs: * and ? stay within a path segment, comma-separated globs, none when empty", () => {
    const file = "/var/log/containers/mcp-guard-1_mcp-gateway_mcp-guard-0a.log";
    expect(pathGlobsMatch("/var/log/containers/*.log", file)).toBe(true);
    expect(pathGlobsMatch("/var/log/other/*.log, /var/log/containers/*_mcp-gateway_*.log", file)).toBe(true);
    expect(pathGlobsMatch("/var/log/*.log", file)).toBe(false);
    expect(pathGlobsMatch("/var/log/containers/*_mcp-servers_*.log", file)).toBe(false);
    expect(pathGlobsMatch("/var/log/containers/mcp-guard-?_*.log", file)).toBe(true);
    expect(pathGlobsMatch("", file)).toBe(false);
    expect(pathGlobsMatch(undefined, file)).toBe(false);
  });

  describe("check reports LOG-01 when the real output is weakened", () => {
    const lines = (mutate: (plans: Artifacts) => void) => weakened("LOG-01", mutate).filter((line) => line.startsWith(`${rule} prod/`));

    test("Fluent Bit excludes the gateway namespace's log files", () => {
      expect(lines((plans) => editShipper(plans, (pipeline) => (pipeline.inputs[0].exclude_path = "/var/log/containers/*_mcp-gateway_*.log")))).toEqual([
        `${SHIPPED} tails no log file of the guard's container "mcp-guard" (such as /var/log/containers/mcp-guard-7d9f8b6c5d-x7k2p_mcp-gateway_mcp-guard-${"0123456789abcdef".repeat(4)}.log): its path does not match it or exclude_path skips it`,
      ]);
    });

    test("a grep filter drops lines, and JSON is no longer merged", () => {
      expect(
        lines((plans) =>
          editShipper(plans, (pipeline) => {
            pipeline.filters[0].merge_log = "off";
            pipeline.filters.push({ name: "grep", match: "kube.*", exclude: "$kubernetes['namespace_name'] mcp-gateway" });
          })
        )
      ).toEqual([
        `${SHIPPED} does not merge JSON log lines into the record (kubernetes filter merge_log on), so the audit lines' fields (event, decision, rules) cannot be queried or alarmed on`,
        `${SHIPPED} may drop or divert the guard's audit lines (filter grep on the guard's tag)`,
      ]);
    });

    test("the output goes elsewhere, and Fluent Bit runs only on other nodes", () => {
      expect(
        lines((plans) => {
          editShipper(plans, (pipeline) => (pipeline.outputs[0].log_group_name = "/mcp/prod/other"));
          yamlObject(plans, "prod", SHIPPER).spec.template.spec.nodeSelector = { "mcp.security/node-role": "system" };
        })
      ).toEqual([
        `${SHIPPED} has no cloudwatch_logs output to /mcp/prod/containers matching the guard's tag kube.*`,
        `${SHIPPED} runs only on nodes labelled mcp.security/node-role=system, which the guard's pods do not select`,
      ]);
    });

    test("the guard's container overrides its entrypoint, or no Fluent Bit runs at all", () => {
      expect(
        lines((plans) => {
          yamlObject(plans, "prod", GUARD).spec.template.spec.containers[0].command = ["sh", "-c", "mcp-guard \"$@\" > /dev/null"];
        })
      ).toEqual([
        `${rule} prod/gateway.yaml ${GUARD}: the guard's container "mcp-guard" overrides the image's entrypoint (command ["sh","-c","mcp-guard \\"$@\\" > /dev/null"]): its audit lines must be the entrypoint's stdout`,
      ]);
      expect(lines((plans) => removeYamlObjects(plans, "prod", (object) => object.kind === "DaemonSet" && object.metadata.name === "fluent-bit"))).toEqual([`${rule} prod/gateway.yaml ${GUARD}: no Fluent Bit DaemonSet ships the guard's audit lines to /mcp/prod/containers`]);
    });
  });
});

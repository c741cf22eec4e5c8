/**
 * TOOL-12's cross-server denial correlation past 100 servers (more alarms than one CloudWatch composite alarm may
 * watch): groups of servers with composite alarms of their own, joined by the notifying composite; the policy helper
 * TOOL-12 uses follows composites of composites, and stops seeing a group whose components are dropped.
 */
import * as path from "path";
import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { mcpCorrelations } from "../baselines/mcp-correlations";
import { McpCorrelationAlarms } from "../constructs/mcp-correlation";
import { compositeWatches } from "../policies/alarms";
import { loadStacks } from "../policies/engine";
import { stackResources, TerraformResource } from "../policies/terraform";
import { tempDir } from "./support/plans";

const SERVERS = Array.from({ length: 150 }, (_, index) => `server-${String(index + 1).padStart(3, "0")}`);
const PREFIX = "mcp-big";

const outdir = path.join(tempDir("correlation-nested"), "cdktf.out");
const app = new App({ outdir });
const stackConstruct = new TerraformStack(app, "big");
new AwsProvider(stackConstruct, "aws", { region: "eu-west-1", allowedAccountIds: ["123456789012"] });
new McpCorrelationAlarms(stackConstruct, "correlations", {
  namePrefix: PREFIX,
  logGroupName: "/mcp/big/containers",
  servers: SERVERS,
  guardNamespace: "mcp-gateway",
  largeResponseAlarms: new Map(SERVERS.map((server) => [server, `${PREFIX}-large-responses-${server}`])),
  correlations: mcpCorrelations(1024 * 1024),
  alarmTopicArns: ["arn:aws:sns:eu-west-1:123456789012:alerts"],
});
app.synth();
const [stack] = loadStacks(outdir);

const composites = stackResources(stack, "aws_cloudwatch_composite_alarm");
const composite = (name: string): TerraformResource => composites.find((candidate) => candidate.values["alarm_name"] === `${PREFIX}-${name}`)!;
const denials = (server: string): TerraformResource => stackResources(stack, "aws_cloudwatch_metric_alarm").find((alarm) => alarm.values["alarm_name"] === `${PREFIX}-guard-denials-${server}`)!;
/** How many alarms a composite alarm's rule names (each by a reference to its ARN or name). */
const operands = (alarm: TerraformResource): number => (String(alarm.values["alarm_rule"]).match(/\$\{aws_cloudwatch_(metric|composite)_alarm\.[^}]+\}/g) ?? []).length;

describe("the cross-server denial correlation with more servers than a composite alarm watches", () => {
  const top = composite("denial-burst-across-servers");

  test("two groups, each with a composite for one burst and one for two, joined by the notifying composite; none watches more than 100 alarms", () => {
    expect(composite("denial-burst-group-1").values["alarm_rule"]).toMatch(/^AT_LEAST\(1, ALARM, \(.*\)\)$/);
    expect(composite("denial-bursts-in-group-2").values["alarm_rule"]).toMatch(/^AT_LEAST\(2, ALARM, \(.*\)\)$/);
    expect(operands(composite("denial-burst-group-1"))).toBe(100);
    expect(operands(composite("denial-burst-group-2"))).toBe(50);
    expect(top.values["alarm_rule"]).toMatch(/^AT_LEAST\(2, ALARM, \(\$\{[^}]+\}, \$\{[^}]+\}\)\) OR ALARM\("\$\{[^}]+\}"\) OR ALARM\("\$\{[^}]+\}"\)$/);
    expect(top.values["alarm_actions"]).toEqual(["arn:aws:sns:eu-west-1:123456789012:alerts"]);
    for (const group of ["denial-burst-group-1", "denial-bursts-in-group-1", "denial-burst-group-2", "denial-bursts-in-group-2"]) expect(composite(group).values["alarm_actions"]).toBeUndefined();
    for (const alarm of composites) expect(operands(alarm)).toBeLessThanOrEqual(100);
  });

  test("the notifying composite watches every server's denial alarm, through the groups", () => {
    for (const server of SERVERS) expect(compositeWatches(stack, top, denials(server))).toBe(true);
  });

  test("a group dropped from the notifying composite: its servers are no longer watched", () => {
    const weakened = structuredClone(stack);
    const weakTop = stackResources(weakened, "aws_cloudwatch_composite_alarm").find((candidate) => candidate.values["alarm_name"] === `${PREFIX}-denial-burst-across-servers`)!;
    const [group2one, group2two] = ["denial-burst-group-2", "denial-bursts-in-group-2"].map((name) => composite(name).address);
    (weakTop.values as Record<string, unknown>)["alarm_rule"] = String(weakTop.values["alarm_rule"])
      .split(/ OR /)
      .filter((term) => !term.includes(group2two))
      .join(" OR ")
      .replace(new RegExp(`, \\$\\{${group2one.replace(/\./g, "\\.")}\\.arn\\}`), "");
    expect(compositeWatches(weakened, weakTop, denials("server-100"))).toBe(true);
    expect(compositeWatches(weakened, weakTop, denials("server-101"))).toBe(false);
  });
});

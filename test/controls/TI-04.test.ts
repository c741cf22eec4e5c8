import * as fs from "fs";
import * as path from "path";
import { mcpCorrelations } from "../../baselines/mcp-correlations";
import { escapeUnsafe } from "../../guard/src/detector/excerpt";
import { loadThreatPack } from "../../guard/src/patterns/threat-pack";
import { controlById } from "../../policies/catalog";
import { emulationPlan, EmulationPlan } from "../../policies/emulation-plan";
import { renderEmulationPlan } from "../../review/emulation-plan";
import { Artifacts } from "../../policies/types";
import { config, ENVIRONMENTS, rulesFired } from "../support/compute";
import { editGuardConfig } from "../support/guard";
import { findingsFor, removeResources, synthesizedPlans } from "../support/plans";

const ROOT = path.resolve(__dirname, "..", "..");

function planOf(plans: Artifacts, environment: string): EmulationPlan {
  const plan = emulationPlan(plans, environment);
  if (plan === undefined) throw new Error(`no plan of mcp-${environment}`);
  return plan;
}

describe("TI-04 intelligence-driven testing: an adversary-emulation plan per environment, derived from its intelligence and checked", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const plan = planOf(plans, environment);
    const servers = config(environment).mcpServers.map((server) => server.name).sort();
    const ids = plan.techniques.map((technique) => technique.id);

    test("every rule of the guard's threat rule pack is a technique, with all its known-bad strings as payloads on its targets", () => {
      const pack = loadThreatPack();
      expect(plan.threatRulePack).toBe(pack.version);
      for (const rule of pack.rules) {
        const technique = plan.techniques.find((candidate) => candidate.id === `threat-pack/${rule.id}`);
        expect(technique).toBeDefined();
        const steps = technique!.steps.join("\n");
        for (const payload of [...rule.positives, ...rule.negatives]) expect(steps).toContain(escapeUnsafe(JSON.stringify(payload)).replace(/`/g, "\\u0060"));
        const expected = technique!.expected.join("\n");
        for (const target of rule.targets) expect(expected).toContain(`${target === "arguments" ? "GW-02" : "PUB-02"}-${rule.id}`);
      }
    });

    test("every server is tested for a rug pull and exfiltration around the filter; every correlation of the guard is emulated", () => {
      expect(plan.servers).toEqual(servers);
      for (const server of servers) expect(ids).toEqual(expect.arrayContaining([`rug-pull/${server}`, `dlp-then-large-response/${server}`]));
      const text = JSON.stringify(plan);
      for (const correlation of mcpCorrelations(config(environment).logging.largeResponseBytes)) {
        if (correlation.id === "denial-burst-across-servers" && servers.length < 2) continue;
        expect({ correlation: correlation.id, emulated: text.includes(correlation.id) || text.includes(`-${correlation.id}`) }).toEqual({ correlation: correlation.id, emulated: true });
      }
      expect(ids.includes("cross-server-probing")).toBe(servers.length >= 2);
      expect(ids).toEqual(expect.arrayContaining(["tool-poisoning", "credential-guessing", "revoked-session-reuse", "known-bad-destination"]));
      expect(plan.techniques.find((technique) => technique.id === "known-bad-destination")!.intelligence).toContain(`mcp-${environment}-threat-intel-${config(environment).accountId}`);
    });

    test("each technique names catalog controls, existing tests, and a detection the real output deploys", () => {
      expect(new Set(ids).size).toBe(ids.length);
      for (const technique of plan.techniques) {
        expect(technique.controls.filter((control) => controlById(control) === undefined)).toEqual([]);
        expect(technique.tests.filter((test) => !fs.existsSync(path.join(ROOT, test)))).toEqual([]);
        expect(technique.detections.length).toBeGreaterThan(0);
        expect(technique.detections.filter((detection) => !detection.deployed)).toEqual([]);
      }
      expect(findingsFor(plans, "TI-04")).toEqual([]);
    });

    test("the plan is deterministic Markdown and JSON; the Markdown escapes invisible characters of the payloads", () => {
      const first = renderEmulationPlan(plan);
      expect(renderEmulationPlan(planOf(plans, environment))).toEqual(first);
      expect(JSON.parse(first.json)).toEqual(JSON.parse(JSON.stringify(plan)));
      expect(first.markdown).not.toMatch(/[\u{E0000}-\u{E007F}\u200B-\u200F\u202A-\u202E]/u);
      for (const id of ids) expect(first.markdown).toContain(`## \`${id}\``);
    });
  });

  describe("check reports TI-04 when the real plan is weakened", () => {
    const fired = (mutate: (plans: Artifacts) => void) => rulesFired("TI-04", mutate);
    const server = config("prod").mcpServers[0].name;

    test("a server's tool-change alarm is removed: the rug-pull technique would go unobserved", () => {
      expect(fired((plans) => removeResources(plans, "prod", "aws_cloudwatch_metric_alarm", (alarm) => alarm.values["alarm_name"] === `mcp-prod-guard-tool-changed-${server}`))).toEqual(["ti-04-emulation-plan-detections"]);
    });

    test("the GuardDuty threat intel set is removed", () => {
      expect(fired((plans) => removeResources(plans, "prod", "aws_guardduty_threatintelset"))).toEqual(["ti-04-emulation-plan-detections"]);
    });

    test("the guard's configuration names no threat rule pack", () => {
      expect(fired((plans) => editGuardConfig(plans, "prod", (generated) => delete generated.threatRulePack))).toEqual(["ti-04-emulation-plan-detections"]);
    });
  });
});

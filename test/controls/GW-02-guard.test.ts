import { ENVIRONMENTS } from "../support/compute";
import { gatewayFile } from "../support/gateway";
import { editGuardConfig, guardConfigOf, GUARD_CONFIG_MAP } from "../support/guard";
import { findingLines, weakened } from "../support/kubernetes";
import { synthesizedPlans } from "../support/plans";
import { loadThreatPack } from "../../guard/src/patterns/threat-pack";

const rule = "gw-02-guard-threat-rules";
const at = `${rule} ${gatewayFile("prod")} ${GUARD_CONFIG_MAP}`;
const ours = (lines: string[]) => lines.filter((line) => line.startsWith(`${rule} `));

describe("GW-02 and PUB-02 threat-detection patterns: the guard applies its versioned rule pack, overrides only with a reason", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("the configuration names the rule pack; the sinks of string arguments are declared for their sink rules", () => {
      const generated = guardConfigOf(plans, environment);
      expect(generated.threatRulePack).toBe(loadThreatPack().version);
      expect(generated.servers["github-tools"].tools.create_issue.sinks).toEqual({ "/body": "html" });
    });

    test("no finding of the rule", () => {
      for (const control of ["GW-02", "PUB-02"]) expect(ours(findingLines(plans, control))).toEqual([]);
    });
  });

  test("check reports GW-02 when the rule pack is dropped or a rule is overridden without a reason", () => {
    expect(
      ours(
        weakened("PUB-02", (plans) =>
          editGuardConfig(plans, "prod", (generated) => {
            delete generated.threatRulePack;
            generated.servers["docs-search"].tools.search_docs.overrides.push({ rule: "GW-02-path-traversal", justification: "needed" });
          })
        )
      )
    ).toEqual([
      `${at}: names no threatRulePack: the guard would apply no injection, traversal, SSRF or exfiltration patterns`,
      `${at}: server "docs-search" tool "search_docs" overrides rule "GW-02-path-traversal" without a justification of at least 20 characters`,
    ]);
  });
});

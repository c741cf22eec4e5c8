import { ENVIRONMENTS } from "../support/compute";
import { gatewayFile } from "../support/gateway";
import { editGuardConfig, guardConfigOf, GUARD_CONFIG_MAP } from "../support/guard";
import { findingLines, weakened } from "../support/kubernetes";
import { synthesizedPlans } from "../support/plans";
import { celEnv, parse, plan } from "@bufbuild/cel";
import { toCel } from "../support/cel";

const rule = "io-07-guard-constraints-compile";
const at = `${rule} ${gatewayFile("prod")} ${GUARD_CONFIG_MAP}`;
const ours = (lines: string[]) => lines.filter((line) => line.startsWith(`${rule} `));

/** Evaluates a constraint over arguments with @bufbuild/cel, as the guard does (integers as CEL ints). */
function holds(expression: string, args: Record<string, unknown>): unknown {
  return plan(celEnv(), parse(expression))({ args: toCel(args) });
}

describe("IO-07, IO-08 semantic and cross-field validation: the tools' CEL constraints reach the guard and compile", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("create_issue carries its semantic (own organization) and cross-field (security label needs an assignee) constraints, and they decide as meant", () => {
      const constraints = guardConfigOf(plans, environment).servers["github-tools"].tools.create_issue.constraints as { id: string; expression: string }[];
      expect(constraints.map((constraint) => constraint.id)).toEqual(["own-organization", "security-label-needs-assignee"]);
      const [organization, security] = constraints.map((constraint) => constraint.expression);
      expect(holds(organization, { owner: "acme", repo: "x", title: "t" })).toBe(true);
      expect(holds(organization, { owner: "evil-corp", repo: "x", title: "t" })).toBe(false);
      expect(holds(security, { owner: "acme", repo: "x", title: "t", labels: ["bug"] })).toBe(true);
      expect(holds(security, { owner: "acme", repo: "x", title: "t", labels: ["security"] })).toBe(false);
      expect(holds(security, { owner: "acme", repo: "x", title: "t", labels: ["security"], assignees: ["alice"] })).toBe(true);
    });

    test("no finding of the rule", () => {
      for (const control of ["IO-07", "IO-08"]) expect(ours(findingLines(plans, control))).toEqual([]);
    });
  });

  test("check reports IO-07 for a constraint edited into CEL that does not compile, one without a message, and a duplicate", () => {
    expect(
      ours(
        weakened("IO-08", (plans) =>
          editGuardConfig(plans, "prod", (generated) => {
            const constraints = generated.servers["github-tools"].tools.create_issue.constraints;
            constraints[0].expression = "args.owner in [";
            constraints.push({ ...constraints[1] });
            delete constraints[1].message;
          })
        )
      )
    ).toEqual([
      expect.stringMatching(/^io-07-guard-constraints-compile prod\/gateway\.yaml ConfigMap\/mcp-gateway\/mcp-guard-config: server "github-tools" tool "create_issue" constraint "own-organization": does not compile as CEL: /),
      `${at}: server "github-tools" tool "create_issue" constraint "security-label-needs-assignee" is declared twice`,
      `${at}: server "github-tools" tool "create_issue" constraint "security-label-needs-assignee" needs a string id and a message`,
    ]);
  });
});

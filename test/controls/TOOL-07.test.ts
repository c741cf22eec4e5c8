import { editApprovedTool, PROD_GUARD_CONFIG } from "../support/approved-definitions";
import { ENVIRONMENTS } from "../support/compute";
import { findingLines, weakened } from "../support/kubernetes";
import { synthesizedPlans } from "../support/plans";

const rule = "tool-07-approved-definitions-permissions";
const ours = (lines: string[]) => lines.filter((line) => line.startsWith(`${rule} `));

describe("TOOL-07 permission verification: what each approved tool says it does against its annotations and scopes", () => {
  describe.each(ENVIRONMENTS)("in %s", () => {
    test("no finding of the rule on the built-in approved definitions", () => {
      expect(ours(findingLines(synthesizedPlans(), "TOOL-07"))).toEqual([]);
    });
  });

  describe("check reports TOOL-07 when the real guard configuration is weakened (re-pinned, so only this rule objects)", () => {
    test("a tool that creates issues is annotated read-only", () => {
      const lines = ours(weakened("TOOL-07", (plans) => editApprovedTool(plans, "github-tools", "create_issue", (entry) => { entry.definition.annotations.readOnlyHint = true; })));
      expect(lines).toEqual([expect.stringMatching(new RegExp(`^${rule} ${PROD_GUARD_CONFIG}: server "github-tools" tool "create_issue": TOOL-07-annotations \\((critical|high|medium)\\): `))]);
    });

    test("a tool that creates issues is declared with a read-only scope", () => {
      const lines = ours(weakened("TOOL-07", (plans) => editApprovedTool(plans, "github-tools", "create_issue", (entry) => { entry.scopes = ["mcp:github:read"]; })));
      expect(lines.some((line) => line.includes('tool "create_issue": TOOL-07-scopes '))).toBe(true);
    });

    test("a finding accepted in the tool's overrides with a justification is not reported", () => {
      const lines = ours(
        weakened("TOOL-07", (plans) =>
          editApprovedTool(plans, "github-tools", "create_issue", (entry) => {
            entry.definition.annotations.readOnlyHint = true;
            entry.overrides = [{ rule: "TOOL-07-annotations", justification: "Reviewed in PR 42: the text is the vendor's and harmless." }];
          }),
        ),
      );
      expect(lines).toEqual([]);
    });
  });
});

import { Artifacts } from "../../policies/types";
import { config, rulesFired } from "../support/compute";
import { alertsTopic } from "../support/detection";
import { findingsFor, removeResources, synthesizedPlans } from "../support/plans";

describe("IR-00 playbooks, IR-02 response scenarios, IR-02e communication, IR-03 post-incident analysis", () => {
  test.each(["IR-00", "IR-02", "IR-02e", "IR-03"])("the synthesized plans of every built-in environment pass every %s rule", (control) => {
    expect(findingsFor(synthesizedPlans(), control)).toEqual([]);
  });

  describe("check reports them when the real plan is weakened", () => {
    const messages = (control: string, mutate: (plans: Artifacts) => void) => {
      const plans = synthesizedPlans();
      mutate(plans);
      return findingsFor(plans, control).map((finding) => finding.message);
    };
    const server = config("prod").mcpServers[0].name;

    test("IR-00: the quarantine security group is gone, so the runbooks cannot name it", () => {
      expect(rulesFired("IR-00", (plans) => removeResources(plans, "prod", "aws_security_group", (group) => (group.values["tags"] as Record<string, string> | undefined)?.["mcp:tier"] === "quarantine"))).toContain("ir-00-incident-runbooks");
      expect(messages("IR-00", (plans) => removeResources(plans, "prod", "aws_security_group", (group) => (group.values["tags"] as Record<string, string> | undefined)?.["mcp:tier"] === "quarantine"))).toContainEqual(expect.stringMatching(/the incident runbooks \(IR-00\) cannot be generated: .*quarantine security group/));
    });

    test("IR-02: a server's recovery runbook is deleted", () => {
      expect(messages("IR-02", (plans) => removeResources(plans, "prod", "aws_ssm_document", (document) => document.values["name"] === `mcp-prod-recover-${server}`))).toContainEqual(
        `MCP server ${server} has no recovery Automation runbook mcp-prod-recover-${server}: the response scenarios (IR-02) would end at containment`,
      );
    });

    test("IR-02e: the alert topic loses its KMS key", () => {
      expect(messages("IR-02e", (plans) => delete alertsTopic(plans, "prod").values["kms_master_key_id"])).toContainEqual(expect.stringMatching(/the alert topic .*, through which the runbooks notify \(IR-02e\), is not encrypted with a KMS key/));
    });

    test("IR-03: the correlation queries are deleted", () => {
      expect(messages("IR-03", (plans) => removeResources(plans, "prod", "aws_cloudwatch_query_definition", (query) => String(query.values["name"]).includes("/correlation/")))).toEqual([
        "no saved correlation/ Logs Insights query: the post-incident analysis (IR-03) has no ready timeline of the attack across servers",
      ]);
    });
  });
});

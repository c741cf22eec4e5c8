import { THREAT_INTEL_PLACEHOLDER_RULES } from "../../constructs/egress-firewall";
import { GUARDDUTY_LIST_KEY } from "../../constructs/threat-intel-feed";
import { Artifacts } from "../../policies/types";
import { declaredEgressDomains } from "../../stacks/egress";
import { config, ENVIRONMENTS, only, ref, rulesFired } from "../support/compute";
import { named, statements } from "../support/detection";
import { removeResources, stackResources, synthesizedPlans } from "../support/plans";

const loader = (plans: Artifacts, environment: string) => named(plans, environment, "aws_lambda_function", `mcp-${environment}-threat-intel-loader`, "function_name");
const bucket = (plans: Artifacts, environment: string) => named(plans, environment, "aws_s3_bucket", `mcp-${environment}-threat-intel-${config(environment).accountId}`, "bucket");

describe("TI-01 threat-intelligence feeds: a feed bucket loaded into the egress firewall, the DNS Firewall and GuardDuty", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const variables = (loader(plans, environment).values["environment"] as { variables: Record<string, string> }).variables;

    test("the firewall policy references the threat-intel rule group right after the built-in threat rules; Terraform leaves its rules to the loader", () => {
      const group = named(plans, environment, "aws_networkfirewall_rule_group", `mcp-${environment}-egress-threat-intel`);
      expect(group.values).toMatchObject({ type: "STATEFUL", capacity: 1500, rule_group: { rules_source: { rules_string: THREAT_INTEL_PLACEHOLDER_RULES }, stateful_rule_options: { rule_order: "STRICT_ORDER" } }, lifecycle: { ignore_changes: ["rule_group[0].rules_source"] } });
      const references = (only(plans, environment, "aws_networkfirewall_firewall_policy").values["firewall_policy"] as { stateful_rule_group_reference: { priority: number; resource_arn: string }[] }).stateful_rule_group_reference;
      expect(references.find((reference) => reference.resource_arn === ref(group, "arn"))?.priority).toBe(150);
      expect(variables["THREAT_INTEL_RULE_GROUP_ARN"]).toBe(ref(group, "arn"));
    });

    test("the DNS Firewall blocks the threat-intel list before the allowlist", () => {
      const list = named(plans, environment, "aws_route53_resolver_firewall_domain_list", `mcp-${environment}-dns-threat-intel`);
      expect(list.values).toMatchObject({ domains: [], lifecycle: { ignore_changes: ["domains"] } });
      const rule = named(plans, environment, "aws_route53_resolver_firewall_rule", "block-threat-intel-domains");
      expect(rule.values).toMatchObject({ firewall_domain_list_id: ref(list, "id"), action: "BLOCK", block_response: "NXDOMAIN", priority: 150 });
      expect(named(plans, environment, "aws_route53_resolver_firewall_rule", "allow-declared-domains").values["priority"]).toBe(200);
      expect(variables["DNS_DOMAIN_LIST_ID"]).toBe(ref(list, "id"));
    });

    test("GuardDuty reads an active threat intel set from the bucket; the loader may replace exactly these three and read feeds", () => {
      const set = named(plans, environment, "aws_guardduty_threatintelset", `mcp-${environment}-threat-intel`);
      expect(set.values).toMatchObject({ detector_id: ref(only(plans, environment, "aws_guardduty_detector"), "id"), format: "TXT", activate: true, location: `https://s3.amazonaws.com/mcp-${environment}-threat-intel-${config(environment).accountId}/${GUARDDUTY_LIST_KEY}` });
      expect(variables["GUARDDUTY_THREAT_INTEL_SET_ID"]).toBe(ref(set, "id"));
      expect(variables["PROTECTED_DOMAINS"]).toBe(declaredEgressDomains(config(environment)).join(","));
      const policy = statements(stackResources(plans, environment, "aws_iam_role_policy").find((candidate) => candidate.values["role"] === ref(named(plans, environment, "aws_iam_role", `mcp-${environment}-threat-intel-loader`), "id"))!);
      expect(policy.get("ReplaceTheFirewallRules")?.["Resource"]).toBe(variables["THREAT_INTEL_RULE_GROUP_ARN"]);
      expect(policy.get("ReadFeeds")?.["Resource"]).toBe(`${ref(bucket(plans, environment), "arn")}/feeds/*`);
      expect(policy.get("WriteTheGuardDutyList")?.["Resource"]).toBe(`${ref(bucket(plans, environment), "arn")}/${GUARDDUTY_LIST_KEY}`);
    });

    test("the bucket is versioned, KMS-encrypted, TLS-only, and every new feed invokes the loader", () => {
      const target = bucket(plans, environment);
      const notification = stackResources(plans, environment, "aws_s3_bucket_notification").find((candidate) => candidate.values["bucket"] === ref(target, "id"))!;
      expect(notification.values["lambda_function"]).toEqual([{ lambda_function_arn: ref(loader(plans, environment), "arn"), events: ["s3:ObjectCreated:*"], filter_prefix: "feeds/" }]);
      expect(JSON.stringify(stackResources(plans, environment, "aws_s3_bucket_policy").find((candidate) => candidate.values["bucket"] === ref(target, "id"))!.values["policy"])).toContain('\\"aws:SecureTransport\\":\\"false\\"');
    });
  });

  describe("check reports TI-01 when the real plan is weakened", () => {
    const fired = (mutate: (plans: Artifacts) => void) => rulesFired("TI-01", mutate);

    test("the plan as synthesized passes", () => {
      expect(fired(() => undefined)).toEqual([]);
    });

    test("the loader is removed", () => {
      expect(fired((plans) => void removeResources(plans, "prod", "aws_lambda_function", (fn) => fn.values["function_name"] === "mcp-prod-threat-intel-loader"))).toEqual(["ti-01-threat-intel-feeds"]);
    });

    test("the firewall policy no longer references the threat-intel rule group", () => {
      expect(
        fired((plans) => {
          const policy = only(plans, "prod", "aws_networkfirewall_firewall_policy").values["firewall_policy"] as { stateful_rule_group_reference: { priority: number }[] };
          policy.stateful_rule_group_reference = policy.stateful_rule_group_reference.filter((reference) => reference.priority !== 150);
        })
      ).toEqual(["ti-01-threat-intel-feeds"]);
    });

    test("the DNS threat-intel rule runs after the allowlist", () => {
      expect(fired((plans) => void (named(plans, "prod", "aws_route53_resolver_firewall_rule", "block-threat-intel-domains").values["priority"] = 250))).toEqual(["ti-01-threat-intel-feeds"]);
    });

    test("the GuardDuty threat intel set is deactivated", () => {
      expect(fired((plans) => void (named(plans, "prod", "aws_guardduty_threatintelset", "mcp-prod-threat-intel").values["activate"] = false))).toEqual(["ti-01-threat-intel-feeds"]);
    });

    test("the feed bucket loses versioning", () => {
      expect(
        fired((plans) => {
          const versioning = stackResources(plans, "prod", "aws_s3_bucket_versioning").find((candidate) => candidate.values["bucket"] === ref(bucket(plans, "prod"), "id"))!;
          versioning.values["versioning_configuration"] = { status: "Suspended" };
        })
      ).toEqual(["ti-01-threat-intel-feeds"]);
    });

    test("new feeds no longer invoke the loader", () => {
      expect(fired((plans) => void removeResources(plans, "prod", "aws_s3_bucket_notification", (candidate) => candidate.values["bucket"] === ref(bucket(plans, "prod"), "id")))).toEqual(["ti-01-threat-intel-feeds"]);
    });
  });
});

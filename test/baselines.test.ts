/**
 * Security baselines (`baselines/`): the values a control requires live in one module that the constructs render and
 * the rules require. Changing a baseline is a policy change that shows here; a construct that renders less than the
 * baseline is caught by the rule, because the rule never reads the construct's own values.
 */
import * as baselinesOfNodes from "../baselines/node-os";
import { MAX_ADMIN_SESSION_SECONDS, PRIVILEGED_TAG } from "../baselines/admin-access";
import { EKS_CONTROL_PLANE_LOG_TYPES } from "../baselines/eks";
import { REMOTE_ADMIN_PORTS } from "../baselines/network";
import { PRIVATE_TIERS } from "../baselines/network-tier";
import { ECR_PUSH_ACTIONS } from "../baselines/registry";
import { MANAGED_RULE_GROUPS, MCP_HTTP_METHODS, MCP_PROTOCOL_VERSIONS, RESTRICTED_TLS_POLICIES } from "../baselines/waf-limits";
import ctr04 from "../policies/rules/ctr-04-bottlerocket-lockdown";
import { Artifacts } from "../policies/types";
import { ENVIRONMENTS, nodeLaunchTemplate, setUserData } from "./support/compute";
import { synthesizedPlans } from "./support/plans";

type BottlerocketModule = typeof import("../constructs/bottlerocket-settings");

/** The Bottlerocket construct as built against a node baseline with `edit` applied (a construct shipping a weaker list). */
function constructWithBaseline(edit: (baseline: typeof baselinesOfNodes) => Partial<typeof baselinesOfNodes>): BottlerocketModule {
  let loaded: BottlerocketModule | undefined;
  jest.isolateModules(() => {
    jest.doMock("../baselines/node-os", () => ({ ...baselinesOfNodes, ...edit(baselinesOfNodes) }));
    loaded = jest.requireActual<BottlerocketModule>("../constructs/bottlerocket-settings");
  });
  jest.dontMock("../baselines/node-os");
  if (!loaded) throw new Error("the construct did not load");
  return loaded;
}

/** The real plan of an environment with its node user data rendered by `construct`. */
function planRenderedBy(construct: BottlerocketModule, environment: string): Artifacts {
  const plans = synthesizedPlans();
  setUserData(nodeLaunchTemplate(plans, environment), construct.renderBottlerocketToml(construct.hardenedBottlerocketSettings()));
  return plans;
}

describe("security baselines", () => {
  test("the required values are the reviewed ones: changing a baseline changes this test too", () => {
    expect(Object.keys(baselinesOfNodes.CIS_NODE_SYSCTLS)).toHaveLength(22);
    expect(baselinesOfNodes.CIS_NODE_SYSCTLS).toMatchObject({ "kernel.randomize_va_space": "2", "kernel.unprivileged_bpf_disabled": "1", "user.max_user_namespaces": "0", "net.ipv4.tcp_syncookies": "1", "kernel.dmesg_restrict": "1" });
    expect(baselinesOfNodes.KUBERNETES_NODE_SYSCTLS).toEqual({ "net.ipv4.ip_forward": "1" });
    expect(baselinesOfNodes.DISALLOWED_NODE_MODULES).toEqual(["cramfs", "dccp", "rds", "sctp", "tipc", "udf"]);
    expect(EKS_CONTROL_PLANE_LOG_TYPES).toEqual(["api", "audit", "authenticator", "controllerManager", "scheduler"]);
    expect(REMOTE_ADMIN_PORTS).toEqual([22, 3389]);
    expect(PRIVATE_TIERS).toEqual(["mcp", "admin", "data", "firewall"]);
    expect(MAX_ADMIN_SESSION_SECONDS).toBe(14_400);
    expect(PRIVILEGED_TAG).toBe("mcp:privileged");
    expect(ECR_PUSH_ACTIONS).toEqual(["ecr:CompleteLayerUpload", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"]);
    expect(RESTRICTED_TLS_POLICIES.every((policy) => /^ELBSecurityPolicy-TLS13-1-[23]-/.test(policy))).toBe(true);
    expect(MCP_PROTOCOL_VERSIONS).toEqual(["2025-06-18", "2025-11-25", "2026-07-28"]);
    expect(MCP_HTTP_METHODS).toEqual(["POST", "GET", "DELETE"]);
    expect(MANAGED_RULE_GROUPS.map(([, group]) => group)).toEqual([
      "AWSManagedRulesCommonRuleSet",
      "AWSManagedRulesKnownBadInputsRuleSet",
      "AWSManagedRulesAmazonIpReputationList",
      "AWSManagedRulesAnonymousIpList",
      "AWSManagedRulesLinuxRuleSet",
      "AWSManagedRulesUnixRuleSet",
      "AWSManagedRulesSQLiRuleSet",
    ]);
  });

  describe.each(ENVIRONMENTS)("in %s, a construct weaker than the baseline is caught by the rule", (environment) => {
    test("the construct as shipped renders every CIS sysctl: the rule passes", () => {
      expect(ctr04.check(planRenderedBy(constructWithBaseline(() => ({})), environment))).toEqual([]);
    });

    test("a construct built with one CIS sysctl fewer: the rule still requires it and fires", () => {
      const weakened = constructWithBaseline(({ CIS_NODE_SYSCTLS }) => ({
        CIS_NODE_SYSCTLS: Object.fromEntries(Object.entries(CIS_NODE_SYSCTLS).filter(([key]) => key !== "kernel.unprivileged_bpf_disabled")),
      }));
      expect(Object.keys(weakened.hardenedBottlerocketSettings().kernel.sysctl)).not.toContain("kernel.unprivileged_bpf_disabled");
      const violations = ctr04.check(planRenderedBy(weakened, environment));
      expect(violations).toHaveLength(1);
      expect(violations[0].message).toContain('kernel.unprivileged_bpf_disabled = "unset" (want "1")');
    });

    test("a construct built with one disallowed module fewer: the rule fires", () => {
      const weakened = constructWithBaseline(({ DISALLOWED_NODE_MODULES }) => ({ DISALLOWED_NODE_MODULES: DISALLOWED_NODE_MODULES.filter((module) => module !== "sctp") }));
      expect(ctr04.check(planRenderedBy(weakened, environment)).map((violation) => violation.message)).toEqual([expect.stringContaining("kernel module(s) sctp may be loaded")]);
    });
  });
});

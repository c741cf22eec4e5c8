import { hardenedBottlerocketSettings, renderBottlerocketToml } from "../../constructs/bottlerocket-settings";
import { CIS_NODE_SYSCTLS, DISALLOWED_NODE_MODULES } from "../../baselines/node-os";
import { ENVIRONMENTS, nodeLaunchTemplate, only, rulesFired, setUserData, userDataText, userDataToml } from "../support/compute";
import { findingsFor, synthesizedPlans } from "../support/plans";

/** The settings table of parsed user data. */
function settingsOf(toml: Record<string, unknown>): Record<string, any> {
  return toml["settings"] as Record<string, any>;
}

describe("CTR-04 seccomp and SELinux (nodes: Bottlerocket with kernel lockdown and CIS level 2 settings)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const nodeGroup = only(plans, environment, "aws_eks_node_group");
    const template = nodeLaunchTemplate(plans, environment);
    const settings = settingsOf(userDataToml(template));

    test("the node group is Bottlerocket (SELinux enforcing, dm-verity root) through its own launch template", () => {
      expect(["BOTTLEROCKET_x86_64", "BOTTLEROCKET_ARM_64"]).toContain(nodeGroup.values["ami_type"]);
      expect(nodeGroup.values["launch_template"]).toEqual({ id: `\${${template.address}.id}`, version: `\${${template.address}.latest_version}` });
    });

    test("the user data is TOML with exactly the settings groups the blueprint renders", () => {
      expect(Object.keys(settingsOf(userDataToml(template))).sort()).toEqual(["host-containers", "kernel", "kubernetes"]);
      expect(Object.keys(settings["kernel"]).sort()).toEqual(["lockdown", "modules", "sysctl"]);
    });

    test("kernel lockdown is integrity", () => {
      expect(settings["kernel"]["lockdown"]).toBe("integrity");
    });

    test("every CIS Bottlerocket level 2 sysctl is set, and IP forwarding stays on for pod traffic", () => {
      expect(settings["kernel"]["sysctl"]).toEqual({ ...CIS_NODE_SYSCTLS, "net.ipv4.ip_forward": "1" });
      expect(settings["kernel"]["sysctl"]).toMatchObject({
        "net.ipv4.conf.all.send_redirects": "0",
        "net.ipv4.conf.default.send_redirects": "0",
        "net.ipv4.conf.all.accept_redirects": "0",
        "net.ipv6.conf.all.accept_redirects": "0",
        "net.ipv4.conf.all.accept_source_route": "0",
        "net.ipv4.conf.all.secure_redirects": "0",
        "net.ipv4.conf.all.log_martians": "1",
        "net.ipv4.conf.default.log_martians": "1",
        "net.ipv4.tcp_syncookies": "1",
        "user.max_user_namespaces": "0",
        "kernel.unprivileged_bpf_disabled": "1",
      });
    });

    test("udf, sctp and the other unused modules may not be loaded; br_netfilter is left alone", () => {
      expect(settings["kernel"]["modules"]).toEqual(Object.fromEntries(DISALLOWED_NODE_MODULES.map((name) => [name, { allowed: false }])));
      expect(Object.keys(settings["kernel"]["modules"])).toEqual(expect.arrayContaining(["udf", "sctp"]));
      expect(settings["kernel"]["modules"]["br_netfilter"]).toBeUndefined();
    });

    test("the admin container is off and the control container (SSM only) is on; pods default to RuntimeDefault seccomp", () => {
      expect(settings["host-containers"]).toEqual({ admin: { enabled: false }, control: { enabled: true } });
      expect(settings["kubernetes"]).toEqual({ "seccomp-default": true });
    });

    test("the user data carries no cluster-join settings: EKS merges those for Bottlerocket managed node groups", () => {
      expect(userDataText(template)).not.toMatch(/api-server|cluster-certificate|cluster-name|\$\{/);
    });

    test("the synthesized plan passes every CTR-04 rule", () => {
      expect(findingsFor(plans, "CTR-04")).toEqual([]);
    });
  });

  describe("the renderer", () => {
    test("renders the same bytes for the same settings, and refuses settings that would break Kubernetes", () => {
      expect(renderBottlerocketToml(hardenedBottlerocketSettings())).toBe(renderBottlerocketToml(hardenedBottlerocketSettings()));
      expect(() => hardenedBottlerocketSettings({ sysctlOverrides: { "net.ipv4.ip_forward": "0" } })).toThrow(/"net.ipv4.ip_forward" must stay "1"/);
      expect(() => hardenedBottlerocketSettings({ extraDisallowedModules: ["br_netfilter"] })).toThrow(/needed by Kubernetes networking/);
      expect(() => hardenedBottlerocketSettings({ sysctlOverrides: { "bad key": "1" } })).toThrow(/not a sysctl name/);
    });
  });

  describe("check reports CTR-04 when the real plan is weakened", () => {
    const templateOf = (plans: ReturnType<typeof synthesizedPlans>) => nodeLaunchTemplate(plans, "prod");
    const rewrite = (edit: (text: string) => string) => (plans: ReturnType<typeof synthesizedPlans>) => setUserData(templateOf(plans), edit(userDataText(templateOf(plans))));

    test("the admin container is enabled", () => {
      expect(rulesFired("CTR-04", rewrite((text) => text.replace("[settings.host-containers.admin]\nenabled = false", "[settings.host-containers.admin]\nenabled = true")))).toEqual(["ctr-04-bottlerocket-lockdown"]);
    });

    test("kernel lockdown is turned off", () => {
      expect(rulesFired("CTR-04", rewrite((text) => text.replace('lockdown = "integrity"', 'lockdown = "none"')))).toEqual(["ctr-04-bottlerocket-lockdown"]);
    });

    test("a CIS sysctl is relaxed", () => {
      expect(rulesFired("CTR-04", rewrite((text) => text.replace('"net.ipv4.conf.all.send_redirects" = "0"', '"net.ipv4.conf.all.send_redirects" = "1"')))).toEqual(["ctr-04-bottlerocket-lockdown"]);
    });

    test("sctp may be loaded again", () => {
      expect(rulesFired("CTR-04", rewrite((text) => text.replace("[settings.kernel.modules.sctp]\nallowed = false", "[settings.kernel.modules.sctp]\nallowed = true")))).toEqual(["ctr-04-bottlerocket-lockdown"]);
    });

    test("the user data is not TOML", () => {
      expect(rulesFired("CTR-04", rewrite(() => "#!/bin/bash\nyum install -y telnet\n"))).toEqual(["ctr-04-bottlerocket-lockdown"]);
    });

    test("the node group uses Amazon Linux instead of Bottlerocket", () => {
      expect(rulesFired("CTR-04", (plans) => (only(plans, "prod", "aws_eks_node_group").values["ami_type"] = "AL2023_x86_64_STANDARD"))).toEqual(["ctr-04-bottlerocket-lockdown"]);
    });
  });
});

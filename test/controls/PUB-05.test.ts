import * as YAML from "yaml";
import { renderBastionUserData } from "../../constructs/bastion-user-data";
import { renderSshdConfig } from "../../constructs/sshd-config";
import { parseSshdConfig, sshdProblems } from "../../policies/hosts";
import { tierOf } from "../../policies/terraform";
import { Artifacts } from "../../policies/types";
import {
  bastionTemplate,
  component,
  componentFile,
  config,
  ENVIRONMENTS,
  one,
  ref,
  rewriteComponentFile,
  rulesFired,
  run,
  setUserData,
  sshdErrors,
  sshdTest,
  tool,
  userDataFile,
  userDataText,
  writeTemp,
} from "../support/bastion";
import { findingsFor, stackResources, synthesizedPlans } from "../support/plans";

/** The sshd directives every environment's bastion runs with, first value of each. */
function expectedSshd(environment: string): Record<string, string> {
  return {
    port: String(config(environment).security.sshPort),
    allowusers: config(environment).bastion.allowUsers.join(" "),
    permitrootlogin: "no",
    authenticationmethods: "publickey",
    pubkeyauthentication: "yes",
    passwordauthentication: "no",
    permitemptypasswords: "no",
    kbdinteractiveauthentication: "no",
    hostbasedauthentication: "no",
    maxauthtries: "3",
    maxsessions: "4",
    logingracetime: "30",
    clientaliveinterval: "300",
    clientalivecountmax: "2",
    disableforwarding: "yes",
    allowtcpforwarding: "no",
    allowstreamlocalforwarding: "no",
    allowagentforwarding: "no",
    x11forwarding: "no",
    permittunnel: "no",
    gatewayports: "no",
    loglevel: "VERBOSE",
    banner: "/etc/issue.net",
    authorizedkeysfile: "/etc/ssh/authorized_keys/%u",
    kexalgorithms: "sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org",
    ciphers: "chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com",
    macs: "hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com",
    hostkeyalgorithms: "ssh-ed25519,ecdsa-sha2-nistp256",
    pubkeyacceptedalgorithms:
      "ssh-ed25519,sk-ssh-ed25519@openssh.com,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256",
  };
}

describe("PUB-05 secure remote access (bastion: private, key-only SSH on a non-standard port, Session Manager)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const env = config(environment);
    const template = bastionTemplate(plans, environment);
    const adminGroup = one(plans, environment, "aws_security_group", /^security-groups_admin_/);
    const sshdInUserData = userDataFile(plans, environment, "/etc/ssh/sshd_config");

    test("the launch template gives no public IP, only the admin group, IMDSv2 with hop limit 1, the pipeline's image", () => {
      expect(template.values["network_interfaces"]).toEqual([
        { associate_public_ip_address: "false", delete_on_termination: "true", device_index: 0, security_groups: [ref(adminGroup, "id")] },
      ]);
      expect(template.values["vpc_security_group_ids"]).toBeUndefined();
      expect(template.values["metadata_options"]).toEqual({
        http_endpoint: "enabled",
        http_tokens: "required",
        http_put_response_hop_limit: 1,
        instance_metadata_tags: "disabled",
        http_protocol_ipv6: "disabled",
      });
      expect(template.values["image_id"]).toBe(`resolve:ssm:/mcp/${environment}/bastion/ami-id`);
      expect(template.values["key_name"]).toBeUndefined();
    });

    test("one bastion, kept alive by a group of exactly one in the admin tier's subnets", () => {
      const group = one(plans, environment, "aws_autoscaling_group", /^bastion_/);
      expect(group.values).toMatchObject({ min_size: 1, max_size: 1, desired_capacity: 1, launch_template: { id: ref(template, "id"), version: ref(template, "latest_version") } });
      const adminSubnets = stackResources(plans, environment, "aws_subnet").filter((subnet) => tierOf(subnet) === "admin");
      expect([...(group.values["vpc_zone_identifier"] as string[])].sort()).toEqual(adminSubnets.map((subnet) => ref(subnet, "id")).sort());
      expect(adminSubnets).toHaveLength(env.azCount);
      expect(stackResources(plans, environment, "aws_instance")).toEqual([]);
    });

    test("the admin tier admits only the SSH port, from the admin networks and the VPN's group", () => {
      const ingress = stackResources(plans, environment, "aws_vpc_security_group_ingress_rule").filter((rule) => rule.values["security_group_id"] === ref(adminGroup, "id"));
      expect(ingress.map((rule) => [rule.values["ip_protocol"], rule.values["from_port"], rule.values["to_port"]])).toEqual(ingress.map(() => ["tcp", env.security.sshPort, env.security.sshPort]));
      const peers = ingress.map((rule) => rule.values["cidr_ipv4"] ?? rule.values["referenced_security_group_id"]).sort();
      const vpnGroup = one(plans, environment, "aws_security_group", /^client-vpn_/);
      expect(peers).toEqual([...env.adminCidrs, ref(vpnGroup, "id")].sort());
    });

    test("the user data writes the sshd configuration with every PUB-05 directive", () => {
      const parsed = parseSshdConfig(sshdInUserData);
      expect(Object.fromEntries(Object.keys(expectedSshd(environment)).map((key) => [key, parsed.first.get(key)]))).toEqual(expectedSshd(environment));
      expect(parsed.hasMatch || parsed.hasInclude).toBe(false);
      expect(parsed.all.get("port")).toEqual([String(env.security.sshPort)]);
      expect(env.security.sshPort).not.toBe(22);
    });

    test("the image's sshd component installs the same configuration", () => {
      expect(componentFile(component(plans, environment, "sshd"), "/etc/ssh/sshd_config")).toBe(sshdInUserData);
    });

    test("the real sshd -t accepts the configuration of the user data and of the image", () => {
      for (const text of [sshdInUserData, componentFile(component(plans, environment, "sshd"), "/etc/ssh/sshd_config")]) {
        const result = sshdTest(text);
        expect(sshdErrors(result)).toEqual([]);
        expect(result.status).toBe(0);
      }
      expect(sshdTest(sshdInUserData.replace(/^KexAlgorithms /m, "KexAlgorithms mlkem1024-unknown,")).status).not.toBe(0);
    });

    test("the real cloud-init schema validator accepts the user data", () => {
      const text = userDataText(plans, environment);
      expect(text.startsWith("#cloud-config\n")).toBe(true);
      const result = run(tool("cloud-init"), ["schema", "--config-file", writeTemp("user-data.yaml", text), "--annotate"]);
      expect(result.stderr).toBe("");
      expect(result.stdout).toMatch(/^Valid cloud-config: /);
      expect(result.status).toBe(0);
      const broken = run(tool("cloud-init"), ["schema", "--config-file", writeTemp("broken.yaml", text.replace("lock_passwd: true", "lock_passwd: 7"))]);
      expect(broken.status).not.toBe(0);
    });

    test("each allowed user gets a locked account and a root-owned keys file with exactly their public keys", () => {
      const document = YAML.parse(userDataText(plans, environment));
      expect(document.users).toEqual([
        ...env.bastion.allowUsers.map((name) => ({ name, lock_passwd: true, shell: "/bin/bash" })),
        { name: "ssm-user", lock_passwd: true, shell: "/bin/bash" },
      ]);
      for (const user of env.bastion.allowUsers) {
        const keys = env.bastion.authorizedKeys.filter((key) => key.user === user).map((key) => key.publicKey);
        expect(userDataFile(plans, environment, `/etc/ssh/authorized_keys/${user}`)).toBe(`${keys.join("\n")}\n`);
        expect(document.write_files.find((entry: { path: string }) => entry.path === `/etc/ssh/authorized_keys/${user}`)).toMatchObject({ owner: "root:root", permissions: "0644" });
      }
      expect(document).toMatchObject({ ssh_pwauth: false, disable_root: true, package_upgrade: true });
      expect(userDataText(plans, environment)).not.toMatch(/PRIVATE KEY/);
    });

    test("every authorized key in the user data is one the real ssh-keygen reads, FIDO2 keys included", () => {
      for (const { publicKey } of env.bastion.authorizedKeys) {
        const result = run(tool("ssh-keygen"), ["-l", "-f", writeTemp("key.pub", `${publicKey}\n`)]);
        expect(result.stderr).toBe("");
        expect(result.status).toBe(0);
        expect(result.stdout).toMatch(/^\d+ SHA256:\S+ .*\((ED25519|ECDSA|RSA|ED25519-SK|ECDSA-SK)\)\n$/);
      }
    });

    test("the user data labels the port for SELinux and checks the configuration before restarting sshd", () => {
      const { runcmd } = YAML.parse(userDataText(plans, environment)) as { runcmd: string[] };
      const port = env.security.sshPort;
      expect(runcmd).toContain(`semanage port -a -t ssh_port_t -p tcp ${port} || semanage port -m -t ssh_port_t -p tcp ${port}`);
      expect(runcmd).toContain("sshd -t && systemctl restart sshd");
      const result = run(tool("shellcheck"), ["--shell=sh", "--format=gcc", writeTemp("runcmd.sh", `${runcmd.join("\n")}\n`)]);
      expect(result.stdout).toBe("");
      expect(result.status).toBe(0);
    });

    test("Session Manager preferences: KMS-encrypted, logged to an encrypted group, unprivileged, idle timeout", () => {
      const document = one(plans, environment, "aws_ssm_document", /^bastion_session-preferences/);
      expect(document.values).toMatchObject({ name: "SSM-SessionManagerRunShell", document_type: "Session", document_format: "JSON" });
      const key = one(plans, environment, "aws_kms_key");
      expect(JSON.parse(String(document.values["content"])).inputs).toEqual({
        kmsKeyId: ref(key, "arn"),
        s3BucketName: "",
        s3KeyPrefix: "",
        s3EncryptionEnabled: true,
        cloudWatchLogGroupName: `/mcp/${environment}/bastion/sessions`,
        cloudWatchEncryptionEnabled: true,
        cloudWatchStreamingEnabled: true,
        runAsEnabled: false,
        runAsDefaultUser: "",
        idleSessionTimeout: String(env.bastion.sessionIdleTimeoutMinutes),
        maxSessionDuration: "240",
        shellProfile: { linux: "", windows: "" },
      });
      const sessions = one(plans, environment, "aws_cloudwatch_log_group", /^bastion_session-logs_/);
      expect(sessions.values).toMatchObject({ name: `/mcp/${environment}/bastion/sessions`, kms_key_id: ref(key, "arn"), retention_in_days: env.security.logRetentionDays });
    });

    test("the plan passes every PUB-05 rule", () => {
      expect(findingsFor(plans, "PUB-05")).toEqual([]);
    });
  });

  describe("check reports PUB-05 when the real plan is weakened", () => {
    const editUserDataSshd = (rewrite: (text: string) => string) => (plans: Artifacts) => {
      const text = userDataFile(plans, "prod", "/etc/ssh/sshd_config");
      const document = YAML.parse(Buffer.from(String(bastionTemplate(plans, "prod").values["user_data"]), "base64").toString("utf8"));
      document.write_files.find((entry: { path: string }) => entry.path === "/etc/ssh/sshd_config").content = rewrite(text);
      setUserData(plans, "prod", `#cloud-config\n${YAML.stringify(document)}`);
    };
    const editComponentSshd = (rewrite: (text: string) => string) => (plans: Artifacts) => rewriteComponentFile(component(plans, "prod", "sshd"), "/etc/ssh/sshd_config", rewrite);
    const metadata = (plans: Artifacts) => bastionTemplate(plans, "prod").values["metadata_options"] as Record<string, unknown>;

    test("PasswordAuthentication yes in the user data's sshd configuration", () => {
      expect(rulesFired("PUB-05", editUserDataSshd((text) => text.replace("PasswordAuthentication no", "PasswordAuthentication yes")))).toEqual(["pub-05-sshd-hardened"]);
    });

    test("PermitRootLogin yes in the image component's sshd configuration", () => {
      expect(rulesFired("PUB-05", editComponentSshd((text) => text.replace("PermitRootLogin no", "PermitRootLogin yes")))).toEqual(["pub-05-sshd-hardened"]);
    });

    test("Port 22: the sshd rule, and the bastion rule because the security group no longer matches the port", () => {
      expect(rulesFired("PUB-05", editUserDataSshd((text) => text.replace(/^Port \d+$/m, "Port 22")))).toEqual(["pub-05-bastion-no-public-access", "pub-05-sshd-hardened"]);
    });

    test("a Match block, a weak cipher, or no AllowUsers", () => {
      expect(rulesFired("PUB-05", editUserDataSshd((text) => `${text}Match User alice\n  PasswordAuthentication yes\n`))).toEqual(["pub-05-sshd-hardened"]);
      expect(rulesFired("PUB-05", editComponentSshd((text) => text.replace(/^Ciphers .*$/m, "Ciphers aes128-cbc,aes256-gcm@openssh.com")))).toEqual(["pub-05-sshd-hardened"]);
      expect(rulesFired("PUB-05", editUserDataSshd((text) => text.replace(/^AllowUsers .*\n/m, "")))).toEqual(["pub-05-sshd-hardened"]);
    });

    test("the user data no longer writes the sshd configuration", () => {
      expect(
        rulesFired("PUB-05", (plans) => {
          const document = YAML.parse(userDataText(plans, "prod"));
          document.write_files = document.write_files.filter((entry: { path: string }) => entry.path !== "/etc/ssh/sshd_config");
          setUserData(plans, "prod", `#cloud-config\n${YAML.stringify(document)}`);
        }),
      ).toEqual(["pub-05-sshd-hardened"]);
    });

    test("IMDS tokens optional, or a hop limit of 2", () => {
      expect(rulesFired("PUB-05", (plans) => (metadata(plans)["http_tokens"] = "optional"))).toEqual(["pub-05-bastion-no-public-access"]);
      expect(rulesFired("PUB-05", (plans) => (metadata(plans)["http_put_response_hop_limit"] = 2))).toEqual(["pub-05-bastion-no-public-access"]);
    });

    test("a public IP on the bastion's network interface", () => {
      expect(
        rulesFired("PUB-05", (plans) => ((bastionTemplate(plans, "prod").values["network_interfaces"] as Record<string, unknown>[])[0]["associate_public_ip_address"] = "true")),
      ).toEqual(["pub-05-bastion-no-public-access"]);
    });

    test("the admin tier opened to the internet, or on another port", () => {
      const adminSsh = (plans: Artifacts) => one(plans, "prod", "aws_vpc_security_group_ingress_rule", /^security-groups_admin-in-ssh-0_/).values;
      expect(rulesFired("PUB-05", (plans) => (adminSsh(plans)["cidr_ipv4"] = "0.0.0.0/0"))).toEqual(["pub-05-bastion-no-public-access"]);
      expect(
        rulesFired("PUB-05", (plans) => {
          adminSsh(plans)["from_port"] = 22;
          adminSsh(plans)["to_port"] = 22;
        }),
      ).toEqual(["pub-05-bastion-no-public-access"]);
    });

    test("the bastion group launching into another tier's subnet", () => {
      expect(
        rulesFired("PUB-05", (plans) => {
          const mcpSubnet = stackResources(plans, "prod", "aws_subnet").find((subnet) => tierOf(subnet) === "mcp")!;
          (one(plans, "prod", "aws_autoscaling_group", /^bastion_/).values["vpc_zone_identifier"] as string[])[0] = ref(mcpSubnet, "id");
        }),
      ).toEqual(["pub-05-bastion-no-public-access"]);
    });

    test("Session Manager sessions unencrypted, unlogged or as root", () => {
      const edit = (change: (inputs: Record<string, unknown>) => void) => (plans: Artifacts) => {
        const document = one(plans, "prod", "aws_ssm_document", /^bastion_session-preferences/);
        const content = JSON.parse(String(document.values["content"]));
        change(content.inputs);
        document.values["content"] = JSON.stringify(content);
      };
      expect(rulesFired("PUB-05", edit((inputs) => (inputs["kmsKeyId"] = "")))).toEqual(["pub-05-session-manager-logged"]);
      expect(rulesFired("PUB-05", edit((inputs) => (inputs["cloudWatchLogGroupName"] = "")))).toEqual(["pub-05-session-manager-logged"]);
      expect(rulesFired("PUB-05", edit((inputs) => Object.assign(inputs, { runAsEnabled: true, runAsDefaultUser: "root" })))).toEqual(["pub-05-session-manager-logged"]);
      expect(rulesFired("PUB-05", (plans) => delete (plans.stacks.find((stack) => stack.name === "mcp-prod")!.json["resource"] as Record<string, unknown>)["aws_ssm_document"])).toEqual([
        "pub-05-session-manager-logged",
      ]);
    });
  });

  describe("the sshd and user data renderers refuse weakening props, and forwarding needs its named option", () => {
    const key = config("dev").bastion.authorizedKeys[0].publicKey;

    test("port 22, no users, root, or a keep-alive that never drops dead connections", () => {
      expect(() => renderSshdConfig({ port: 22, allowUsers: ["alice"] })).toThrow(/must not be 22: PUB-05 requires a non-standard SSH port/);
      expect(() => renderSshdConfig({ port: 2222, allowUsers: [] })).toThrow(/allowUsers must name at least one account/);
      expect(() => renderSshdConfig({ port: 2222, allowUsers: ["root"] })).toThrow(/must not contain root/);
      expect(() => renderSshdConfig({ port: 2222, allowUsers: ["alice"], clientAliveCountMax: 0 })).toThrow(/clientAliveCountMax must be a whole number from 1 to 3 \(0 would never drop dead connections\)/);
      expect(() => renderSshdConfig({ port: 2222, allowUsers: ["alice"], maxAuthTries: 6 })).toThrow(/maxAuthTries must be a whole number from 1 to 4/);
    });

    test("allowLocalTcpForwarding permits local forwarding only, still passes sshd -t and the rule", () => {
      const text = renderSshdConfig({ port: 2222, allowUsers: ["alice"], allowLocalTcpForwarding: true });
      const parsed = parseSshdConfig(text);
      expect(parsed.first.get("allowtcpforwarding")).toBe("local");
      expect(parsed.first.get("disableforwarding")).toBeUndefined();
      expect(parsed.first.get("allowagentforwarding")).toBe("no");
      expect(sshdProblems(text)).toEqual([]);
      expect(sshdErrors(sshdTest(text))).toEqual([]);
    });

    test("user data whose accounts and allowed users disagree, or with a key that is not one public key line", () => {
      const sshd = { port: 2222, allowUsers: ["alice", "bob"] };
      expect(() => renderBastionUserData({ sshd, accounts: [{ name: "alice", publicKeys: [key] }], hostLogGroupName: "/h" })).toThrow(/allowed users without an account and keys: bob/);
      expect(() => renderBastionUserData({ sshd, accounts: [{ name: "alice", publicKeys: [key] }, { name: "bob", publicKeys: [] }], hostLogGroupName: "/h" })).toThrow(/"bob" has no public key/);
      expect(() => renderBastionUserData({ sshd: { port: 2222, allowUsers: ["alice"] }, accounts: [{ name: "alice", publicKeys: [`${key}\n${key}`] }], hostLogGroupName: "/h" })).toThrow(/is not one OpenSSH public key line/);
      expect(() => renderBastionUserData({ sshd: { port: 2222, allowUsers: ["ssm-user"] }, accounts: [{ name: "ssm-user", publicKeys: [key] }], hostLogGroupName: "/h" })).toThrow(/reserved for Session Manager/);
    });
  });
});

import { execFileSync } from "child_process";
import * as path from "path";
import { SANDBOX_NODE_LABEL, SANDBOX_TOLERATION, STAGE_LABEL } from "../../baselines/sandbox";
import { ConfigError, ConfigProblem } from "../../environments/config-error";
import { parseEnvironment } from "../../environments/parse";
import { EnvironmentConfig } from "../../environments/schema";
import { runPolicies } from "../../policies/engine";
import { Artifacts, KubernetesObject } from "../../policies/types";
import { SANDBOX_REPORT_JUSTIFICATION } from "../../stacks/sandbox";
import { config } from "../support/compute";
import { editFalcoRules, falcoRulesOf, validateFalcoRules } from "../support/falco";
import { findingLines, yamlObject, yamlObjects } from "../support/kubernetes";
import { addResource, findingsFor, stackResources, synthesizedPlans } from "../support/plans";
import { FALCO_MCP_RULE_NAMES } from "../../baselines/falco";

const SANDBOXED = "github-tools";
const prod = config("prod");
/** Production with github-tools (which has secrets, egress and a declared domain) sandboxed. */
const sandboxEnvironment: EnvironmentConfig = { ...prod, mcpServers: prod.mcpServers.map((server) => (server.name === SANDBOXED ? { ...server, stage: "sandbox" as const } : server)) };
const sandboxPlans = () => synthesizedPlans([sandboxEnvironment]);

const deployment = (plans: Artifacts, server: string) => yamlObject(plans, "prod", `Deployment/${server}/${server}`);
const guardConfigOf = (plans: Artifacts) => JSON.parse(yamlObject(plans, "prod", "ConfigMap/mcp-gateway/mcp-guard-config").data["guard-config.json"]);

/** The TOOL-10 findings of the sandboxed plan after `mutate`, as sorted `rule resource: message` lines (the YAML and the workloads stack's copy of an object say the same). */
function weakenedSandbox(mutate: (plans: Artifacts) => void): string[] {
  const plans = sandboxPlans();
  mutate(plans);
  return [...new Set(findingLines(plans, "TOOL-10").map((line) => line.replace(/^(\S+) \S+ /, "$1 ")))].sort();
}

describe("TOOL-10 sandbox (a new server version runs first on its own nodes, without secrets or egress, everything reported)", () => {
  describe("a sandboxed server in production", () => {
    const plans = sandboxPlans();

    test("runs in a namespace labelled sandbox, only on the tainted sandbox node group", () => {
      expect(yamlObject(plans, "prod", `Namespace/${SANDBOXED}`).metadata.labels?.[STAGE_LABEL]).toBe("sandbox");
      expect(yamlObject(plans, "prod", "Namespace/docs-search").metadata.labels?.[STAGE_LABEL]).toBeUndefined();
      const spec = deployment(plans, SANDBOXED).spec.template.spec;
      expect(spec.nodeSelector).toEqual(SANDBOX_NODE_LABEL);
      expect(spec.tolerations).toEqual([SANDBOX_TOLERATION]);
      expect(deployment(plans, "docs-search").spec.template.spec.tolerations).toBeUndefined();
      const pools = stackResources(plans, "prod", "aws_eks_node_group");
      expect(pools.map((pool) => [pool.values["node_group_name"], pool.values["labels"], pool.values["taint"] ?? null])).toEqual([
        ["mcp-prod-workloads", { "mcp.security/node-role": "mcp-workloads" }, null],
        ["mcp-prod-sandbox", SANDBOX_NODE_LABEL, [{ key: "mcp.security/sandbox", value: "true", effect: "NO_SCHEDULE" }]],
      ]);
    });

    test("gets no secrets, no API token and no egress, though its live configuration declares them", () => {
      const live = prod.mcpServers.find((server) => server.name === SANDBOXED)!;
      expect(live.secrets.length).toBeGreaterThan(0);
      expect(live.egressDomains.length).toBeGreaterThan(0);
      const spec = deployment(plans, SANDBOXED).spec.template.spec;
      expect(spec.automountServiceAccountToken).toBe(false);
      expect(JSON.stringify(spec.volumes ?? [])).not.toContain("secrets-store");
      const inNamespace = (kind: string) => yamlObjects(plans, "prod", kind).filter((object) => object.metadata.namespace === SANDBOXED);
      expect(inNamespace("SecretProviderClass")).toEqual([]);
      expect(inNamespace("ServiceEntry")).toEqual([]);
      expect(inNamespace("NetworkPolicy").map((policy) => policy.metadata.name)).not.toContain("allow-egress-to-internet-tls");
      // The MCP servers' secrets (the authorization server's database login, the guard's store and the ingress TLS files are the platform's).
      const platform = ["mcp/prod/identity/", "mcp/prod/gateway/", "mcp/prod/ingress/"];
      const serverSecrets = stackResources(plans, "prod", "aws_secretsmanager_secret").map((secret) => String(secret.values["name"])).filter((name) => !platform.some((prefix) => name.startsWith(prefix)));
      expect(serverSecrets).toEqual(["mcp/prod/docs-search/search-api-key"]);
      expect(yamlObjects(plans, "prod", "SecretProviderClass").map((object) => object.metadata.namespace).filter((namespace) => !["keycloak", "mcp-gateway", "istio-ingress", "mcp-access-review"].includes(String(namespace)))).toEqual(["docs-search"]);
    });

    test("its guard reports (an accepted, justified exception of enforce mode) and Falco reports everything it does", () => {
      const guard = guardConfigOf(plans);
      expect(guard.servers[SANDBOXED].mode).toBe("report");
      expect(guard.servers["docs-search"].mode).toBe("enforce");
      const accepted = runPolicies(plans).accepted.filter((finding) => finding.rule === "io-00-guard-enforce-mode");
      expect([...new Set(accepted.map((finding) => finding.justification))]).toEqual([`${SANDBOXED}: ${SANDBOX_REPORT_JUSTIFICATION}`]);
      const entries = falcoRulesOf(plans, "prod");
      expect(validateFalcoRules(entries)).toEqual([]);
      expect(entries.find((entry) => entry.list === "mcp_sandbox_namespaces")!.items).toEqual([SANDBOXED]);
      for (const name of [FALCO_MCP_RULE_NAMES.sandboxProcess, FALCO_MCP_RULE_NAMES.sandboxConnection, FALCO_MCP_RULE_NAMES.sandboxWrite]) {
        expect(entries.find((entry) => entry.rule === name)).toMatchObject({ priority: "NOTICE", tags: expect.arrayContaining(["sandbox", "TOOL-10"]) });
      }
      const destinations = entries.find((entry) => entry.macro === "mcp_declared_destination")!.condition;
      expect(destinations).not.toContain(`"${SANDBOXED}"`);
    });

    test("its Kubernetes objects validate against the Kubernetes API's schemas (kubernetes-models)", () => {
      const objects = yamlObjects(plans, "prod").filter((object) => object.metadata.namespace === SANDBOXED || object.metadata.name === SANDBOXED);
      expect(objects.map((object) => object.kind)).toEqual(expect.arrayContaining(["Namespace", "Deployment"]));
      const output = execFileSync(process.execPath, [path.join(__dirname, "..", "k8s-validate.mjs")], { input: JSON.stringify(objects), cwd: path.join(__dirname, "..", "..") });
      const results = JSON.parse(output.toString("utf8")) as { index: number; result: string; errors: string[] }[];
      expect(results.filter((result) => result.result !== "valid")).toEqual([]);
    });

    test("the sandboxed plan and the built-in plans pass every TOOL-10 rule", () => {
      expect(findingsFor(plans, "TOOL-10")).toEqual([]);
      expect(findingsFor(synthesizedPlans(), "TOOL-10")).toEqual([]);
    });
  });

  describe("check reports TOOL-10 when the real sandboxed output is weakened", () => {
    test("the sandboxed pods lose their toleration and node selector, and the gateway tolerates the sandbox nodes", () => {
      expect(
        weakenedSandbox((plans) => {
          const spec = deployment(plans, SANDBOXED).spec.template.spec;
          delete spec.tolerations;
          spec.nodeSelector = { "mcp.security/node-role": "mcp-workloads" };
          yamlObject(plans, "prod", "Deployment/mcp-gateway/agentgateway").spec.template.spec.tolerations = [{ operator: "Exists" }];
        })
      ).toEqual([
        "tool-10-sandbox-placement Deployment/github-tools/github-tools: sandboxed workload does not select the sandbox nodes (nodeSelector {\"mcp.security/node-role\":\"mcp-sandbox\"})",
        "tool-10-sandbox-placement Deployment/github-tools/github-tools: sandboxed workload does not tolerate the sandbox nodes' taint mcp.security/sandbox=true:NoSchedule, so it cannot run there",
        "tool-10-sandbox-placement Deployment/mcp-gateway/agentgateway: tolerates the sandbox nodes' taint but is not sandboxed: it may share a node with untrusted server versions",
      ]);
    });

    test("the sandbox node group loses its taint", () => {
      expect(
        weakenedSandbox((plans) => {
          for (const pool of stackResources(plans, "prod", "aws_eks_node_group")) delete pool.values["taint"];
        })
      ).toEqual(["tool-10-sandbox-placement provider.aws: no EKS node group carries the sandbox label and taint mcp.security/sandbox=true:NO_SCHEDULE: sandboxed servers have no nodes of their own"]);
    });

    test("the sandboxed pods get an API token and a Secrets Manager mount, and the namespace mesh egress", () => {
      expect(
        weakenedSandbox((plans) => {
          const spec = deployment(plans, SANDBOXED).spec.template.spec;
          spec.automountServiceAccountToken = true;
          spec.volumes = [...(spec.volumes ?? []), { name: "secrets", csi: { driver: "secrets-store.csi.k8s.io", readOnly: true, volumeAttributes: { secretProviderClass: "x" } } }];
          (plans.kubernetes.find((file) => file.file === "prod/mesh.yaml")!.objects as KubernetesObject[]).push({
            apiVersion: "networking.istio.io/v1",
            kind: "ServiceEntry",
            metadata: { name: "api-github-com", namespace: SANDBOXED },
            spec: { hosts: ["api.github.com"], ports: [{ number: 443, name: "tls", protocol: "TLS" }], resolution: "DNS", location: "MESH_EXTERNAL" },
          });
        })
      ).toEqual([
        "tool-10-sandbox-withholds Deployment/github-tools/github-tools: sandboxed workload mounts a Kubernetes API token (automountServiceAccountToken is not false)",
        'tool-10-sandbox-withholds Deployment/github-tools/github-tools: sandboxed workload volume "secrets" mounts secrets from Secrets Manager (Secrets Store CSI)',
        "tool-10-sandbox-withholds ServiceEntry/github-tools/api-github-com: declares mesh egress for a sandboxed server, whose egress must be denied",
      ]);
    });

    test("the sandboxed server's namespace opens internet egress and the stack creates a secret for it", () => {
      expect(
        weakenedSandbox((plans) => {
          (plans.kubernetes.find((file) => file.file === "prod/workloads.yaml")!.objects as KubernetesObject[]).push({
            apiVersion: "networking.k8s.io/v1",
            kind: "NetworkPolicy",
            metadata: { name: "allow-egress-to-internet-tls", namespace: SANDBOXED },
            spec: { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ protocol: "TCP", port: 443 }] }] },
          });
          addResource(plans, "prod", "aws_secretsmanager_secret", "planted", { name: `mcp/prod/${SANDBOXED}/app-private-key` });
        })
      ).toEqual([
        "tool-10-sandbox-withholds NetworkPolicy/github-tools/allow-egress-to-internet-tls: opens egress to addresses outside the cluster (ipBlock) for a sandboxed server, whose egress must be denied",
        "tool-10-sandbox-withholds aws_secretsmanager_secret.planted: is a secret of sandboxed server github-tools, which must run without secrets",
      ]);
    });

    test("the guard enforces for the sandboxed server and Falco stops reporting it", () => {
      expect(
        weakenedSandbox((plans) => {
          const configMap = yamlObject(plans, "prod", "ConfigMap/mcp-gateway/mcp-guard-config");
          const guard = JSON.parse(configMap.data["guard-config.json"]);
          guard.servers[SANDBOXED].mode = "enforce";
          configMap.data["guard-config.json"] = JSON.stringify(guard);
          editFalcoRules(plans, (entries) => [
            ...entries.map((entry) => (entry.list === "mcp_sandbox_namespaces" ? { ...entry, items: [] } : entry)),
            { rule: FALCO_MCP_RULE_NAMES.sandboxConnection, enabled: false },
          ]);
        })
      ).toEqual([
        'tool-10-sandbox-reports ConfigMap/mcp-gateway/mcp-guard-config: sandboxed server "github-tools" runs in guard mode "enforce": the sandbox\'s guard reports what it would decide and lets everything through',
        `tool-10-sandbox-reports DaemonSet/falco/falco: Falco list mcp_sandbox_namespaces misses github-tools, so the sandbox rules do not report what that server does`,
        `tool-10-sandbox-reports DaemonSet/falco/falco: Falco rule "${FALCO_MCP_RULE_NAMES.sandboxConnection}" is disabled (enabled: false)`,
      ]);
    });
  });

  describe("the environment config", () => {
    const problemsOf = (environment: unknown): readonly ConfigProblem[] => {
      try {
        parseEnvironment(environment);
      } catch (error) {
        if (error instanceof ConfigError) return error.problems;
        throw error;
      }
      return [];
    };
    const withServer = (edit: (server: Record<string, any>) => void) => {
      const copy = structuredClone(prod) as any;
      edit(copy.mcpServers[1]);
      return copy;
    };
    const justification = "New server tried for two weeks while its baseline is reviewed; approved by the CISO until 2026-12-31.";

    test("production refuses guard report mode for a server that is not sandboxed, naming the field and the fix", () => {
      expect(problemsOf(withServer((server) => (server.guard = { mode: "report", reportJustification: justification })))).toEqual([
        {
          path: "mcpServers[1].guard.mode",
          message: "is report, which production refuses for a server that is not sandboxed: its messages would reach clients unchecked",
          hint: "remove guard.mode (and reportJustification) so the guard enforces, or try this version in the sandbox first with stage: sandbox (no secrets, no egress, the guard reporting)",
        },
      ]);
      const dev = structuredClone(config("dev")) as any;
      dev.mcpServers[0].guard = { mode: "report", reportJustification: justification };
      expect(problemsOf(dev)).toEqual([]);
    });

    test("a sandboxed server needs no report justification, and refuses an enforcing guard", () => {
      expect(problemsOf(withServer((server) => (server.stage = "sandbox")))).toEqual([]);
      expect(parseEnvironment(withServer((server) => (server.stage = "sandbox"))).mcpServers[1].stage).toBe("sandbox");
      expect(problemsOf(withServer((server) => Object.assign(server, { stage: "sandbox", guard: { mode: "enforce" } })))).toEqual([
        {
          path: "mcpServers[1].guard.mode",
          message: "is enforce, but the server is sandboxed (stage: sandbox), where the guard reports everything",
          hint: "remove guard.mode: a sandboxed server's guard runs in report mode; promote the server (remove stage) to enforce",
        },
      ]);
      expect(problemsOf(withServer((server) => (server.stage = "canary")))[0]).toMatchObject({ path: "mcpServers[1].stage" });
    });
  });
});

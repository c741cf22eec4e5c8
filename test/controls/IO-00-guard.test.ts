import { createHash } from "crypto";
import { prod } from "../../environments/prod";
import { config, ENVIRONMENTS } from "../support/compute";
import { editGatewayConfig, gatewayConfig, gatewayFile, GATEWAY_CONFIG_MAP, routeOf } from "../support/gateway";
import { editGuardConfig, guardConfigOf, GUARD_CONFIG_MAP } from "../support/guard";
import { findingLines, removeYamlObjects, weakened, yamlObject, yamlObjects } from "../support/kubernetes";
import { synthesizedPlans } from "../support/plans";
import { runPolicies } from "../../policies/engine";
import { toolsDigest } from "../../guard/src/pin";

const onRoute = "io-00-guard-on-every-route";
const failsClosed = "io-00-guard-fails-closed";
const hardened = "io-00-guard-deployment-hardened";
const enforce = "io-00-guard-enforce-mode";
const GATEWAY = gatewayFile("prod");
const GUARD_HOST = "mcp-guard.mcp-gateway.svc.cluster.local:9000";

/** The guard rules' lines among IO-00's findings. */
const ours = (lines: string[]) => lines.filter((line) => [onRoute, failsClosed, hardened, enforce].some((rule) => line.startsWith(`${rule} `)));

describe("IO-00 schema validation at every MCP entry point: the MCP guard on every route, failing closed, hardened", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const env = config(environment);

    test("every route calls the guard's Service for every method, in both phases, failing closed, with the method and path a DPoP proof is checked against, the token, proof, revision, session and trace headers", () => {
      for (const server of env.mcpServers) {
        expect(routeOf(gatewayConfig(plans, environment), server.name).policies.mcpGuardrails).toEqual({
          processors: [{ kind: "remote", host: GUARD_HOST, methods: { "*": "full" }, failureMode: "failClosed", requestHeaders: { allowed: [":method", ":path", "authorization", "dpop", "mcp-protocol-version", "mcp-session-id", "traceparent"] },
              metadata: {
                tool: 'has(mcp.tool) ? mcp.tool.name : ""',
                protocolVersion: '"mcp-protocol-version" in request.headers ? request.headers["mcp-protocol-version"] : ""',
                traceparent: '"traceparent" in request.headers ? request.headers["traceparent"] : ""',
              },
            },
          ],
        });
      }
      expect(yamlObject(plans, environment, "Service/mcp-gateway/mcp-guard").spec.ports).toEqual([{ name: "http", port: 9000, targetPort: "http", protocol: "TCP", appProtocol: "grpc" }]);
    });

    test("the guard runs hardened: 2+ replicas, a PDB, the environment's digest-pinned image, its start command, gRPC probes, read-only config", () => {
      const deployment = yamlObject(plans, environment, "Deployment/mcp-gateway/mcp-guard");
      const pod = deployment.spec.template.spec;
      const container = pod.containers[0];
      expect(deployment.spec.replicas).toBe(Math.max(2, env.azCount));
      expect(container.image).toBe(env.gateway.guardImage);
      expect(container.image).toMatch(new RegExp(`^${env.accountId}\\.dkr\\.ecr\\.${env.region}\\.amazonaws\\.com/mcp/gateway/guard@sha256:[0-9a-f]{64}$`));
      expect(container.command).toBeUndefined();
      expect(container.args).toEqual(["--config", "/etc/mcp-guard/guard-config.json", "--listen", "0.0.0.0:9000", "--tools-digest", toolsDigest(guardConfigOf(plans, environment) as never)]);
      for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) expect(container[probe].grpc).toEqual({ port: 9000 });
      expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(container.volumeMounts).toContainEqual({ name: "config-0", mountPath: "/etc/mcp-guard", readOnly: true });
      expect(pod.volumes).toContainEqual({ name: "config-0", configMap: { name: "mcp-guard-config", defaultMode: 0o444 } });
      expect(yamlObject(plans, environment, "PodDisruptionBudget/mcp-gateway/mcp-guard").spec.selector).toEqual({ matchLabels: { "app.kubernetes.io/name": "mcp-guard" } });
      const text = yamlObject(plans, environment, GUARD_CONFIG_MAP).data["guard-config.json"];
      expect(deployment.spec.template.metadata.annotations["mcp.security/config-sha256"]).toBe(createHash("sha256").update(text).digest("hex"));
    });

    test("only the gateway reaches the guard: its NetworkPolicy admits the gateway's pods on 9000, its mesh policy the gateway's identity", () => {
      const policy = yamlObject(plans, environment, "NetworkPolicy/mcp-gateway/allow-ingress-to-mcp-guard");
      expect(policy.spec).toEqual({
        podSelector: { matchLabels: { "app.kubernetes.io/name": "mcp-guard" } },
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": "agentgateway" } } }], ports: [{ protocol: "TCP", port: 9000 }] }],
      });
      expect(yamlObject(plans, environment, "AuthorizationPolicy/mcp-gateway/allow-gateway-to-guard").spec).toEqual({
        selector: { matchLabels: { "app.kubernetes.io/name": "mcp-guard" } },
        action: "ALLOW",
        rules: [{ from: [{ source: { principals: ["cluster.local/ns/mcp-gateway/sa/agentgateway"] } }], to: [{ operation: { ports: ["9000"] } }] }],
      });
    });

    test("the guard's configuration in the ConfigMap is the generated one: every server enforced", () => {
      expect(Object.keys(guardConfigOf(plans, environment).servers)).toEqual(env.mcpServers.map((server) => server.name).sort());
      for (const server of Object.values(guardConfigOf(plans, environment).servers)) expect((server as { mode: string }).mode).toBe("enforce");
    });

    test("no finding of the guard's IO-00 rules", () => {
      expect(ours(findingLines(plans, "IO-00"))).toEqual([]);
    });
  });

  describe("check reports IO-00 when the real output is weakened", () => {
    test("a route loses its guard, another calls it with another kind", () => {
      expect(
        ours(
          weakened("IO-00", (plans) =>
            editGatewayConfig(plans, "prod", (generated) => {
              delete routeOf(generated, "github-tools").policies.mcpGuardrails;
              routeOf(generated, "docs-search").policies.mcpGuardrails.processors[0].kind = "local";
            })
          )
        )
      ).toEqual([
        `${onRoute} ${GATEWAY} ${GATEWAY_CONFIG_MAP}: route "docs-search" calls the MCP guard with kind "local", not remote`,
        `${onRoute} ${GATEWAY} ${GATEWAY_CONFIG_MAP}: route "github-tools" calls no MCP guard (no mcpGuardrails processor with host ${GUARD_HOST}): its messages are neither validated nor filtered`,
      ]);
    });

    test("a route calls a guard that is not deployed (another host)", () => {
      expect(ours(weakened("IO-00", (plans) => editGatewayConfig(plans, "prod", (generated) => (routeOf(generated, "docs-search").policies.mcpGuardrails.processors[0].host = "guard.elsewhere.svc.cluster.local:9000"))))).toEqual([
        `${onRoute} ${GATEWAY} ${GATEWAY_CONFIG_MAP}: route "docs-search" calls no MCP guard (no mcpGuardrails processor with host ${GUARD_HOST}): its messages are neither validated nor filtered`,
      ]);
    });

    test("the guard is not deployed at all", () => {
      const lines = weakened("IO-00", (plans) => removeYamlObjects(plans, "prod", (object) => object.kind === "Deployment" && object.metadata.name === "mcp-guard"));
      expect(ours(lines)).toEqual([`${onRoute} ${GATEWAY} Deployment/mcp-gateway/agentgateway: is an MCP gateway, but no MCP guard (pods labelled app.kubernetes.io/name: mcp-guard) is deployed with it: no MCP message is validated or filtered`]);
    });

    test("failOpen", () => {
      expect(ours(weakened("IO-00", (plans) => editGatewayConfig(plans, "prod", (generated) => (routeOf(generated, "github-tools").policies.mcpGuardrails.processors[0].failureMode = "failOpen"))))).toEqual([
        `${failsClosed} ${GATEWAY} ${GATEWAY_CONFIG_MAP}: route "github-tools" calls the MCP guard with failureMode failOpen: when the guard is unreachable, every message passes unchecked`,
      ]);
    });

    test("one replica, no PodDisruptionBudget, an image by tag", () => {
      expect(
        ours(
          weakened("IO-00", (plans) => {
            const deployment = yamlObject(plans, "prod", "Deployment/mcp-gateway/mcp-guard");
            deployment.spec.replicas = 1;
            deployment.spec.template.spec.containers[0].image = "333333333333.dkr.ecr.eu-central-1.amazonaws.com/mcp/gateway/guard:latest";
            removeYamlObjects(plans, "prod", (object) => object.kind === "PodDisruptionBudget" && object.metadata.name === "mcp-guard");
          })
        )
      ).toEqual([
        `${hardened} ${GATEWAY} Deployment/mcp-gateway/mcp-guard: container "mcp-guard" runs image "333333333333.dkr.ecr.eu-central-1.amazonaws.com/mcp/gateway/guard:latest", not pinned by digest (@sha256:<64 hex>)`,
        `${hardened} ${GATEWAY} Deployment/mcp-gateway/mcp-guard: has no PodDisruptionBudget: a node drain may evict every MCP guard pod at once`,
        `${hardened} ${GATEWAY} Deployment/mcp-gateway/mcp-guard: runs 1 replica(s) of the MCP guard: at least 2 are needed, or one pod's failure denies every MCP call`,
      ]);
    });

    test("the guard's NetworkPolicy admits another namespace, its mesh policy another identity", () => {
      const lines = ours(
        weakened("IO-00", (plans) => {
          yamlObject(plans, "prod", "NetworkPolicy/mcp-gateway/allow-ingress-to-mcp-guard").spec.ingress[0].from.push({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "github-tools" } } });
          yamlObject(plans, "prod", "AuthorizationPolicy/mcp-gateway/allow-gateway-to-guard").spec.rules[0].from[0].source.principals.push("cluster.local/ns/github-tools/sa/github-tools");
        })
      );
      expect(lines).toEqual([
        `${hardened} ${GATEWAY} NetworkPolicy/mcp-gateway/allow-ingress-to-mcp-guard: ingress rule 0 admits {"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"github-tools"}}} to the MCP guard's pods; admit only the gateway's pods (podSelector app.kubernetes.io/name: agentgateway)`,
        `${hardened} prod/mesh.yaml AuthorizationPolicy/mcp-gateway/allow-gateway-to-guard: rule 0 admits [{"principals":["cluster.local/ns/mcp-gateway/sa/agentgateway","cluster.local/ns/github-tools/sa/github-tools"]}] to the MCP guard; admit only the gateway's identity cluster.local/ns/mcp-gateway/sa/agentgateway`,
      ]);
    });

    test("a server switched to report mode by hand", () => {
      expect(ours(weakened("IO-00", (plans) => editGuardConfig(plans, "prod", (generated) => (generated.servers["docs-search"].mode = "report"))))).toEqual([
        `${enforce} ${GATEWAY} ${GUARD_CONFIG_MAP}: server "docs-search" runs in guard mode "report", not enforce: its messages are only reported, never denied or masked`,
      ]);
    });
  });

  test("report mode configured with its justification (outside production, which allows it only for sandboxed servers, TOOL-10): check lists it as accepted, with the justification, and fails nothing", () => {
    const reportJustification = "New server sandboxed for two weeks while its baseline is reviewed; approved by the CISO until 2026-12-31.";
    const plans = synthesizedPlans([{ ...prod, production: false, mcpServers: prod.mcpServers.map((server) => (server.name === "docs-search" ? { ...server, guard: { mode: "report" as const, reportJustification } } : server)) }]);
    const report = runPolicies(plans);
    expect(report.findings.filter((finding) => finding.rule.startsWith("io-00-guard"))).toEqual([]);
    expect(report.accepted.filter((finding) => finding.rule === enforce).map((finding) => [finding.location, finding.resource, finding.justification])).toEqual([
      ["mcp-prod-workloads", "kubernetes_manifest.ConfigMap_mcp-gateway_mcp-guard-config", `docs-search: ${reportJustification}`],
      [GATEWAY, GUARD_CONFIG_MAP, `docs-search: ${reportJustification}`],
    ]);
    expect(yamlObjects(plans, "prod", "ConfigMap").find((object) => object.metadata.name === "mcp-guard-config")!.metadata.annotations?.["mcp-hardening.io/exceptions"]).toBe(JSON.stringify([{ rule: enforce, justification: `docs-search: ${reportJustification}` }]));
  });
});

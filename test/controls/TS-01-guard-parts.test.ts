/**
 * TS-01 and PROV-02 when the guard's configuration is larger than a ConfigMap holds: prod scaled to enough MCP servers
 * that synth splits it into parts (one ConfigMap and one `--config` each, `McpGuard`). The manifests are the real
 * workloads synth builds for that environment (the Kubernetes half of the pipeline: the AWS half does not change with
 * the split), checked by the real rules; the weakening tests drop one part.
 */
import * as path from "path";
import { withServerCount } from "../../bench/scaled-environments";
import { MAX_CONFIG_MAP_BYTES } from "../../constructs/k8s/mcp-guard";
import { joinGuardConfigParts } from "../../guard/src/config/parts";
import { parseGuardConfig } from "../../guard/src/config/load";
import { toolsDigest } from "../../guard/src/pin";
import prov02 from "../../policies/rules/prov-02-guard-pins-tamper-evident";
import ts01 from "../../policies/rules/ts-01-guard-approved-tools";
import { Artifacts, Rule } from "../../policies/types";
import { buildWorkloads, manifestFiles } from "../../stacks/workloads";
import { config } from "../support/compute";
import { tempDir } from "../support/plans";

/** Servers enough that prod's guard configuration (about 7.9 KB a server: 133 or more) needs more than one ConfigMap. */
const SERVERS = 140;
const GATEWAY_FILE = "prod/gateway.yaml";

const environment = withServerCount(config("prod"), SERVERS, path.join(tempDir("guard-parts"), "approved-tools"));
const workloads = buildWorkloads(environment);
const manifests = manifestFiles(workloads);

/** A fresh copy of the manifests, which a test may weaken. */
function artifacts(): Artifacts {
  return { stacks: [], kubernetes: structuredClone(manifests) };
}

/** The gateway file's objects (mutable). */
function gatewayObjects(plans: Artifacts): Record<string, any>[] {
  return plans.kubernetes.find((file) => file.file === GATEWAY_FILE)!.objects as unknown as Record<string, any>[];
}

function configMaps(plans: Artifacts): Record<string, any>[] {
  return gatewayObjects(plans).filter((object) => object.kind === "ConfigMap" && /^mcp-guard-config-\d+$/.test(object.metadata.name));
}

function guardContainer(plans: Artifacts): Record<string, any> {
  const deployment = gatewayObjects(plans).find((object) => object.kind === "Deployment" && object.metadata.name === "mcp-guard")!;
  return deployment.spec.template.spec.containers.find((container: Record<string, any>) => container.name === "mcp-guard");
}

/** `resource: message` of the rule's findings. */
function findings(rule: Rule, plans: Artifacts): string[] {
  return rule.check(plans).map((violation) => `${violation.resource}: ${violation.message}`);
}

describe("a guard configuration larger than a ConfigMap is split into parts, and TS-01/PROV-02 read every part", () => {
  const whole = JSON.parse(workloads.gateway.guard.configText) as Record<string, any>;

  test("the parts are ConfigMaps within the size limit, one --config each, that join into the whole configuration", () => {
    const parts = configMaps(artifacts());
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      const bytes = Object.entries(part.data as Record<string, string>).reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value), 0);
      expect(bytes).toBeLessThanOrEqual(MAX_CONFIG_MAP_BYTES);
    }
    const args = guardContainer(artifacts()).args as string[];
    expect(args.filter((arg) => arg === "--config")).toHaveLength(parts.length);
    const joined = joinGuardConfigParts(parts.map((part) => JSON.parse(part.data["guard-config.json"])));
    expect(joined).toEqual(whole);
    expect(Object.keys(joined.servers as object)).toHaveLength(SERVERS);
    expect(toolsDigest(parseGuardConfig(joined))).toBe(args[args.indexOf("--tools-digest") + 1]);
  });

  test("no finding of TS-01 or PROV-02 on the split configuration", () => {
    expect([...findings(ts01, artifacts()), ...findings(prov02, artifacts())]).toEqual([]);
  });

  test("a part dropped from the guard's arguments: its servers are missing (TS-01) and the pins no longer match the digest (PROV-02)", () => {
    const plans = artifacts();
    const args = guardContainer(plans).args as string[];
    const last = args.lastIndexOf("--config");
    const dropped = JSON.parse(configMaps(plans).at(-1)!.data["guard-config.json"]).servers as Record<string, unknown>;
    args.splice(last, 2);
    const missing = findings(ts01, plans);
    expect(missing).toHaveLength(Object.keys(dropped).length);
    for (const server of Object.keys(dropped)) {
      expect(missing).toContain(`ConfigMap/mcp-gateway/mcp-guard-config-1: has no entry for server "${server}", which the gateway's route "${server}" routes: none of its tools has an approved definition`);
    }
    expect(findings(prov02, plans)).toEqual([expect.stringMatching(/^Deployment\/mcp-gateway\/mcp-guard: container \"mcp-guard\" expects tools digest sha256:[0-9a-f]{64}, but ConfigMap .* carries pins with digest sha256:[0-9a-f]{64}: the approved tools were changed on one side only$/)]);
  });

  test("a part's ConfigMap deleted: the guard's configuration cannot be read (PROV-02)", () => {
    const plans = artifacts();
    const objects = gatewayObjects(plans);
    const count = configMaps(plans).length;
    objects.splice(objects.indexOf(configMaps(plans)[1]), 1);
    expect(findings(prov02, plans)).toEqual([
      `Deployment/mcp-gateway/mcp-guard: the guard's pin source cannot be read: part 2 of ${count}: reads /etc/mcp-guard/2/guard-config.json from ConfigMap "mcp-guard-config-2", which these manifests do not declare`,
    ]);
  });

  test("two parts carrying the same server do not join", () => {
    const plans = artifacts();
    const [first, second] = configMaps(plans);
    const text = JSON.parse(second.data["guard-config.json"]);
    const [name, server] = Object.entries(JSON.parse(first.data["guard-config.json"]).servers)[0];
    text.servers[name] = server;
    second.data["guard-config.json"] = JSON.stringify(text);
    expect(findings(prov02, plans)).toEqual([`Deployment/mcp-gateway/mcp-guard: the guard's pin source cannot be read: reads configuration parts that do not join: servers.${name}: is in part 1 and in part 2; a server belongs to one part`]);
  });
});

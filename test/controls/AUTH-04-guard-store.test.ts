import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { parseGuardConfig } from "../../guard/src/config/load";
import { GUARD_SECRETS_DIR } from "../../constructs/k8s/mcp-guard";
import { guardStoreSecretNames } from "../../stacks/guard-store-aws";
import { Artifacts } from "../../policies/types";
import { findingsFor, synthesizedPlans } from "../support/plans";
import { yamlObject } from "../support/kubernetes";
import { editGuardConfig, guardConfigOf, GUARD_CONFIG_MAP } from "../support/guard";

const ours = (plans: Artifacts) =>
  findingsFor(plans, "AUTH-04")
    .filter((finding) => finding.rule === "auth-04-guard-shared-store")
    .map((finding) => `${finding.location} ${finding.resource}: ${finding.message}`)
    .sort();

const GUARD = "Deployment/mcp-gateway/mcp-guard";
const at = (environment: string) => `${environment}/gateway.yaml ${GUARD_CONFIG_MAP}`;

describe("AUTH-04 replay cache, CV-04/JIT-04 revocation list: every guard replica shares the one store", () => {
  describe.each(BUILT_IN_ENVIRONMENTS.map((environment) => [environment.name, environment] as const))("in %s", (name, environment) => {
    const plans = synthesizedPlans();

    test("the guard config names the store by its mounted host and token files, over TLS, and loads", () => {
      const config = parseGuardConfig(guardConfigOf(plans, name));
      expect(config.auth?.store).toEqual({ hostFile: `${GUARD_SECRETS_DIR}/guard-store-host`, port: 6379, tls: true, passwordFile: `${GUARD_SECRETS_DIR}/guard-store-token` });
      const spec = yamlObject(plans, name, GUARD).spec.template.spec;
      const volume = spec.volumes.find((entry: Record<string, any>) => entry.csi !== undefined);
      const provider = yamlObject(plans, name, `SecretProviderClass/mcp-gateway/${volume.csi.volumeAttributes.secretProviderClass}`);
      expect(provider.spec.parameters.objects).toContain(guardStoreSecretNames(environment).token);
      expect(provider.spec.parameters.objects).toContain(guardStoreSecretNames(environment).host);
      expect(spec.containers[0].env ?? []).toEqual([]);
    });

    test("the guard's only egress to the data tier is the store's port, and the mesh registers exactly those addresses on it", () => {
      const policy = yamlObject(plans, name, "NetworkPolicy/mcp-gateway/allow-egress-from-mcp-guard-to-shared-store");
      expect(policy.spec.egress).toEqual([{ to: expect.arrayContaining([{ ipBlock: { cidr: expect.any(String) } }]), ports: [{ protocol: "TCP", port: 6379 }] }]);
      expect(policy.spec.egress[0].to).toHaveLength(environment.azCount);
      const entry = yamlObject(plans, name, "ServiceEntry/mcp-gateway/mcp-guard-store");
      expect(entry.spec).toMatchObject({ exportTo: ["."], location: "MESH_EXTERNAL", resolution: "NONE", ports: [{ number: 6379, protocol: "TCP" }] });
      expect(entry.spec.addresses).toEqual(policy.spec.egress[0].to.map((peer: { ipBlock: { cidr: string } }) => peer.ipBlock.cidr));
    });

    test("no finding of the rule", () => {
      expect(ours(plans)).toEqual([]);
    });
  });

  test("check reports a guard with token checks and no shared store", () => {
    const plans = synthesizedPlans();
    editGuardConfig(plans, "prod", (config) => delete config.auth.store);
    expect(ours(plans)).toEqual([
      `${at("prod")}: checks tokens without a shared store (auth.store.hostFile or redisUrl): each replica keeps its own replay cache and revocation list`,
      `${at("prod")}: names no AUTH token file for its shared store (auth.store.passwordFile)`,
    ]);
  });

  test("check reports a store reached without TLS, and a token file outside the Secrets Manager mount", () => {
    const plans = synthesizedPlans();
    editGuardConfig(plans, "dev", (config) => Object.assign(config.auth.store, { tls: false, passwordFile: "/etc/mcp-guard/token" }));
    expect(ours(plans)).toEqual([
      `${at("dev")}: auth.store.passwordFile /etc/mcp-guard/token is not on a Secrets Store CSI mount of the guard's pods`,
      `${at("dev")}: reaches its shared store without TLS (auth.store.tls false or a redis:// URL)`,
    ]);
  });

  test("check reports store files when the guard's pods mount no secrets", () => {
    const plans = synthesizedPlans();
    const spec = yamlObject(plans, "test", GUARD).spec.template.spec;
    spec.volumes = spec.volumes.filter((volume: Record<string, unknown>) => volume.csi === undefined);
    expect(ours(plans)).toEqual([
      `${at("test")}: auth.store.hostFile ${GUARD_SECRETS_DIR}/guard-store-host is not on a Secrets Store CSI mount of the guard's pods`,
      `${at("test")}: auth.store.passwordFile ${GUARD_SECRETS_DIR}/guard-store-token is not on a Secrets Store CSI mount of the guard's pods`,
    ]);
  });
});

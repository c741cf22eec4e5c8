/**
 * The configuration synth generates is the configuration the guard runs: each built-in environment's guard-config.json
 * (the ConfigMap text of the synthesized plans) passes the guard's own strict loading and compiles into its pipeline
 * (threat pack version, CEL constraints, overrides, the approved definitions' pins and poisoning scan); and the gateway
 * sends the metadata the guard reads on responses. (IO-00-guard.test.ts checks the Deployment's `--tools-digest`.)
 */
import { GUARD_METADATA_KEYS, Pipeline } from "../../guard/src/pipeline/pipeline";
import { createAuthRuntime } from "../../guard/src/auth/runtime";
import { MemoryAuthStore } from "../../guard/src/auth/store";
import { CHECKS } from "../../guard/src/checks";
import { parseGuardConfig } from "../../guard/src/config/load";
import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { gatewayConfig } from "../support/gateway";
import { guardConfigOf } from "../support/guard";
import { synthesizedPlans } from "../support/plans";

describe("the guard accepts the configuration synth generates", () => {
  const plans = synthesizedPlans();

  test.each(BUILT_IN_ENVIRONMENTS.map((environment) => environment.name))("%s: strict loading and the pipeline's compilation", (environment) => {
    const config = parseGuardConfig(guardConfigOf(plans, environment));
    // The store's host and token files exist only in the pod (Secrets Store CSI); test/guard/store-files.test.ts reads them.
    createAuthRuntime(config.auth!, { store: new MemoryAuthStore() });
    expect(new Pipeline(config, CHECKS).config.environment).toBe(environment);
  });

  test("every route's guard processor sends the metadata keys the guard reads", () => {
    for (const environment of BUILT_IN_ENVIRONMENTS) {
      for (const route of gatewayConfig(plans, environment.name).routes) {
        const [processor] = route.policies["mcpGuardrails"].processors as { metadata: Record<string, string> }[];
        expect(Object.keys(processor.metadata).sort()).toEqual(Object.values(GUARD_METADATA_KEYS).sort());
      }
    }
  });
});

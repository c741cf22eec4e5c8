/**
 * AUTH-04 on the synthesized output: Keycloak issues only DPoP-bound tokens, and the gateway forwards to the guard
 * what a proof is checked against. The last tests drive a DPoP-bound request through the guard with exactly the
 * headers the generated gateway configuration forwards (agentgateway's `collect_headers`: pseudo-headers and headers
 * named in `requestHeaders.allowed`) and the generated guard configuration.
 */
import { calculateJwkThumbprint, createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from "jose";
import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { accessTokenHash } from "../../guard/src/auth/dpop";
import { createAuthRuntime } from "../../guard/src/auth/runtime";
import { MemoryAuthStore } from "../../guard/src/auth/store";
import { CHECKS } from "../../guard/src/checks";
import { parseGuardConfig } from "../../guard/src/config/load";
import { Pipeline } from "../../guard/src/pipeline/pipeline";
import { synthesizedPlans } from "../support/plans";
import { findingLines, weakened } from "../support/kubernetes";
import { editGatewayConfig, gatewayConfig, routeOf } from "../support/gateway";
import { editGuardConfig, guardConfigOf } from "../support/guard";
import { clientOf, editRealm, realmOf } from "../support/identity";
import { denial } from "../guard/support/decide";

const ENVIRONMENTS = BUILT_IN_ENVIRONMENTS.map((environment) => environment.name);
const ours = (lines: string[]) => lines.filter((line) => line.startsWith("auth-04-realm-") || line.startsWith("auth-04-gateway-"));

describe("AUTH-04 sender-constrained tokens: Keycloak binds tokens to DPoP keys, the gateway forwards what the guard checks a proof against", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("every client requires DPoP-bound tokens; every route forwards :method, :path, the token and the proof to the guard", () => {
      const env = BUILT_IN_ENVIRONMENTS.find((candidate) => candidate.name === environment)!;
      for (const server of env.mcpServers) {
        expect(clientOf(realmOf(plans, environment), server.name).attributes["dpop.bound.access.tokens"]).toBe("true");
        const [processor] = routeOf(gatewayConfig(plans, environment), server.name).policies.mcpGuardrails.processors;
        expect(processor.requestHeaders.allowed).toEqual(expect.arrayContaining([":method", ":path", "authorization", "dpop"]));
      }
      expect(guardConfigOf(plans, environment).auth.dpop).toEqual({ origin: `https://${env.edge.domain}` });
    });

    test("no finding of the rules", () => {
      expect(ours(findingLines(plans, "AUTH-04"))).toEqual([]);
    });
  });

  test("check reports a client issuing unbound bearer tokens", () => {
    expect(ours(weakened("AUTH-04", (plans) => editRealm(plans, "prod", (realm) => (clientOf(realm, "github-tools").attributes["dpop.bound.access.tokens"] = "false"))))).toEqual([
      "auth-04-realm-dpop-bound prod/identity.yaml ConfigMap/keycloak/keycloak-realm: realm mcp-prod: client mcp-github-tools issues unbound bearer tokens: require DPoP (dpop.bound.access.tokens)",
    ]);
  });

  test("check reports a route that no longer forwards :path, and :scheme and :authority once the guard has no public origin", () => {
    const lines = weakened("AUTH-04", (plans) => {
      editGatewayConfig(plans, "prod", (gateway) => {
        const processor = routeOf(gateway, "docs-search").policies.mcpGuardrails.processors[0];
        processor.requestHeaders.allowed = processor.requestHeaders.allowed.filter((name: string) => name !== ":path");
      });
      editGuardConfig(plans, "prod", (config) => delete config.auth.dpop);
    });
    expect(ours(lines)).toEqual([
      expect.stringMatching(/^auth-04-gateway-forwards-dpop-request prod\/gateway\.yaml ConfigMap\/mcp-gateway\/agentgateway-config: route "[^"]*docs-search[^"]*" does not forward :path, :scheme, :authority to the guard/),
      expect.stringMatching(/^auth-04-gateway-forwards-dpop-request prod\/gateway\.yaml ConfigMap\/mcp-gateway\/agentgateway-config: route "[^"]*github-tools[^"]*" does not forward :scheme, :authority to the guard/),
    ]);
  });

  describe("a DPoP-bound request through the generated gateway and guard configurations", () => {
    const plans = synthesizedPlans();
    const env = BUILT_IN_ENVIRONMENTS.find((candidate) => candidate.name === "prod")!;
    const path = `${env.edge.mcpPathPrefix}/docs-search`;
    const url = `https://${env.edge.domain}${path}`;

    /** The guard's decision on a `tools/list` whose client sent `headers`, forwarded as the gateway is configured to. */
    async function decide(allowed: readonly string[], proof: { htu: string; htm: string }) {
      const config = parseGuardConfig(guardConfigOf(plans, "prod"));
      const signing = await generateKeyPair("ES256");
      const dpop = await generateKeyPair("ES256");
      const dpopJwk = await exportJWK(dpop.publicKey);
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({ scope: "mcp:docs:read", azp: "mcp-docs-search", cnf: { jkt: await calculateJwkThumbprint(dpopJwk) } })
        .setProtectedHeader({ alg: "ES256", kid: "k1", typ: "at+jwt" })
        .setIssuer(config.auth!.issuer)
        .setSubject("alice")
        .setAudience(config.auth!.audiences["docs-search"])
        .setIssuedAt(now)
        .setExpirationTime(now + 300)
        .sign(signing.privateKey);
      const dpopProof = await new SignJWT({ jti: `proof-${Math.random()}`, htm: proof.htm, htu: proof.htu, iat: now, ath: accessTokenHash(token) })
        .setProtectedHeader({ alg: "ES256", typ: "dpop+jwt", jwk: dpopJwk })
        .sign(dpop.privateKey);
      createAuthRuntime(config.auth!, { keys: createLocalJWKSet({ keys: [{ ...(await exportJWK(signing.publicKey)), kid: "k1", alg: "ES256" }] }), store: new MemoryAuthStore() });
      const sent: Record<string, string> = { ":method": "POST", ":scheme": "http", ":authority": "agentgateway.mcp-gateway:8080", ":path": path, authorization: `DPoP ${token}`, dpop: dpopProof, "mcp-protocol-version": "2025-11-25", "content-type": "application/json", cookie: "x=1" };
      const forwarded = Object.entries(sent).filter(([name]) => allowed.length === 0 || allowed.includes(name));
      return denial(await new Pipeline(config, CHECKS).decide({ phase: "request", method: "tools/list", servers: ["docs-search"], metadataContext: {}, headers: forwarded.map(([key, value]) => ({ key, value: Buffer.from(value) })) }));
    }

    const allowedHeaders = () => routeOf(gatewayConfig(plans, "prod"), "docs-search").policies.mcpGuardrails.processors[0].requestHeaders.allowed as string[];

    test("passes with the generated allowlist and a proof for the public URL", async () => {
      expect(await decide(allowedHeaders(), { htm: "POST", htu: url })).toBe("pass");
    });

    test("is refused for a proof made for another URL or method", async () => {
      expect(await decide(allowedHeaders(), { htm: "POST", htu: `https://${env.edge.domain}${env.edge.mcpPathPrefix}/github-tools` })).toMatchObject({ rule: "AUTH-04-dpop-htu" });
      expect(await decide(allowedHeaders(), { htm: "GET", htu: url })).toMatchObject({ rule: "AUTH-04-dpop-htm" });
    });

    test("without :path or :method in the allowlist (the gap before), the guard cannot check the proof and refuses", async () => {
      expect(await decide(allowedHeaders().filter((name) => name !== ":path"), { htm: "POST", htu: url })).toMatchObject({ rule: "AUTH-04-dpop-request-unknown" });
      expect(await decide(allowedHeaders().filter((name) => name !== ":method"), { htm: "POST", htu: url })).toMatchObject({ rule: "AUTH-04-dpop-request-unknown" });
    });
  });
});

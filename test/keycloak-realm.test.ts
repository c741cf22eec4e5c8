/**
 * The realm generator (constructs/k8s/keycloak-realm.ts) and the environment's `identity` and tool `sensitive`/`jit`
 * fields: deterministic output, bad props refused naming the fix, bad config refused naming the field.
 */
import type RealmRepresentation from "@keycloak/keycloak-admin-client/lib/defs/realmRepresentation";
import { keycloakRealm, keycloakRealmText } from "../constructs/k8s/keycloak-realm";
import { ConfigError } from "../environments/config-error";
import { parseEnvironment } from "../environments/parse";
import { prod } from "../environments/prod";

const SERVERS = [
  { name: "b-server", audience: "https://mcp.example.com/mcp/b", tools: [{ name: "write", scopes: ["b:write"], acrValues: ["mfa-webauthn"], jit: { purposes: ["triage"], maxGrantSeconds: 120 } }] },
  { name: "a-server", audience: "https://mcp.example.com/mcp/a", tools: [{ name: "read", scopes: ["a:read"] }] },
];

describe("keycloakRealm", () => {
  test("is deterministic and ordered: the same props in another order give the same bytes", () => {
    const first = keycloakRealmText(keycloakRealm({ realm: "mcp-x", servers: SERVERS }));
    expect(keycloakRealmText(keycloakRealm({ realm: "mcp-x", servers: [...SERVERS].reverse() }))).toBe(first);
    const realm = JSON.parse(first) as RealmRepresentation;
    expect(realm.clients!.map((client) => client.clientId)).toEqual(["mcp-a-server", "mcp-b-server", "https://mcp.example.com/mcp/b"]);
    expect(realm.clients![1].attributes!["access.token.lifespan"]).toBe("120");
    expect(realm.clients![1].optionalClientScopes).toEqual(["b:write", "jit:b-server:write:triage"]);
  });

  test("refuses a token lifetime over 300 s, an acr the realm does not issue, and two servers sharing an audience", () => {
    expect(() => keycloakRealm({ realm: "mcp-x", servers: SERVERS, accessTokenSeconds: 3600 })).toThrow("accessTokenSeconds must be 30 to 300, got 3600");
    expect(() => keycloakRealm({ realm: "mcp-x", servers: [{ ...SERVERS[1], tools: [{ name: "read", scopes: ["a:read"], acrValues: ["gold"] }] }] })).toThrow('accepts acr "gold", which the realm does not issue; use one of mfa, mfa-webauthn');
    expect(() => keycloakRealm({ realm: "mcp-x", servers: [SERVERS[0], { ...SERVERS[1], audience: SERVERS[0].audience }] })).toThrow("servers share the audience https://mcp.example.com/mcp/b");
  });
});

describe("the environment's identity and tool sign-in fields", () => {
  const problems = (edit: (config: any) => void): string[] => {
    const config = JSON.parse(JSON.stringify(prod));
    edit(config);
    try {
      parseEnvironment(config, "prod");
      return [];
    } catch (error) {
      return (error as ConfigError).problems.map((problem) => `${problem.path}: ${problem.message}`);
    }
  };

  test("the built-in production environment is valid", () => {
    expect(problems(() => undefined)).toEqual([]);
  });

  test("a Keycloak image outside the environment's registry, too few backups in production, an unknown acr, a bad purpose and a non-realm issuer are refused by field", () => {
    expect(problems((config) => (config.identity.keycloakImage = config.identity.keycloakImage.replace("333333333333", "444444444444")))).toEqual([
      expect.stringMatching(/^prod: identity\.keycloakImage: the Keycloak image is not in 333333333333\.dkr\.ecr\.eu-central-1\.amazonaws\.com\/mcp\/identity\/keycloak$/),
    ]);
    expect(problems((config) => (config.identity.database.backupRetentionDays = 7))).toEqual([expect.stringMatching(/^prod: identity\.database\.backupRetentionDays: /)]);
    expect(problems((config) => (config.mcpServers[0].tools[1].sensitive.acrValues = ["gold"]))).toEqual(['prod: mcpServers[0].tools[1].sensitive.acrValues[0]: "gold" is not a sign-in level of the generated realm']);
    expect(problems((config) => (config.mcpServers[0].tools[1].jit.purposes = ["Incident Response"]))).toEqual([expect.stringMatching(/^prod: mcpServers\[0\]\.tools\[1\]\.jit\.purposes\[0\]: "Incident Response" is not a purpose name/)]);
    expect(problems((config) => (config.gateway.jwt.issuer = "https://auth.example.com/oauth2"))).toEqual(['prod: gateway.jwt.issuer: "https://auth.example.com/oauth2" is not a Keycloak realm\'s issuer']);
  });
});

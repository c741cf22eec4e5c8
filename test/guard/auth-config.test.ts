/** The token checks' configuration (`GuardConfig.auth`, tools' `sensitive` and `jit`) is loaded strictly, naming the field. */
import { parseGuardConfig } from "../../guard/src/config/load";
import { ConfigError } from "../../guard/src/pipeline/check";
import { approvedTool, ECHO_TOOL, guardConfig, serverConfig } from "./support/config";

const auth = { issuer: "https://issuer.example.test", jwksUri: "https://issuer.example.test/jwks", audiences: { files: "https://mcp.example.test/files" } };

function fieldOf(value: unknown): string | undefined {
  try {
    parseGuardConfig(JSON.parse(JSON.stringify(value)));
    return undefined;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.field;
  }
}

test("a config with token checks, a sensitive and a just-in-time tool loads", () => {
  const tool = approvedTool(ECHO_TOOL, { sensitive: { acrValues: ["mfa"], maxAgeSeconds: 300 }, jit: { purposes: ["incident"], maxGrantSeconds: 120 } });
  expect(fieldOf(guardConfig({ files: serverConfig([tool]) }, { auth: { ...auth, store: { redisUrl: "redis://redis.guard:6379" } } }))).toBeUndefined();
});

test.each([
  ["a server without an audience", guardConfig({ files: serverConfig([]), other: serverConfig([]) }, { auth }), "auth.audiences.other"],
  ["a sensitive tool without token checks", guardConfig({ files: serverConfig([approvedTool(ECHO_TOOL, { sensitive: { acrValues: ["mfa"], maxAgeSeconds: 1 } })]) }), "servers.files.tools.echo.sensitive"],
  ["a Redis URL carrying a password", guardConfig({ files: serverConfig([]) }, { auth: { ...auth, store: { redisUrl: "redis://:secret@redis:6379" } } }), "auth.store.redisUrl"],
  ["a store host file that is not an absolute path", guardConfig({ files: serverConfig([]) }, { auth: { ...auth, store: { hostFile: "secrets/host" } } }), "auth.store.hostFile"],
  ["a store token file that is not an absolute path", guardConfig({ files: serverConfig([]) }, { auth: { ...auth, store: { hostFile: "/run/host", passwordFile: "token" } } }), "auth.store.passwordFile"],
  ["a store port out of range", guardConfig({ files: serverConfig([]) }, { auth: { ...auth, store: { hostFile: "/run/host", port: 70000 } } }), "auth.store.port"],
  ["a store named twice", guardConfig({ files: serverConfig([]) }, { auth: { ...auth, store: { redisUrl: "rediss://store:6379", hostFile: "/run/host" } } }), "auth.store.hostFile"],
  ["a store port without a host file", guardConfig({ files: serverConfig([]) }, { auth: { ...auth, store: { redisUrl: "rediss://store:6379", port: 6380 } } }), "auth.store.port"],
  ["an unknown store field", guardConfig({ files: serverConfig([]) }, { auth: { ...auth, store: { host: "store" } as never } }), "auth.store.host"],
  ["a token lifetime over an hour", guardConfig({ files: serverConfig([]) }, { auth: { ...auth, maxTokenLifetimeSeconds: 86400 } }), "auth.maxTokenLifetimeSeconds"],
  ["an unknown sender constraint", guardConfig({ files: serverConfig([]) }, { auth: { ...auth, senderConstraint: "none" } as never }), "auth.senderConstraint"],
  ["an empty purpose list", guardConfig({ files: serverConfig([approvedTool(ECHO_TOOL, { jit: { purposes: [], maxGrantSeconds: 60 } })]) }, { auth }), "servers.files.tools.echo.jit.purposes"],
])("refuses %s, naming the field", (_name, config, field) => {
  expect(fieldOf(config)).toBe(field);
});

/**
 * The guard finds its shared store the way the blueprint deploys it: the host name and AUTH token in files mounted from
 * Secrets Manager (`auth.store.hostFile`, `passwordFile`), against a real Redis that requires the token.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createAuthRuntime } from "../../guard/src/auth/runtime";
import type { GuardAuthConfig } from "../../guard/src/config/types";
import { ConfigError } from "../../guard/src/pipeline/check";
import { tempDir } from "../support/plans";
import { Peer, startRedis } from "./support/processes";

const TOKEN = "kq3ZbVv9w7RrT2mNcP4xY8sLhJ6dF1aG";
let redis: Peer;
let dir: string;

beforeAll(async () => {
  redis = await startRedis(["--requirepass", TOKEN]);
  dir = tempDir("guard-store-");
});
afterAll(async () => {
  await redis.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const keys = async () => {
  throw new Error("no keys in this test");
};

function authWith(files: { readonly host?: string; readonly token?: string }, store: Partial<NonNullable<GuardAuthConfig["store"]>> = {}): GuardAuthConfig {
  const hostFile = path.join(dir, `host-${Math.random()}`);
  const passwordFile = path.join(dir, `token-${Math.random()}`);
  if (files.host !== undefined) fs.writeFileSync(hostFile, files.host);
  if (files.token !== undefined) fs.writeFileSync(passwordFile, files.token);
  return { issuer: "https://issuer.example.test", jwksUri: "https://issuer.example.test/jwks", audiences: {}, store: { hostFile, port: Number(new URL(redis.url).port), tls: false, passwordFile, ...store } };
}

function refusal(auth: GuardAuthConfig): ConfigError {
  try {
    createAuthRuntime(auth, { keys }, {});
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("the runtime was created");
}

test("with the mounted host name and token (trailing newline as Secrets Manager files may have) the replicas share one store", async () => {
  const auth = authWith({ host: "127.0.0.1\n", token: `${TOKEN}\n` });
  const first = createAuthRuntime(auth, { keys }, {});
  const second = createAuthRuntime(authWith({ host: "127.0.0.1", token: TOKEN }), { keys }, {});
  try {
    expect(await first.store.claimOnce("mcp-guard:dpop:proof-1", 60)).toBe(true);
    expect(await second.store.claimOnce("mcp-guard:dpop:proof-1", 60)).toBe(false);
  } finally {
    await first.store.close();
    await second.store.close();
  }
});

test("a wrong token is refused by the store, so the guard fails closed", async () => {
  const runtime = createAuthRuntime(authWith({ host: "127.0.0.1", token: "not-the-token" }), { keys }, {});
  try {
    await expect(runtime.store.claimOnce("mcp-guard:dpop:proof-2", 60)).rejects.toThrow(/WRONGPASS|invalid username-password/);
  } finally {
    await runtime.store.close();
  }
});

test.each([
  ["a missing token file", { host: "127.0.0.1" }, "auth.store.passwordFile", /cannot read .*ENOENT/],
  ["an empty token file", { host: "127.0.0.1", token: "\n" }, "auth.store.passwordFile", /is empty/],
  ["a host file holding a URL with credentials", { host: "redis://:hunter2@127.0.0.1", token: TOKEN }, "auth.store.hostFile", /does not hold a host name/],
])("refuses %s, naming the field and never echoing the file's content", (_name, files, field, message) => {
  const error = refusal(authWith(files));
  expect(error.field).toBe(field);
  expect(error.message).toMatch(message);
  expect(error.message).not.toContain("hunter2");
  expect(error.message).not.toContain(TOKEN);
});

/**
 * `mcp-harden revoke` (CV-04, JIT-04) against a real Redis: it writes the entries the guard's revocation check reads
 * (the keys the guard derives from a token's claims), lifts them, expires them with --ttl, and refuses bad arguments
 * and an unreachable Redis with exit 2, naming the fix and echoing no password.
 */
import Redis from "ioredis";
import { revocationKeysFor } from "../../guard/src/auth/revocation";
import type { AccessTokenClaims } from "../../guard/src/auth/access-token";
import { main } from "../../bin/cli";
import { Peer, startRedis } from "./support/processes";

let redis: Peer;
let client: Redis;

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url);
});

afterAll(async () => {
  client?.disconnect();
  await redis?.stop();
});

async function revoke(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const out = jest.spyOn(process.stdout, "write").mockImplementation((chunk) => stdout.push(String(chunk)) > 0);
  const err = jest.spyOn(process.stderr, "write").mockImplementation((chunk) => stderr.push(String(chunk)) > 0);
  try {
    return { status: await main(["revoke", ...args]), stdout: stdout.join(""), stderr: stderr.join("") };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const claims = (extra: Partial<AccessTokenClaims>): AccessTokenClaims => ({ iss: "https://issuer.test", sub: "alice", exp: 2, iat: 1, ...extra });

test("revoking a client writes the entry the guard looks up for that client's tokens, with when and why", async () => {
  const result = await revoke("--redis", redis.url, "--client", "ops-agent", "--reason", "INC-42 leaked key");
  expect(result.status).toBe(0);
  expect(result.stdout).toContain("Revoked client ops-agent (mcp-guard:revoked:client:ops-agent) until lifted");
  const keys = revocationKeysFor("mcp-guard:", claims({ client_id: "ops-agent" }));
  const values = await client.mget(...keys);
  const stored = values.find((value) => value !== null);
  expect(JSON.parse(stored as string)).toMatchObject({ reason: "INC-42 leaked key", revokedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  expect(await client.ttl("mcp-guard:revoked:client:ops-agent")).toBe(-1);
});

test("several targets at once, with a lifetime; --lift removes them and says which were not revoked", async () => {
  const result = await revoke("--redis", redis.url, "--subject", "bob", "--session", "s-1", "--token-id", "jti-1", "--reason", "INC-43", "--ttl", "600");
  expect(result.status).toBe(0);
  for (const key of ["mcp-guard:revoked:subject:bob", "mcp-guard:revoked:session:s-1", "mcp-guard:revoked:token:jti-1"]) {
    const ttl = await client.ttl(key);
    expect(ttl).toBeGreaterThan(590);
    expect(ttl).toBeLessThanOrEqual(600);
  }
  const lifted = await revoke("--redis", redis.url, "--subject", "bob", "--subject", "nobody", "--lift");
  expect(lifted.status).toBe(0);
  expect(lifted.stdout).toContain("Lifted: subject bob");
  expect(lifted.stdout).toContain("Was not revoked: subject nobody");
  expect(await client.exists("mcp-guard:revoked:subject:bob")).toBe(0);
  expect(await client.exists("mcp-guard:revoked:session:s-1")).toBe(1);
});

test.each([
  [["--client", "x", "--reason", "r"], "--redis is required"],
  [["--redis", "redis://127.0.0.1:1", "--reason", "r"], "at least one of --subject, --session, --client, --token-id"],
  [["--redis", "redis://127.0.0.1:1", "--client", "x"], "--reason is required"],
  [["--redis", "redis://127.0.0.1:1", "--client", "x", "--reason", "r", "--ttl", "soon"], "--ttl must be a whole number"],
  [["--redis", "redis://127.0.0.1:1", "--client", "x", "--lift", "--reason", "r"], "--lift takes no --reason"],
  [["--redis", "http://127.0.0.1:1", "--client", "x", "--reason", "r"], "must start with redis:// or rediss://"],
  [["--redis", "redis://:hunter2@127.0.0.1:1", "--client", "x", "--reason", "r"], "set MCP_GUARD_REDIS_PASSWORD instead"],
  [["--redis", "redis://127.0.0.1:1", "--client", "", "--reason", "r"], "--client needs a non-empty value"],
])("refuses %j with exit 2 and the fix", async (args, message) => {
  const result = await revoke(...args);
  expect(result.status).toBe(2);
  expect(result.stderr).toContain(message);
  expect(result.stderr).not.toContain("hunter2");
});

test("an unreachable Redis is exit 2, naming it", async () => {
  const result = await revoke("--redis", "redis://127.0.0.1:1", "--client", "x", "--reason", "r");
  expect(result.status).toBe(2);
  expect(result.stderr).toContain("Redis at redis://127.0.0.1:1 did not accept the change");
});

test("--help prints the usage", async () => {
  const result = await revoke("--help");
  expect(result.status).toBe(0);
  expect(result.stdout).toContain("Usage: mcp-harden revoke");
});

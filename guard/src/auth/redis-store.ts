/**
 * The shared store in Redis, so that every guard replica sees the same DPoP proof ids, revocations and session owners.
 * One command per operation (`SET NX EX`, `MGET`, `SET NX GET`), auto-pipelined; commands time out rather than wait,
 * and the guard refuses a request it could not check (fail closed). Needs Redis 7.0+ (`SET ... NX GET`).
 */
import Redis from "ioredis";
import type { AuthStore } from "./store";

/** How the guard connects to Redis. */
export interface RedisStoreOptions {
  /** `redis://host:port[/db]` or `rediss://` for TLS; a password in it is refused: pass `password` instead. */
  readonly url: string;
  /** From the environment (`MCP_GUARD_REDIS_PASSWORD`), never from a file. @default none */
  readonly password?: string;
  /** How long one command may take before the request is refused, milliseconds. @default 500 */
  readonly commandTimeoutMs?: number;
  /** PEM certificate(s) of the CA a `rediss://` store is checked against instead of the system's (a private CA). @default the system's CAs */
  readonly ca?: string;
}

/** Thrown for a Redis URL the guard will not use; the message names the fix. */
export class RedisUrlError extends Error {}

function parseRedisUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RedisUrlError(`the Redis URL is not a URL: give redis://host:port or rediss://host:port`);
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") throw new RedisUrlError(`the Redis URL must start with redis:// or rediss://, not ${parsed.protocol}//`);
  if (parsed.password !== "") throw new RedisUrlError("the Redis URL carries a password: remove it and set MCP_GUARD_REDIS_PASSWORD instead");
  return parsed;
}

/** A {@link AuthStore} in Redis, shared by all guard replicas. */
export class RedisAuthStore implements AuthStore {
  private readonly redis: Redis;

  constructor(options: RedisStoreOptions) {
    parseRedisUrl(options.url);
    this.redis = new Redis(options.url, {
      ...(options.password !== undefined ? { password: options.password } : {}),
      ...(options.ca !== undefined ? { tls: { ca: options.ca } } : {}),
      commandTimeout: options.commandTimeoutMs ?? 500,
      maxRetriesPerRequest: 1,
      enableAutoPipelining: true,
      lazyConnect: true,
    });
    this.redis.on("error", () => {
      // Connection errors surface as failed commands, which the guard turns into refusals; the event only must not crash.
    });
  }

  async claimOnce(key: string, ttlSeconds: number): Promise<boolean> {
    return (await this.redis.set(key, "1", "EX", Math.max(1, Math.ceil(ttlSeconds)), "NX")) === "OK";
  }

  async firstSet(keys: readonly string[]): Promise<string | undefined> {
    if (keys.length === 0) return undefined;
    const values = await this.redis.mget(...keys);
    const index = values.findIndex((value) => value !== null);
    return index < 0 ? undefined : keys[index];
  }

  async bindOnce(key: string, owner: string, ttlSeconds: number): Promise<string> {
    const previous = await this.redis.set(key, owner, "EX", Math.max(1, Math.ceil(ttlSeconds)), "NX", "GET");
    return previous ?? owner;
  }

  async set(key: string, value: string, ttlSeconds?: number): Promise<void> {
    if (ttlSeconds === undefined) await this.redis.set(key, value);
    else await this.redis.set(key, value, "EX", Math.max(1, Math.ceil(ttlSeconds)));
  }

  async delete(key: string): Promise<boolean> {
    return (await this.redis.del(key)) > 0;
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

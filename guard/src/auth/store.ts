/**
 * The state every guard replica shares (DESIGN.md: the guard is stateless, what replicas share lives in Redis): DPoP
 * proof ids already seen (AUTH-04 replay), revocations (CV-04, JIT-04) and session owners (PUB-01). One interface,
 * two implementations: {@link MemoryAuthStore} for a single replica and tests, `RedisAuthStore` for production.
 * Every operation is one round trip; a store that cannot answer throws, and the guard then refuses (fail closed).
 */

/** The shared state the token checks read and write. Keys are complete (prefixed by the caller). */
export interface AuthStore {
  /** Records `key` for `ttlSeconds`; true the first time, false when it is already recorded (a replay). */
  claimOnce(key: string, ttlSeconds: number): Promise<boolean>;
  /** The first of `keys` that is set, or undefined when none is. */
  firstSet(keys: readonly string[]): Promise<string | undefined>;
  /** Binds `key` to `owner` for `ttlSeconds` unless it is bound already; returns the owner it is bound to. */
  bindOnce(key: string, owner: string, ttlSeconds: number): Promise<string>;
  /** Sets `key` to `value`, for `ttlSeconds` or until deleted. */
  set(key: string, value: string, ttlSeconds?: number): Promise<void>;
  /** Deletes `key`; true when it existed. */
  delete(key: string): Promise<boolean>;
  /** Releases connections. */
  close(): Promise<void>;
}

/** Entries kept in memory before expired ones are first swept. */
const SWEEP_AT = 10_000;

/** An in-memory store: correct for one guard replica only (each replica would have its own replay cache). */
export class MemoryAuthStore implements AuthStore {
  private readonly entries = new Map<string, { readonly value: string; readonly expires: number }>();
  /** The size at which expired entries are next swept: twice what a sweep left, so sweeping stays linear overall. */
  private sweepAt = SWEEP_AT;

  constructor(private readonly clock: () => number = Date.now) {}

  private live(key: string): string | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expires > this.clock()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  private put(key: string, value: string, ttlSeconds: number | undefined): void {
    if (this.entries.size >= this.sweepAt) {
      const now = this.clock();
      for (const [candidate, entry] of this.entries) if (entry.expires <= now) this.entries.delete(candidate);
      this.sweepAt = Math.max(SWEEP_AT, 2 * this.entries.size);
    }
    this.entries.set(key, { value, expires: ttlSeconds === undefined ? Number.POSITIVE_INFINITY : this.clock() + ttlSeconds * 1000 });
  }

  async claimOnce(key: string, ttlSeconds: number): Promise<boolean> {
    if (this.live(key) !== undefined) return false;
    this.put(key, "1", ttlSeconds);
    return true;
  }

  async firstSet(keys: readonly string[]): Promise<string | undefined> {
    return keys.find((key) => this.live(key) !== undefined);
  }

  async bindOnce(key: string, owner: string, ttlSeconds: number): Promise<string> {
    const bound = this.live(key);
    if (bound !== undefined) return bound;
    this.put(key, owner, ttlSeconds);
    return owner;
  }

  async set(key: string, value: string, ttlSeconds?: number): Promise<void> {
    this.put(key, value, ttlSeconds);
  }

  async delete(key: string): Promise<boolean> {
    const existed = this.live(key) !== undefined;
    this.entries.delete(key);
    return existed;
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}

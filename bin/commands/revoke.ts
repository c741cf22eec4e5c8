/**
 * `mcp-harden revoke`: puts a subject, sign-in session, client or token on the guard's revocation list (CV-04, JIT-04)
 * in the Redis every guard replica reads, so the next request that matches is refused; `--lift` takes entries off.
 * The containment path and any other tool can do the same by writing the key this prints.
 */
import { RedisAuthStore, RedisUrlError } from "../../guard/src/auth/redis-store";
import { DEFAULT_KEY_PREFIX, revocationKey, type RevocationKind, type RevocationRecord } from "../../guard/src/auth/revocation";
import { CliCommand, parseFlags, UsageError } from "../command";

const USAGE = `Usage: mcp-harden revoke --redis <redis://host:port> (--subject <sub> | --session <sid> | --client <client id> | --token-id <jti>)...
                          (--reason <text> [--ttl <seconds>] | --lift) [--key-prefix mcp-guard:]
  Revokes every access token of the named subjects, sign-in sessions, clients or token ids at the guard, from the next
  request on, until the entry expires (--ttl) or is lifted (--lift). The Redis password, if any, is read from
  MCP_GUARD_REDIS_PASSWORD.`;

const FLAGS = {
  redis: { type: "string" },
  subject: { type: "string", multiple: true },
  session: { type: "string", multiple: true },
  client: { type: "string", multiple: true },
  "token-id": { type: "string", multiple: true },
  reason: { type: "string" },
  ttl: { type: "string" },
  lift: { type: "boolean" },
  "key-prefix": { type: "string", default: DEFAULT_KEY_PREFIX },
  help: { type: "boolean" },
} as const;

const KINDS: readonly (readonly [RevocationKind, "subject" | "session" | "client" | "token-id"])[] = [
  ["subject", "subject"],
  ["session", "session"],
  ["client", "client"],
  ["token", "token-id"],
];

/** Parsed, checked arguments. */
interface RevokeRequest {
  readonly redis: string;
  readonly targets: readonly { readonly kind: RevocationKind; readonly value: string }[];
  readonly lift: boolean;
  readonly reason?: string;
  readonly ttlSeconds?: number;
  readonly prefix: string;
}

function parse(args: string[]): RevokeRequest | "help" {
  const { flags } = parseFlags(args, FLAGS);
  if (flags.help) return "help";
  if (flags.redis === undefined) throw new UsageError("--redis is required: the URL of the Redis the guard replicas share (auth.store.redisUrl in guard-config.json).");
  const targets = KINDS.flatMap(([kind, flag]) => flags[flag].map((value) => ({ kind, value })));
  if (targets.length === 0) throw new UsageError("name what to revoke: at least one of --subject, --session, --client, --token-id.");
  const empty = targets.find((target) => target.value.trim() === "");
  if (empty) throw new UsageError(`--${KINDS.find(([kind]) => kind === empty.kind)?.[1]} needs a non-empty value.`);
  if (flags.lift) {
    if (flags.reason !== undefined || flags.ttl !== undefined) throw new UsageError("--lift takes no --reason or --ttl: it removes the entries.");
    return { redis: flags.redis, targets, lift: true, prefix: flags["key-prefix"] };
  }
  if (flags.reason === undefined || flags.reason.trim() === "") throw new UsageError("--reason is required: say why (an incident or ticket reference); it is stored with the entry.");
  let ttlSeconds: number | undefined;
  if (flags.ttl !== undefined) {
    ttlSeconds = Number(flags.ttl);
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) throw new UsageError(`--ttl must be a whole number of seconds ≥ 1; got "${flags.ttl}".`);
  }
  return { redis: flags.redis, targets, lift: false, reason: flags.reason, ...(ttlSeconds === undefined ? {} : { ttlSeconds }), prefix: flags["key-prefix"] };
}

/** Writes or lifts the revocations; exit code 0 when done, 2 on bad arguments or an unreachable Redis. */
export async function revokeCommand(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let request: RevokeRequest | "help";
  let store: RedisAuthStore;
  try {
    request = parse(args);
    if (request === "help") {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const password = env.MCP_GUARD_REDIS_PASSWORD;
    store = new RedisAuthStore({ url: request.redis, commandTimeoutMs: 5_000, ...(password ? { password } : {}) });
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof RedisUrlError)) throw error;
    process.stderr.write(`mcp-harden revoke: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  const { targets, lift, prefix } = request;
  const record: RevocationRecord = { revokedAt: new Date().toISOString(), reason: request.reason ?? "" };
  try {
    for (const { kind, value } of targets) {
      const key = revocationKey(prefix, kind, value);
      if (lift) {
        const existed = await store.delete(key);
        process.stdout.write(`${existed ? "Lifted" : "Was not revoked"}: ${kind} ${value} (${key})\n`);
      } else {
        await store.set(key, JSON.stringify(record), request.ttlSeconds);
        process.stdout.write(`Revoked ${kind} ${value} (${key})${request.ttlSeconds === undefined ? " until lifted" : ` for ${request.ttlSeconds} s`}\n`);
      }
    }
    return 0;
  } catch (error) {
    process.stderr.write(`mcp-harden revoke: Redis at ${request.redis} did not accept the change (${(error as Error).message}); nothing after the last line above was written.\n`);
    return 2;
  } finally {
    await store.close();
  }
}

/** `mcp-harden revoke`, as the CLI lists and runs it. */
const command: CliCommand = {
  name: "revoke",
  summary: "Revoke access at the guard from the next request on (CV-04, JIT-04), or lift it.",
  synopsis: "mcp-harden revoke --redis <url> (--subject <sub> | --session <sid> | --client <id> | --token-id <jti>)... (--reason <text> [--ttl <s>] | --lift)",
  help: () => USAGE,
  run: (args) => revokeCommand([...args]),
};
export default command;

/** Real peers the guard's token tests run against, each on 127.0.0.1 and stopped by the test: Redis and oidc-provider. */
import { spawn, type ChildProcess } from "child_process";
import * as path from "path";

/** A child process and what it printed when it was ready. */
export interface Peer {
  readonly url: string;
  stop(): Promise<void>;
}

function waitFor(child: ChildProcess, pattern: RegExp, what: string): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`${what} did not start within 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}:\n${output}`));
    });
  });
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
}

/** Starts Debian's redis-server on a free loopback port, without persistence; `options` are more server arguments (`--requirepass`, ...). */
export async function startRedis(options: readonly string[] = []): Promise<Peer> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", ...options], { stdio: ["ignore", "pipe", "pipe"] });
  await waitFor(child, /Ready to accept connections/, "redis-server");
  return { url: `redis://127.0.0.1:${port}`, stop: stopper(child) };
}

/** What the authorization server issues for (see oidc-server.mjs). */
export interface AuthorizationServerInput {
  readonly resources: { readonly [uri: string]: { readonly scope: string; readonly ttl: number; readonly jitTtl: number } };
  readonly clients: readonly Record<string, unknown>[];
  readonly acrValues: readonly string[];
}

/** Starts oidc-provider on a free loopback port; `url` is its issuer. */
export async function startAuthorizationServer(input: AuthorizationServerInput): Promise<Peer> {
  const child = spawn(process.execPath, [path.join(__dirname, "oidc-server.mjs"), JSON.stringify(input)], { stdio: ["ignore", "pipe", "pipe"] });
  const match = await waitFor(child, /listening (http:\/\/127\.0\.0\.1:\d+)/, "oidc-provider");
  return { url: match[1], stop: stopper(child) };
}

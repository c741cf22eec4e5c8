/**
 * The Node.js flags the guard runs with, part of its start command: the image's `ENTRYPOINT` (`guard/Dockerfile`) and
 * `bin/mcp-guard`'s `#!` line carry them (tests hold both to this list), and `npm run bench:guard` starts the guard
 * with them.
 *
 * `--max-semi-space-size=2` (MiB): V8's young generation grows to two 16 MiB semi-spaces under load and stays
 * committed, the largest part of the guard's peak RSS. The guard's per-call garbage is short-lived (a decision's
 * objects die with its call), so a 2 MiB semi-space still collects it young; it bounds peak RSS (≤ 150 MiB, issue #12)
 * for more, cheaper scavenges. `npm run bench:guard` reports the cost (CPU per call) and `--guard-node-options` compares.
 */
export const GUARD_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=2"];

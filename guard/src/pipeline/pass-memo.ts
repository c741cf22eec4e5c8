/**
 * Passes remembered for byte-identical repeats of list results. Every session of every client lists the same
 * definitions, so the same `tools/list` (`prompts/list`, `resources/list`, `resources/templates/list`) result bytes
 * come back again and again. When every check that runs on such a result declares its pass `repeatable`, the
 * pipeline remembers the SHA-256 of a result they all passed without a rule firing, keyed by what those checks read
 * besides the bytes (phase, method, servers, revision), and answers the same bytes of the same call with the same
 * pass without parsing them again. The audit line and metrics are still written per call; nothing but a clean pass is
 * remembered, so every denial, change and event is decided afresh. Bounded: the oldest entry is forgotten first.
 */
import { createHash } from "node:crypto";
import { McpRevision } from "../config/types";
import { Phase } from "./check";

/** The methods whose results are remembered: list results repeat verbatim; a tool's result rarely does. */
export const REPEATED_METHODS: ReadonlySet<string> = new Set(["tools/list", "prompts/list", "resources/list", "resources/templates/list"]);

/** Most passes remembered (about 150 bytes each). */
export const MAX_REMEMBERED_PASSES = 1024;

export interface RepeatedCall {
  readonly phase: Phase;
  readonly method: string;
  readonly servers: readonly string[];
  readonly revision: McpRevision;
  readonly body: Buffer;
}

export class PassMemo {
  private readonly passed = new Set<string>();

  /** The key of a call: its context and the digest of its bytes. */
  key(call: RepeatedCall): string {
    const digest = createHash("sha256").update(call.body).digest("base64");
    return `${call.phase}\n${call.method}\n${call.revision}\n${call.servers.join("\n")}\n${digest}`;
  }

  /** Whether every check passed this key's call before. */
  has(key: string): boolean {
    return this.passed.has(key);
  }

  /** Remembers a clean pass; forgets the oldest when full. */
  remember(key: string): void {
    if (this.passed.has(key)) return;
    if (this.passed.size >= MAX_REMEMBERED_PASSES) this.passed.delete(this.passed.values().next().value as string);
    this.passed.add(key);
  }

  get size(): number {
    return this.passed.size;
  }
}

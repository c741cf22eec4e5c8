/** Runs the real pipeline (every registered check) on one message, without gRPC, for unit tests of checks. */
import { CHECKS } from "../../../guard/src/checks";
import { GuardConfig } from "../../../guard/src/config/types";
import { Decision, Pipeline } from "../../../guard/src/pipeline/pipeline";

export interface Decider {
  request(method: string, params: unknown, headers?: Record<string, string>): Promise<Decision>;
  /** Raw params text (for messages JSON.stringify cannot build, e.g. hostile depth). */
  requestRaw(method: string, body: string): Promise<Decision>;
  response(method: string, result: unknown, metadata?: Record<string, string>): Promise<Decision>;
}

export function decider(config: GuardConfig, server = Object.keys(config.servers)[0]): Decider {
  const pipeline = new Pipeline(config, CHECKS);
  return {
    request: (method, params, headers = {}) =>
      pipeline.decide({
        phase: "request",
        method,
        servers: [server],
        metadataContext: {},
        headers: Object.entries(headers).map(([key, value]) => ({ key, value: Buffer.from(value) })),
        ...(params === undefined ? {} : { body: Buffer.from(JSON.stringify(params)) }),
      }),
    requestRaw: (method, body) => pipeline.decide({ phase: "request", method, servers: [server], metadataContext: {}, headers: [], body: Buffer.from(body) }),
    response: (method, result, metadata = {}) =>
      pipeline.decide({ phase: "response", method, servers: [server], metadataContext: metadata, headers: [], body: Buffer.from(JSON.stringify(result)) }),
  };
}

/** The rule and reason of a denial, or the decision when it is not one. */
export function denial(decision: Decision): { code: string; rule: string; reason: string } | string {
  return decision.result.kind === "error" ? { code: decision.result.code, rule: decision.audit.rules[decision.audit.rules.length - 1], reason: decision.result.reason } : decision.result.kind;
}

/** The value a mutated decision carries. */
export function mutatedValue(decision: Decision): any {
  if (decision.result.kind !== "mutated") throw new Error(`expected mutated, got ${JSON.stringify(denial(decision))}`);
  return JSON.parse(decision.result.value.toString("utf8"));
}

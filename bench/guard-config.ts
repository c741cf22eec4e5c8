/**
 * The base `GuardConfig` of the guard benchmarks (`bench:guard`, `bench:guard-auth`): the three MCP revisions, the
 * default limits of the generated configs' scale, the shipped threat rule pack and no telemetry endpoint; the
 * benchmark names its servers and, for the token checks, its `auth`.
 */
import { GuardConfig } from "../guard/src/config/types";
import { loadThreatPack } from "../guard/src/patterns/threat-pack";

export function benchGuardConfig(servers: GuardConfig["servers"], auth?: GuardConfig["auth"]): GuardConfig {
  return {
    version: 1,
    environment: "bench",
    protocolVersions: ["2025-06-18", "2025-11-25", "2026-07-28"],
    defaultProtocolVersion: "2025-06-18",
    limits: { maxRequestBytes: 256 * 1024, maxStringLength: 16 * 1024, maxArrayItems: 1000, maxObjectProperties: 256, maxDepth: 32 },
    threatRulePack: loadThreatPack().version,
    telemetry: { serviceName: "mcp-guard" },
    servers,
    ...(auth === undefined ? {} : { auth }),
  };
}

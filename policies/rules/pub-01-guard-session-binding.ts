import { gatewayConfigs } from "../gateway";
import { guardConfigsOfGroup, guardProcessors } from "../guard";
import { kubernetesViolation, record } from "../kubernetes";
import { Rule, Violation } from "../types";

/** The longest a session may stay bound to its first principal, seconds (the guard's default). */
const MAX_SESSION_TTL = 86_400;

/**
 * An MCP session never crosses agents (PUB-01): the guard binds each `Mcp-Session-Id` to the subject and client that
 * first used it, which needs token checks (`auth`) and both headers forwarded by every route's guard processor; the
 * binding lasts no longer than a day.
 */
const rule: Rule = {
  id: "pub-01-guard-session-binding",
  controls: ["PUB-01"],
  severity: "high",
  description: "The guard checks tokens, every guard processor forwards authorization and mcp-session-id, and sessions stay bound at most a day.",
  remediation: "Give the guard auth and forward mcp-session-id and authorization to it (GUARD_REQUEST_HEADERS does); keep auth.sessionTtlSeconds at 86400 or less.",
  check: (artifacts) =>
    gatewayConfigs(artifacts).flatMap(({ workload, configMap, routes, config }) => {
      if (config === undefined) return [];
      const guards = guardConfigsOfGroup(artifacts, workload.group).filter((guard) => guard.config !== undefined);
      const findings: Violation[] = [];
      for (const guard of guards) {
        const auth = record(guard.config?.["auth"]);
        if (auth === undefined) findings.push(kubernetesViolation(guard.configMap ?? guard.workload, "checks no token (no auth), so it cannot bind MCP sessions to the principal that opened them"));
        else if (auth["sessionTtlSeconds"] !== undefined && !(Number(auth["sessionTtlSeconds"]) <= MAX_SESSION_TTL)) findings.push(kubernetesViolation(guard.configMap ?? guard.workload, `binds sessions for ${String(auth["sessionTtlSeconds"])} s, more than ${MAX_SESSION_TTL}`));
      }
      for (const route of routes) {
        for (const processor of guardProcessors(route, guards)) {
          const allowed = record(processor["requestHeaders"])?.["allowed"];
          const list = Array.isArray(allowed) ? allowed.map((name) => String(name).toLowerCase()) : [];
          const missing = ["authorization", "mcp-session-id"].filter((name) => list.length > 0 && !list.includes(name));
          if (missing.length > 0) findings.push(kubernetesViolation(configMap ?? workload, `${route.label} does not forward ${missing.join(", ")} to the guard: sessions cannot be bound to their principal`));
        }
      }
      return findings;
    }),
};

export default rule;

import { gatewayConfigs } from "../gateway";
import { guardConfigsOfGroup, guardProcessors } from "../guard";
import { kubernetesViolation, record } from "../kubernetes";
import { Rule, Violation } from "../types";

/** What a DPoP proof is checked against, besides the origin: the token, the proof, the request's method and path. */
const DPOP_HEADERS = ["authorization", "dpop", ":method", ":path"];

/** What names the origin when the guard is not configured with the public one. */
const ORIGIN_HEADERS = [":scheme", ":authority"];

/**
 * The guard can check every DPoP proof (AUTH-04): where the guard checks tokens (`auth`), every route's guard
 * processor forwards the access token, the proof and the request's method and path (and, when the guard has no public
 * origin configured, its scheme and authority), so the proof's `htm` and `htu` are checked against the request it
 * came with. A missing header makes the guard refuse every DPoP-bound call.
 */
const rule: Rule = {
  id: "auth-04-gateway-forwards-dpop-request",
  controls: ["AUTH-04"],
  severity: "high",
  description: "Every guard processor forwards authorization, dpop, :method and :path (and :scheme, :authority without a configured origin) when the guard checks tokens.",
  remediation: 'List ":method", ":path", "authorization" and "dpop" in the processor\'s requestHeaders.allowed (GUARD_REQUEST_HEADERS does), or set auth.dpop.origin and forward :scheme and :authority.',
  check: (artifacts) =>
    gatewayConfigs(artifacts).flatMap(({ workload, configMap, routes, config }) => {
      if (config === undefined) return [];
      const guards = guardConfigsOfGroup(artifacts, workload.group).filter((guard) => record(guard.config?.["auth"]) !== undefined);
      if (guards.length === 0) return [];
      const origin = guards.every((guard) => typeof record(record(guard.config?.["auth"])?.["dpop"])?.["origin"] === "string");
      const needed = [...DPOP_HEADERS, ...(origin ? [] : ORIGIN_HEADERS)];
      const findings: Violation[] = [];
      for (const route of routes) {
        for (const processor of guardProcessors(route, guards)) {
          const allowed = record(processor["requestHeaders"])?.["allowed"];
          const list = Array.isArray(allowed) ? allowed.map((name) => String(name)) : [];
          if (list.length === 0) continue;
          const missing = needed.filter((name) => !list.some((entry) => (name.startsWith(":") ? entry === name : entry.toLowerCase() === name)));
          if (missing.length > 0) findings.push(kubernetesViolation(configMap ?? workload, `${route.label} does not forward ${missing.join(", ")} to the guard: it cannot check DPoP proofs and refuses every bound token`));
        }
      }
      return findings;
    }),
};

export default rule;

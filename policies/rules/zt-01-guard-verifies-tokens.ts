import { gatewayConfigs } from "../gateway";
import { guardConfigsOfGroup } from "../guard";
import { kubernetesViolation, record } from "../kubernetes";
import { Rule, Violation } from "../types";

/**
 * Every access is verified again at the guard (ZT-01, CV-01): where a gateway validates tokens, the guard beside it
 * checks every request's token too (`auth`), for the gateway's issuer, with each route's own audience for its server,
 * and tokens bound to the caller (a sender constraint other than none). The gateway's check alone trusts a token for
 * the whole session and never sees its binding.
 */
const rule: Rule = {
  id: "zt-01-guard-verifies-tokens",
  controls: ["ZT-01", "CV-01"],
  severity: "critical",
  description: "The guard checks every request's token (auth) for the gateway's issuer and each route's audience.",
  remediation: "Generate the guard's auth from the environment (environmentGuardAuth in stacks/identity.ts): the gateway's issuer, one audience per server.",
  check: (artifacts) =>
    gatewayConfigs(artifacts).flatMap(({ workload, routes }) => {
      const findings: Violation[] = [];
      for (const guard of guardConfigsOfGroup(artifacts, workload.group)) {
        if (guard.config === undefined) continue;
        const where = guard.configMap ?? guard.workload;
        const auth = record(guard.config["auth"]);
        if (auth === undefined) {
          findings.push(kubernetesViolation(where, "checks no token (no auth): a token the gateway accepted once is trusted for every later request, unbound"));
          continue;
        }
        const audiences = record(auth["audiences"]) ?? {};
        for (const route of routes) {
          const authentication = record(route.policies["mcpAuthentication"]);
          if (authentication === undefined) continue;
          if (authentication["issuer"] !== auth["issuer"]) findings.push(kubernetesViolation(where, `checks tokens of issuer ${String(auth["issuer"])}, but ${route.label} accepts ${String(authentication["issuer"])}`));
          const expected = Array.isArray(authentication["audiences"]) ? authentication["audiences"].map(String) : [];
          for (const target of route.targets) {
            if (!expected.includes(String(audiences[target.name]))) findings.push(kubernetesViolation(where, `checks tokens of server ${target.name} for audience ${String(audiences[target.name] ?? "(none)")}, not the audience ${route.label} accepts (${expected.join(", ")})`));
          }
        }
      }
      return findings;
    }),
};

export default rule;

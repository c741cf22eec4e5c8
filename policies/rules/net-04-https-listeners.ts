import { RESTRICTED_TLS_POLICIES } from "../../baselines/waf-limits";
import { defaultActions, isHttpsRedirect, listenerProtocol, listeners } from "../load-balancers";
import { violation } from "../terraform";
import { Rule, Violation } from "../types";

const ENCRYPTING = ["HTTPS", "TLS"];
/** Protocols a load balancer passes through without terminating: TLS, if any, is end to end. */
const PASS_THROUGH = ["TCP", "UDP", "TCP_UDP", "GENEVE"];

/**
 * Every load balancer listener terminates TLS with a restricted TLS 1.3/1.2 policy: none listens in clear text, not
 * even to redirect to HTTPS, since a client configured with `http://` sends its first request, bearer token included,
 * before it is redirected (NET-04, PUB-04).
 */
const rule: Rule = {
  id: "net-04-https-listeners",
  controls: ["NET-04", "PUB-04"],
  severity: "high",
  description: `Every load balancer listener is HTTPS/TLS with ssl_policy in {${RESTRICTED_TLS_POLICIES.join(", ")}}; no listener is plain HTTP, not even one that only redirects to HTTPS.`,
  remediation:
    "Serve HTTPS with ssl_policy ELBSecurityPolicy-TLS13-1-2-Res-2021-06 (or a stricter, FIPS or PQ variant from the list) and remove every HTTP listener; a redirect for people typing a host name (TlsEdge redirectHttp) needs an exception that says why.",
  check: (artifacts) =>
    listeners(artifacts).flatMap((listener): Violation[] => {
      const protocol = listenerProtocol(listener);
      if (PASS_THROUGH.includes(protocol)) return [];
      if (ENCRYPTING.includes(protocol)) {
        const policy = listener.values["ssl_policy"];
        return (RESTRICTED_TLS_POLICIES as readonly unknown[]).includes(policy)
          ? []
          : [violation(listener, `${protocol} listener uses ssl_policy ${policy === undefined ? "(unset: ELBSecurityPolicy-2016-08, which allows TLS 1.0)" : String(policy)}, not a restricted TLS 1.3/1.2 policy`)];
      }
      if (isHttpsRedirect(listener)) {
        return [violation(listener, `HTTP listener on port ${String(listener.values["port"] ?? "?")} redirects to HTTPS, but a client configured with http:// first sends its request, bearer token included, in clear text`)];
      }
      const actions = defaultActions(listener).map((action) => String(action["type"])).join(", ") || "none";
      return [violation(listener, `${protocol} listener on port ${String(listener.values["port"] ?? "?")} serves requests in clear text (default actions: ${actions}) instead of redirecting to HTTPS`)];
    }),
};

export default rule;

import { gatewayConfigs } from "../gateway";
import { kubernetesViolation, LocatedObject, objects, record, records } from "../kubernetes";
import { Artifacts, Rule, Violation } from "../types";

const USER_KEY = "jwt.sub";
/** Expressions that key a descriptor on the tool: the parsed MCP tool name, or the MCP 2026-07-28 `Mcp-Name` header. */
const TOOL_KEY = /mcp\.tool\.name|["']mcp-name["']/i;
const LIMIT = /"requestsPerUnit"\s*:\s*(\d+)/;

/** Whether a descriptor carries a positive limit of its own. */
function limited(descriptor: Record<string, unknown>): boolean {
  const match = LIMIT.exec(String(descriptor["limitOverride"] ?? ""));
  return match !== null && Number(match[1]) > 0;
}

/** Whether a `host:port` names a Service (`<name>.<namespace>.svc...`) declared in the group with that port. */
function deployed(artifacts: Artifacts, workload: LocatedObject, address: string): boolean {
  const [host, port] = address.split(":");
  const [name, namespace] = host.split(".");
  return objects(artifacts, "Service").some(
    (service) =>
      service.group === workload.group &&
      service.object.metadata.name === name &&
      service.object.metadata.namespace === namespace &&
      records(record(service.object["spec"])?.["ports"]).some((candidate) => String(candidate["port"]) === port)
  );
}

/**
 * The gateway enforces exact rate limits per user and per tool (GW-03): every route sends descriptors to a rate-limit
 * service the manifests deploy (counted across replicas), failing closed, with a limited descriptor keyed on the
 * token's subject (`jwt.sub`) and one keyed on the subject and the tool.
 */
const rule: Rule = {
  id: "gw-03-gateway-rate-limits",
  controls: ["GW-03"],
  severity: "high",
  description: "Every gateway route has remoteRateLimit (failClosed, to a deployed service) with limited descriptors per user (jwt.sub) and per user and tool.",
  remediation: "Add remoteRateLimit to each route with descriptors [user=jwt.sub] and [user=jwt.sub, tool] and a limitOverride each, pointing at the deployed rate-limit service (the McpGateway construct does).",
  check: (artifacts) =>
    gatewayConfigs(artifacts).flatMap(({ configMap, workload, routes }) => {
      const where = configMap ?? workload;
      const findings: Violation[] = [];
      for (const { label, policies } of routes) {
        const remote = record(policies["remoteRateLimit"]);
        const limits = remote ? (Array.isArray(remote["conditional"]) ? records(remote["conditional"]) : [remote]) : [];
        if (limits.length === 0) {
          findings.push(kubernetesViolation(where, `${label} has no remoteRateLimit: nothing limits a user or a tool`));
          continue;
        }
        for (const limit of limits) {
          const mode = String(limit["failureMode"] ?? "failClosed");
          if (mode.toLowerCase() !== "failclosed") findings.push(kubernetesViolation(where, `${label} rate limits fail open (failureMode ${mode}): an unreachable limiter lifts every limit`));
          const host = limit["host"];
          if (typeof host !== "string" || !deployed(artifacts, workload, host)) findings.push(kubernetesViolation(where, `${label} asks rate-limit service ${JSON.stringify(host ?? record(limit["service"]) ?? null)}, which these manifests do not deploy`));
        }
        const descriptors = limits.flatMap((limit) => records(limit["descriptors"]));
        const values = (descriptor: Record<string, unknown>) => records(descriptor["entries"]).map((entry) => String(entry["value"] ?? ""));
        const perUser = descriptors.some((descriptor) => values(descriptor).includes(USER_KEY) && !values(descriptor).some((value) => TOOL_KEY.test(value)) && limited(descriptor));
        const perTool = descriptors.some((descriptor) => values(descriptor).includes(USER_KEY) && values(descriptor).some((value) => TOOL_KEY.test(value)) && limited(descriptor));
        if (!perUser) findings.push(kubernetesViolation(where, `${label} has no limit per user (a descriptor keyed on ${USER_KEY} with a requestsPerUnit limit)`));
        if (!perTool) findings.push(kubernetesViolation(where, `${label} has no limit per user and tool (a descriptor keyed on ${USER_KEY} and the tool name with a requestsPerUnit limit)`));
      }
      return findings;
    }),
};

export default rule;

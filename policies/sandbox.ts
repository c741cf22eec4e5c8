/**
 * Read-only helpers for rules over the sandbox (TOOL-10): the namespaces of sandboxed MCP servers (labelled
 * `mcp.security/stage: sandbox`) and whether a pod spec tolerates the sandbox nodes' taint.
 */
import { SANDBOX_TAINT, STAGE_LABEL } from "../baselines/sandbox";
import { labels, LocatedObject, objects, records } from "./kubernetes";
import { Artifacts } from "./types";

/** The Namespaces of sandboxed servers (`mcp.security/stage: sandbox`), in address order. */
export function sandboxNamespaces(artifacts: Artifacts): LocatedObject[] {
  return objects(artifacts, "Namespace")
    .filter((item) => labels(item.object)[STAGE_LABEL] === "sandbox")
    .sort((a, b) => a.address.localeCompare(b.address));
}

/** Whether a pod spec tolerates the sandbox taint (Kubernetes' matching: key or wildcard, operator, value, effect). */
export function toleratesSandbox(spec: Record<string, unknown>): boolean {
  return records(spec["tolerations"]).some((toleration) => {
    const key = toleration["key"];
    const effect = toleration["effect"];
    if (effect !== undefined && effect !== "" && effect !== SANDBOX_TAINT.effect) return false;
    if (toleration["operator"] === "Exists") return key === undefined || key === "" || key === SANDBOX_TAINT.key;
    return key === SANDBOX_TAINT.key && toleration["value"] === SANDBOX_TAINT.value;
  });
}

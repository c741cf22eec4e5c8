/**
 * The poisoning detector over the approved tool definitions as deployed (TOOL-05, TOOL-06, TOOL-07, TOOL-11): every
 * tool of every server in every guard configuration the manifests carry, scanned with the scopes declared for it;
 * findings its overrides accept (each with a justification) are left out.
 */
import { ToolDefinition } from "../guard/src/config/types";
import { Finding } from "../guard/src/detector";
import { approvedToolFindings } from "../shared/tool-scan";
import { guardConfigs } from "./guard";
import { kubernetesViolation, LocatedObject, record } from "./kubernetes";
import { derivedOnce } from "./run-cache";
import { Artifacts, Violation } from "./types";

interface DefinitionFinding {
  readonly where: LocatedObject;
  readonly server: string;
  readonly tool: string;
  readonly finding: Finding;
}

function scanAll(artifacts: Artifacts): DefinitionFinding[] {
  const out: DefinitionFinding[] = [];
  for (const guard of guardConfigs(artifacts)) {
    const where = guard.configMap ?? guard.workload;
    for (const server of guard.servers) {
      for (const [name, tool] of Object.entries(server.tools)) {
        const definition = record(tool["definition"]);
        if (definition === undefined || typeof definition["name"] !== "string") continue;
        const scopes = Array.isArray(tool["scopes"]) ? (tool["scopes"] as unknown[]).filter((scope): scope is string => typeof scope === "string") : [];
        const accepted = new Set((Array.isArray(tool["overrides"]) ? (tool["overrides"] as unknown[]) : []).map((override) => record(override)?.["rule"]));
        for (const finding of approvedToolFindings(definition as unknown as ToolDefinition, scopes)) {
          if (!accepted.has(finding.rule)) out.push({ where, server: server.name, tool: name, finding });
        }
      }
    }
  }
  return out;
}

/** The detector's findings of one control on the approved definitions, as violations at the guard's ConfigMap. */
export function approvedDefinitionViolations(artifacts: Artifacts, control: string): Violation[] {
  return derivedOnce(artifacts, "approved-definition-findings", () => scanAll(artifacts))
    .filter(({ finding }) => finding.control === control)
    .map(({ where, server, tool, finding }) => kubernetesViolation(where, `server "${server}" tool "${tool}": ${finding.rule} (${finding.severity}): ${finding.message}`));
}

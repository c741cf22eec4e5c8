/**
 * The poisoning detector's findings on an approved tool definition, computed once per distinct definition and scopes
 * in a process: `validate` and `synth` scan each lock entry, and the policy run scans the same definitions again in
 * the guard configurations; environments (dev, test, prod) share their servers' definitions.
 */
import { JsonValue, ToolDefinition } from "../guard/src/config/types";
import { Finding, scanTool } from "../guard/src/detector";
import { canonicalJson } from "../guard/src/pin";

const findingsByInput = new Map<string, readonly Finding[]>();

/** `scanTool(definition, { scopes })`, reused for a definition and scopes seen before (same canonical JSON). */
export function approvedToolFindings(definition: ToolDefinition, scopes: readonly string[]): readonly Finding[] {
  const key = canonicalJson({ definition: definition as unknown as JsonValue, scopes: [...scopes] });
  let findings = findingsByInput.get(key);
  if (findings === undefined) {
    findings = scanTool(definition, { scopes });
    findingsByInput.set(key, findings);
  }
  return findings;
}

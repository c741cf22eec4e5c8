/**
 * The SSM Automation runbooks of a stack as the recovery rules read them (IR-02b, IR-02c): their steps, and what a
 * step that invokes the recovery function asks it for.
 */
import { stackResources, TerraformResource } from "./terraform";
import { StackArtifact } from "./types";

/** One step of an Automation document, as far as the rules read it. */
export interface Step {
  readonly name?: string;
  readonly action?: string;
  readonly onFailure?: string;
  readonly inputs?: Record<string, unknown>;
  readonly description?: string;
}

/** The recovery action a step asks the function for, and the server, from its JSON payload. */
export function payloadOf(step: Step): { action?: string; server?: string; functionName?: unknown } {
  if (step.action !== "aws:invokeLambdaFunction") return {};
  try {
    const payload = JSON.parse(String(step.inputs?.["Payload"] ?? "{}")) as Record<string, unknown>;
    return { action: typeof payload["action"] === "string" ? payload["action"] : undefined, server: typeof payload["server"] === "string" ? payload["server"] : undefined, functionName: step.inputs?.["FunctionName"] };
  } catch {
    return {};
  }
}

/** The stack's Automation documents. */
export function automationDocuments(stack: StackArtifact): TerraformResource[] {
  return stackResources(stack, "aws_ssm_document").filter((document) => document.values["document_type"] === "Automation");
}

/** The main steps of an Automation document; none when its content is unreadable. */
export function stepsOf(document: TerraformResource): Step[] {
  try {
    const content = JSON.parse(String(document.values["content"] ?? "{}")) as { mainSteps?: Step[] };
    return Array.isArray(content.mainSteps) ? content.mainSteps : [];
  } catch {
    return [];
  }
}

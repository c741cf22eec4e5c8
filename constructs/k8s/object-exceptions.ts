import { ApiObject } from "cdk8s";
import { PolicyException } from "../policy-exception";

/** The annotation on a Kubernetes object that records its accepted policy exceptions, as a JSON list. */
export const EXCEPTIONS_ANNOTATION = "mcp-hardening.io/exceptions";

const MIN_JUSTIFICATION = 20;
const recorded = new WeakMap<ApiObject, PolicyException[]>();

/**
 * Records an accepted exception on a Kubernetes object, in its `mcp-hardening.io/exceptions` annotation: the policy
 * check lists the finding as accepted, with the justification, instead of failing, and a reviewer reading the
 * manifest sees it next to what it weakens. Exceptions add up (one per rule); the list is kept sorted by rule.
 */
export function addObjectException(object: ApiObject, exception: PolicyException): void {
  if (exception.justification.trim().length < MIN_JUSTIFICATION) {
    throw new Error(
      `Exception for rule "${exception.rule}" on ${object.node.path}: the justification must say why, who approved it and until when (at least ${MIN_JUSTIFICATION} characters).`,
    );
  }
  const list = [...(recorded.get(object) ?? []).filter((existing) => existing.rule !== exception.rule), { rule: exception.rule, justification: exception.justification }];
  list.sort((a, b) => a.rule.localeCompare(b.rule));
  recorded.set(object, list);
  object.metadata.addAnnotation(EXCEPTIONS_ANNOTATION, JSON.stringify(list));
}

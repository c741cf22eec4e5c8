/**
 * Reading Kubernetes objects and other parsed JSON without trusting its shape, and naming objects: the helpers the
 * rules share with code that runs outside the policy engine (the live access review's job), so they import nothing.
 */
import type { KubernetesObject } from "./types";

/** How a Kubernetes object is named in findings: `Kind/namespace/name`, or `Kind/name` when cluster-scoped. */
export function kubernetesAddress(object: KubernetesObject): string {
  const { namespace, name } = object.metadata;
  return namespace ? `${object.kind}/${namespace}/${name}` : `${object.kind}/${name}`;
}

/** A mapping, or undefined. */
export function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A list of mappings (anything else in the list is dropped), or []. */
export function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.map(record).filter((entry): entry is Record<string, unknown> => entry !== undefined) : [];
}

/** The strings of a list (anything else: none). */
export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === "string") : [];
}

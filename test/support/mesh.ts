/**
 * Helpers for the tests of the mesh and admission controls: the Helm releases of an environment's workloads stack with
 * their values (plain JSON in the plan), readable and rewritable in place so a test can weaken them.
 */
import { TerraformResource } from "../../policies/terraform";
import { Artifacts } from "../../policies/types";
import { stackResources } from "./plans";

/** The `helm_release` of a chart in an environment's workloads stack; throws unless there is exactly one. */
export function helmRelease(plans: Artifacts, environment: string, chart: string): TerraformResource {
  const found = stackResources(plans, `${environment}-workloads`, "helm_release").filter((release) => release.values["chart"] === chart);
  if (found.length !== 1) throw new Error(`expected one helm_release of chart ${chart} in mcp-${environment}-workloads, found ${found.length}`);
  return found[0];
}

/** The values of a release (its one values document). */
export function helmValues(release: TerraformResource): Record<string, any> {
  const documents = release.values["values"] as string[];
  if (documents.length !== 1) throw new Error(`${release.address} has ${documents.length} values documents, expected 1`);
  return JSON.parse(documents[0]) as Record<string, any>;
}

/** Rewrites a release's values after `edit` changes them, as a hand edit of the plan would. */
export function editHelmValues(release: TerraformResource, edit: (values: Record<string, any>) => void): void {
  const values = helmValues(release);
  edit(values);
  release.values["values"] = [JSON.stringify(values)];
}

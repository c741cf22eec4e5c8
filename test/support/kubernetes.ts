/**
 * Helpers for the tests of the Kubernetes objects: the objects of one environment's generated YAML (mutable, so a
 * test can weaken them), the same objects as the workloads stack's `kubernetes_manifest` resources, and the rules a
 * weakened copy of the real plans fires.
 */
import { kubernetesAddress } from "../../policies/kubernetes";
import { TerraformResource } from "../../policies/terraform";
import { Artifacts, KubernetesObject } from "../../policies/types";
import { findingsFor, stackResources, synthesizedPlans } from "./plans";

/** A Kubernetes object as the tests edit it. */
export type MutableObject = KubernetesObject & Record<string, any>;

/** The objects of an environment's generated YAML files (`<env>/*.yaml`), in file order, mutable. */
export function yamlObjects(plans: Artifacts, environment: string, kind?: string): MutableObject[] {
  return plans.kubernetes
    .filter((file) => file.file.startsWith(`${environment}/`))
    .flatMap((file) => file.objects as MutableObject[])
    .filter((object) => kind === undefined || object.kind === kind);
}

/** The one YAML object of an environment with the address `Kind/namespace/name`; throws unless there is one. */
export function yamlObject(plans: Artifacts, environment: string, address: string): MutableObject {
  const found = yamlObjects(plans, environment).filter((object) => kubernetesAddress(object) === address);
  if (found.length !== 1) throw new Error(`expected one ${address} in ${environment}'s YAML, found ${found.length}`);
  return found[0];
}

/** The pod spec of a server's Deployment in an environment's YAML (mutable). */
export function podSpec(plans: Artifacts, environment: string, server: string): Record<string, any> {
  return yamlObject(plans, environment, `Deployment/${server}/${server}`).spec.template.spec;
}

/** The server container of a server's Deployment (mutable). */
export function serverContainer(plans: Artifacts, environment: string, server: string): Record<string, any> {
  return podSpec(plans, environment, server).containers[0];
}

/** Adds an object to an environment's `workloads.yaml` (else its first YAML file), as a hand edit would. */
export function addYamlObject(plans: Artifacts, environment: string, object: Record<string, unknown>): void {
  const file = plans.kubernetes.find((candidate) => candidate.file === `${environment}/workloads.yaml`) ?? plans.kubernetes.find((candidate) => candidate.file.startsWith(`${environment}/`));
  if (!file) throw new Error(`no YAML file for ${environment}`);
  (file.objects as KubernetesObject[]).push(object as KubernetesObject);
}

/** Removes the YAML objects of an environment matching a predicate; returns how many. */
export function removeYamlObjects(plans: Artifacts, environment: string, predicate: (object: KubernetesObject) => boolean): number {
  let removed = 0;
  for (const file of plans.kubernetes.filter((candidate) => candidate.file.startsWith(`${environment}/`))) {
    const objects = file.objects as KubernetesObject[];
    for (let index = objects.length - 1; index >= 0; index--) {
      if (predicate(objects[index])) {
        objects.splice(index, 1);
        removed++;
      }
    }
  }
  return removed;
}

/** The `kubernetes_manifest` resources of an environment's workloads stack. */
export function manifestResources(plans: Artifacts, environment: string): TerraformResource[] {
  return stackResources(plans, `${environment}-workloads`, "kubernetes_manifest");
}

/** The `manifest` of the workloads stack's resource for `Kind/namespace/name` (mutable). */
export function manifestObject(plans: Artifacts, environment: string, address: string): MutableObject {
  const found = manifestResources(plans, environment).filter((resource) => kubernetesAddress(resource.values["manifest"] as KubernetesObject) === address);
  if (found.length !== 1) throw new Error(`expected one kubernetes_manifest for ${address} in mcp-${environment}-workloads, found ${found.length}`);
  return found[0].values["manifest"] as MutableObject;
}

/** `rule location resource: message` of every finding naming `control`, sorted. */
export function findingLines(plans: Artifacts, control: string): string[] {
  return findingsFor(plans, control)
    .map((finding) => `${finding.rule} ${finding.location} ${finding.resource}: ${finding.message}`)
    .sort();
}

/** The findings naming `control` after `mutate` weakens a fresh copy of the real plans, as sorted lines. */
export function weakened(control: string, mutate: (plans: Artifacts) => void): string[] {
  const plans = synthesizedPlans();
  mutate(plans);
  return findingLines(plans, control);
}

/** Everything each resource of an environment's workloads stack waits for, directly or through others, by address. */
export function transitivePrerequisites(plans: Artifacts, environment: string): Map<string, Set<string>> {
  const stack = `${environment}-workloads`;
  const direct = new Map<string, string[]>();
  for (const type of ["helm_release", "kubernetes_manifest"]) {
    for (const resource of stackResources(plans, stack, type)) direct.set(resource.address, (resource.values["depends_on"] as string[] | undefined) ?? []);
  }
  const closures = new Map<string, Set<string>>();
  const closure = (address: string): Set<string> => {
    const known = closures.get(address);
    if (known) return known;
    const all = new Set((direct.get(address) ?? []).flatMap((dependency) => [dependency, ...closure(dependency)]));
    closures.set(address, all);
    return all;
  };
  for (const address of direct.keys()) closure(address);
  return closures;
}

/**
 * What a rule looked at: the Terraform resource types, the single Terraform resources and the Kubernetes kinds it
 * read through the helpers of `terraform.ts` and `kubernetes.ts`. The control report uses it to name the plan
 * resources behind each control without every rule having to declare them. Outside {@link inspecting} nothing is
 * recorded, so a policy run pays one comparison per helper call. A helper that walks everything to build an index, or
 * caches a value for the whole run (`derivedOnce`), computes it inside {@link withoutRecording} and records what each
 * caller then selects from it.
 */

/** What one rule read while it ran. */
export interface Inspected {
  /** Terraform resource types it listed, e.g. `aws_subnet`, sorted. */
  readonly terraformTypes: readonly string[];
  /** Single Terraform resources it looked up (through a reference), as `<stack>\u0000<address>`, sorted. */
  readonly terraformResources: readonly string[];
  /** Kubernetes kinds it listed, e.g. `NetworkPolicy`, sorted. */
  readonly kubernetesKinds: readonly string[];
}

interface Recorder {
  readonly types: Set<string>;
  readonly resources: Set<string>;
  readonly kinds: Set<string>;
}

let active: Recorder | undefined;

/** Runs `fn` and returns what it read alongside its result. Nested calls record into their own recorder only. */
export function inspecting<T>(fn: () => T): { readonly result: T; readonly inspected: Inspected } {
  const previous = active;
  const recorder: Recorder = { types: new Set(), resources: new Set(), kinds: new Set() };
  active = recorder;
  try {
    const result = fn();
    const sorted = (values: Set<string>) => [...values].sort();
    return { result, inspected: { terraformTypes: sorted(recorder.types), terraformResources: sorted(recorder.resources), kubernetesKinds: sorted(recorder.kinds) } };
  } finally {
    active = previous;
  }
}

/**
 * Runs `fn` without recording: for helpers that walk every resource or object to build an index (a walk over
 * everything is not an inspection of everything).
 */
export function withoutRecording<T>(fn: () => T): T {
  const previous = active;
  active = undefined;
  try {
    return fn();
  } finally {
    active = previous;
  }
}

/** Records that every resource of a Terraform type was listed. */
export function recordTerraformType(type: string): void {
  active?.types.add(type);
}

/** Records that one Terraform resource of a stack was looked up. */
export function recordTerraformResource(stack: string, address: string): void {
  active?.resources.add(`${stack}\u0000${address}`);
}

/** Records that every Kubernetes object of a kind was listed. */
export function recordKubernetesKind(kind: string): void {
  active?.kinds.add(kind);
}

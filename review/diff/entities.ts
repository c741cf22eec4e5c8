/**
 * What a security diff compares as units, named the way policy findings name them: every block of every
 * synthesized stack (resources, data sources, providers, the state backend, outputs, ...) and every Kubernetes
 * object; and how the units of base and head are paired.
 */
import { kubernetesAddress } from "../../policies/kubernetes";
import { Artifacts, KubernetesArtifact, StackArtifact } from "../../policies/types";
import { isRecord } from "./structural";
import { Entity } from "./types";

/** The blocks of a stack whose entries are `<type>.<name>` pairs. */
const TYPED_BLOCKS: Readonly<Record<string, (type: string, name: string) => { address: string; type: string }>> = {
  resource: (type, name) => ({ address: `${type}.${name}`, type }),
  data: (type, name) => ({ address: `data.${type}.${name}`, type: `data.${type}` }),
};

function asValues(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : { value };
}

function terraform(stack: StackArtifact, address: string, type: string, values: unknown): Entity {
  return { kind: "terraform", location: stack.name, address, type, values: asValues(values) };
}

function typedEntities(stack: StackArtifact, block: string, value: unknown): Entity[] {
  const name = TYPED_BLOCKS[block];
  if (!isRecord(value)) return [terraform(stack, block, block, value)];
  return Object.keys(value)
    .sort()
    .flatMap((type) => {
      const ofType = value[type];
      if (!isRecord(ofType)) return [terraform(stack, `${block}.${type}`, block, ofType)];
      return Object.keys(ofType)
        .sort()
        .map((resourceName) => {
          const named = name(type, resourceName);
          return terraform(stack, named.address, named.type, ofType[resourceName]);
        });
    });
}

/** Providers as findings name them: `provider.aws`, `provider.aws.<alias>`, or `provider.aws[<n>]` when unaliased ones repeat. */
function providerEntities(stack: StackArtifact, value: unknown): Entity[] {
  if (!isRecord(value)) return [terraform(stack, "provider", "provider", value)];
  return Object.keys(value)
    .sort()
    .flatMap((name) => {
      const configurations = Array.isArray(value[name]) ? (value[name] as unknown[]) : [value[name]];
      const unaliased = configurations.filter((configuration) => !isRecord(configuration) || typeof configuration["alias"] !== "string").length;
      return configurations.map((configuration, index) => {
        const alias = isRecord(configuration) && typeof configuration["alias"] === "string" ? configuration["alias"] : undefined;
        const suffix = alias !== undefined ? `.${alias}` : unaliased > 1 ? `[${index}]` : "";
        return terraform(stack, `provider.${name}${suffix}`, `provider.${name}`, configuration);
      });
    });
}

/** The `terraform` block: the backend (`terraform.backend`, as findings name it) apart from the rest. */
function terraformBlockEntities(stack: StackArtifact, value: unknown): Entity[] {
  if (!isRecord(value)) return [terraform(stack, "terraform", "terraform", value)];
  const { backend, ...rest } = value;
  return [
    ...(backend === undefined ? [] : [terraform(stack, "terraform.backend", "terraform.backend", backend)]),
    ...(Object.keys(rest).length === 0 ? [] : [terraform(stack, "terraform", "terraform", rest)]),
  ];
}

/** Every block of one stack, as entities. The stack's own `//` metadata is one entity, `//`. */
export function stackEntities(stack: StackArtifact): Entity[] {
  return Object.keys(stack.json)
    .sort()
    .flatMap((block) => {
      const value = stack.json[block];
      if (block in TYPED_BLOCKS) return typedEntities(stack, block, value);
      if (block === "provider") return providerEntities(stack, value);
      if (block === "terraform") return terraformBlockEntities(stack, value);
      if (block === "//") return [terraform(stack, "//", "//", { "//": value })];
      if (!isRecord(value)) return [terraform(stack, block, block, value)];
      return Object.keys(value)
        .sort()
        .map((name) => terraform(stack, `${block}.${name}`, block, value[name]));
    });
}

/** Every object of one Kubernetes YAML file, as entities. */
export function kubernetesEntities(artifact: KubernetesArtifact): Entity[] {
  return artifact.objects.map((object) => ({ kind: "kubernetes", location: artifact.file, address: kubernetesAddress(object), type: object.kind, values: object }));
}

/** Every entity of one synthesis. */
export function entitiesOf(artifacts: Artifacts): Entity[] {
  return [...artifacts.stacks.flatMap(stackEntities), ...artifacts.kubernetes.flatMap(kubernetesEntities)];
}

/** An entity of base and its counterpart in head; one side is missing when it was added or removed. */
export interface EntityPair {
  readonly before?: Entity;
  readonly after?: Entity;
}

const keyOf = (entity: Entity) => `${entity.kind}\u0000${entity.location}\u0000${entity.address}`;

/**
 * Pairs the entities of base and head by kind, location and address. A Kubernetes object that moved to another
 * file is paired by its address when that address is unique among the unpaired objects of both sides.
 */
export function pairEntities(base: readonly Entity[], head: readonly Entity[]): EntityPair[] {
  const headByKey = new Map(head.map((entity) => [keyOf(entity), entity]));
  const baseKeys = new Set(base.map(keyOf));
  const pairs: EntityPair[] = base.filter((entity) => headByKey.has(keyOf(entity))).map((entity) => ({ before: entity, after: headByKey.get(keyOf(entity)) }));
  const removed = base.filter((entity) => !headByKey.has(keyOf(entity)));
  const added = head.filter((entity) => !baseKeys.has(keyOf(entity)));
  const unique = (entities: Entity[], entity: Entity) =>
    entity.kind === "kubernetes" && entities.filter((other) => other.kind === "kubernetes" && other.address === entity.address).length === 1;
  const moved = removed.filter((entity) => unique(removed, entity) && unique(added, entity));
  const movedTo = new Map(moved.map((entity) => [entity, added.find((candidate) => candidate.kind === "kubernetes" && candidate.address === entity.address)]));
  const landed = new Set(movedTo.values());
  return [
    ...pairs,
    ...moved.map((entity) => ({ before: entity, after: movedTo.get(entity) })),
    ...removed.filter((entity) => !movedTo.has(entity)).map((entity) => ({ before: entity })),
    ...added.filter((entity) => !landed.has(entity)).map((entity) => ({ after: entity })),
  ];
}

/**
 * What each key of an environment file means, from the published JSON Schema (`schemas/environment.schema.json`,
 * generated from the doc comments of schema.ts): `validate` names it beside a key that is missing.
 */
import schema from "../schemas/environment.schema.json";

interface SchemaNode {
  readonly $ref?: string;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly items?: SchemaNode;
}

const definitions = schema.definitions as Readonly<Record<string, SchemaNode>>;

function resolve(node: SchemaNode): SchemaNode {
  return node.$ref === undefined ? node : (definitions[node.$ref.replace("#/definitions/", "")] ?? {});
}

/** The steps of a field path as problems spell it: `mcpServers[2].quota.cpu`, `tags["team"]`. */
function steps(fieldPath: string): string[] {
  return [...fieldPath.matchAll(/\.?([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)].map(([, key, index, quoted]) => key ?? (index !== undefined ? "[]" : (JSON.parse(quoted) as string)));
}

/** The description of the key at `fieldPath` (`mcpServers[0].quota`), or undefined when the schema has none. */
export function fieldDescription(fieldPath: string): string | undefined {
  let node: SchemaNode | undefined = schema as SchemaNode;
  let described: string | undefined;
  for (const step of steps(fieldPath)) {
    const current: SchemaNode = resolve(node);
    if (step === "[]") node = current.items;
    else node = current.properties?.[step] ?? (typeof current.additionalProperties === "object" ? current.additionalProperties : undefined);
    if (node === undefined) return undefined;
    described = node.description ?? resolve(node).description;
  }
  return described;
}

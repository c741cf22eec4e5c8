/** google.protobuf.Struct as @grpc/proto-loader decodes and encodes it (`{ fields: { key: Value } }`), to and from JSON. */
import { JsonValue } from "../config/types";
import { JsonObject } from "../pipeline/check";

/** A decoded `google.protobuf.Value` (proto-loader with `oneofs: true`: the set member is named in `kind`). */
export interface ProtoValue {
  readonly kind?: string;
  readonly nullValue?: unknown;
  readonly numberValue?: number;
  readonly stringValue?: string;
  readonly boolValue?: boolean;
  readonly structValue?: ProtoStruct;
  readonly listValue?: { readonly values?: readonly ProtoValue[] };
}

export interface ProtoStruct {
  readonly fields?: { readonly [key: string]: ProtoValue };
}

export function valueToJson(value: ProtoValue): JsonValue {
  switch (value.kind) {
    case "numberValue":
      return value.numberValue ?? 0;
    case "stringValue":
      return value.stringValue ?? "";
    case "boolValue":
      return value.boolValue ?? false;
    case "structValue":
      return structToJson(value.structValue);
    case "listValue":
      return (value.listValue?.values ?? []).map(valueToJson);
    default:
      return null;
  }
}

export function structToJson(struct: ProtoStruct | null | undefined): JsonObject {
  const out: { [key: string]: JsonValue } = {};
  const fields = struct?.fields;
  if (fields === undefined) return out;
  for (const key in fields) out[key] = valueToJson(fields[key]);
  return out;
}

export function jsonToValue(value: JsonValue): ProtoValue {
  if (value === null) return { nullValue: "NULL_VALUE" };
  if (typeof value === "number") return { numberValue: value };
  if (typeof value === "string") return { stringValue: value };
  if (typeof value === "boolean") return { boolValue: value };
  if (Array.isArray(value)) return { listValue: { values: value.map(jsonToValue) } };
  return { structValue: jsonToStruct(value as JsonObject) };
}

export function jsonToStruct(object: JsonObject): ProtoStruct {
  const fields: { [key: string]: ProtoValue } = {};
  for (const [key, value] of Object.entries(object)) fields[key] = jsonToValue(value);
  return { fields };
}

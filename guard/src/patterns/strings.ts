/**
 * Walks the strings of a JSON value, and the places in an MCP result where text reaches a model: `content[].text`,
 * embedded resource text (`content[].resource.text`), `structuredContent` (every string, recursively),
 * `resources/read` `contents[].text`, and `prompts/get` `messages[].content`. Binary (`blob`, `data`) is not text.
 */
import { JsonValue } from "../config/types";
import { isObject } from "../pipeline/check";
import { pointerToken } from "../pipeline/json-path";

export type StringMapper = (text: string, pointer: string) => string;

/** Applies `fn` to every string value in `value` (not to keys); returns `value` itself when nothing changed. */
export function mapStrings(value: JsonValue, fn: StringMapper, pointer = ""): JsonValue {
  if (typeof value === "string") return fn(value, pointer);
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((item, index) => {
      const mapped = mapStrings(item, fn, `${pointer}/${index}`);
      if (mapped !== item) changed = true;
      return mapped;
    });
    return changed ? out : value;
  }
  if (isObject(value)) {
    let changed = false;
    const out: { [key: string]: JsonValue } = {};
    for (const [key, item] of Object.entries(value)) {
      const mapped = mapStrings(item, fn, `${pointer}/${pointerToken(key)}`);
      if (mapped !== item) changed = true;
      out[key] = mapped;
    }
    return changed ? out : value;
  }
  return value;
}

/** Calls `fn` on every string value in `value` until it returns true; returns that string's pointer, or undefined. */
export function findString(value: JsonValue, fn: (text: string) => boolean, pointer = ""): string | undefined {
  if (typeof value === "string") return fn(value) ? pointer : undefined;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = findString(value[index], fn, `${pointer}/${index}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const found = findString(item, fn, `${pointer}/${pointerToken(key)}`);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** Maps one content block's text (text block, embedded resource text); other block types are returned as they are. */
function mapContentBlock(block: JsonValue, fn: StringMapper, pointer: string): JsonValue {
  if (!isObject(block)) return block;
  if (block.type === "text" && typeof block.text === "string") {
    const text = fn(block.text, `${pointer}/text`);
    return text === block.text ? block : { ...block, text };
  }
  if (block.type === "resource" && isObject(block.resource) && typeof block.resource.text === "string") {
    const text = fn(block.resource.text, `${pointer}/resource/text`);
    return text === block.resource.text ? block : { ...block, resource: { ...block.resource, text } };
  }
  return block;
}

function mapList(list: JsonValue | undefined, pointer: string, each: (item: JsonValue, pointer: string) => JsonValue): JsonValue | undefined {
  if (!Array.isArray(list)) return list;
  let changed = false;
  const out = list.map((item, index) => {
    const mapped = each(item, `${pointer}/${index}`);
    if (mapped !== item) changed = true;
    return mapped;
  });
  return changed ? out : list;
}

/** The MCP methods whose results carry text a model reads. */
export const TEXT_RESULT_METHODS = ["tools/call", "resources/read", "prompts/get"] as const;

/** Applies `fn` to the text a model reads in a result of `method`; returns `result` itself when nothing changed. */
export function mapResultText(method: string, result: JsonValue, fn: StringMapper): JsonValue {
  if (!isObject(result)) return result;
  const out: { [key: string]: JsonValue } = { ...result };
  let changed = false;
  const set = (key: string, value: JsonValue | undefined): void => {
    if (value !== undefined && value !== result[key]) {
      out[key] = value;
      changed = true;
    }
  };
  if (method === "tools/call") {
    set("content", mapList(result.content, "/content", (block, at) => mapContentBlock(block, fn, at)));
    if (result.structuredContent !== undefined) set("structuredContent", mapStrings(result.structuredContent, fn, "/structuredContent"));
  } else if (method === "resources/read") {
    set(
      "contents",
      mapList(result.contents, "/contents", (item, at) => {
        if (!isObject(item) || typeof item.text !== "string") return item;
        const text = fn(item.text, `${at}/text`);
        return text === item.text ? item : { ...item, text };
      }),
    );
  } else if (method === "prompts/get") {
    set("messages", mapList(result.messages, "/messages", (message, at) => (isObject(message) && message.content !== undefined ? mapMessage(message, fn, at) : message)));
  }
  return changed ? out : result;
}

function mapMessage(message: { readonly [key: string]: JsonValue }, fn: StringMapper, pointer: string): JsonValue {
  const content = mapContentBlock(message.content, fn, `${pointer}/content`);
  return content === message.content ? message : { ...message, content };
}

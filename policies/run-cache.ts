/**
 * Values derived from the artifacts once per policy run instead of once per rule or per resource (for example every
 * Kubernetes object extracted from YAML and `kubernetes_manifest` resources). Outside a run nothing is cached, so a
 * caller that changes artifacts between runs always gets fresh values.
 */
import { parse } from "yaml";
import { Artifacts, StackArtifact } from "./types";

let active: { readonly artifacts: Artifacts; readonly values: Map<string, unknown> } | undefined;

/** Runs `fn` with a cache for values derived from `artifacts`; the cache ends with it. */
export function duringPolicyRun<T>(artifacts: Artifacts, fn: () => T): T {
  const previous = active;
  active = { artifacts, values: new Map() };
  try {
    return fn();
  } finally {
    active = previous;
  }
}

/** The value of `compute()` for these artifacts, computed once per policy run. */
export function derivedOnce<T>(artifacts: Artifacts, key: string, compute: () => T): T {
  if (active?.artifacts !== artifacts) return compute();
  if (!active.values.has(key)) active.values.set(key, compute());
  return active.values.get(key) as T;
}

/** The value of `compute()` for one stack of the artifacts of the current policy run, computed once per run. */
export function derivedOnceForStack<T>(stack: StackArtifact, key: string, compute: () => T): T {
  if (active === undefined || !active.artifacts.stacks.includes(stack)) return compute();
  return derivedOnce(active.artifacts, `stack\u0000${stack.name}\u0000${key}`, compute);
}

/**
 * A YAML (or JSON) document embedded in the artifacts (a ConfigMap's file, a user-data script), parsed once per policy
 * run however many rules read it. Throws what the parser throws.
 */
export function parsedDocument(artifacts: Artifacts, text: string): unknown {
  return derivedOnce(artifacts, `document\u0000${text}`, () => parsedText(text));
}

/** Texts parsed by this process, oldest dropped first beyond the limit. */
const MAX_REMEMBERED_TEXTS = 2000;

/**
 * `compute(text)`, computed once per process for each text while `cache` holds it: checks repeat the same documents
 * across runs and checkouts (`diff` checks two checkouts that mostly hold the same files). Nothing is kept on a throw;
 * beyond `limit` entries the oldest is forgotten.
 */
export function rememberedForText<T>(cache: Map<string, T>, text: string, compute: (text: string) => T, limit = MAX_REMEMBERED_TEXTS): T {
  if (cache.has(text)) return cache.get(text) as T;
  const value = compute(text);
  if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
  cache.set(text, value);
  return value;
}

const parsedTexts = new Map<string, unknown>();

/**
 * A YAML (or JSON) text parsed, once per process for each text: the value is shared by every caller, so read it and
 * never change it. Throws what the parser throws.
 */
export function parsedText(text: string): unknown {
  return rememberedForText(parsedTexts, text, parseDocument);
}

/** A YAML document; one that is a JSON object (as the gateway's configuration is) is read by the JSON parser, many times faster. */
function parseDocument(text: string): unknown {
  if (text.trimStart().startsWith("{")) {
    try {
      return JSON.parse(text);
    } catch {
      return parse(text);
    }
  }
  return parse(text);
}

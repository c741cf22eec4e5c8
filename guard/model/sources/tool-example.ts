/** The corpus examples of held-out sources, as every extractor of this folder records them: a whole tool, or a description alone. */
import type { ToolDefinition } from "../../src/config/types";
import type { CorpusSource } from "../build-corpus";
import type { CorpusExample } from "../synthetic";
import { toolProse } from "../tool-prose";

/**
 * One tool of a source, found at `where` (a file, a case, a test): one family `<source>-<p|b>-<where>#<tool name>`, its
 * text what the classifier reads of the tool ({@link toolProse}), and, for a rug pull, the definition approved before it.
 */
export function toolExample(source: CorpusSource, label: CorpusExample["label"], category: string, where: string, tool: ToolDefinition, approved?: ToolDefinition): CorpusExample {
  return {
    family: `${source.id}-${label === "poisoned" ? "p" : "b"}-${where}#${tool.name}`,
    label,
    source: source.id,
    category,
    text: toolProse(tool),
    tool,
    ...(approved ? { approved } : {}),
  };
}

/**
 * One tool of a source that records only its description (no name or schema to make a whole tool of), the `index`-th
 * at `where`: family `<source>-<p|b>-<where>#<index>`, its text the description with whitespace collapsed.
 */
export function descriptionExample(source: CorpusSource, label: CorpusExample["label"], category: string, where: string, index: number, description: string): CorpusExample {
  return { family: `${source.id}-${label === "poisoned" ? "p" : "b"}-${where}#${index}`, label, source: source.id, category, text: description.replace(/\s+/g, " ").trim() };
}

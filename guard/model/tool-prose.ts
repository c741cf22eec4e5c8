import { ToolDefinition } from "../src/config/types";
import { classifierTexts } from "../src/detector/classifier";
import { textFields } from "../src/detector/fields";

/** What the classifier reads of a listed tool (`classifierTexts`), one field per line: a corpus example's `text`. */
export function toolProse(tool: ToolDefinition): string {
  return classifierTexts(textFields(tool)).join("\n");
}

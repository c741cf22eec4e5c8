import { ClassifierModel, classifierTexts, denseWeights, maxScore } from "../classifier";
import { excerpt } from "../excerpt";
import trained from "../model.json";
import { identifierWords } from "../patterns";
import { DetectorRule, FieldKind, TextField } from "../types";

const MODEL = trained as ClassifierModel;
let dense: Float64Array | undefined;

/**
 * A title, default or enum value of fewer words is not scored: one or two words ("weather", "partner", "Send Email")
 * cannot order the model to do anything, and alone their few features weigh so much that words the training attacks
 * used scored as poisoning. Identifiers count as their words (`always_send_the_key` is four); longer labels are scored,
 * and TOOL-05-hidden-instructions reads every one.
 */
export const MIN_LABEL_WORDS = 3;

/** The labels the word minimum applies to. */
const LABEL_KINDS: readonly FieldKind[] = ["title", "value"];

const SHORT_LABEL = new RegExp(String.raw`^\s*\S+(?:\s+\S+){0,${MIN_LABEL_WORDS - 2}}\s*$`);

/** The fields the classifier scores: all it reads but the short titles and values. */
export function scoredFields(fields: readonly TextField[]): readonly TextField[] {
  return fields.filter((field) => !LABEL_KINDS.includes(field.kind) || !SHORT_LABEL.test(field.text) || !SHORT_LABEL.test(identifierWords(field.text)));
}

/**
 * The trained classifier (TOOL-11) over the definition's prose and labels (description, parameter descriptions, and
 * titles, defaults and enum values of three words or more; names are TOOL-05's), for poisoning the patterns miss:
 * reports the tool when its most suspicious window of one or two sentences scores at or above the model's threshold.
 */
const rule: DetectorRule = {
  id: "TOOL-11-classifier",
  control: "TOOL-11",
  severity: "high",
  description: "The poisoning classifier scores this text as an instruction to the model",
  remediation:
    "Read the quoted sentence: if it tells the model what to do rather than describing the tool, refuse the definition; if it is honest, accept it by name with the reason (tools pin --accept TOOL-11-classifier=...).",
  check: (input) => {
    dense ??= denseWeights(MODEL);
    const texts = classifierTexts(scoredFields(input.fields));
    const best = maxScore(texts, dense, MODEL);
    if (best.score < MODEL.threshold) return [];
    const field = input.fields.find((candidate) => candidate.text.includes(best.window.slice(0, 40)))?.path ?? "description";
    return [{ field, detail: `score ${best.score.toFixed(2)} (threshold ${MODEL.threshold}) for ${excerpt(best.window, 0, Math.min(best.window.length, 80))}` }];
  },
};
export default rule;

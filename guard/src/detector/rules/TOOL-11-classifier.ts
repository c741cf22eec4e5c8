import { ClassifierModel, classifierTexts, denseWeights, maxScore } from "../classifier";
import { excerpt } from "../excerpt";
import trained from "../model.json";
import { DetectorRule } from "../types";

const MODEL = trained as ClassifierModel;
let dense: Float64Array | undefined;

/**
 * The trained classifier (TOOL-11) over the definition's prose and labels (description, parameter descriptions,
 * titles, defaults and enum values; names are TOOL-05's), for poisoning the patterns miss: reports the
 * tool when its most suspicious window of one or two sentences scores at or above the model's threshold.
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
    const texts = classifierTexts(input.fields);
    const best = maxScore(texts, dense, MODEL);
    if (best.score < MODEL.threshold) return [];
    const field = input.fields.find((candidate) => candidate.text.includes(best.window.slice(0, 40)))?.path ?? "description";
    return [{ field, detail: `score ${best.score.toFixed(2)} (threshold ${MODEL.threshold}) for ${excerpt(best.window, 0, Math.min(best.window.length, 80))}` }];
  },
};
export default rule;

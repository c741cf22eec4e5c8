import { approvedDefinitionViolations } from "../approved-definitions";
import { Rule } from "../types";

/**
 * The trained poisoning classifier (in-process, weights in guard/src/detector/model.json) scores no approved tool definition as an instruction to the model. Read from the guard configuration the manifests deploy (the ConfigMap the guard's `--config` names), so
 * it judges what the guard will enforce, whoever generated it.
 */
const rule: Rule = {
  id: "tool-11-approved-definitions-classifier",
  controls: ["TOOL-11"],
  severity: "high",
  description: "The trained poisoning classifier (in-process, weights in guard/src/detector/model.json) scores no approved tool definition as an instruction to the model.",
  remediation: "Read the sentence the finding quotes; refuse the definition if it instructs the model, else accept TOOL-11-classifier for that tool with a justification.",
  check: (artifacts) => approvedDefinitionViolations(artifacts, "TOOL-11"),
};

export default rule;

import { isAwsAccountStack } from "../account-stacks";
import { bucketOf } from "../s3-buckets";
import { referencedAddress, stackResources, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

function stackFindings(stack: StackArtifact): Violation[] {
  if (!isAwsAccountStack(stack)) return [];
  const exports = stackResources(stack, "aws_guardduty_publishing_destination");
  return stackResources(stack, "aws_guardduty_detector").flatMap((detector) => {
    const own = exports.filter((destination) => referencedAddress(destination.values["detector_id"]) === detector.address);
    if (own.length === 0) return [violation(detector, "its findings are not exported (aws_guardduty_publishing_destination): GuardDuty keeps them only 90 days")];
    return own.flatMap((destination) => {
      const problems: string[] = [];
      const bucket = bucketOf(stack, destination.values["destination_arn"]);
      if (bucket?.values["object_lock_enabled"] !== true) problems.push("the destination is not an Object Lock bucket of the stack (the log archive)");
      if (typeof destination.values["kms_key_arn"] !== "string" || destination.values["kms_key_arn"] === "") problems.push("kms_key_arn is not set");
      return problems.map((problem) => violation(destination, problem));
    });
  });
}

/**
 * GuardDuty findings are preserved as evidence (IR-02d): every detector exports its findings, KMS-encrypted, to the
 * Object Lock log archive, beyond GuardDuty's own 90 days. (That every account has a detector is
 * pub-07-threat-detection-enabled's concern; the archive's lock is log-04-log-archive-object-lock's.)
 */
const rule: Rule = {
  id: "ir-02d-findings-export-to-archive",
  controls: ["IR-02d"],
  severity: "medium",
  description: "Every aws_guardduty_detector has a publishing destination in an Object Lock bucket of the stack, with a KMS key.",
  remediation: "Set GuardDutyDetector's findingsExport to the log archive bucket and the environment key.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;
